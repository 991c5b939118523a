"""The API's rate limit, for django-ninja routers: ``Router(throttle=[ApiRateThrottle()])``.

Anonymous clients are counted by address (``ratelimit.client_address``) at
``NINJA_DEFAULT_THROTTLE_RATES["anon"]``, signed-in users by id at ``["user"]``, with the atomic
counters of ``ocop.core.ratelimit`` (ninja's own throttles keep a history in the cache, which concurrent
requests overwrite). One count per client across every router that uses the class. Refused requests get
ninja's answer: 429, ``{"detail": "Too many requests."}`` and ``Retry-After`` in seconds.
"""

import functools
import threading

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest
from ninja.throttling import BaseThrottle, SimpleRateThrottle

from ocop.core import ratelimit


@functools.cache
def parse_rate(rate: str) -> tuple[int, int]:
    """``"120/min"`` → (120, 60): ninja's rate syntax, parsed by ninja."""
    limit, window_seconds = SimpleRateThrottle(rate=rate).parse_rate(rate)
    if limit is None or window_seconds is None:
        raise ImproperlyConfigured(f"NINJA_DEFAULT_THROTTLE_RATES: no rate in {rate!r}")
    return limit, window_seconds


class ApiRateThrottle(BaseThrottle):
    def __init__(self) -> None:
        # ninja asks ``wait()`` after a refusal without the request: the refused key is kept per thread.
        self._refused = threading.local()

    def allow_request(self, request: HttpRequest) -> bool:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            scope, who = "user", str(user.pk)
        else:
            scope, who = "anon", ratelimit.client_address(request)
        limit, window_seconds = parse_rate(settings.NINJA_DEFAULT_THROTTLE_RATES[scope])
        key = f"api:{scope}:{who}"
        # Fails open: a broken counter must not close the open data (see ocop.core.ratelimit).
        allowed = ratelimit.hit(key, limit=limit, window_seconds=window_seconds, fail_open=True)
        self._refused.key = None if allowed else key
        return allowed

    def wait(self) -> float | None:
        key = getattr(self._refused, "key", None)
        return ratelimit.seconds_left(key) if key else None
