"""``manage.py import_agreements FILE [--dry-run] [--user EMAIL]``: exit status 0 only on success."""

from typing import Any, BinaryIO

from ocop.accounts.models import User
from ocop.registry.importing.command import FileImportCommand
from ocop.trade.agreements.importing import AgreementsImportResult, agreements_import


class Command(FileImportCommand):
    help = (
        "Import memoranda and contracts of connection events from a CSV or XLSX file (contracts/trade.md §2)."
    )

    def run_import(
        self, *, acting_user: User | None, file_name: str, content: BinaryIO, dry_run: bool
    ) -> AgreementsImportResult:
        return agreements_import(
            acting_user=acting_user, file_name=file_name, content=content, dry_run=dry_run
        )

    def write_counts(self, summary: dict[str, Any]) -> None:
        counts, events = summary["agreements"], summary["events"]
        self.stdout.write(
            f"  agreements: {counts['created']} created, {counts['updated']} updated, "
            f"{counts['unchanged']} unchanged"
        )
        self.stdout.write(f"  events: {events['created']} created, {events['found']} found")
