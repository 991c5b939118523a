"""Stamp serials and the GS1 Digital Link URIs of ``../shared/contracts/stamps.md`` §1, written and read
in this one place.

- ``/01/{gtin14}/10/{lot}/21/{serial}`` for a product with a GTIN, ``/p/{product code}/10/{lot}/21/{serial}``
  for one without, on ``settings.OCOP_DOMAIN`` (``http://`` while ``DEBUG`` is on or the site itself is
  served over plain HTTP, as ``make run`` does on 127.0.0.1).
- A serial is 72 bits from ``secrets`` written as 12 characters of ``A–Z a–z 0–9 - _`` (base64url, the
  alphabet GS1 allows in application identifier 21): never sequential, never derivable from another one.
  Guessing one among ten million stamps succeeds once in about 4.7 × 10^14 tries.
"""

import base64
import re
import secrets
from dataclasses import dataclass
from urllib.parse import quote, unquote

from django.conf import settings

SERIAL_BYTES = 9  # 72 bits; the contract asks for at least 64
SERIAL_LENGTH = 12  # base64 of 9 bytes: 4 characters for every 3 bytes, no padding
SERIAL_PATTERN = r"[A-Za-z0-9_-]{1,20}"
LOT_MAX_LENGTH = 20
# The lot is percent-encoded in the path: at most three characters for each of its 20.
_STAMP_PATH = re.compile(
    r"^/(?:01/(?P<gtin>[0-9]{14})|p/(?P<code>[^/]{1,40}))"
    r"/10/(?P<lot>[^/]{1,60})/21/(?P<serial>" + SERIAL_PATTERN + r")/?$"
)


def new_serial() -> str:
    return new_serials(1)[0]


def new_serials(count: int) -> list[str]:
    """``count`` serials from one draw of the system's random source.

    A million ``token_urlsafe`` calls took 6.6 s on a busy machine, this 0.4 to 0.9 s: 9 bytes are exactly
    12 base64 characters, so the encoding of all the bytes at once cuts into the serials unchanged.
    """
    text = base64.urlsafe_b64encode(secrets.token_bytes(SERIAL_BYTES * count)).decode("ascii")
    return [text[start : start + SERIAL_LENGTH] for start in range(0, len(text), SERIAL_LENGTH)]


@dataclass(frozen=True)
class StampPath:
    """What a stamp URI names: the product (by GTIN or by OCOP code), the lot and the serial."""

    gtin: str
    code: str
    lot: str
    serial: str


def stamp_path_parse(path: str) -> StampPath | None:
    """The parts of a stamp URI's path, or ``None`` when it is not one (then it is for the other views)."""
    found = _STAMP_PATH.match(path)
    if found is None:
        return None
    try:
        lot = unquote(found["lot"], errors="strict")
        code = unquote(found["code"] or "", errors="strict")
    except UnicodeDecodeError:  # a percent-escape that is not UTF-8: no stamp was ever written so
        return None
    if len(lot) > LOT_MAX_LENGTH:
        return None
    return StampPath(gtin=found["gtin"] or "", code=code, lot=lot, serial=found["serial"])


def product_path(*, gtin: str, code: str) -> str:
    return f"/01/{gtin}" if gtin else f"/p/{quote(code, safe='')}"


def batch_path(*, gtin: str, code: str, lot: str) -> str:
    return f"{product_path(gtin=gtin, code=code)}/10/{quote(lot, safe='')}"


def stamp_path(*, gtin: str, code: str, lot: str, serial: str) -> str:
    return f"{batch_path(gtin=gtin, code=code, lot=lot)}/21/{serial}"


def origin() -> str:
    """``scheme://domain`` of the stamps (contract §1)."""
    domain = settings.OCOP_DOMAIN
    plain = settings.DEBUG or (settings.SITE_URL.startswith("http://") and domain in settings.SITE_URL)
    return f"{'http' if plain else 'https'}://{domain}"


def stamp_uri(*, gtin: str, code: str, lot: str, serial: str) -> str:
    return origin() + stamp_path(gtin=gtin, code=code, lot=lot, serial=serial)
