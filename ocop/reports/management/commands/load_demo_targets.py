"""``manage.py load_demo_targets``: the demo provinces' targets. Run it after ``load_demo_users``; a second
run changes nothing."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from ocop.reports.demo import DemoNotReadyError, demo_targets_load


class Command(BaseCommand):
    help = "Load the demo targets: Quảng Ngãi's 2021–2025 plan and others, with one manual figure."

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            loaded = demo_targets_load()
        except DemoNotReadyError as missing:
            raise CommandError(str(missing)) from missing
        counts = loaded.summary
        self.stdout.write(
            f"targets: {counts['created']} created, {counts['updated']} updated, {counts['unchanged']} "
            f"unchanged; manual figures: {loaded.figures_recorded} recorded"
        )
