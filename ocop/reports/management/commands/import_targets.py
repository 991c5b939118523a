"""``manage.py import_targets FILE [--dry-run] [--user EMAIL]``: exit status 0 only on success."""

from typing import Any, BinaryIO

from ocop.accounts.models import User
from ocop.registry.importing.command import FileImportCommand
from ocop.reports.targets.importing import TargetsImportResult, targets_import


class Command(FileImportCommand):
    help = "Import provincial and national OCOP targets from a CSV file (contracts/targets.md §2)."

    def run_import(
        self, *, acting_user: User | None, file_name: str, content: BinaryIO, dry_run: bool
    ) -> TargetsImportResult:
        return targets_import(acting_user=acting_user, file_name=file_name, content=content, dry_run=dry_run)

    def write_counts(self, summary: dict[str, Any]) -> None:
        counts = summary["targets"]
        self.stdout.write(
            f"  targets: {counts['created']} created, {counts['updated']} updated, "
            f"{counts['unchanged']} unchanged"
        )
