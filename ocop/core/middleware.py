"""Request middleware of our own: body limits first, then compression, then the language."""

import re
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from django.middleware.gzip import GZipMiddleware
from django.template.defaultfilters import filesizeformat
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _

# What the client sent as its Content-Length is echoed in the error, cut to this length.
_SHOWN_HEADER_CHARACTERS = 40


def request_language(request: HttpRequest) -> str:
    """The language cookie's language if we have it, else Vietnamese; never the browser's choice."""
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    return chosen if chosen in {code for code, _name in settings.LANGUAGES} else settings.LANGUAGE_CODE


# Formats that are compressed already: gzip would spend the server's time to make them no smaller.
_COMPRESSED_TYPES = (
    "image/jpeg",
    "image/png",
    "image/webp",
    "image/gif",
    "application/zip",
    "application/vnd.openxmlformats",  # XLSX: a zip
)


class CompressionMiddleware(GZipMiddleware):
    """Pages, fragments, JSON and exports gzipped for clients that accept it (about 5 times smaller).

    Static files never get here: WhiteNoise, above in MIDDLEWARE, answers them from files compressed once at
    collectstatic. Uploaded images and spreadsheets, compressed formats already, go out as they are.

    BREACH (guessing a secret in a compressed page from its length, by making the page echo chosen text):
    the only secret our pages carry is the CSRF token, and Django masks it afresh in every response, so
    the bytes an attacker would match change each time; Django's GZipMiddleware also pads each answer with
    up to 100 random bytes ("Heal the Breach"). Session identifiers travel in cookies, which are never
    compressed.
    """

    def process_response(self, request: HttpRequest, response: HttpResponseBase) -> HttpResponseBase:
        if response.get("Content-Type", "").startswith(_COMPRESSED_TYPES):
            return response
        compressed: HttpResponseBase = super().process_response(request, response)
        return compressed


class LanguageMiddleware:
    """Vietnamese for everyone until they choose English with the language switch.

    Django's ``LocaleMiddleware`` follows the browser's ``Accept-Language``, so an official whose browser
    happens to be set to English would get the English site unasked. The platform is Vietnamese first:
    only the language cookie (set by the switch, ``/i18n/setlang/``) changes the language.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        language = request_language(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", language)
        return response


class BodyLimitMiddleware:
    """Refuses a request body larger than its address allows, by its Content-Length, before it is read.

    Django reads a body whole (into memory, or a temporary file for uploads) before any view can look at
    who sent it: a 300 MB body to an address that takes none cost a worker the upload before its 401.
    The limits are settings (``REQUEST_BODY_LIMITS``, else ``REQUEST_BODY_MAX_BYTES``): core knows no
    addresses of its own. 413 when the body is too large, 400 when Content-Length is not a number of
    bytes; JSON (``{"detail": …}``, the API's error shape) under /api/, a short page elsewhere. A body
    without Content-Length (chunked) is never read by Django, so it needs no check here.

    It runs right after ``SecurityMiddleware``, which reads no body, so that the refusal carries the
    same security headers (HSTS, nosniff, referrer policy) as any other answer.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.limits = [(re.compile(pattern), limit) for pattern, limit in settings.REQUEST_BODY_LIMITS]

    def limit_for(self, path: str) -> int:
        for pattern, limit in self.limits:
            if pattern.search(path):
                return limit
        return settings.REQUEST_BODY_MAX_BYTES

    def __call__(self, request: HttpRequest) -> HttpResponse:
        declared = request.META.get("CONTENT_LENGTH", "").strip()
        if not declared:
            return self.get_response(request)
        if not declared.isascii() or not declared.isdigit():
            return self.refuse(request, 400, malformed=declared[:_SHOWN_HEADER_CHARACTERS])
        limit = self.limit_for(request.path_info)
        if int(declared) > limit:
            return self.refuse(request, 413, size=int(declared), limit=limit)
        return self.get_response(request)

    def refuse(
        self, request: HttpRequest, status: int, *, malformed: str = "", size: int = 0, limit: int = 0
    ) -> HttpResponse:
        """The API's errors carry Vietnamese and English inline, as all its errors do; the page is in
        the visitor's language (``request_language``, as ``LanguageMiddleware`` would choose it)."""
        # The unread body is the server's to discard (gunicorn drains it without keeping it); an
        # application may not set Connection itself (PEP 3333, hop-by-hop).
        response: HttpResponse
        if request.path_info.startswith("/api/"):
            detail = _api_detail(status, malformed=malformed, size=size, limit=limit)
            response = JsonResponse(
                {"detail": detail}, status=status, content_type="application/json; charset=utf-8"
            )
            response["Content-Language"] = "vi"
            return response
        language = request_language(request)
        with translation.override(language):
            if status == 400:
                title = _("Yêu cầu không hợp lệ")
                message = _("Tiêu đề Content-Length phải là một số byte, không phải “%(value)s”.") % {
                    "value": malformed
                }
            else:
                title = _("Yêu cầu quá lớn")
                message = _("Nội dung gửi lên %(size)s, vượt giới hạn %(limit)s của địa chỉ này.") % {
                    "size": filesizeformat(size),
                    "limit": filesizeformat(limit),
                }
            page = render_to_string("core/request_refused.html", {"title": title, "message": message})
        response = HttpResponse(page, status=status)
        response["Content-Language"] = language
        patch_vary_headers(response, ("Cookie",))
        return response


def _api_detail(status: int, *, malformed: str, size: int, limit: int) -> str:
    if status == 400:
        return (
            f"Tiêu đề Content-Length phải là một số byte, không phải “{malformed}” "
            f"(Content-Length must be a number of bytes, not “{malformed}”)"
        )

    def in_language(language: str, amount: int) -> str:
        with translation.override(language):
            return str(filesizeformat(amount))

    return (
        f"Nội dung gửi lên {in_language('vi', size)}, vượt giới hạn {in_language('vi', limit)} của địa chỉ "
        f"này (the body of {in_language('en', size)} is over this address's limit of "
        f"{in_language('en', limit)})"
    )
