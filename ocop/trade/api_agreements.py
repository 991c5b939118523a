"""The agreements' API: ``GET /api/v1/trade/stats`` (contracts/trade.md §3) and
``POST /api/v1/imports/agreements`` (§2)."""

from typing import Annotated, Any

from django.http import HttpRequest, HttpResponse
from ninja import File, Form, Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.files import UploadedFile
from pydantic import Field

from ocop.core.api import PARAMETER_ERRORS, SIGN_IN_ERRORS, THROTTLE_ERRORS, session_auth
from ocop.core.schemas import ErrorOut, ValidationErrorOut
from ocop.core.throttling import ApiRateThrottle
from ocop.registry.importing.reading import FileRefusedError, check_size
from ocop.trade.agreements.importing import agreements_import, may_import_agreements
from ocop.trade.agreements.statistics import (
    TradeStatisticsQueryError,
    trade_statistics,
    trade_statistics_query,
)

stats_router = Router(throttle=[ApiRateThrottle()])
imports_router = Router()


class TradeScopeOut(Schema):
    province: int | None
    date_from: str | None = Field(alias="from")
    date_to: str | None = Field(alias="to")
    event: int | None


class TradeMemorandaOut(Schema):
    count: int
    value_vnd: int


class TradeContractsOut(Schema):
    count: int
    value_vnd: int
    delivered_vnd: int
    by_status: dict[str, int]


class TradeProvinceRowOut(Schema):
    code: int
    name: str
    memoranda: int
    contracts: int
    value_vnd: int


class TradeEventRowOut(Schema):
    id: int
    name: str
    date: str | None
    memoranda: int
    contracts: int
    value_vnd: int


class TradeStatisticsOut(Schema):
    scope: TradeScopeOut
    memoranda: TradeMemorandaOut
    contracts: TradeContractsOut
    by_province: list[TradeProvinceRowOut]
    by_event: list[TradeEventRowOut]


# Read as text and checked by the selector, so a malformed value and an unknown one both answer 400
# with a message naming the parameter.
ProvinceCode = Annotated[str | None, Query(description="Code of a current province (since 1/7/2025)")]
DateFrom = Annotated[
    str | None, Query(alias="from", description="First signing day counted, YYYY-MM-DD or DD/MM/YYYY")
]
DateTo = Annotated[
    str | None, Query(alias="to", description="Last signing day counted, YYYY-MM-DD or DD/MM/YYYY")
]
EventId = Annotated[str | None, Query(description="Id of a connection event")]


@stats_router.get(
    "",
    response={200: TradeStatisticsOut, 400: ErrorOut, **PARAMETER_ERRORS, **THROTTLE_ERRORS},
    by_alias=True,
    url_name="trade_statistics",
    summary="Memoranda and sales contracts of connection events, by status, province and event",
    description="Public. Cancelled documents are left out of counts and values, and counted in "
    "`contracts.by_status`. A bad or unknown parameter answers 400 with a `detail` starting with its name.",
)
def trade_stats(
    request: HttpRequest,
    response: HttpResponse,
    province: ProvinceCode = None,
    date_from: DateFrom = None,
    date_to: DateTo = None,
    event: EventId = None,
) -> dict[str, Any]:
    try:
        query = trade_statistics_query(province=province, date_from=date_from, date_to=date_to, event=event)
    except TradeStatisticsQueryError as error:
        raise HttpError(400, str(error)) from error
    response["Cache-Control"] = "public, max-age=300"
    return trade_statistics(query)


class AgreementRowErrorOut(Schema):
    line: int
    column: str
    message: str


class AgreementsImportOut(Schema):
    ok: bool
    dry_run: bool
    summary: dict[str, Any]
    warnings: list[str]
    import_id: int | None


class AgreementsImportRefusedOut(Schema):
    ok: bool
    detail: str
    errors: list[AgreementRowErrorOut]
    error_count: int
    warnings: list[str]


@imports_router.post(
    "",
    auth=session_auth,
    response={
        200: AgreementsImportOut,
        400: ErrorOut,
        **SIGN_IN_ERRORS,
        413: ErrorOut,
        422: AgreementsImportRefusedOut | ValidationErrorOut,
    },
    url_name="agreements_import",
    summary="Import the memoranda and contracts of connection events from a CSV or XLSX file",
    description="Multipart, the file in the field `file`; `dry_run=true` checks without writing. "
    "Signed-in central or province officers, with the session's CSRF token (`X-CSRFToken`); a province "
    "officer's rows of another province are errors. 200: written (`summary` counts agreements created, "
    "updated and unchanged, and events created and found). 422: nothing written, `errors` names each bad "
    "row by `line` (header = 1; 0 = the whole file) and `column`.",
)
def agreements_upload(
    request: HttpRequest, file: File[UploadedFile], dry_run: Form[bool] = False
) -> Status[dict[str, Any]]:
    if not may_import_agreements(request.user):
        raise HttpError(403, "Chỉ cán bộ Trung ương và cấp tỉnh được nhập dữ liệu (officers only).")
    try:
        check_size(file.size or 0)
    except FileRefusedError as refused:
        return Status(422, _refused([{"line": 0, "column": "", "message": refused.message}], 1, []))
    result = agreements_import(
        acting_user=request.user, file_name=file.name or "upload", content=file, dry_run=dry_run
    )
    if not result.ok:
        errors = [{"line": e.line, "column": e.column, "message": e.message} for e in result.errors]
        return Status(422, _refused(errors, result.error_count, result.warnings))
    return Status(
        200,
        {
            "ok": True,
            "dry_run": dry_run,
            "summary": result.summary,
            "warnings": result.warnings,
            "import_id": result.import_id,
        },
    )


def _refused(errors: list[dict[str, Any]], count: int, warnings: list[str]) -> dict[str, Any]:
    return {
        "ok": False,
        "detail": f"{count} lỗi, không nhập gì (errors found, nothing imported)",
        "errors": errors,
        "error_count": count,
        "warnings": warnings,
    }
