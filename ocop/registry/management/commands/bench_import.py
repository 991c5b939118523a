"""``manage.py bench_import [--rows 20000]``: how fast the recognitions import runs, on this database.

Generates a file of invented recognitions in real communes of both schemes (a quarter of the products
with a second certificate, half the producers with tax codes), then times the import into an empty
registry from cold (unit index and name cache empty, as after a restart), the same import again (nothing
to change) and a dry run, and rolls everything back: the database is left as it was. Needs the
administrative units (``load_units``) and an empty registry to mean much.
"""

import csv
import io
import random
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction

from ocop.geo.models import AdministrativeUnit, Level, Scheme
from ocop.registry.importing import COLUMNS, recognitions_import, validation
from ocop.registry.importing import service as import_service

PRODUCT_SETS = [("1.3.c", 1), ("I.1.a", 1), ("2.1.a", 2), ("III.1", 3), ("4.1", 4), ("VI.1", 6)]
PRODUCER_TYPES = ["doanh_nghiep", "HTX", "Hộ kinh doanh", "Tổ hợp tác", "Công ty"]


class _RollBackError(Exception):
    """Raised to leave the benchmark's transaction without keeping anything."""


def bench_file(rows: int, *, seed: int = 7) -> bytes:
    communes = {
        scheme: list(
            AdministrativeUnit.objects.filter(scheme=scheme, level=Level.COMMUNE).values_list(
                "code", flat=True
            )
        )
        for scheme in (Scheme.LEGACY, Scheme.CURRENT)
    }
    randomness = random.Random(seed)  # noqa: S311 (invented data, the same every run)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    written = product = 0
    while written < rows:
        product += 1
        producer = product // 2
        scheme = Scheme.LEGACY if producer % 3 else Scheme.CURRENT
        ward = randomness.choice(communes[scheme])
        product_set, sector = randomness.choice(PRODUCT_SETS)
        for step in range(2 if product % 4 == 0 else 1):
            stars = 3 + step
            writer.writerow(
                [
                    f"BENCH-{product}",
                    f"Sản phẩm thử {product}",
                    sector,
                    product_set,
                    f"Hợp tác xã Thử {producer}",
                    PRODUCER_TYPES[producer % 5],
                    f"9{producer:09d}" if producer % 2 else "",
                    "legacy" if scheme == Scheme.LEGACY else "2025",
                    ward,
                    "",
                    stars,
                    "có" if stars == 4 and product % 7 == 0 else "",
                    f"{60 + step * 12},5",
                    f"{product}/QĐ-UBND-{step}",
                    f"{product % 28 + 1:02d}/{step + 1:02d}/202{step + 1}",
                    "",
                    "",
                ]
            )
            written += 1
            if written == rows:
                break
    return out.getvalue().encode()


class Command(BaseCommand):
    help = "Time the recognitions import on generated rows; the database is left unchanged."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--rows", type=int, default=20_000)

    def handle(self, *args: Any, **options: Any) -> None:
        rows = options["rows"]
        if not AdministrativeUnit.objects.exists():
            raise CommandError("no administrative units yet: run `manage.py load_units` first")
        content = bench_file(rows)
        self.stdout.write(f"{rows:,} rows, {len(content) / 1e6:.1f} MB, {connection.vendor}")
        # The first run pays for the unit index and an empty name cache, as right after a restart.
        import_service._unit_index = None
        validation.fold.cache_clear()
        try:
            with transaction.atomic():
                for label, dry_run in [("import, cold", False), ("again", False), ("dry run", True)]:
                    started, cpu = time.perf_counter(), time.process_time()
                    result = recognitions_import(
                        acting_user=None, file_name="bench.csv", content=content, dry_run=dry_run
                    )
                    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
                    if not result.ok:
                        raise CommandError(f"the bench file failed: {result.errors[:3]}")
                    certificates = result.summary["certificates"]
                    self.stdout.write(
                        f"  {label:13} {seconds:5.2f} s ({cpu:.2f} s CPU)  {rows / seconds:7,.0f} rows/s  "
                        f"certificates {certificates['created']} created, "
                        f"{certificates['unchanged']} unchanged"
                    )
                raise _RollBackError
        except _RollBackError:
            pass
