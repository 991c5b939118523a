"""``manage.py import_recognitions FILE [--dry-run] [--user EMAIL]``: exit status 0 only on success."""

from typing import Any, BinaryIO

from ocop.accounts.models import User
from ocop.registry.importing import ImportResult, recognitions_import
from ocop.registry.importing.command import FileImportCommand


class Command(FileImportCommand):
    help = "Import OCOP recognitions from a CSV or XLSX file in the published format (contracts §1)."

    def run_import(
        self, *, acting_user: User | None, file_name: str, content: BinaryIO, dry_run: bool
    ) -> ImportResult:
        return recognitions_import(
            acting_user=acting_user, file_name=file_name, content=content, dry_run=dry_run
        )

    def write_counts(self, summary: dict[str, Any]) -> None:
        for kind in ("producers", "products", "certificates"):
            counts = summary[kind]
            self.stdout.write(
                f"  {kind}: {counts['created']} created, {counts['updated']} updated, "
                f"{counts['unchanged']} unchanged"
            )
