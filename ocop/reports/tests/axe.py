"""axe-core in a Playwright page: the accessibility check of the reports' browser tests.

axe-core comes from npm (``package.json``'s devDependencies, installed by ``scripts/setup.sh``).
"""

from pathlib import Path
from typing import Any

from django.conf import settings

AXE = Path(settings.BASE_DIR) / "node_modules/axe-core/axe.min.js"


def axe_violations(page: Any) -> list[str]:
    page.evaluate(
        AXE.read_text(encoding="utf-8")
    )  # through DevTools: the page's policy allows no inline script
    return page.evaluate(
        """async () => (await axe.run()).violations.map((violation) =>
            violation.id + ": " + violation.nodes.map((node) => node.target.join(" ")).join(", "))"""
    )
