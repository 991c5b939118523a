"""Core is at the bottom: outside its tests it imports no app of the project."""

import re
from pathlib import Path

import ocop.core

CORE = Path(ocop.core.__file__).parent
APP_IMPORT = re.compile(
    r"ocop\.(accounts|geo|notifications|registry|evaluation|trace|outlets|trade|reports|portal)"
)


def test_core_imports_no_app():
    offending = [
        f"{path.relative_to(CORE)}:{number}: {line.strip()}"
        for path in sorted(CORE.rglob("*.py"))
        if "tests" not in path.relative_to(CORE).parts
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if APP_IMPORT.search(line)
    ]

    assert offending == []


def test_core_templates_name_no_other_apps_pages():
    offending = [
        str(path.relative_to(CORE))
        for path in sorted(CORE.rglob("*.html"))
        if re.search(
            r"{% url '(accounts|audit|registry|reports|portal|catalogue):", path.read_text(encoding="utf-8")
        )
    ]

    assert offending == []
