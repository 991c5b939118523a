"""The public statistics page, ``/thong-ke/``: the figures of ``GET /api/v1/stats`` as tables, charts, a map.

A plain GET form (scope and day) that works without JavaScript; with htmx the same view answers only the
results (``reports/statistics.html#results``). The page takes the API's parameters too, so
``/thong-ke/?legacy_province=84&as_of=2022-12-31`` shows what the API answers for the same query.
"""

import datetime
from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from ocop.accounts.access import is_officer
from ocop.core.charts import column_chart
from ocop.core.forms import DayInput
from ocop.core.htmx import is_htmx
from ocop.geo.models import AdministrativeUnit, Level, Region, Scheme
from ocop.registry.models import ProducerType, Rank, Sector
from ocop.registry.rules import CURRENT_CLASSIFICATION
from ocop.reports.history import flows_this_year, history_charts, new_by_year
from ocop.reports.province_map import province_map
from ocop.reports.selectors import (
    StatisticsQueryError,
    recognition_statistics,
    statistics_query,
    today,
)
from ocop.reports.targets.words import recent_target_cards

_RANK_LABELS = dict(Rank.choices)
_PARAMETERS = ("as_of", "province", "legacy_province", "scheme")


@require_safe
def statistics_page(request: HttpRequest) -> HttpResponse:
    parameters = _parameters(request)
    chosen = _scope_choice(parameters)
    context: dict[str, Any] = {
        "form_url": reverse("reports:statistics"),
        "scope_choice": chosen,
        "as_of_input": _as_of_input(parameters.get("as_of")),
        "current_options": _province_options("province", Scheme.CURRENT, chosen),
        "legacy_options": _province_options("legacy_province", Scheme.LEGACY, chosen),
        "problem": None,
        "figures": None,
        # Officers make the provincial report from here (``views_provincial``).
        "report_url": reverse("reports:provincial_report") if is_officer(request.user) else None,
    }
    htmx = is_htmx(request)
    status = 200
    try:
        query = statistics_query(**parameters)
    except StatisticsQueryError as error:
        context["problem"] = _problem(error)
        status = 200 if htmx else 400  # htmx swaps in successful answers only
    else:
        figures = recognition_statistics(as_of=query.as_of, scope=query.scope)
        context.update(_tables(figures))
        context["rank_chart"] = _rank_chart(figures)
        context["province_map"] = _province_map(figures)
        context["history"] = history_charts(
            new_by_year(query.scope, today=query.as_of),
            flows_this_year(query.scope, today=query.as_of),
            today=query.as_of,
        )
        context["targets"] = recent_target_cards(query.scope, today=query.as_of)
        context["figures"] = figures
        context["api_url"] = reverse("api-v1:statistics") + "?" + urlencode(_api_query(figures))
    template = "reports/statistics.html#results" if htmx else "reports/statistics.html"
    response = render(request, template, context, status=status)
    # The same address answers a page or a fragment: caches must keep them apart.
    patch_vary_headers(response, ["HX-Request"])
    return response


def _parameters(request: HttpRequest) -> dict[str, str | None]:
    """The API's parameters, from the form's ``scope`` choice or given directly; dates also as dd/mm/yyyy."""
    parameters = {name: request.GET.get(name) for name in _PARAMETERS}
    scope = request.GET.get("scope")
    if scope:
        parameters.update(province=None, legacy_province=None, scheme=None)
        kind, _separator, code = scope.partition(":")
        if kind in ("province", "legacy_province") and code:
            parameters[kind] = code
        else:
            parameters["scheme"] = scope
    as_of = (parameters["as_of"] or "").strip()
    try:
        parameters["as_of"] = datetime.datetime.strptime(as_of, "%d/%m/%Y").date().isoformat()
    except ValueError:
        parameters["as_of"] = as_of or None
    return parameters


def _as_of_input(as_of: str | None) -> str:
    """The day box, dd/mm/yyyy whatever the browser's language; what could not be read is shown as typed."""
    try:
        value: str | datetime.date = datetime.date.fromisoformat(as_of) if as_of else today()
    except ValueError:
        value = as_of or ""
    attrs = {"id": "statistics-as-of", "aria-describedby": "statistics-as-of-help"}
    return DayInput(attrs=attrs).render("as_of", value)


def _scope_choice(parameters: dict[str, str | None]) -> str:
    for kind in ("province", "legacy_province"):
        if parameters[kind]:
            return f"{kind}:{parameters[kind]}"
    return parameters["scheme"] or Scheme.CURRENT.value


def _province_options(kind: str, scheme: str, chosen: str) -> list[dict[str, Any]]:
    """The provinces of ``scheme`` as choices of the scope list, by name."""
    units = AdministrativeUnit.objects.filter(scheme=scheme, level=Level.PROVINCE).order_by("name")
    return [
        {"value": f"{kind}:{code}", "label": name, "selected": chosen == f"{kind}:{code}"}
        for code, name in units.values_list("code", "name")
    ]


def _problem(error: StatisticsQueryError) -> str:
    if error.argument == "as_of":
        return _("Ngày không hợp lệ: hãy nhập ngày theo dạng ngày/tháng/năm, ví dụ 31/12/2022.")
    return _("Phạm vi không hợp lệ: hãy chọn toàn quốc hoặc một tỉnh, thành phố trong danh sách.")


def _api_query(figures: dict[str, Any]) -> dict[str, str]:
    scope = figures["scope"]
    query = {"as_of": figures["as_of"].isoformat()}
    if scope["code"] is None:
        query["scheme"] = scope["scheme"]
    else:
        query["province" if scope["scheme"] == Scheme.CURRENT else "legacy_province"] = str(scope["code"])
    return query


def _tables(figures: dict[str, Any]) -> dict[str, Any]:
    """Rows of each table, labelled in Vietnamese, in the order of the published keys."""
    products, producers = figures["products"], figures["producers"]
    sector_names = dict(
        Sector.objects.filter(classification__code=CURRENT_CLASSIFICATION).values_list("number", "name")
    )
    type_labels = dict(ProducerType.choices)
    region_labels = dict(Region.choices)
    by_region = figures["by_region"] or {}
    return {
        "rank_rows": [
            (_RANK_LABELS[rank], products["by_rank"][rank], products["valid_by_rank"][rank])
            for rank in products["by_rank"]
        ],
        "group_rows": [
            (number, sector_names.get(int(number), ""), count)
            for number, count in products["by_group"].items()
        ],
        "producer_rows": [
            (type_labels[kind], products["by_producer_type"][kind], producers["by_type"][kind])
            for kind in producers["by_type"]
        ],
        "region_rows": [(region_labels[region], count) for region, count in by_region.items()],
        "unit_level_label": _unit_level_label(figures["scope"]),
    }


def _rank_chart(figures: dict[str, Any]) -> SafeString:
    """Products recognised by rank, each column parted into those still valid and those expired."""
    products = figures["products"]
    return column_chart(
        categories=[str(_RANK_LABELS[rank]) for rank in products["by_rank"]],
        series=[_("Còn hiệu lực"), _("Hết hiệu lực")],
        values=[
            [products["valid_by_rank"][rank], recognized - products["valid_by_rank"][rank]]
            for rank, recognized in products["by_rank"].items()
        ],
    )


def _province_map(figures: dict[str, Any]) -> SafeString:
    """The national map; each tile links to that province's statistics on the same day."""
    page = reverse("reports:statistics")
    as_of = figures["as_of"].isoformat()
    return province_map(figures, link=lambda code: page + "?" + urlencode({"province": code, "as_of": as_of}))


def _unit_level_label(scope: dict[str, Any]) -> str:
    if scope["code"] is None:
        return _("Tỉnh, thành phố")
    return _("Xã, phường, đặc khu") if scope["scheme"] == Scheme.CURRENT else _("Quận, huyện, thị xã")
