"""``manage.py load_demo_agreements``: a connection event in Quảng Ngãi with memoranda and contracts.
Run it after ``load_demo_users`` and ``load_demo``; a second run changes nothing."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from ocop.trade.agreements.demo import DemoNotReadyError, demo_agreements_load


class Command(BaseCommand):
    help = "Load the trade demo: a connection event with memoranda and contracts of demo producers."

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            loaded = demo_agreements_load()
        except DemoNotReadyError as missing:
            raise CommandError(str(missing)) from missing
        self.stdout.write(
            f"{loaded.event.name}: {loaded.created} documents created, {loaded.unchanged} unchanged"
        )
