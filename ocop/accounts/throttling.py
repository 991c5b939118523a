"""Sign-in throttling: one rule for every way to sign in, applied by the authentication backend.

Failed attempts are counted in three fixed windows of ``LOGIN_FAILURE_WINDOW_SECONDS`` (15 minutes):

- per account and client address, ``LOGIN_FAILURE_LIMIT`` (5): locks that account from that address
  only. Five is room for a mistyped or half-remembered password, and the lockout falls on the person who
  made the mistakes, not on the province office behind the same NAT.
- per account from all addresses, ``LOGIN_ACCOUNT_FAILURE_LIMIT`` (20): stops one guesser spreading over
  many addresses at 20 guesses per window, under 2,000 a day against passwords of ten characters or more
  that are not common ones. Four addresses' worth of lockouts, so the owner's own mistakes never reach
  it; someone naming an officer from elsewhere can lock that one account for a window, nobody else's.
- per client address for all accounts, ``LOGIN_ADDRESS_FAILURE_LIMIT`` (100): a province office has a few
  dozen staff, so a hundred failures in a window from one address is not mistyping but one address trying
  a password on many accounts.

An attempt is refused while any of its three counters has reached its limit, even with the right
password, without checking the password. Only failures count, unknown e-mail addresses like known ones
(or a refusal would tell which accounts exist). A success clears the pair counter only: a right password
unlocks neither guessing at the account from elsewhere nor guessing at other accounts from this address.

A call without a request (a management command, the shell, the test client's ``login``) has no client
address; it counts as one address of its own, so its failures count against the account like any other
and can lock out only other calls without a request, never a client.

The client address is ``ratelimit.client_address``: behind a proxy, ``NUM_PROXIES`` must be set or every
client has the proxy's address and shares its address-wide counter.
"""

import hashlib
from typing import NamedTuple

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext as _

from ocop.accounts.models import normalised_email
from ocop.core import ratelimit

WITHOUT_REQUEST = "without-request"


class _Counter(NamedTuple):
    key: str
    limit: int


def _digest(value: str) -> str:
    # Hashed, so the counter store never holds e-mail addresses, and keys stay short and safe for any
    # store whatever a forwarded address header holds.
    return hashlib.sha256(value.encode()).hexdigest()[:32]


def _counters(email: str, request: HttpRequest | None) -> tuple[_Counter, _Counter, _Counter]:
    account = _digest(normalised_email(email))
    address = _digest(ratelimit.client_address(request) if request is not None else WITHOUT_REQUEST)
    return (
        _Counter(f"login:pair:{account}:{address}", settings.LOGIN_FAILURE_LIMIT),
        _Counter(f"login:account:{account}", settings.LOGIN_ACCOUNT_FAILURE_LIMIT),
        _Counter(f"login:address:{address}", settings.LOGIN_ADDRESS_FAILURE_LIMIT),
    )


def sign_in_refused(email: str, request: HttpRequest | None) -> bool:
    """Whether the account, the address or the pair of them has used up its failures for this window.

    Two attempts racing past this check can each add one more guess; the counters themselves are atomic.
    """
    return any(ratelimit.count(counter.key) >= counter.limit for counter in _counters(email, request))


def sign_in_failed(email: str, request: HttpRequest | None) -> None:
    for counter in _counters(email, request):
        ratelimit.hit(counter.key, limit=counter.limit, window_seconds=settings.LOGIN_FAILURE_WINDOW_SECONDS)


def sign_in_succeeded(email: str, request: HttpRequest | None) -> None:
    pair, _account, _address = _counters(email, request)
    ratelimit.reset(pair.key)


def refusal_message() -> str:
    minutes = max(1, -(-settings.LOGIN_FAILURE_WINDOW_SECONDS // 60))
    return _("Đăng nhập không thành công quá nhiều lần. Vui lòng thử lại sau %(minutes)d phút.") % {
        "minutes": minutes
    }


# --- Password reset requests


def password_reset_allowed(email: str, request: HttpRequest) -> bool:
    """Count one reset request; ``False`` once this e-mail address has been asked for
    ``PASSWORD_RESET_ACCOUNT_LIMIT`` times, or this client has asked ``PASSWORD_RESET_ADDRESS_LIMIT``
    times, within ``PASSWORD_RESET_WINDOW_SECONDS`` (an hour).

    Every request counts, for addresses with and without an account alike (or the refusal would tell
    which exist). Both counters move on every request, so a client refused for one address keeps using
    up its own allowance. A broken counter store refuses (as sign-in does): an outage of the reset page
    is better than an open door to flood officers' mailboxes.
    """
    account = _digest(normalised_email(email))
    address = _digest(ratelimit.client_address(request))
    window = settings.PASSWORD_RESET_WINDOW_SECONDS
    by_account = ratelimit.hit(
        f"password-reset:account:{account}",
        limit=settings.PASSWORD_RESET_ACCOUNT_LIMIT,
        window_seconds=window,
    )
    by_address = ratelimit.hit(
        f"password-reset:address:{address}",
        limit=settings.PASSWORD_RESET_ADDRESS_LIMIT,
        window_seconds=window,
    )
    return by_account and by_address


def password_reset_refusal_message() -> str:
    minutes = max(1, -(-settings.PASSWORD_RESET_WINDOW_SECONDS // 60))
    return _("Đã có quá nhiều yêu cầu đặt lại mật khẩu. Vui lòng thử lại sau %(minutes)d phút.") % {
        "minutes": minutes
    }
