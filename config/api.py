"""The JSON API, version 1: mounted at /api/v1/, OpenAPI at /api/openapi.json, docs at /api/docs.

Every answer under /api/ is JSON in a shape of ocop.core.schemas: the handlers below turn what ninja and
the endpoints raise into them, and config/urls.py does the same for what Django answers itself (an
unknown address, a malformed request, a crash outside an endpoint).
"""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.exceptions import BadRequest, PermissionDenied, SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.http.multipartparser import MultiPartParserError
from django.http.response import HttpResponseBase
from django.urls import URLPattern, URLResolver
from django.utils.log import log_response
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError

from ocop.evaluation.api import router as rubrics_router
from ocop.geo.api import router as units_router
from ocop.registry.api.imports import router as imports_router
from ocop.registry.api.products import router as products_router
from ocop.reports.api import router as stats_router
from ocop.reports.api import targets_router
from ocop.trace.api import router as trace_router
from ocop.trade.api import router as trade_router
from ocop.trade.api_agreements import imports_router as agreements_import_router
from ocop.trade.api_agreements import stats_router as trade_stats_router

NOT_FOUND = "Không tìm thấy (not found)"
BAD_REQUEST = "Yêu cầu không đọc được (malformed request)"
FORBIDDEN = "Không có quyền (forbidden)"
SERVER_ERROR = "Lỗi máy chủ, đã được ghi lại (server error, logged)"
SIGN_IN_REQUIRED = "Cần đăng nhập (sign-in required)"
TOO_MANY_REQUESTS = "Quá nhiều yêu cầu, hãy thử lại sau (too many requests, try again later)"
METHOD_NOT_ALLOWED = "Không nhận {method}, chỉ nhận {allowed} ({method} not allowed; allowed: {allowed})"

# Django answers these itself (400 or 403, logged as it logs them), through config/urls.py's handlers.
_ANSWERED_BY_DJANGO = (BadRequest, MultiPartParserError, PermissionDenied, SuspiciousOperation)

api = NinjaAPI(
    title="OCOP Platform API",
    version="1",
    description="Nền tảng OCOP — Chương trình Mỗi xã một sản phẩm. Open data and integration API.",
    urls_namespace="api-v1",
    openapi_url="/openapi.json",
    docs_url="/docs",
)
api.add_router("/units", units_router, tags=["units"])
api.add_router("/products", products_router, tags=["products"])
api.add_router("/imports", imports_router, tags=["imports"])
api.add_router("/stats", stats_router, tags=["statistics"])
api.add_router("/targets", targets_router, tags=["statistics"])
api.add_router("/rubrics", rubrics_router, tags=["rubrics"])
api.add_router("/trace", trace_router, tags=["traceability"])
api.add_router("/trade", trade_router, tags=["trade"])
api.add_router("/trade/stats", trade_stats_router, tags=["trade"])
api.add_router("/imports/agreements", agreements_import_router, tags=["imports"])


def api_urls() -> tuple[list[URLPattern | URLResolver], str, str]:
    """``api.urls``, but a method an address does not take answers JSON, as every other error does.

    ninja answers it itself, in plain text, before any exception handler could.
    """
    patterns, app_name, namespace = api.urls
    for pattern in patterns:
        if isinstance(pattern, URLPattern):
            pattern.callback = _method_not_allowed_in_json(pattern.callback)
    return patterns, app_name, namespace


def _method_not_allowed_in_json(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    @wraps(view)  # keeps ninja's csrf_exempt: its endpoints check the token themselves
    def answer(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        response = view(request, *args, **kwargs)
        if not isinstance(response, HttpResponseNotAllowed):
            return response
        allowed = response["Allow"]
        refused = error_answer(
            request, 405, METHOD_NOT_ALLOWED.format(method=request.method, allowed=allowed)
        )
        refused["Allow"] = allowed
        return refused

    return answer


def error_answer(request: HttpRequest, status: int, detail: str) -> HttpResponse:
    """An error in the shape of ocop.core.schemas.ErrorOut, rendered as the API renders every answer."""
    return api.create_response(request, {"detail": detail}, status=status)


# ValidationError and HttpError are answered as ninja's defaults answer them, written here so that every
# shape the API answers in can be read in one place.
@api.exception_handler(ValidationError)
def invalid_parameters(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    return api.create_response(request, {"detail": exc.errors}, status=422)


@api.exception_handler(HttpError)
def refused(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return error_answer(request, exc.status_code, exc.message)


@api.exception_handler(AuthenticationError)
def not_signed_in(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return error_answer(request, 401, SIGN_IN_REQUIRED)


@api.exception_handler(Throttled)
def throttled(request: HttpRequest, exc: Throttled) -> HttpResponse:
    # ninja adds Retry-After to the answer when the throttle knows the wait.
    return error_answer(request, 429, TOO_MANY_REQUESTS)


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return error_answer(request, 404, NOT_FOUND)


@api.exception_handler(Exception)
def crashed(request: HttpRequest, exc: Exception) -> HttpResponse:
    if isinstance(exc, _ANSWERED_BY_DJANGO):
        raise exc
    response = error_answer(request, 500, SERVER_ERROR)
    # Logged (and mailed to ADMINS) as Django logs a view's crash, with the traceback, and only once.
    log_response("Internal Server Error: %s", request.path, response=response, request=request, exception=exc)
    return response
