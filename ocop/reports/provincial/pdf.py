"""The report as an A4 landscape PDF, rendered by WeasyPrint from ``reports/provincial_document.html``.

Fonts as the certificate's (``ocop.registry.certificates.document``): DejaVu Serif, found by fontconfig,
has every Vietnamese letter with its diacritics, and WeasyPrint embeds the glyphs used. Numbers are grouped
as Vietnamese write them (12.345); codes are text in the content and stay as they are.
"""

from typing import Any

from django.template.loader import render_to_string
from django.utils import translation

from ocop.core.pdf import weasyprint_html
from ocop.core.text import grouped
from ocop.reports.provincial.content import Cell, Report

TEMPLATE = "reports/provincial_document.html"


def report_html(report: Report) -> str:
    tables = [
        {
            "caption": table.caption,
            "headers": table.headers,
            "notes": table.notes,
            "rows": [{"kind": row.kind, "cells": [_cell(cell) for cell in row.cells]} for row in table.rows],
        }
        for table in report.tables
    ]
    context: dict[str, Any] = {"report": report, "tables": tables}
    with translation.override("vi"):
        return render_to_string(TEMPLATE, context)


def report_pdf(report: Report) -> bytes:
    pdf: bytes = weasyprint_html()(string=report_html(report)).write_pdf()
    return pdf


def _cell(value: Cell) -> tuple[str, bool]:
    """The text of a cell and whether it is a number (right-aligned)."""
    if value is None:
        return "", False
    if isinstance(value, int):
        return grouped(value), True
    return value, False
