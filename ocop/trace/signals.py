"""Counterfeit signals: what makes a genuine stamp look copied.

A real unit is scanned by a shopper in the shop, maybe again at home, by a relative: a handful of times.
A code photographed and printed on fake packages is scanned by every buyer of every fake. Past
``COPIED_AFTER_SCANS`` scans the answer warns in words (contract §3's ``warning``); the alerts to the
producer and the province officer come from the same thresholds.
"""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

# More scans than one unit plausibly gets in its life on a shelf and in a kitchen.
COPIED_AFTER_SCANS = 20


def copied_warning(scans: int, first_scan: datetime.datetime) -> str | None:
    if scans <= COPIED_AFTER_SCANS:
        return None
    return _(
        "Tem này đã được quét %(count)s lần từ %(day)s: một sản phẩm thật thường chỉ được quét vài lần. "
        "Tem có thể đã bị sao chép; hãy kiểm tra bao bì hoặc hỏi nơi bán."
    ) % {"count": scans, "day": f"{timezone.localtime(first_scan):%d/%m/%Y}"}
