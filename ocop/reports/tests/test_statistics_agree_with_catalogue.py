"""The statistics and the catalogue of a demo registry count the same valid products (issue #9's done-when).

A demo registry of 1,000 products (seed 2026: histories with renewals, upgrades, expiries and
revocations up to November 2026) is loaded through its services. The two are compared from
outside, through HTTP, on today, and through their selectors on the days around the registry's edges:
every day a certificate expires or is revoked after the last decision, when the catalogue's newest
certificate is the one each product stands on. On 6/12/2026 the statistics used to count one more
(a product whose newest certificate had expired, counted valid through an older one still in date).
"""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from ocop.registry import snapshot
from ocop.registry.demo.services import demo_load
from ocop.registry.models import Certificate
from ocop.registry.search import ProductFilters, product_search
from ocop.reports.selectors import StatisticsScope, recognition_statistics

pytestmark = pytest.mark.django_db

PRODUCTS, SEED = 1_000, 2026
EDGE_DAYS = 40  # the first days after the last decision on which a certificate expires or is revoked


def valid_in_statistics(day: datetime.date) -> int:
    figures = recognition_statistics(as_of=day, scope=StatisticsScope("current"))
    return int(figures["products"]["valid"])


def valid_in_catalogue(day: datetime.date) -> int:
    return product_search(filters=ProductFilters(valid=True), today=day, limit=1).count


def test_the_statistics_and_the_catalogue_count_the_same_valid_products(client: Client) -> None:
    demo_load(acting_user=None, products=PRODUCTS, seed=SEED)
    snapshot.forget()

    # Today, from outside.
    today = timezone.localdate()
    statistics = client.get("/api/v1/stats", {"as_of": today.isoformat()}).json()
    catalogue = client.get("/api/v1/products", {"valid": "true", "page_size": "1"}).json()
    assert statistics["products"]["valid"] == catalogue["count"]
    assert catalogue["count"] > 0

    # On the days around the registry's edges.
    last_decision = max(Certificate.objects.values_list("decision_date", flat=True))
    edges = set()
    for valid_until, revoked_on in Certificate.objects.values_list("valid_until", "revoked_on"):
        edges.update({valid_until, valid_until + datetime.timedelta(days=1)})
        if revoked_on is not None:
            edges.update({revoked_on - datetime.timedelta(days=1), revoked_on})
    days = sorted(day for day in edges if day >= last_decision)[:EDGE_DAYS]
    days.append(datetime.date(2026, 12, 6))
    assert len(days) == EDGE_DAYS + 1
    disagreements = {
        day.isoformat(): (valid_in_statistics(day), valid_in_catalogue(day))
        for day in days
        if valid_in_statistics(day) != valid_in_catalogue(day)
    }
    assert disagreements == {}
