"""Counterfeit signals: what makes a genuine stamp, or a product's codes, look copied.

A real unit is scanned by a shopper in the shop, maybe again at home, by a relative: a handful of times,
in one place. A code photographed and printed on fake packages is scanned by every buyer of every fake,
wherever the fakes are sold; a code made up with altered serials is not the platform's at all, and shows
as a run of unknown serials under a product the platform knows. Past ``COPIED_AFTER_SCANS`` scans the
answer warns in words (contract §3's ``warning``); the same thresholds raise the alerts to the producer and
the province officers (``ocop.trace.alerts``), each signal once per stamp or product and day.

Every check runs where its evidence is written, and costs nothing on the common path of a scan: the scan
compares the count it already has with a constant, and only the crossing writes anything.
"""

import datetime
from collections import Counter

from django.utils import timezone
from django.utils.translation import gettext as _

from ocop.trace.alerts import alert_key, alert_raise
from ocop.trace.models import Alert, AlertKind, Batch, Scan, Stamp, UnknownScan
from ocop.trace.provinces import provinces_apart_km

# More scans than one unit plausibly gets in its life on a shelf and in a kitchen.
COPIED_AFTER_SCANS = 20
# One unit is not in two places farther apart than a bus ride of an afternoon: 300 km is more than the
# seats of neighbouring provinces lie apart (Hà Nội to Thanh Hóa is about 140 km, Huế to Đà Nẵng 80), so
# neighbours never raise it, and 6 hours is less than a coach takes for 300 km on Vietnamese roads.
FAR_APART_KM = 300
FAR_APART_WITHIN_HOURS = 6
# A shopper mistyping a serial, or a torn label, makes one or two unknown scans; more than 10 in an hour
# under one product is a batch of fake labels being scanned in a shop or a market.
UNKNOWN_BURST_SCANS = 10
UNKNOWN_BURST_WITHIN = datetime.timedelta(hours=1)


def copied_warning(scans: int, first_scan: datetime.datetime) -> str | None:
    if scans <= COPIED_AFTER_SCANS:
        return None
    return _(
        "Tem này đã được quét %(count)s lần từ %(day)s: một sản phẩm thật thường chỉ được quét vài lần. "
        "Tem có thể đã bị sao chép; hãy kiểm tra bao bì hoặc hỏi nơi bán."
    ) % {"count": scans, "day": f"{timezone.localtime(first_scan):%d/%m/%Y}"}


def many_scans_crossed(
    *, stamp_id: int, batch_id: int, product_id: int, scans: int, now: datetime.datetime
) -> Alert | None:
    """The scan that took a stamp past ``COPIED_AFTER_SCANS``: the caller calls only on the crossing."""
    return alert_raise(
        kind=AlertKind.MANY_SCANS,
        key=alert_key(AlertKind.MANY_SCANS, f"stamp-{stamp_id}", now),
        product_id=product_id,
        batch_id=batch_id,
        stamp_id=stamp_id,
        now=now,
        details={"scans": scans, "threshold": COPIED_AFTER_SCANS},
    )


def unknown_scans_check(*, product_id: int, now: datetime.datetime) -> Alert | None:
    """After an unknown serial of a known product was recorded: more than ``UNKNOWN_BURST_SCANS`` of them
    within ``UNKNOWN_BURST_WITHIN``? The count stops at one past the threshold, however many there are."""
    recent = UnknownScan.objects.filter(
        product_id=product_id, scanned_at__gt=now - UNKNOWN_BURST_WITHIN, scanned_at__lte=now
    )
    if recent.order_by()[: UNKNOWN_BURST_SCANS + 1].count() <= UNKNOWN_BURST_SCANS:
        return None
    key = alert_key(AlertKind.UNKNOWN_BURST, f"product-{product_id}", now)
    if Alert.objects.filter(key=key).exists():
        return None
    lots = Counter(recent.values_list("lot", flat=True))
    lot, _count = lots.most_common(1)[0]
    batch_id = Batch.objects.filter(product_id=product_id, lot=lot).values_list("pk", flat=True).first()
    return alert_raise(
        kind=AlertKind.UNKNOWN_BURST,
        key=key,
        product_id=product_id,
        batch_id=batch_id,
        now=now,
        details={
            "scans": sum(lots.values()),
            "threshold": UNKNOWN_BURST_SCANS,
            "lots": dict(lots.most_common(5)),
        },
    )


def far_apart_check(scan: Scan) -> Alert | None:
    """After a scan's place was recorded: was its stamp placed in a province more than ``FAR_APART_KM``
    away within ``FAR_APART_WITHIN_HOURS`` of it?"""
    if scan.province_code is None:
        return None
    window = datetime.timedelta(hours=FAR_APART_WITHIN_HOURS)
    others = (
        Scan.objects.filter(
            stamp_id=scan.stamp_id,
            province_code__isnull=False,
            scanned_at__gte=scan.scanned_at - window,
            scanned_at__lte=scan.scanned_at + window,
        )
        .exclude(pk=scan.pk)
        .values_list("province_code", "scanned_at")
    )
    province_code_here = scan.province_code
    apart = [
        (distance, province_code, scanned_at)
        for province_code, scanned_at in others
        if (distance := provinces_apart_km(province_code_here, province_code or 0) or 0) > FAR_APART_KM
    ]
    if not apart:
        return None
    distance, other_province, other_moment = max(apart)
    batch_id, product_id = Stamp.objects.filter(pk=scan.stamp_id).values_list(
        "batch_id", "batch__product_id"
    )[0]
    hours = abs((scan.scanned_at - other_moment).total_seconds()) / 3600
    return alert_raise(
        kind=AlertKind.FAR_APART,
        key=alert_key(AlertKind.FAR_APART, f"stamp-{scan.stamp_id}", scan.scanned_at),
        product_id=product_id,
        batch_id=batch_id,
        stamp_id=scan.stamp_id,
        province_code=scan.province_code,
        now=timezone.now(),
        details={
            "provinces": [other_province, scan.province_code],
            "distance_km": round(distance),
            "hours": round(hours, 1),
        },
    )
