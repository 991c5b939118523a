"""The public statistics endpoints, read-only, no login, rate-limited: ``GET /api/v1/stats`` (recognitions
§2), the figures of a day, ``GET /api/v1/stats/flow`` (targets §1), what happened in a period, and
``GET /api/v1/targets`` (targets §2), how each target stands."""

from typing import Annotated, Any

from django.http import HttpRequest, HttpResponse
from ninja import Query, Router
from ninja.errors import HttpError

from ocop.core.api import PARAMETER_ERRORS, THROTTLE_ERRORS
from ocop.core.schemas import ErrorOut
from ocop.core.throttling import ApiRateThrottle
from ocop.reports.flows import recognition_flows
from ocop.reports.models import Target
from ocop.reports.schemas import FlowsOut, StatisticsOut, TargetOut
from ocop.reports.selectors import (
    StatisticsQueryError,
    parse_date,
    recognition_statistics,
    scope_query,
    statistics_query,
    today,
)
from ocop.reports.targets.progress import targets_progress, with_figures

router = Router(throttle=[ApiRateThrottle()])
targets_router = Router(throttle=[ApiRateThrottle()])

# Parameters are read as text and checked by the selector, so that every bad value answers 400 with a
# message naming the parameter, the same for a malformed value as for an unknown one.
AsOf = Annotated[
    str | None, Query(description="The day the figures hold on, YYYY-MM-DD; default today in Việt Nam")
]
ProvinceCode = Annotated[str | None, Query(description="Code of a current province (since 1/7/2025)")]
LegacyProvinceCode = Annotated[
    str | None,
    Query(description="Code of a province before 1/7/2025; implies the legacy scheme"),
]
SchemeName = Annotated[
    str | None,
    Query(description="`current` (default) or `legacy`: the units national figures are divided into"),
]
DateFrom = Annotated[
    str | None,
    Query(alias="from", description="First day of the period, YYYY-MM-DD; default 1 January of this year"),
]
DateTo = Annotated[
    str | None,
    Query(alias="to", description="Last day of the period, YYYY-MM-DD; default today in Việt Nam"),
]


@router.get(
    "",
    response={200: StatisticsOut, 400: ErrorOut, **PARAMETER_ERRORS, **THROTTLE_ERRORS},
    by_alias=True,
    url_name="statistics",
    summary="OCOP recognitions on a day: products, producers, units",
    description="Nationally, or for one current or legacy province. A bad or unknown parameter answers "
    "400 with a `detail` starting with the parameter's name.",
)
def statistics(
    request: HttpRequest,
    response: HttpResponse,
    as_of: AsOf = None,
    province: ProvinceCode = None,
    legacy_province: LegacyProvinceCode = None,
    scheme: SchemeName = None,
) -> dict[str, Any]:
    try:
        query = statistics_query(
            as_of=as_of, province=province, legacy_province=legacy_province, scheme=scheme
        )
    except StatisticsQueryError as error:
        raise HttpError(400, str(error)) from error
    response["Cache-Control"] = "public, max-age=300"
    return recognition_statistics(as_of=query.as_of, scope=query.scope)


@router.get(
    "/flow",
    response={200: FlowsOut, 400: ErrorOut, **PARAMETER_ERRORS, **THROTTLE_ERRORS},
    by_alias=True,
    url_name="statistics_flow",
    summary="OCOP recognitions in a period: new, upgraded, renewed, downgraded, revoked, lapsed, by year",
    description="Nationally, or for one current or legacy province (a product is in a province by its unit "
    "in that scheme, whenever its certificates were decided). `from` and `to` are both included. A "
    "certificate's previous one is its product's certificate decided just before it; a potential 5★ counts "
    "as 4 stars. A bad or unknown parameter, or a period that ends before it starts, answers 400 with a "
    "`detail` starting with the parameter's name.",
)
def statistics_flow(
    request: HttpRequest,
    response: HttpResponse,
    date_from: DateFrom = None,
    date_to: DateTo = None,
    province: ProvinceCode = None,
    legacy_province: LegacyProvinceCode = None,
    scheme: SchemeName = None,
) -> dict[str, Any]:
    try:
        scope = scope_query(province=province, legacy_province=legacy_province, scheme=scheme)
        last_day = parse_date("to", date_to) if date_to else today()
        first_day = parse_date("from", date_from) if date_from else today().replace(month=1, day=1)
        flows = recognition_flows(date_from=first_day, date_to=last_day, scope=scope)
    except StatisticsQueryError as error:
        raise HttpError(400, str(error)) from error
    response["Cache-Control"] = "public, max-age=300"
    return flows


@targets_router.get(
    "",
    response={200: list[TargetOut], 400: ErrorOut, **PARAMETER_ERRORS, **THROTTLE_ERRORS},
    by_alias=True,
    url_name="targets",
    summary="OCOP targets with what each has achieved, its projection and status on a day",
    description="Every target, or one current or legacy province's (exactly that scope). `achieved` is "
    "worked out on `as_of` cut to the target's last day; before its first day a target is `not_started`. "
    "`status`: `met` when `achieved` ≥ `target.min`; otherwise `on_track` or `behind` by `projection` "
    "before `to`, `missed` on it or after. A bad or unknown parameter answers 400 with a `detail` starting "
    "with the parameter's name.",
)
def target_list(
    request: HttpRequest,
    response: HttpResponse,
    province: ProvinceCode = None,
    legacy_province: LegacyProvinceCode = None,
    as_of: AsOf = None,
) -> list[dict[str, Any]]:
    try:
        query = statistics_query(as_of=as_of, province=province, legacy_province=legacy_province)
    except StatisticsQueryError as error:
        raise HttpError(400, str(error)) from error
    targets = Target.objects.all()
    if query.scope.province is not None:
        targets = targets.filter(scheme=query.scope.scheme, province=query.scope.province)
    response["Cache-Control"] = "public, max-age=300"
    return targets_progress(with_figures(targets), as_of=query.as_of)
