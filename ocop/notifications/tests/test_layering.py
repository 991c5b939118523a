"""Notifications sit between accounts and registry: outside its tests the app imports no app above it."""

import re
from pathlib import Path

import ocop.notifications

APP = Path(ocop.notifications.__file__).parent
UPWARD_IMPORT = re.compile(r"^\s*(from|import)\s+ocop\.(registry|evaluation|reports|portal)\b")


def test_notifications_import_no_app_above_them():
    offending = [
        f"{path.relative_to(APP)}:{number}: {line.strip()}"
        for path in sorted(APP.rglob("*.py"))
        if "tests" not in path.relative_to(APP).parts
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if UPWARD_IMPORT.search(line)
    ]

    assert offending == []
