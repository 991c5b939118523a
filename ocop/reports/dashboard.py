"""The officers' dashboard (bảng điều khiển): the figures of every app in one officer's scope.

Reports sits above the registry, evaluation, traceability and trade, so it is where their figures meet.
Each app counts its own, through its own scope (``ocop.evaluation.figures``, ``ocop.trace.figures``,
``ocop.trade.agreements.figures``), so the dashboard never shows what the officer's lists would not; the
recognitions are the one rule's (``recognition_statistics``, ``recognition_flows``).

A province or commune officer sees their current province's recognitions; a central officer the country's,
or one province's when they choose it (``province``, a current province code, read by ``scope_query``).
The apps' figures follow the officer's scope (a commune officer's are their commune's), narrowed to the
chosen province for a central officer.
"""

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import F
from django.utils import timezone

from ocop.accounts.models import Role, User
from ocop.evaluation import figures as evaluation_figures
from ocop.geo.models import AdministrativeUnit, Level, Scheme
from ocop.registry.dashboards import OfficerDashboard, officer_dashboard
from ocop.registry.status import Rank
from ocop.registry.views.imports import IMPORTER_ROLES
from ocop.reports.flows import recognition_flows
from ocop.reports.selectors import StatisticsScope, recognition_statistics, scope_query
from ocop.reports.targets.access import targets_of_area
from ocop.reports.targets.progress import with_figures
from ocop.reports.targets.words import target_card
from ocop.trace import figures as trace_figures
from ocop.trade.agreements import figures as trade_figures

# The first year charted: the programme's second phase (2021–2025) compared with the two years before it.
FIRST_YEAR = 2019
RANKS = tuple(Rank)
# The flows of contract targets.md §1, in the order the page lists them.
FLOWS = ("new", "upgraded", "renewed", "downgraded", "revoked", "lapsed")
# How long after its last day a target stays on the dashboard.
RECENT_TARGET_DAYS = 365


@dataclass(frozen=True)
class Dashboard:
    scope: StatisticsScope
    today: datetime.date
    statistics: dict[str, Any]  # ``recognition_statistics`` of the scope today
    new_by_year: list[tuple[int, dict[str, int]]]  # (year, new products by rank), FIRST_YEAR to this year
    flows_this_year: dict[str, int]  # each of FLOWS, from 1 January to today
    evaluation: evaluation_figures.EvaluationFigures
    trace: trace_figures.TraceFigures
    trade: trade_figures.TradeFigures
    attention: OfficerDashboard  # the registry's: expiring certificates, imports, products without photo
    targets: list[dict[str, Any]]  # cards (``targets.words.target_card``) of the area's recent targets


def officer_scope(actor: User, *, province: str | None) -> StatisticsScope:
    """The scope of ``actor``'s dashboard; for a central officer, ``province`` (a query parameter) chooses
    one, refused with ``StatisticsQueryError`` naming ``province``. Other officers' scope is their own."""
    if actor.role == Role.CENTRAL_OFFICER:
        return scope_query(province=province, legacy_province=None, scheme=None)
    provinces = AdministrativeUnit.objects.filter(scheme=Scheme.CURRENT, level=Level.PROVINCE)
    code = actor.province_code
    return StatisticsScope(Scheme.CURRENT, None if code is None else provinces.filter(code=code).first())


def new_by_year(scope: StatisticsScope, *, today: datetime.date) -> list[tuple[int, dict[str, int]]]:
    """New products (first certificates) of each year by rank; this year's up to today."""
    return [
        (
            year,
            recognition_flows(
                date_from=datetime.date(year, 1, 1),
                date_to=min(datetime.date(year, 12, 31), today),
                scope=scope,
            )["new"]["by_rank"],
        )
        for year in range(FIRST_YEAR, today.year + 1)
    ]


def flows_this_year(scope: StatisticsScope, *, today: datetime.date) -> dict[str, int]:
    flows = recognition_flows(date_from=datetime.date(today.year, 1, 1), date_to=today, scope=scope)
    return {flow: flows[flow]["total"] if isinstance(flows[flow], dict) else flows[flow] for flow in FLOWS}


def recent_targets(scope: StatisticsScope, *, today: datetime.date) -> list[dict[str, Any]]:
    """The cards of the area's targets still running, starting or ended within the past year (a plan just
    ended is still reported against), the country's first, then by province, period and label."""
    targets = (
        targets_of_area(scope)
        .filter(date_to__gte=today - datetime.timedelta(days=RECENT_TARGET_DAYS))
        .order_by(F("province__code").asc(nulls_first=True), "scheme", "date_from", "label", "pk")
    )
    return [target_card(target, as_of=today) for target in with_figures(targets)]


def officer_board(actor: User, *, scope: StatisticsScope, today: datetime.date) -> Dashboard:
    # The apps' figures are narrowed only where the officer chose a province beyond their own scope.
    chosen = scope.province.code if actor.role == Role.CENTRAL_OFFICER and scope.province else None
    return Dashboard(
        scope=scope,
        today=today,
        statistics=recognition_statistics(as_of=today, scope=scope),
        new_by_year=new_by_year(scope, today=today),
        flows_this_year=flows_this_year(scope, today=today),
        evaluation=evaluation_figures.dashboard_figures(actor, today=today, province_code=chosen),
        trace=trace_figures.dashboard_figures(actor, now=timezone.now(), province_code=chosen),
        trade=trade_figures.dashboard_figures(actor, province_code=chosen),
        attention=officer_dashboard(actor, today=today, can_import=actor.role in IMPORTER_ROLES),
        targets=recent_targets(scope, today=today),
    )
