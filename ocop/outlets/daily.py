"""Sales points' part of the daily round (``ocop.portal.daily``): the notices of carried products that lost
their certificate, then of those whose certificate is about to expire (``ocop.outlets.lapses``)."""

import datetime

from ocop.outlets.lapses import notify_expiring, notify_lapses
from ocop.outlets.selectors import EXPIRY_NOTICE_DAYS


def lapses(today: datetime.date) -> list[str]:
    report = notify_lapses(today=today)
    return [
        f"Sales points: {report.lapsed} carried products without a valid certificate, "
        f"{report.notifications} notifications now"
    ]


def expiring(today: datetime.date) -> list[str]:
    report = notify_expiring(today=today)
    return [
        f"Sales points: {report.expiring} carried products whose certificate expires within "
        f"{EXPIRY_NOTICE_DAYS} days, {report.notifications} notifications now"
    ]
