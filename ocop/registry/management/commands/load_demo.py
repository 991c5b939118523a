"""``manage.py load_demo [--products 18000] [--seed 2026]``: the national demo registry, once."""

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ocop.geo.models import AdministrativeUnit
from ocop.registry.demo.members import demo_producer_members_link
from ocop.registry.demo.services import DemoConflictError, DemoImportError, demo_load


class Command(BaseCommand):
    help = (
        "Load a national demo registry (invented producers and products in the real communes) through the "
        "recognitions import. Idempotent: a second run finds the first and does nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--products", type=int, default=18_000, help="how many products (default 18,000)")
        parser.add_argument("--seed", type=int, default=2026, help="the same seed gives the same registry")

    def handle(self, *args: Any, **options: Any) -> None:
        products, seed = options["products"], options["seed"]
        if products < 1:
            raise CommandError("--products must be at least 1")
        if not AdministrativeUnit.objects.exists():
            raise CommandError("no administrative units yet: run `manage.py load_units` first")
        started = time.perf_counter()
        try:
            result = demo_load(
                acting_user=None,
                products=products,
                seed=seed,
                report=lambda line: self.stdout.write(f"  {line}"),
            )
        except DemoConflictError as conflict:
            raise CommandError(f"{conflict}; use a fresh database for another demo set") from conflict
        except DemoImportError as failed:
            for error in failed.errors[:20]:
                self.stderr.write(str(error))
            raise CommandError("the demo rows did not pass the recognitions import") from failed
        elapsed = time.perf_counter() - started
        if result.already_loaded:
            self.stdout.write(
                f"Demo registry already loaded (seed {seed}, {products:,} products): "
                f"nothing to do ({elapsed:.1f} s)."
            )
            self._link_demo_accounts()
            return
        seconds = result.seconds
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo registry loaded in {elapsed:.1f} s: {products:,} products, "
                f"{result.producers:,} producers, {result.rows:,} certificate rows in {result.files} file(s)."
            )
        )
        self.stdout.write(
            f"  generate {seconds['generate']:.1f} s · import {seconds['import']:.1f} s "
            f"({result.rows / max(seconds['import'], 1e-9):,.0f} rows/s) · enrich {seconds['enrich']:.1f} s"
        )
        for kind, counts in result.imported.items():
            self.stdout.write(
                f"  {kind}: " + ", ".join(f"{count:,} {outcome}" for outcome, count in counts.items())
            )
        self.stdout.write(
            "  enriched: " + ", ".join(f"{count:,} {kind}" for kind, count in result.enriched.items())
        )
        self._link_demo_accounts()

    def _link_demo_accounts(self) -> None:
        for membership in demo_producer_members_link():
            self.stdout.write(f"  demo account {membership.user.email} joins {membership.producer.name}")
