"""Scans answered before the rest of the request path.

Placed right after WhiteNoise in ``MIDDLEWARE``: a stamp URI is answered by ``ocop.trace.scan`` with
the security headers of ``SecurityMiddleware`` (above it) and those ``scan_pages`` sets, and without
sessions, authentication, CSRF or messages, which a scan does not use and which cost more than the scan
itself. Every other path, ``/01/{gtin}`` and ``/01/{gtin}/10/{lot}`` among them, goes on to the views.
"""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from ocop.core import ratelimit
from ocop.trace.links import stamp_path_parse
from ocop.trace.scan import scan_record
from ocop.trace.scan_pages import scan_answer, too_many

_PREFIXES = ("/01/", "/p/")
_WINDOW_SECONDS = 60


class ScanMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        path = request.path_info
        if not path.startswith(_PREFIXES) or request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        stamp_path = stamp_path_parse(path)
        if stamp_path is None:
            return self.get_response(request)
        limit = settings.SCAN_RATE
        if limit > 0:
            key = f"scan:{ratelimit.client_address(request)}"
            if not ratelimit.hit(key, limit=limit, window_seconds=_WINDOW_SECONDS, fail_open=True):
                return too_many(request, max(1, int(ratelimit.seconds_left(key))))
        # A HEAD (a link preview, a checker) reads the answer without counting a scan.
        result = scan_record(stamp_path, now=timezone.now(), record=request.method == "GET")
        return scan_answer(request, result)
