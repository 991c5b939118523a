"""``manage.py provincial_report (--province N | --legacy-province N | --national) [--from YYYY-MM-DD]
[--to YYYY-MM-DD] --format xlsx|pdf --output PATH``: the officers' report, for a scheduled job.

The period defaults as on the page: 1 January of this year to today in Việt Nam. Every option is read
and the report made before the file is opened: on an error, named by its option, nothing is written. The
file itself appears whole or not at all (written beside it, then renamed).
"""

import os
import tempfile
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ocop.reports.provincial import FORMATS, default_period, provincial_report, write_report
from ocop.reports.selectors import StatisticsQueryError, parse_date, scope_query

# The parameter names of the selectors, as the options are spelt on the command line.
_OPTIONS = {"province": "--province", "legacy_province": "--legacy-province", "from": "--from", "to": "--to"}


class Command(BaseCommand):
    help = "Write the OCOP report of a province, a legacy province or the country for a period (XLSX or PDF)."

    def add_arguments(self, parser: CommandParser) -> None:
        scope = parser.add_mutually_exclusive_group(required=True)
        scope.add_argument("--province", help="current province code (since 1/7/2025)")
        scope.add_argument("--legacy-province", help="province code before 1/7/2025")
        scope.add_argument("--national", action="store_true", help="the whole country")
        parser.add_argument("--from", dest="date_from", help="first day, YYYY-MM-DD (default 1 January)")
        parser.add_argument("--to", dest="date_to", help="last day, YYYY-MM-DD (default today)")
        parser.add_argument("--format", required=True, choices=sorted(FORMATS))
        parser.add_argument("--output", required=True, type=Path, help="the file to write")

    def handle(self, *args: Any, **options: Any) -> None:
        output: Path = options["output"]
        if not output.parent.is_dir():
            raise CommandError(f"--output: no directory {str(output.parent)!r}")
        first, last = default_period()
        try:
            scope = scope_query(
                province=options["province"], legacy_province=options["legacy_province"], scheme=None
            )
            date_from = parse_date("from", options["date_from"]) if options["date_from"] else first
            date_to = parse_date("to", options["date_to"]) if options["date_to"] else last
            report = provincial_report(scope=scope, date_from=date_from, date_to=date_to)
        except StatisticsQueryError as error:
            option = _OPTIONS.get(error.argument, error.argument)
            raise CommandError(f"{option}: {str(error).split(': ', 1)[1]}") from error
        _write_whole(output, lambda stream: write_report(report, options["format"], stream))
        self.stdout.write(f"{report.authority}: {report.period} written to {output}")


def _write_whole(path: Path, write: Any) -> None:
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    try:
        with os.fdopen(handle, "wb") as stream:
            write(stream)
        os.replace(temporary, path)
    finally:
        Path(temporary).unlink(missing_ok=True)
