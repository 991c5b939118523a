"""Evaluation sits beside trace, outlets and trade, below reports and portal: outside its tests it
imports none of them (the daily round once reached into outlets from here; now the portal, above both,
lists each app's job in ``ocop.portal.daily``)."""

import re
from pathlib import Path

import ocop.evaluation

APP = Path(ocop.evaluation.__file__).parent
SIDEWAYS_OR_UPWARD = re.compile(r"^\s*(from|import)\s+ocop\.(trace|outlets|trade|reports|portal)\b")


def test_evaluation_imports_no_app_beside_or_above_it():
    offending = [
        f"{path.relative_to(APP)}:{number}: {line.strip()}"
        for path in sorted(APP.rglob("*.py"))
        if "tests" not in path.relative_to(APP).parts
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if SIDEWAYS_OR_UPWARD.search(line)
    ]

    assert offending == []
