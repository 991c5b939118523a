"""Certificate numbers and product codes: their formats, their sequences, the numbers the migration gave
the certificates recorded before them, and two transactions taking numbers at once (PostgreSQL)."""

import datetime
import importlib
import threading
from types import SimpleNamespace

import pytest
from django.db import connection, connections, transaction

from ocop.geo.models import AdministrativeUnit
from ocop.registry.certificates import numbering
from ocop.registry.models import Certificate, NumberSequence
from ocop.registry.tests.factories import commune, make_certificate, make_product

QUANG_NGAI, LAM_DONG = 51, 68
MO_DUC = 21400  # Xã Mộ Đức, Quảng Ngãi


def lam_dong_commune() -> AdministrativeUnit:
    unit = AdministrativeUnit.objects.filter(
        scheme="current", level="commune", province_code=LAM_DONG
    ).first()
    assert unit is not None
    return unit


def test_the_formats_are_fixed_width_digits_and_hyphens():
    assert numbering.certificate_number(province_code=1, year=2026, sequence=123) == "01-2026-000123"
    assert numbering.certificate_number(province_code=51, year=2026, sequence=1) == "51-2026-000001"
    assert (
        numbering.product_code(province_code=51, commune_code=MO_DUC, year=2026, sequence=3)
        == "51-21400-3-2026"
    )
    assert (
        numbering.product_code(province_code=1, commune_code=4, year=2027, sequence=12) == "01-00004-12-2027"
    )


def test_each_province_and_year_counts_its_own_certificates(db):
    quang_ngai = make_product(unit=commune(21025))
    lam_dong = make_product(unit=lam_dong_commune())
    assert (quang_ngai.province_code, lam_dong.province_code) == (QUANG_NGAI, LAM_DONG)

    numbers = [
        make_certificate(quang_ngai, decision_date=datetime.date(2024, 3, 15)).number,
        make_certificate(lam_dong, decision_date=datetime.date(2024, 4, 1)).number,
        make_certificate(quang_ngai, decision_date=datetime.date(2024, 9, 1)).number,
        make_certificate(quang_ngai, decision_date=datetime.date(2025, 1, 2)).number,
    ]

    assert numbers == ["51-2024-000001", "68-2024-000001", "51-2024-000002", "51-2025-000001"]
    assert dict(NumberSequence.objects.values_list("name", "last")) == {
        "certificate:51:2024": 2,
        "certificate:68:2024": 1,
        "certificate:51:2025": 1,
    }


def test_many_numbers_at_once_follow_the_order_given(db):
    make_certificate(make_product(), decision_date=datetime.date(2023, 5, 1))  # 51-2023-000001

    numbers = numbering.certificate_numbers(
        [
            (QUANG_NGAI, datetime.date(2023, 6, 1)),
            (LAM_DONG, datetime.date(2023, 6, 1)),
            (QUANG_NGAI, datetime.date(2023, 1, 1)),
        ]
    )

    assert numbers == ["51-2023-000002", "68-2023-000001", "51-2023-000003"]


def test_product_codes_count_per_commune_and_year_and_skip_a_code_in_use(db):
    make_product(unit=commune(MO_DUC), code="51-21400-2-2026")  # imported with the code the sequence reaches

    codes = [numbering.next_product_code(province_code=51, commune_code=MO_DUC, year=2026) for _ in range(3)]
    other_year = numbering.next_product_code(province_code=51, commune_code=MO_DUC, year=2027)

    assert codes == ["51-21400-1-2026", "51-21400-3-2026", "51-21400-4-2026"]
    assert other_year == "51-21400-1-2027"


def test_the_migration_numbers_existing_certificates_by_province_year_date_and_id(db):
    migration = importlib.import_module("ocop.registry.migrations.0012_certificate_numbers")
    coast, highland = make_product(unit=commune(21025)), make_product(unit=lam_dong_commune())
    # Recorded out of order: the numbers follow the decision dates, then the order of the records.
    late = make_certificate(coast, decision_date=datetime.date(2022, 11, 1))
    highland_first = make_certificate(highland, decision_date=datetime.date(2022, 2, 1))
    early = make_certificate(coast, decision_date=datetime.date(2022, 2, 1))
    same_day = make_certificate(coast, decision_date=datetime.date(2022, 2, 1))
    next_year = make_certificate(coast, decision_date=datetime.date(2023, 1, 1))
    # As before the migration: no numbers, no sequences.
    for certificate in Certificate.objects.all():
        Certificate.objects.filter(pk=certificate.pk).update(number=f"old-{certificate.pk}")
    NumberSequence.objects.all().delete()

    migration.number_existing_certificates(None, SimpleNamespace(connection=connection))

    numbers = dict(Certificate.objects.values_list("pk", "number"))
    assert [numbers[c.pk] for c in (early, same_day, late, next_year, highland_first)] == [
        "51-2022-000001",
        "51-2022-000002",
        "51-2022-000003",
        "51-2023-000001",
        "68-2022-000001",
    ]
    assert dict(NumberSequence.objects.values_list("name", "last")) == {
        "certificate:51:2022": 3,
        "certificate:51:2023": 1,
        "certificate:68:2022": 1,
    }
    # New certificates go on from there.
    assert make_certificate(coast, decision_date=datetime.date(2022, 12, 1)).number == "51-2022-000004"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks between connections: PostgreSQL")
@pytest.mark.django_db
def test_two_transactions_at_once_never_take_the_same_number():
    """Each thread has its own connection, outside the test's transaction: the first takes a number and
    holds its transaction open; the second asks meanwhile and must wait for the first to commit."""
    name = "certificate:99:2099"  # no such province: no other test counts here
    taken: dict[str, int] = {}
    first_took, second_started = threading.Event(), threading.Event()

    def first() -> None:
        try:
            with transaction.atomic():
                taken["first"] = numbering.take(name)
                first_took.set()
                second_started.wait(5)
                # Let the second reach the lock before this transaction ends.
                threading.Event().wait(0.5)
                taken["first_done"] = len(taken)
        finally:
            connections.close_all()

    def second() -> None:
        try:
            first_took.wait(5)
            second_started.set()
            with transaction.atomic():
                taken["second"] = numbering.take(name)
                taken["second_done"] = len(taken)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(10)
        assert (taken["first"], taken["second"]) == (1, 2)
        # The second got its number only after the first had finished: it waited on the row.
        assert taken["second_done"] > taken["first_done"]
    finally:
        cleanup = threading.Thread(target=_delete_sequence, args=(name,))
        cleanup.start()
        cleanup.join(10)


def _delete_sequence(name: str) -> None:
    try:
        NumberSequence.objects.filter(name=name).delete()
    finally:
        connections.close_all()
