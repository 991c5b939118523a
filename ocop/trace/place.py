"""The coarse place of a scan, given with consent: a tenth of a degree (about 11 km) and a province.

The scan page offers a button; only a click asks the phone for its position, the browser rounds it to a
tenth of a degree before it leaves the phone (``static/trace/place.js``), and ``coarse_position`` rounds it
again, so nothing finer is ever stored whatever a client sends. The province is the nearest by
``ocop.trace.provinces``. The scan page carries no session, so the post proves it comes from the page of
that scan with a token: the scan's id signed with the site's key, good for ``TOKEN_MAX_AGE_SECONDS``.
"""

import math
from decimal import ROUND_HALF_UP, Decimal

from django.core import signing
from django.db import transaction

from ocop.trace import signals
from ocop.trace.models import Scan
from ocop.trace.provinces import nearest_province

TOKEN_MAX_AGE_SECONDS = 10 * 60
_SALT = "ocop.trace.place"
_TENTH = Decimal("0.1")


def place_token(scan_id: int) -> str:
    """What the scan page hands the browser to post its place with: an HMAC, microseconds to make."""
    return signing.TimestampSigner(salt=_SALT).sign(str(scan_id))


def place_token_scan_id(token: str) -> int | None:
    """The scan a token was made for, or ``None`` when it is forged, altered or older than 10 minutes."""
    try:
        value = signing.TimestampSigner(salt=_SALT).unsign(token, max_age=TOKEN_MAX_AGE_SECONDS)
    except signing.BadSignature:  # SignatureExpired is one
        return None
    return int(value) if value.isdigit() else None


class PlaceError(ValueError):
    """A latitude or longitude that is not one."""


def coarse_position(latitude: str, longitude: str) -> tuple[Decimal, Decimal]:
    """The posted position in tenths of a degree; ``PlaceError`` for anything else."""
    try:
        values = float(latitude), float(longitude)
    except ValueError as error:
        raise PlaceError("not a number") from error
    if not all(math.isfinite(value) for value in values):
        raise PlaceError("not a number")
    if not (-90 <= values[0] <= 90 and -180 <= values[1] <= 180):
        raise PlaceError("out of range")
    return _tenths(values[0]), _tenths(values[1])


def _tenths(value: float) -> Decimal:
    return Decimal(repr(value)).quantize(_TENTH, rounding=ROUND_HALF_UP)


@transaction.atomic
def scan_place_record(*, scan_id: int, latitude: Decimal, longitude: Decimal) -> Scan | None:
    """Record the coarse place of scan ``scan_id`` once (a second post changes nothing), then look for a
    copy of its stamp seen far away (``signals.far_apart_check``); the scan, or ``None`` when there is none.

    Not audited: a shopper's consent is not a decision anyone answers for, and the scan row itself says
    what was given."""
    province_code = nearest_province(float(latitude), float(longitude))
    placed = Scan.objects.filter(pk=scan_id, latitude=None, longitude=None).update(
        latitude=latitude, longitude=longitude, province_code=province_code
    )
    scan = Scan.objects.filter(pk=scan_id).first()
    if scan is not None and placed:
        signals.far_apart_check(scan)
    return scan
