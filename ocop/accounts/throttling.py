"""Sign-in throttling: failed attempts counted per e-mail address and per client address.

Applied by the authentication backend (``ocop.accounts.backends``), so every way to sign in goes through
it. After ``LOGIN_FAILURE_LIMIT`` failures for one address within ``LOGIN_FAILURE_WINDOW_SECONDS``, every
attempt is refused, even with the right password, until the window passes. A successful sign-in clears
the e-mail counter but not the client counter, so one good account does not unlock guessing at others.

A call without a request (a management command, the shell, the test client's ``login``) has no client
address; it counts as one address of its own, so it can lock out only other calls without a request.
"""

import hashlib

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext as _

from ocop.accounts.models import normalised_email
from ocop.core import ratelimit

WITHOUT_REQUEST = "without-request"


def _keys(email: str, request: HttpRequest | None) -> tuple[str, str]:
    # Hashed, so the cache never holds e-mail addresses and keys stay short and safe for any backend.
    email_digest = hashlib.sha256(normalised_email(email).encode()).hexdigest()
    address = ratelimit.client_address(request) if request is not None else WITHOUT_REQUEST
    return f"login:email:{email_digest}", f"login:client:{address}"


def sign_in_refused(email: str, request: HttpRequest | None) -> bool:
    """Whether the e-mail address or the client has used up its failures for this window.

    Two attempts racing past this check can each add one more guess; the counters themselves are atomic.
    """
    return any(ratelimit.count(key) >= settings.LOGIN_FAILURE_LIMIT for key in _keys(email, request))


def sign_in_failed(email: str, request: HttpRequest | None) -> None:
    for key in _keys(email, request):
        ratelimit.hit(
            key, limit=settings.LOGIN_FAILURE_LIMIT, window_seconds=settings.LOGIN_FAILURE_WINDOW_SECONDS
        )


def sign_in_succeeded(email: str, request: HttpRequest | None) -> None:
    email_key, _client_key = _keys(email, request)
    ratelimit.reset(email_key)


def refusal_message() -> str:
    minutes = max(1, -(-settings.LOGIN_FAILURE_WINDOW_SECONDS // 60))
    return _("Đăng nhập không thành công quá nhiều lần. Vui lòng thử lại sau %(minutes)d phút.") % {
        "minutes": minutes
    }
