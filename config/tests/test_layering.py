"""The apps' layers (STYLE.md): each app uses only the apps below it, never one beside or above it.

    core ← geo ← accounts ← notifications ← registry ← evaluation, trace, outlets, trade ← reports ← portal

A use is an import, or a dotted name in quotes (``import_string("ocop.trade.x")``, a lazy reference),
outside the app's tests. The daily round, for one, lists every app's job in ``ocop.portal.daily``, at the
top, rather than one app reaching into another beside it.
"""

import re
from pathlib import Path

import pytest
from django.conf import settings

LAYER = {
    "core": 0,
    "geo": 1,
    "accounts": 2,
    "notifications": 3,
    "registry": 4,
    "evaluation": 5,
    "trace": 5,
    "outlets": 5,
    "trade": 5,
    "reports": 6,
    "portal": 7,
}
USE = re.compile(r"""^\s*(?:from|import)\s+ocop\.(\w+)|["']ocop\.(\w+)""")
OCOP = Path(settings.BASE_DIR) / "ocop"


def test_every_app_has_its_layer():
    apps = {path.parent.name for path in OCOP.glob("*/apps.py")}
    assert apps == set(LAYER)


@pytest.mark.parametrize("app", list(LAYER))
def test_an_app_uses_no_app_beside_or_above_it(app):
    root = OCOP / app
    offending = [
        f"{path.relative_to(OCOP)}:{number}: {line.strip()}"
        for path in sorted(root.rglob("*.py"))
        if "tests" not in path.relative_to(root).parts
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        for match in USE.finditer(line)
        if (used := match.group(1) or match.group(2)) != app and LAYER.get(used, -1) >= LAYER[app]
    ]

    assert offending == []


def test_core_templates_name_no_other_apps_pages():
    core = OCOP / "core"
    offending = [
        str(path.relative_to(core))
        for path in sorted(core.rglob("*.html"))
        if re.search(
            r"{% url '(accounts|audit|registry|reports|portal|catalogue):", path.read_text(encoding="utf-8")
        )
    ]

    assert offending == []
