"""The public statistics endpoint, ``GET /api/v1/stats`` (contract §2): read-only, no login, rate-limited."""

from typing import Annotated, Any

from django.http import HttpRequest, HttpResponse
from ninja import Query, Router
from ninja.errors import HttpError

from ocop.core.api import PARAMETER_ERRORS, THROTTLE_ERRORS
from ocop.core.schemas import ErrorOut
from ocop.core.throttling import ApiRateThrottle
from ocop.reports.schemas import StatisticsOut
from ocop.reports.selectors import StatisticsQueryError, recognition_statistics, statistics_query

router = Router(throttle=[ApiRateThrottle()])

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
