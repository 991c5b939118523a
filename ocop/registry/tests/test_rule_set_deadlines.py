"""The deadlines around a certificate's expiry are data of each rule set, filled by migration 0010 from
``data/rule-sets.json``, and read through ``ocop.registry.rules``."""

import datetime

import pytest
from django.db import IntegrityError, transaction

from ocop.registry import rules
from ocop.registry.models import RuleSet

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_rules():
    rules.clear_caches()
    yield
    rules.clear_caches()


def test_each_rule_set_holds_the_deadlines_its_decision_sets_and_no_other() -> None:
    deadlines = {
        rule_set.code: (
            rule_set.reevaluation_opens_days,
            rule_set.reevaluation_closes_days,
            rule_set.expiry_notice_days,
        )
        for rule_set in RuleSet.objects.all()
    }

    assert deadlines == {
        "qd-490-2018": (None, None, None),
        "qd-1048-2019": (None, None, None),
        "qd-148-2023": (None, None, 30),
        "qd-1489-2025": (None, None, 30),
        "qd-26-2026": (180, 120, None),
    }


@pytest.mark.parametrize(
    ("day", "decision", "horizon"),
    [
        (datetime.date(2026, 12, 6), "26/2026/QĐ-TTg", 180),  # from the day the re-evaluation window opens
        (datetime.date(2026, 7, 21), "26/2026/QĐ-TTg", 180),
        (datetime.date(2026, 7, 20), "1489/QĐ-TTg", 30),  # from the issuer's notice
        (datetime.date(2024, 1, 1), "148/QĐ-TTg", 30),
        (datetime.date(2021, 6, 1), "1048/QĐ-TTg", None),  # no deadline read in that decision
    ],
)
def test_the_expiry_horizon_is_the_deadline_of_the_rule_set_in_force(
    day: datetime.date, decision: str, horizon: int | None
) -> None:
    rule_set = rules.rule_set_on(day)

    assert (rule_set.decision, rules.expiry_horizon_days(rule_set)) == (decision, horizon)


@pytest.mark.parametrize(
    ("opens", "closes"),
    [(100, 120), (180, None), (None, 120)],
    ids=["closes before it opens", "without its end", "without its start"],
)
def test_a_filing_window_that_cannot_be_is_refused_and_nothing_changes(
    opens: int | None, closes: int | None
) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        RuleSet.objects.filter(code="qd-26-2026").update(
            reevaluation_opens_days=opens, reevaluation_closes_days=closes
        )

    rule_set = RuleSet.objects.get(code="qd-26-2026")
    assert (rule_set.reevaluation_opens_days, rule_set.reevaluation_closes_days) == (180, 120)
