"""The answers of a scan (contract §3): JSON for apps (``Accept: application/json``), else a small page,
Vietnamese first, that says the same in words and colour. ``ocop.trace.middleware`` calls these before
the rest of the request path (sessions, authentication, CSRF, messages), which a scan does not use.
"""

import json
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.csp import build_policy
from django.utils.translation import gettext as _

from ocop.core.middleware import request_language
from ocop.trace.scan import ScanResult
from ocop.trace.scan_page import genuine_page
from ocop.trace.signals import copied_warning

JSON = "application/json"


def wants_json(request: HttpRequest) -> bool:
    return JSON in request.headers.get("Accept", "")


def _day(value: Any) -> str:
    return f"{value:%d/%m/%Y}"


def verdict_message(result: ScanResult) -> str:
    certificate = result.certificate
    if certificate is None:
        return _("Tem chính hãng, nhưng sản phẩm chưa có chứng nhận OCOP.")
    if certificate.status == "valid":
        return _("Tem chính hãng. Sản phẩm OCOP %(stars)s★, chứng nhận còn hiệu lực đến %(day)s.") % {
            "stars": certificate.stars,
            "day": _day(certificate.valid_until),
        }
    if certificate.status == "revoked":
        return _(
            "Tem chính hãng, nhưng chứng nhận OCOP %(stars)s★ của sản phẩm đã bị thu hồi ngày %(day)s."
        ) % {
            "stars": certificate.stars,
            "day": _day(certificate.revoked_on),
        }
    return _("Tem chính hãng, nhưng chứng nhận OCOP %(stars)s★ của sản phẩm đã hết hạn ngày %(day)s.") % {
        "stars": certificate.stars,
        "day": _day(certificate.valid_until),
    }


def not_genuine_message() -> str:
    return _("Không phải tem OCOP chính hãng: nền tảng chưa từng phát hành tem này.")


def _as_json(result: ScanResult, message: str, warning: str | None) -> dict[str, Any]:
    certificate = result.certificate
    return {
        "genuine": True,
        "verdict": result.verdict,
        "message": message,
        "product": {
            "code": result.product_code,
            "name": result.product_name,
            "url": settings.SITE_URL + result.product_url,
        },
        "producer": {"name": result.producer_name},
        "batch": {
            "lot": result.lot,
            "produced_on": result.produced_on.isoformat(),
            "expires_on": result.expires_on.isoformat() if result.expires_on else None,
        },
        "certificate": None
        if certificate is None
        else {
            "stars": certificate.stars,
            "potential_five_star": certificate.potential_five_star,
            "status": certificate.status,
            "valid_until": certificate.valid_until.isoformat(),
            "revoked_on": certificate.revoked_on.isoformat() if certificate.revoked_on else None,
        },
        "scans": result.scans,
        "first_scan": timezone.localtime(result.first_scan).isoformat(timespec="seconds"),
        "warning": warning,
    }


_POLICY = None


def _headers(response: HttpResponse) -> HttpResponse:
    """What the rest of the request path would add to a page: the site's content security policy and
    frame refusal, a language, and no caching: the next scan may say something else."""
    global _POLICY
    if _POLICY is None:
        _POLICY = build_policy(settings.SECURE_CSP)
    response.headers["Content-Security-Policy"] = _POLICY
    response.headers["X-Frame-Options"] = settings.X_FRAME_OPTIONS
    response.headers["Cache-Control"] = "no-store"
    response.headers["Vary"] = "Accept, Cookie"
    return response


def scan_answer(request: HttpRequest, result: ScanResult | None) -> HttpResponse:
    language = request_language(request)
    with translation.override(language):
        if result is None:
            message = not_genuine_message()
            if wants_json(request):
                body = {"genuine": False, "verdict": "not_genuine", "message": message}
                return _headers(_json_response(body, status=404))
            page = render_to_string("trace/scan.html", {"message": message, "language": language})
            return _headers(HttpResponse(page, status=404, headers={"Content-Language": language}))
        message = verdict_message(result)
        warning = copied_warning(result.scans, result.first_scan)
        if wants_json(request):
            return _headers(_json_response(_as_json(result, message, warning), status=200))
        html = genuine_page(result, message=message, warning=warning, language=language)
        return _headers(HttpResponse(html, headers={"Content-Language": language}))


def too_many(request: HttpRequest, retry_after: int) -> HttpResponse:
    with translation.override(request_language(request)):
        message = _("Bạn quét quá nhiều lần trong một phút. Hãy thử lại sau ít phút.")
    if wants_json(request):
        response = _json_response({"detail": message}, status=429)
    else:
        response = HttpResponse(message, status=429, content_type="text/plain; charset=utf-8")
    response.headers["Retry-After"] = str(retry_after)
    return _headers(response)


def _json_response(body: dict[str, Any], *, status: int) -> HttpResponse:
    return HttpResponse(
        json.dumps(body, ensure_ascii=False), status=status, content_type="application/json; charset=utf-8"
    )
