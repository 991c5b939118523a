"""The officers' dashboard, ``/thong-ke/bang-dieu-khien/``: where officers land after signing in.

Each chart is drawn beside a table of the same figures (for screen readers, and to copy), as on the
statistics page. A central officer chooses a province with a plain GET form (``province``); a code that
names no current province answers the page with the error, status 400.
"""

from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from ocop.accounts.access import request_actor, role_required
from ocop.accounts.models import OFFICER_ROLES, Role
from ocop.core.charts import bar_chart
from ocop.evaluation.access import may_see_councils
from ocop.geo.models import AdministrativeUnit, Level, Scheme
from ocop.reports.dashboard import Dashboard, officer_board, officer_scope
from ocop.reports.history import history_charts
from ocop.reports.province_map import province_map
from ocop.reports.selectors import StatisticsQueryError, today
from ocop.trade.agreements.access import may_organise


@role_required(*OFFICER_ROLES)
@require_safe
def dashboard_page(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    central = actor.role == Role.CENTRAL_OFFICER
    chosen = (request.GET.get("province") or "").strip() if central else ""
    context: dict[str, Any] = {
        "central": central,
        "province_options": _province_options(chosen) if central else [],
        "problem": None,
        "board": None,
    }
    status = 200
    try:
        scope = officer_scope(actor, province=chosen or None)
    except StatisticsQueryError as error:
        context["problem"] = _(
            "Tham số %(parameter)s không hợp lệ: hãy chọn cả nước hoặc một tỉnh, thành phố trong danh sách."
        ) % {"parameter": error.argument}
        status = 400
    else:
        board = officer_board(actor, scope=scope, today=today())
        context.update(
            board=board,
            # The sections an officer's role reaches, each by its app's rule: commune officers sit on no
            # council and follow no connection event or agreement (their province does).
            shows_councils=may_see_councils(actor),
            shows_trade=may_organise(actor),
            **_charts(board),
        )
    return render(request, "reports/dashboard.html", context, status=status)


def _province_options(chosen: str) -> list[dict[str, Any]]:
    units = AdministrativeUnit.objects.filter(scheme=Scheme.CURRENT, level=Level.PROVINCE).order_by("name")
    return [
        {"value": str(code), "label": name, "selected": chosen == str(code)}
        for code, name in units.values_list("code", "name")
    ]


def _charts(board: Dashboard) -> dict[str, Any]:
    dossier_rows = [(label, count) for _state, label, count in board.evaluation.dossiers_in_progress]
    page = reverse("reports:dashboard")
    return {
        "history": history_charts(board.new_by_year, board.flows_this_year, today=board.today),
        "dossier_rows": dossier_rows,
        "dossier_chart": bar_chart([row for row in dossier_rows if row[1]]),
        "province_map": province_map(
            board.statistics, link=lambda code: page + "?" + urlencode({"province": code})
        ),
    }
