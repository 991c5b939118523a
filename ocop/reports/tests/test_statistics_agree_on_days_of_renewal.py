"""The statistics and the catalogue agree on the eve and the day of each of the last decisions, too.

The demo registry of 1,000 products (seed 2026) is brought to each day as that day's first request would
bring it (``ocop.registry.standing.refresh_standing``): on the eve of a renewal or an upgrade the product
still stands on its earlier certificate, in the catalogue as in the statistics, and on the day it moves.
Before the standing rule the catalogue kept the newest certificate overall and said "not yet issued" on
every eve: it counted fewer valid products than the statistics on those days.
"""

import datetime

import pytest
from django.db.models import F

from ocop.registry import snapshot
from ocop.registry.demo.services import demo_load
from ocop.registry.models import Certificate
from ocop.registry.search import ProductFilters, product_search
from ocop.registry.standing import refresh_standing
from ocop.reports.selectors import StatisticsScope, recognition_statistics

pytestmark = pytest.mark.django_db

PRODUCTS, SEED = 1_000, 2026
DECISION_DAYS = 15  # the last days on which a decision was made
EXPECTED_DAYS, EXPECTED_REPLACING = 24, 57  # the days asked (eves and days), the renewals and upgrades then


def test_on_the_eve_and_the_day_of_each_last_decision_both_count_the_same_valid_products() -> None:
    demo_load(acting_user=None, products=PRODUCTS, seed=SEED)
    snapshot.forget()
    decided = sorted(set(Certificate.objects.values_list("decision_date", flat=True)))[-DECISION_DAYS:]
    # Renewals and upgrades among them: a certificate of a product that had one before.
    replacing = Certificate.objects.filter(
        decision_date__in=decided, product__certificates__decision_date__lt=F("decision_date")
    )
    days = sorted({day - datetime.timedelta(days=1) for day in decided} | set(decided))

    counts = {}
    for day in days:
        refresh_standing(today=day)
        figures = recognition_statistics(as_of=day, scope=StatisticsScope("current"))
        catalogue = product_search(filters=ProductFilters(valid=True), today=day, limit=1).count
        counts[day.isoformat()] = (figures["products"]["valid"], catalogue)

    assert {day: pair for day, pair in counts.items() if pair[0] != pair[1]} == {}
    assert (len(counts), replacing.distinct().count()) == (EXPECTED_DAYS, EXPECTED_REPLACING)
