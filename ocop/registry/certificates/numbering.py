"""Certificate numbers and product codes, each taken from a sequence row locked in the caller's transaction.

**Certificate number**: ``PP-YYYY-NNNNNN``, e.g. ``51-2026-000123``: the product's current province (two
digits, the GSO code), the year of the decision, and the certificate's place among that province's
certificates of the year. Digits and hyphens only, so it sits in an address (``/c/51-2026-000123``) as it
is, is read aloud over the phone without spelling, and cannot be mistaken for a decision number
(``123/QĐ-UBND``) or a product code (four parts). The province and year tell a shopper or an inspector at
a glance where and when the star was given; a sequence per province and year keeps numbers short and
lets provinces issue at once without waiting on each other's row. Six digits leave room for a million a
province a year (the largest province recognises a few hundred).

**Product code** per Decision 26/2026/QĐ-TTg: ``(province)-(commune)-(sequence)-(year)`` with the unit
codes of 19/2025/QĐ-TTg, e.g. ``51-21400-3-2026``: the third product recognised in xã Mộ Đức in 2026.
The old national software wrote province · district · commune · sequence · year (``83-829-28780-3-2022``);
products keep the codes they were recorded with, and only a product created by a decision gets a new one.
A code some product already holds (an import may have brought it) is skipped.

Both are concurrency-safe: the sequence row is created if missing (an insert that ignores a conflict) and
then locked (``SELECT … FOR UPDATE`` on PostgreSQL; SQLite's immediate transactions hold the one write
lock), so two transactions never take the same number; the row stays locked until the caller commits, and
a transaction that fails gives its numbers back with everything else it wrote.
"""

import datetime
from collections import Counter
from collections.abc import Sequence

from django.db import transaction

from ocop.registry.models import NumberSequence, Product

NUMBER_PATTERN = r"[0-9]{2}-[0-9]{4}-[0-9]{6}"


def certificate_number(*, province_code: int, year: int, sequence: int) -> str:
    return f"{province_code:02d}-{year:04d}-{sequence:06d}"


def product_code(*, province_code: int, commune_code: int, year: int, sequence: int) -> str:
    return f"{province_code:02d}-{commune_code:05d}-{sequence}-{year:04d}"


@transaction.atomic
def take(name: str, count: int = 1) -> int:
    """Take the next ``count`` numbers of the sequence ``name``; the first of them."""
    NumberSequence.objects.bulk_create([NumberSequence(name=name)], ignore_conflicts=True)
    sequence = NumberSequence.objects.select_for_update().get(name=name)
    first = sequence.last + 1
    sequence.last += count
    sequence.save(update_fields=["last"])
    return first


def _certificate_sequence(province_code: int, year: int) -> str:
    return f"certificate:{province_code:02d}:{year:04d}"


def next_certificate_number(*, province_code: int, decision_date: datetime.date) -> str:
    year = decision_date.year
    sequence = take(_certificate_sequence(province_code, year))
    return certificate_number(province_code=province_code, year=year, sequence=sequence)


@transaction.atomic
def certificate_numbers(certificates: Sequence[tuple[int, datetime.date]]) -> list[str]:
    """Numbers for many certificates at once, as (province code, decision date), in their order: one
    locked row per province and year, however many certificates (the recognitions import)."""
    needed = Counter((province_code, day.year) for province_code, day in certificates)
    following = {key: take(_certificate_sequence(*key), count) for key, count in sorted(needed.items())}
    numbers = []
    for province_code, day in certificates:
        sequence = following[province_code, day.year]
        following[province_code, day.year] = sequence + 1
        numbers.append(certificate_number(province_code=province_code, year=day.year, sequence=sequence))
    return numbers


@transaction.atomic
def next_product_code(*, province_code: int, commune_code: int, year: int) -> str:
    """The next free code of 26/2026 for a product of ``commune_code`` recognised in ``year``."""
    name = f"product:{commune_code:05d}:{year:04d}"
    while True:
        code = product_code(
            province_code=province_code, commune_code=commune_code, year=year, sequence=take(name)
        )
        if not Product.objects.filter(code=code).exists():
            return code
