"""What the import commands share: ``manage.py import_… FILE [--dry-run] [--user EMAIL]``.

The file is read streaming after its size is checked, as an officer (their scope applies) or as the
system; warnings and every row error go to stderr, and a refused file exits with status 1 and imports
nothing. Each command says how to import (``run_import``) and what its summary counts (``write_counts``).
"""

from pathlib import Path
from typing import Any, BinaryIO, Protocol

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ocop.accounts.models import User
from ocop.registry.importing.reading import FileRefusedError, check_size
from ocop.registry.importing.validation import RowError


class FileImportResult(Protocol):
    ok: bool
    errors: list[RowError]
    warnings: list[str]
    summary: dict[str, Any]
    error_count: int


class FileImportCommand(BaseCommand):
    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="check and report, write nothing")
        parser.add_argument(
            "--user", metavar="EMAIL", help="import as this officer (their scope applies); default: system"
        )

    def run_import(
        self, *, acting_user: User | None, file_name: str, content: BinaryIO, dry_run: bool
    ) -> FileImportResult:
        raise NotImplementedError

    def write_counts(self, summary: dict[str, Any]) -> None:
        raise NotImplementedError

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
                result = self.run_import(
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
        verb = "Sẽ nhập (dry run)" if options["dry_run"] else "Đã nhập"
        self.stdout.write(f"{verb} {result.summary['rows']} dòng (rows) từ {path.name}:")
        self.write_counts(result.summary)
