"""The report as a workbook: a cover sheet with the title block, then one sheet per table ("Biểu 1"…).

Each table's sheet holds its caption (row 1), its headers (row 2), its rows, then its notes: a program that
reads the figures finds every table in the same place. Cells go through ``ocop.core.spreadsheets.xlsx_row``,
so a unit name from the registry that begins with ``=`` stays text and is never a formula.
"""

from typing import IO

from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from ocop.core.spreadsheets import streaming_workbook, xlsx_row
from ocop.reports.provincial.content import Report, Table

COVER_SHEET = "Báo cáo"
_BOLD = Font(bold=True)
_TITLE = Font(bold=True, size=14)
# Widths (in characters) of the STT column and of the other columns; a name column is wider.
_NARROW, _WIDE, _NUMBER = 6, 44, 16


def write_report_xlsx(report: Report, stream: IO[bytes]) -> None:
    workbook = streaming_workbook()
    _cover(workbook.create_sheet(COVER_SHEET), report)
    for table in report.tables:
        _table(workbook.create_sheet(table.sheet_name), table)
    workbook.save(stream)


def _append(sheet: WriteOnlyWorksheet, values: list[object], font: Font | None = None) -> list[WriteOnlyCell]:
    cells = xlsx_row(sheet, values)
    if font is not None:
        for cell in cells:
            cell.font = font
    sheet.append(cells)
    return cells


def _cover(sheet: WriteOnlyWorksheet, report: Report) -> None:
    sheet.column_dimensions["A"].width = 90
    _append(sheet, [report.authority.upper()], _BOLD)
    _append(sheet, [report.title], _TITLE)
    _append(sheet, [f"Trên địa bàn {report.area}, {report.period}"])
    _append(sheet, [report.made])
    _append(sheet, [])
    for table in report.tables:
        _append(sheet, [table.caption])


def _table(sheet: WriteOnlyWorksheet, table: Table) -> None:
    for index, header in enumerate(table.headers, start=1):
        width = _NARROW if header == "STT" else _WIDE if index == _name_column(table) else _NUMBER
        sheet.column_dimensions[get_column_letter(index)].width = width
    _append(sheet, [table.caption], _BOLD)
    for cell in _append(sheet, list(table.headers), _BOLD):
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    for row in table.rows:
        _append(sheet, list(row.cells), None if row.kind == "item" else _BOLD)
    if table.notes:
        _append(sheet, [])
        for note in table.notes:
            _append(sheet, [note])


def _name_column(table: Table) -> int:
    """The first column holding text in the rows (after STT and codes): the widest one."""
    for index in range(len(table.headers)):
        if any(
            isinstance(row.cells[index], str) and row.cells[index] for row in table.rows if row.kind == "item"
        ):
            return index + 1
    return 2
