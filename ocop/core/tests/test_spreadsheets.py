"""The one writer of spreadsheet cells: escaping that no spreadsheet evaluates, undone exactly on import."""

import re
from pathlib import Path

import pytest

from ocop.core.spreadsheets import csv_escape, csv_unescape

CASES = [
    '=HYPERLINK("http://evil.example/x","x")',
    "+cmd|' /C calc'!A0",
    "@SUM(1+1)",
    "-2+3+4",
    "=1+1",
    "'=1+1",
    "''+x",
    "",
    "'",
    "''",
    "'a",
    "a=b",
    "\tx",
    "'\rx",
    "=",
    "'''=",
    "56.5",
    "Cà phê",
]


@pytest.mark.parametrize("text", CASES)
def test_csv_escaping_is_undone_exactly(text):
    assert csv_unescape(csv_escape(text)) == text


def test_csv_escaping_is_one_to_one():
    assert len({csv_escape(text) for text in CASES}) == len(CASES)


def test_text_beginning_with_a_trigger_gets_one_apostrophe_and_nothing_else_changes():
    assert [csv_escape(text) for text in ("=1", "+1", "-1", "@1", "\t1", "\r1", "'=1", "''@")] == [
        "'=1",
        "'+1",
        "'-1",
        "'@1",
        "'\t1",
        "'\r1",
        "''=1",
        "'''@",
    ]
    assert [csv_escape(text) for text in ("Cà phê", "'a", "a=b", " =1", "")] == [
        "Cà phê",
        "'a",
        "a=b",
        " =1",
        "",
    ]
    assert csv_escape(-5) == -5  # numbers stay numbers
    # A cell typed by hand as '=1+1 comes in as spreadsheets show it, without the apostrophe.
    assert csv_unescape("'=1+1") == "=1+1"
    assert csv_unescape("'Trà") == "'Trà"


# Writers of import files, not exports: the demo registry and the import benchmark feed the importer.
IMPORT_INPUT_WRITERS = {
    "ocop/registry/demo/generator.py",
    "ocop/registry/management/commands/bench_import.py",
}
_WRITER = re.compile(r"csv\.(writer|DictWriter)\(|openpyxl\.Workbook\(|\bWorkbook\(")


def test_every_spreadsheet_export_is_written_through_the_one_module():
    root = Path(__file__).resolve().parents[3]
    writers = {
        str(path.relative_to(root))
        for path in (root / "ocop").rglob("*.py")
        if "tests" not in path.parts and _WRITER.search(path.read_text(encoding="utf-8"))
    }
    assert writers - IMPORT_INPUT_WRITERS == {"ocop/core/spreadsheets.py"}
