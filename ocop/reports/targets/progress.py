"""How a target stands on a day: ``achieved``, ``projection`` and ``status`` (contract ``targets.md`` §2),
as ``GET /api/v1/targets`` answers and every dashboard and report shows it.

The figures are the platform's one reading of the registry: ``new``, ``new_potential_5`` and ``upgraded``
are the flows of ``ocop.reports.flows`` from the target's first day to ``as_of`` (cut to its last day);
``recognized`` and ``share_4_plus`` the statistics of ``ocop.reports.selectors`` on that day; ``kept_share``
the cohort of ``flows.cohort_kept``; ``manual`` the latest figure an officer recorded by then. Shares and
comparisons are worked in exact fractions, so a share of 3/20 meets a target of 0.15.
"""

import datetime
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any

from django.db.models import Prefetch

from ocop.reports.flows import cohort_kept, recognition_flows
from ocop.reports.models import PERIOD_METRICS, ManualFigure, Metric, Target
from ocop.reports.selectors import recognition_statistics
from ocop.reports.targets.definition import target_scope

# The stars of each rank of the flows' ``new.by_rank``: the potential-5★ mark is not a star.
RANK_STARS = {"3": 3, "4": 4, "5_potential": 4, "5": 5}
FOUR_PLUS_RANKS = ("4", "5_potential", "5")
FIVE_RANKS = ("5_potential", "5")


class Status:
    NOT_STARTED = "not_started"
    MET = "met"
    ON_TRACK = "on_track"
    BEHIND = "behind"
    MISSED = "missed"


def with_figures(targets: Any) -> Any:
    """``targets`` (a queryset) with what ``target_progress`` reads: the province and the manual figures."""
    return targets.select_related("province").prefetch_related(
        Prefetch("manual_figures", queryset=ManualFigure.objects.order_by("-as_of", "-id"))
    )


def targets_progress(targets: Iterable[Target], *, as_of: datetime.date) -> list[dict[str, Any]]:
    """Each target as the JSON object of ``GET /api/v1/targets`` on ``as_of``."""
    return [target_progress(target, as_of=as_of) for target in targets]


def target_progress(target: Target, *, as_of: datetime.date) -> dict[str, Any]:
    """``target`` as the JSON object of ``GET /api/v1/targets`` on ``as_of``: what it asks, and how it
    stands then."""
    scope = target_scope(target)
    cut = min(as_of, target.date_to)
    started = as_of >= target.date_from
    achieved = _achieved(target, cut) if started else Fraction(0)
    projection = _projection(target, achieved, cut) if started else Fraction(0)
    minimum = Fraction(target.target_min)
    if not started:
        status = Status.NOT_STARTED
    elif achieved >= minimum:
        status = Status.MET
    elif as_of >= target.date_to:
        status = Status.MISSED
    else:
        status = Status.ON_TRACK if projection >= minimum else Status.BEHIND
    return {
        "id": target.pk,
        "label": target.label,
        "decision": target.decision,
        "scope": scope.as_json(),
        "from": target.date_from,
        "to": target.date_to,
        "metric": target.metric,
        "min_stars": target.min_stars,
        "step": target.step or None,
        "cohort_from": target.cohort_from,
        "cohort_to": target.cohort_to,
        "target": {
            "min": _number(minimum),
            "max": _number(Fraction(target.target_max)) if target.target_max is not None else None,
        },
        "achieved": _number(achieved),
        "projection": _number(projection),
        "status": status,
        "as_of": as_of,
        "evidence": _evidence(target, cut) if target.metric == Metric.MANUAL and started else None,
    }


def _achieved(target: Target, day: datetime.date) -> Fraction:
    """The metric's figure from the target's first day to ``day`` (or on ``day``)."""
    scope = target_scope(target)
    metric = target.metric
    if metric in PERIOD_METRICS:
        flows = recognition_flows(date_from=target.date_from, date_to=day, scope=scope)
        if metric == Metric.UPGRADED:
            upgraded = flows["upgraded"]
            return Fraction(upgraded["by_step"][target.step] if target.step else upgraded["total"])
        by_rank = flows["new"]["by_rank"]
        if metric == Metric.NEW_POTENTIAL_5:
            return Fraction(sum(by_rank[rank] for rank in FIVE_RANKS))
        least = target.min_stars or 3
        return Fraction(sum(count for rank, count in by_rank.items() if RANK_STARS[rank] >= least))
    if metric == Metric.KEPT_SHARE:
        if target.cohort_from is None or target.cohort_to is None:  # never stored so: the check needs both
            return Fraction(0)
        kept, cohort = cohort_kept(
            cohort_from=target.cohort_from, cohort_to=target.cohort_to, as_of=day, scope=scope
        )
        return Fraction(kept, cohort) if cohort else Fraction(0)
    if metric == Metric.MANUAL:
        figure = latest_figure(target, day)
        return Fraction(figure.value) if figure is not None else Fraction(0)
    products = recognition_statistics(as_of=day, scope=scope)["products"]
    if metric == Metric.RECOGNIZED:
        return Fraction(products["recognized"])
    four_plus = sum(products["by_rank"][rank] for rank in FOUR_PLUS_RANKS)
    return Fraction(four_plus, products["recognized"]) if products["recognized"] else Fraction(0)


def _projection(target: Target, achieved: Fraction, day: datetime.date) -> Fraction:
    """For a metric counted over the period, ``achieved`` scaled from the days elapsed to the whole period
    (both ends included), rounded to one decimal; for the others, ``achieved``."""
    if target.metric not in PERIOD_METRICS:
        return achieved
    elapsed = (day - target.date_from).days + 1
    whole = (target.date_to - target.date_from).days + 1
    scaled = achieved * whole / elapsed
    rounded = (Decimal(scaled.numerator) / Decimal(scaled.denominator)).quantize(
        Decimal("0.1"), rounding=ROUND_HALF_UP
    )
    return Fraction(rounded)


def latest_figure(target: Target, day: datetime.date) -> ManualFigure | None:
    """The latest figure of a ``manual`` target recorded as of ``day`` (prefetched ones when there are)."""
    return next((figure for figure in target.manual_figures.all() if figure.as_of <= day), None)


def _evidence(target: Target, day: datetime.date) -> dict[str, Any] | None:
    figure = latest_figure(target, day)
    if figure is None:
        return None
    return {"as_of": figure.as_of, "text": figure.evidence, "has_file": figure.evidence_file_id is not None}


def _number(value: Fraction) -> int | float:
    """A whole figure as an integer, any other as the nearest float."""
    return value.numerator if value.denominator == 1 else float(value)
