"""Writing cells that spreadsheets show and never evaluate: every CSV and XLSX the platform writes goes here.

A spreadsheet program evaluates a CSV cell that begins with ``=``, ``+``, ``-`` or ``@`` (and, in some,
after a tab or carriage return) as a formula: a product named ``=HYPERLINK("http://evil.example/x","x")``
in an export becomes a live link on the official's machine. Following OWASP's CSV-injection advice, such a
text cell is written with an apostrophe in front, which spreadsheets show as text.

CSV has no types, so the escaping must be undone on the way back in (``csv_unescape``), and it is a
bijection: a text that already begins with apostrophes followed by a trigger character gets one more, so
``'=x`` and ``=x`` are written differently and both come back as they were.

XLSX has types: a text cell is written as a string (openpyxl would store any text beginning with ``=`` as a
formula), marked with Excel's quote prefix so that editing the cell keeps it text, and carries no
apostrophe, so officials read names as they are and the importer takes XLSX cells as written.
Numbers stay numbers in both formats.
"""

import csv
import io
import re
from collections.abc import Iterable
from typing import IO, Any, overload

import openpyxl
from openpyxl.cell import WriteOnlyCell
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_TRIGGER = "[" + re.escape("".join(TRIGGERS)) + "]"
_ESCAPED = re.compile("'+" + _TRIGGER)  # what csv_escape writes
_NEEDS_ESCAPE = re.compile("'*" + _TRIGGER)


@overload
def csv_escape(value: str) -> str: ...
@overload
def csv_escape[Other](value: Other) -> Other: ...
def csv_escape(value: object) -> object:
    """``value`` as a CSV cell no spreadsheet evaluates: text beginning with a trigger gets an apostrophe."""
    if isinstance(value, str) and _NEEDS_ESCAPE.match(value):
        return "'" + value
    return value


def csv_unescape(text: str) -> str:
    """What ``csv_escape`` was given: one apostrophe off a cell of apostrophes then a trigger."""
    if _ESCAPED.match(text):
        return text[1:]
    return text


class CsvWriter:
    """``csv.writer`` whose rows are escaped; ``writerow`` returns what the stream's ``write`` returns."""

    def __init__(self, stream: IO[str] | Any) -> None:
        self._writer = csv.writer(stream, lineterminator="\r\n")

    def writerow(self, values: Iterable[object]) -> Any:
        return self._writer.writerow([csv_escape(value) for value in values])

    def writerows(self, rows: Iterable[Iterable[object]]) -> None:
        for row in rows:
            self.writerow(row)


def xlsx_row(sheet: WriteOnlyWorksheet, values: Iterable[object]) -> list[WriteOnlyCell]:
    """Cells for ``sheet.append``: text as strings, never formulas (quote prefix); numbers as numbers."""
    cells = []
    for value in values:
        cell = WriteOnlyCell(sheet, value=value)
        if isinstance(value, str):
            cell.data_type = "s"
            if value.startswith(TRIGGERS):
                cell.quotePrefix = True
        cells.append(cell)
    return cells


def write_csv(rows: Iterable[Iterable[object]], stream: IO[bytes]) -> None:
    """``rows`` (the header first) as CSV in UTF-8 with a byte-order mark, so spreadsheets read Vietnamese."""
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", newline="", write_through=True)
    CsvWriter(text).writerows(rows)
    text.detach()  # the caller owns the stream


def streaming_workbook() -> openpyxl.Workbook:
    """A workbook written row by row (openpyxl's write-only mode), for exports of several sheets; every
    row goes through ``xlsx_row``."""
    return openpyxl.Workbook(write_only=True)


def write_xlsx(rows: Iterable[Iterable[object]], stream: IO[bytes], *, sheet_name: str) -> None:
    """``rows`` (the header first) as a one-sheet workbook, written row by row."""
    workbook = streaming_workbook()
    sheet = workbook.create_sheet(sheet_name)
    for row in rows:
        sheet.append(xlsx_row(sheet, row))
    workbook.save(stream)
