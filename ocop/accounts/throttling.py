"""Sign-in throttling: failed attempts counted per e-mail address and per client address.

After ``LOGIN_FAILURE_LIMIT`` failures for one address within ``LOGIN_FAILURE_WINDOW_SECONDS``, every
attempt is refused, even with the right password, until the window passes. A successful sign-in clears
the e-mail counter but not the client counter, so one good account does not unlock guessing at others.
"""

import hashlib

from django.conf import settings
from django.http import HttpRequest

from ocop.core import ratelimit


def _keys(email: str, request: HttpRequest) -> tuple[str, str]:
    # Hashed, so the cache never holds e-mail addresses and keys stay short and safe for any backend.
    email_digest = hashlib.sha256(email.strip().lower().encode()).hexdigest()
    return f"login:email:{email_digest}", f"login:client:{ratelimit.client_address(request)}"


def sign_in_refused(email: str, request: HttpRequest) -> bool:
    """Whether the e-mail address or the client has used up its failures for this window.

    Two attempts racing past this check can each add one more guess; the counters themselves are atomic.
    """
    return any(ratelimit.count(key) >= settings.LOGIN_FAILURE_LIMIT for key in _keys(email, request))


def sign_in_failed(email: str, request: HttpRequest) -> None:
    for key in _keys(email, request):
        ratelimit.hit(
            key, limit=settings.LOGIN_FAILURE_LIMIT, window_seconds=settings.LOGIN_FAILURE_WINDOW_SECONDS
        )


def sign_in_succeeded(email: str, request: HttpRequest) -> None:
    email_key, _client_key = _keys(email, request)
    ratelimit.reset(email_key)


def window_minutes() -> int:
    return max(1, -(-settings.LOGIN_FAILURE_WINDOW_SECONDS // 60))
