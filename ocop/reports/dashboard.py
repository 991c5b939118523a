"""The officers' dashboard (bảng điều khiển): the figures of every app in one officer's scope.

Reports sits above the registry, evaluation, traceability and trade, so it is where their figures meet.
Each app counts its own, through its own scope (``ocop.evaluation.figures``, ``ocop.trace.figures``,
``ocop.trade.agreements.figures``), so the dashboard never shows what the officer's lists would not; the
recognitions are the one rule's (``recognition_statistics``, ``recognition_flows``).

A province or commune officer sees their current province's recognitions; a central officer the country's,
or one province's when they choose it (``province``, a current province code, read by ``scope_query``).
The apps' figures follow the officer's scope (a commune officer's are their commune's), narrowed to the
chosen province for a central officer, as are the registry's lists of expiring certificates and products
without a photo (the imports listed stay the officer's own).
"""

import datetime
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from ocop.accounts.models import Role, User
from ocop.evaluation import figures as evaluation_figures
from ocop.geo.models import AdministrativeUnit, Level, Scheme
from ocop.registry.dashboards import OfficerDashboard, officer_dashboard
from ocop.registry.views.imports import IMPORTER_ROLES
from ocop.reports.history import flows_this_year, new_by_year
from ocop.reports.selectors import StatisticsScope, recognition_statistics, scope_query
from ocop.reports.targets.words import recent_target_cards
from ocop.trace import figures as trace_figures
from ocop.trade.agreements import figures as trade_figures


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
        attention=officer_dashboard(
            actor, today=today, can_import=actor.role in IMPORTER_ROLES, province_code=chosen
        ),
        targets=recent_target_cards(scope, today=today),
    )
