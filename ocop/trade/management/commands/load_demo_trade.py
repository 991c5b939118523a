"""``manage.py load_demo_trade``: the demo buyer, its demands and an offer (``ocop.trade.demo``).
Run it after ``load_demo_users`` and ``load_demo``; a second run changes nothing."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from ocop.trade.demo import DemoNotReadyError, demo_trade_load


class Command(BaseCommand):
    help = "Load the trade demo: a verified buyer with open demands that demo products fit, and an offer."

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            demands = demo_trade_load()
        except DemoNotReadyError as missing:
            raise CommandError(str(missing)) from missing
        self.stdout.write("Demo demands:")
        for demand in demands:
            self.stdout.write(f"  {demand.title}: {demand.matches} matching products, {demand.offers} offers")
