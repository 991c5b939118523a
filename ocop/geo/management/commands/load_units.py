from typing import Any

from django.core.management.base import BaseCommand

from ocop.geo.services import units_load


class Command(BaseCommand):
    help = "Load the administrative units (current and legacy) and their mapping from vietnam-provinces."

    def handle(self, *args: Any, **options: Any) -> None:
        report = units_load()
        counts = ", ".join(f"{key}: {value}" for key, value in report.counts.items() if value)
        self.stdout.write(
            f"Units: {report.created} created, {report.updated} updated; "
            f"{report.successions_created} successions created. ({counts})"
        )
