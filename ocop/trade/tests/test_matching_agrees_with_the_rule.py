"""Matching ranks over the registry snapshot (NumPy columns); this reads the same demo registry record by
record with the registry's rule in Python (``ocop.registry.status``) and the points as the matching module's
docstring counts them, and asks both the same demands on days around the last decisions (eves of renewals,
upgrades and expiries), today and a year back: the same products, the same count, the same order."""

import datetime
import functools
from collections import defaultdict

import pytest
from django.db.models import F
from django.utils import timezone

from ocop.registry import snapshot, status
from ocop.registry.demo.services import demo_load
from ocop.registry.models import Certificate, Product
from ocop.trade.matching import Constraints, fitting_producer_ids, fitting_product_ids, match_products

pytestmark = pytest.mark.django_db

PRODUCTS, SEED = 1_000, 2026
QUANG_NGAI = 51
DEMANDS = (
    Constraints(),
    Constraints(sector=1),
    Constraints(min_stars=4),
    Constraints(min_stars=5),
    Constraints(certifications=("vietgap",), min_stars=3),
    Constraints(certifications=("vietgap", "organic")),
    Constraints(provinces=(QUANG_NGAI, 1)),
    Constraints(sector=1, min_stars=4, provinces=(QUANG_NGAI,)),
)


def _standing_valid(day: datetime.date) -> dict[int, Certificate]:
    """Each product's certificate on ``day`` when that is valid, by the rule read certificate by
    certificate."""
    valid = {}
    for product_id, history in _histories().items():
        for certificate, newer in zip(history, [*history[1:], None], strict=True):
            superseded_on = newer.decision_date if newer is not None else None
            if not status.stands_on(
                decision_date=certificate.decision_date, superseded_on=superseded_on, day=day
            ):
                continue
            said = status.certificate_status(
                decision_date=certificate.decision_date,
                valid_until=certificate.valid_until,
                revoked_on=certificate.revoked_on,
                superseded_on=superseded_on,
                day=day,
            )
            if said == status.CertificateStatus.VALID:
                valid[product_id] = certificate
    return valid


@functools.cache
def _histories() -> dict[int, list[Certificate]]:
    """Each product's certificates, oldest decision first (read once: the registry does not change here)."""
    histories: dict[int, list[Certificate]] = defaultdict(list)
    certificates = Certificate.objects.select_related("product__producer").order_by("decision_date", "pk")
    for certificate in certificates:
        histories[certificate.product_id].append(certificate)
    return histories


def _meets(product: Product, certificate: Certificate, demand: Constraints) -> bool:
    stars = 4 if certificate.potential_five_star else certificate.stars
    held = set(product.producer.management_certifications or [])
    return (
        (demand.sector is None or product.sector == demand.sector)
        and (demand.min_stars is None or stars >= demand.min_stars)
        and set(demand.certifications) <= held
        and (not demand.provinces or product.province_code in demand.provinces)
    )


def _points(
    product: Product, certificate: Certificate, day: datetime.date, buyer_province: int | None
) -> int:
    rank = 35 if certificate.potential_five_star else {3: 20, 4: 30, 5: 40}[certificate.stars]
    held = min(10 * len(product.producer.management_certifications or []), 30)
    lasting = 10 if certificate.valid_until >= day + datetime.timedelta(days=365) else 0
    near = 20 if buyer_province is not None and product.province_code == buyer_province else 0
    return rank + held + lasting + near


def _expected(day: datetime.date, demand: Constraints, buyer_province: int | None) -> list[tuple[int, int]]:
    """(product id, points) of every product meeting ``demand`` on ``day``, best first."""
    scored = [
        (product_id, _points(certificate.product, certificate, day, buyer_province), certificate.valid_until)
        for product_id, certificate in _standing_valid(day).items()
        if _meets(certificate.product, certificate, demand)
    ]
    scored.sort(key=lambda row: (-row[1], -row[2].toordinal(), row[0]))
    return [(product_id, points) for product_id, points, _valid_until in scored]


def _days() -> list[datetime.date]:
    today = timezone.localdate()
    decided = sorted(set(Certificate.objects.values_list("decision_date", flat=True)))[-4:]
    renewed = Certificate.objects.filter(product__certificates__decision_date__lt=F("decision_date"))
    renewal = renewed.order_by("-decision_date").values_list("decision_date", flat=True).first()
    expiring = Certificate.objects.filter(valid_until__gte=today).order_by("valid_until").first()
    assert renewal is not None
    assert expiring is not None
    days = {today, today - datetime.timedelta(days=365), renewal, expiring.valid_until}
    days |= {day - datetime.timedelta(days=1) for day in [*decided, renewal, expiring.valid_until]}
    days |= {expiring.valid_until + datetime.timedelta(days=1)}
    return sorted(days)


def test_every_demand_on_every_day_ranks_as_the_rule_read_record_by_record_and_tells_its_producers() -> None:
    demo_load(acting_user=None, products=PRODUCTS, seed=SEED)
    snapshot.forget()
    _histories.cache_clear()
    all_ids = list(Product.objects.values_list("pk", flat=True))
    compared = 0
    for day in _days():
        for demand in DEMANDS:
            for buyer_province in (None, QUANG_NGAI):
                expected = _expected(day, demand, buyer_province)
                first = match_products(demand, on=day, buyer_province=buyer_province, page_size=25)
                third = match_products(demand, on=day, buyer_province=buyer_province, page_size=25, page=3)
                got = [(item.product.pk, item.points) for item in [*first.items]]
                assert (first.count, got) == (len(expected), expected[:25]), (day, demand, buyer_province)
                assert [(item.product.pk, item.points) for item in third.items] == expected[50:75]
                compared += 1
            meeting = {product_id for product_id, _points in _expected(day, demand, None)}
            assert fitting_product_ids(demand, product_ids=all_ids, on=day) == sorted(meeting)
            some = all_ids[::7]
            assert fitting_product_ids(demand, product_ids=some, on=day) == sorted(meeting & set(some))
    assert compared == len(_days()) * len(DEMANDS) * 2

    # The producers told of a new demand: those of its best products first.
    today = timezone.localdate()
    demand = Constraints(sector=1, min_stars=4)
    producers = dict(Product.objects.values_list("pk", "producer_id"))
    expected_producers: list[int] = []
    for product_id, _points in _expected(today, demand, None):
        if producers[product_id] not in expected_producers:
            expected_producers.append(producers[product_id])
    assert len(expected_producers) > 10
    assert fitting_producer_ids(demand, on=today, limit=10) == expected_producers[:10]
    assert fitting_producer_ids(demand, on=today, limit=len(expected_producers) + 5) == expected_producers
