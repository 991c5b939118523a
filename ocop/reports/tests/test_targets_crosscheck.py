"""Cross-check: ``GET /api/v1/targets`` against a reading of contract ``targets.md`` §2, product by product,
over the generated registry of ``test_flows_crosscheck`` (upgrades, downgrades, renewals, revocations,
lapses, re-recognition; legacy Hà Nam, Nam Định and Ninh Bình, now all Ninh Bình, recorded in either
scheme).

Targets of every metric and narrowing are set for the country, the current province and each legacy one,
over a legacy plan's 2021–2025 (read before, during and after the reform of 1 July 2025), one year, and a
period after the reform; each with a low and a high ``min`` so that every status turns up. The reference
counts ``new`` and ``upgraded`` with the flows reference of ``test_flows_crosscheck`` (itself checked
against §1), and reads the rest of §2 in plain Python: recognised on a day from each product's latest
certificate decided by then, with ``ocop.registry.status.certificate_status`` its only borrowing.
"""

import datetime
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any

import pytest
from django.test import Client

from ocop.registry import status
from ocop.registry.models import Product
from ocop.reports.targets.definition import definition_from_text
from ocop.reports.targets.services import target_create
from ocop.reports.tests.test_flows_crosscheck import (
    LEGACY_PROVINCES,
    NINH_BINH,
    PRODUCTS,
    History,
    Recognition,
    communes,
    differences,
    generate,
    reference_counts,
)

pytestmark = pytest.mark.django_db

day = datetime.date
PERIODS = (
    (day(2021, 1, 1), day(2025, 12, 31)),
    (day(2023, 1, 1), day(2023, 12, 31)),
    (day(2025, 7, 1), day(2026, 6, 30)),
)
AS_OF = (
    day(2020, 12, 31),
    day(2021, 1, 1),
    day(2023, 6, 30),
    day(2023, 12, 31),
    day(2025, 6, 30),
    day(2025, 7, 1),
    day(2025, 12, 31),
    day(2026, 3, 15),
    day(2027, 1, 1),
)
# (metric, narrowing columns) of every target set, each for a low and a high ``min``.
MEASURES: tuple[tuple[str, dict[str, str]], ...] = (
    ("new", {"min_stars": "3"}),
    ("new", {"min_stars": "4"}),
    ("new", {"min_stars": "5"}),
    ("new_potential_5", {}),
    ("upgraded", {}),
    ("upgraded", {"step": "3→4"}),
    ("upgraded", {"step": "3→5"}),
    ("upgraded", {"step": "4→5"}),
    ("recognized", {}),
    ("share_4_plus", {}),
    ("kept_share", {"cohort_from": "2019-01-01", "cohort_to": "2020-12-31"}),
    ("kept_share", {"cohort_from": "2021-01-01", "cohort_to": "2022-06-30"}),
)
MINIMUMS = {"share_4_plus": ("0.3", "0.7"), "kept_share": ("0.2", "0.8")}
COUNT_MINIMUMS = ("3", "40")
SCOPES = (
    ("national", {}),
    (f"province:{NINH_BINH}", {"province": NINH_BINH}),
    *((f"legacy_province:{code}", {"legacy_province": code}) for code in LEGACY_PROVINCES),
)
FOUR_PLUS = ("4", "5_potential", "5")


# --- The reference: contract §2 read one product at a time


def standing(
    history: History, on: datetime.date
) -> tuple[Recognition | None, status.CertificateStatus | None]:
    """The product's latest certificate decided by ``on`` (in decision, then record order) and its status."""
    decided = [r for r in history.recognitions if r.decision_date <= on]
    if not decided:
        return None, None
    latest = max(decided, key=lambda r: (r.decision_date, r.record))
    said = status.certificate_status(
        decision_date=latest.decision_date,
        valid_until=latest.valid_until,
        revoked_on=latest.revoked_on,
        day=on,
    )
    return latest, said


def recognised(history: History, on: datetime.date) -> Recognition | None:
    latest, said = standing(history, on)
    return latest if said in (status.CertificateStatus.VALID, status.CertificateStatus.EXPIRED) else None


def achieved(
    histories: list[History], metric: str, narrowing: dict[str, str], first: datetime.date, on: datetime.date
) -> Fraction:
    """The metric's figure from ``first`` to ``on`` (already cut to the period's last day)."""
    if metric in ("new", "new_potential_5", "upgraded"):
        counts = reference_counts(histories, first, on)
        if metric == "upgraded":
            step = narrowing.get("step")
            return Fraction(counts["upgraded"]["by_step"][step] if step else counts["upgraded"]["total"])
        by_rank = counts["new"]["by_rank"]
        if metric == "new_potential_5":
            return Fraction(by_rank["5_potential"] + by_rank["5"])
        # "counting only first certificates of at least min_stars": a potential 5★ has 4 stars.
        stars = {"3": 3, "4": 4, "5_potential": 4, "5": 5}
        return Fraction(sum(n for rank, n in by_rank.items() if stars[rank] >= int(narrowing["min_stars"])))
    if metric == "recognized":
        return Fraction(sum(recognised(history, on) is not None for history in histories))
    if metric == "share_4_plus":
        ranks = [latest.rank for history in histories if (latest := recognised(history, on)) is not None]
        return Fraction(sum(rank in FOUR_PLUS for rank in ranks), len(ranks)) if ranks else Fraction(0)
    # kept_share: "of the products whose first certificate was decided between cohort_from and cohort_to,
    # the share recognised and valid on as_of"
    cohort_from = datetime.date.fromisoformat(narrowing["cohort_from"])
    cohort_to = datetime.date.fromisoformat(narrowing["cohort_to"])
    cohort = [
        history
        for history in histories
        if cohort_from <= min(r.decision_date for r in history.recognitions) <= cohort_to
    ]
    kept = sum(standing(history, on)[1] == status.CertificateStatus.VALID for history in cohort)
    return Fraction(kept, len(cohort)) if cohort else Fraction(0)


def expected(
    histories: list[History],
    metric: str,
    narrowing: dict[str, str],
    period: tuple[datetime.date, datetime.date],
    minimum: Fraction,
    as_of: datetime.date,
) -> dict[str, Any]:
    first, last = period
    if as_of < first:
        # "Before from: achieved 0, status not_started."
        return {"achieved": 0, "projection": 0, "status": "not_started"}
    cut = min(as_of, last)
    key = (id(histories), metric, tuple(sorted(narrowing.items())), first, cut)
    if key not in _achieved:
        _achieved[key] = achieved(histories, metric, narrowing, first, cut)
    figure = _achieved[key]
    projection = figure
    if metric in ("new", "new_potential_5", "upgraded"):
        # "achieved scaled from the days elapsed (from to as_of cut to to, both included) to the whole
        # period, rounded to one decimal"
        scaled = figure * ((last - first).days + 1) / ((cut - first).days + 1)
        projection = Fraction(
            (Decimal(scaled.numerator) / Decimal(scaled.denominator)).quantize(Decimal("0.1"), ROUND_HALF_UP)
        )
    if figure >= minimum:
        said = "met"
    elif as_of >= last:
        said = "missed"
    else:
        said = "on_track" if projection >= minimum else "behind"
    return {"achieved": as_number(figure), "projection": as_number(projection), "status": said}


# Figures already worked out, by (the scope's histories, metric, narrowing, first day, day): every target is
# set for two minimums, and the reference reads every product each time.
_achieved: dict[tuple[Any, ...], Fraction] = {}


def as_number(value: Fraction) -> int | float:
    return value.numerator if value.denominator == 1 else float(value)


def in_scope(history: History, parameters: dict[str, Any]) -> bool:
    return history.in_scope(parameters)


def test_every_target_matches_the_contract_read_product_by_product(client: Client, settings: Any) -> None:
    settings.NINJA_DEFAULT_THROTTLE_RATES = {**settings.NINJA_DEFAULT_THROTTLE_RATES, "anon": "100000/min"}
    histories = generate(communes())
    assert Product.objects.count() == PRODUCTS

    made: dict[int, dict[str, Any]] = {}
    for scope_text, parameters in SCOPES:
        inside = [history for history in histories if in_scope(history, parameters)]
        for first, last in PERIODS:
            for metric, narrowing in MEASURES:
                for minimum in MINIMUMS.get(metric, COUNT_MINIMUMS):
                    values = {
                        "scope": scope_text,
                        "from": first.isoformat(),
                        "to": last.isoformat(),
                        "metric": metric,
                        "min": minimum,
                        "decision": "Kế hoạch thử nghiệm",
                        "label": f"{metric} {minimum}",
                        **narrowing,
                    }
                    target = target_create(acting_user=None, definition=definition_from_text(values))
                    made[target.pk] = {
                        "histories": inside,
                        "metric": metric,
                        "narrowing": narrowing,
                        "period": (first, last),
                        "minimum": Fraction(Decimal(minimum)),
                    }

    failures, compared, statuses = [], 0, set()
    for as_of in AS_OF:
        response = client.get("/api/v1/targets", {"as_of": as_of.isoformat()})
        assert response.status_code == 200, response.content
        answers = response.json()
        assert len(answers) == len(made)
        for answer in answers:
            asked = made[answer["id"]]
            want = expected(
                asked["histories"],
                asked["metric"],
                asked["narrowing"],
                asked["period"],
                asked["minimum"],
                as_of,
            )
            found = differences(want, {name: answer[name] for name in want})
            if found:
                failures.append(
                    f"{answer['scope']['name']} {answer['label']} {asked['narrowing']} on {as_of}: {found}"
                )
            statuses.add(want["status"])
            compared += 1
    assert compared == len(AS_OF) * len(made) > 2000, compared
    assert statuses == {"not_started", "met", "on_track", "behind", "missed"}
    assert not failures, f"{len(failures)} of {compared} answers differ:\n" + "\n".join(failures[:10])
