"""The provincial report (báo cáo sơ kết): one content (``content.provincial_report``), two writers (XLSX and
PDF), used by the officers' download (``ocop.reports.views_provincial``) and by ``manage.py
provincial_report`` for a scheduled job."""

import datetime
from typing import IO

from django.utils.text import slugify

from ocop.core.text import fold
from ocop.geo.models import Scheme
from ocop.reports.provincial.content import Report, Row, Table, provincial_report
from ocop.reports.provincial.pdf import report_pdf
from ocop.reports.provincial.xlsx import write_report_xlsx
from ocop.reports.selectors import today

__all__ = [
    "FORMATS",
    "Report",
    "Row",
    "Table",
    "default_period",
    "filename",
    "provincial_report",
    "write_report",
]

# Each format's media type.
FORMATS = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}
_NAME_PREFIXES = ("tinh ", "thanh pho ")


def default_period() -> tuple[datetime.date, datetime.date]:
    """The period of a report asked without one, on the page and on the command line: 1 January of this
    year to today, in Việt Nam."""
    day = today()
    return datetime.date(day.year, 1, 1), day


def write_report(report: Report, file_format: str, stream: IO[bytes]) -> None:
    """``report`` in ``file_format`` (a key of ``FORMATS``) to ``stream``."""
    if file_format == "xlsx":
        write_report_xlsx(report, stream)
    elif file_format == "pdf":
        stream.write(report_pdf(report))
    else:
        raise ValueError(f"unknown format {file_format!r}")


def filename(report: Report, file_format: str) -> str:
    """``bao-cao-ocop-quang-ngai-2025-01-01-2025-12-31.xlsx``; a legacy province ends its name in ``-cu``
    (cũ: former), the country is ``toan-quoc``."""
    province = report.scope.province
    if province is None:
        area = "toan-quoc"
    else:
        name = fold(province.name)
        for prefix in _NAME_PREFIXES:
            name = name.removeprefix(prefix)
        area = slugify(name) + ("-cu" if report.scope.scheme == Scheme.LEGACY else "")
    period = f"{_iso(report.date_from)}-{_iso(report.date_to)}"
    return f"bao-cao-ocop-{area}-{period}.{file_format}"


def _iso(day: datetime.date) -> str:
    return day.isoformat()
