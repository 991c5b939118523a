"""``manage.py import_agreements FILE [--dry-run] [--user EMAIL]``: exit status 0 only on success."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ocop.accounts.models import User
from ocop.registry.importing.reading import FileRefusedError, check_size
from ocop.trade.agreements.importing import agreements_import


class Command(BaseCommand):
    help = (
        "Import memoranda and contracts of connection events from a CSV or XLSX file (contracts/trade.md §2)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="check and report, write nothing")
        parser.add_argument(
            "--user", metavar="EMAIL", help="import as this officer (their scope applies); default: system"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        acting_user = None
        if options["user"]:
            acting_user = User.objects.filter(email=options["user"].lower()).first()
            if acting_user is None:
                raise CommandError(f"no user {options['user']}")
        try:
            check_size(path.stat().st_size)
            with path.open("rb") as content:  # read streaming, never whole
                result = agreements_import(
                    acting_user=acting_user, file_name=path.name, content=content, dry_run=options["dry_run"]
                )
        except FileRefusedError as refused:
            raise CommandError(refused.message) from refused
        except OSError as error:
            raise CommandError(f"cannot read {path}: {error}") from error
        for warning in result.warnings:
            self.stderr.write(f"Cảnh báo (warning): {warning}")
        if not result.ok:
            for row_error in result.errors:
                self.stderr.write(str(row_error))
            hidden = result.error_count - len(result.errors)
            if hidden:
                self.stderr.write(f"… và {hidden} lỗi khác (and {hidden} more errors)")
            raise CommandError(f"{result.error_count} lỗi, không nhập gì (errors found, nothing imported)")
        summary = result.summary
        verb = "Sẽ nhập (dry run)" if options["dry_run"] else "Đã nhập"
        counts = summary["agreements"]
        events = summary["events"]
        self.stdout.write(f"{verb} {summary['rows']} dòng (rows) từ {path.name}:")
        self.stdout.write(
            f"  agreements: {counts['created']} created, {counts['updated']} updated, "
            f"{counts['unchanged']} unchanged"
        )
        self.stdout.write(f"  events: {events['created']} created, {events['found']} found")
