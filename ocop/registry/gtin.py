"""The one GTIN rule of the platform: the officer's product form and the recognitions import both read
a GTIN through ``gtin_normalise``, so neither can accept what the other refuses.

A GTIN (GS1 General Specifications §3.3.2) is 8, 12, 13 or 14 digits whose last is the GS1 check digit of
the others. The product keeps the 14-digit form (GTIN-8/12/13 left-padded with zeros, which leaves the
check digit as it was): the stamps contract writes GTINs as 14 digits (``/01/{gtin14}``), so the
traceability resolver finds a product by one index lookup on the value it reads from the stamp, whatever
length the producer first wrote.
"""

from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

GTIN_LENGTHS = (8, 12, 13, 14)


class GtinError(ValueError):
    """Why a text is not a GTIN: in the active language (Vietnamese first) by ``str()``, in English by
    ``english``, for the import's messages, which say both."""

    def __init__(self, template: Promise, *, english: str, **values: Any) -> None:
        super().__init__(english)
        self.template = template
        self.values = values
        self.english = english

    def __str__(self) -> str:
        return str(self.template) % self.values


def gs1_check_digit(digits: str) -> int:
    """The GS1 check digit of ``digits`` (weights 3, 1, 3… from the right)."""
    total = sum(int(digit) * (3 if index % 2 == 0 else 1) for index, digit in enumerate(reversed(digits)))
    return (10 - total % 10) % 10


def gtin_normalise(text: str) -> str:
    """The 14-digit form of the GTIN ``text`` (spaces around it ignored); ``GtinError`` says what is wrong."""
    gtin = text.strip()
    # isascii too: str.isdigit() accepts other scripts' digits (and ², ①), which int() or GS1 do not.
    if not (gtin.isascii() and gtin.isdigit()):
        raise GtinError(_("Mã GTIN chỉ gồm các chữ số."), english="a GTIN is digits only")
    if len(gtin) not in GTIN_LENGTHS:
        raise GtinError(
            _("Mã GTIN gồm 8, 12, 13 hoặc 14 chữ số, mã này có %(count)s chữ số."),
            english=f"a GTIN has 8, 12, 13 or 14 digits, this one has {len(gtin)}",
            count=len(gtin),
        )
    expected = gs1_check_digit(gtin[:-1])
    if expected != int(gtin[-1]):
        raise GtinError(
            _("Số kiểm tra của mã GTIN không đúng: chữ số cuối phải là %(expected)s, không phải %(given)s."),
            english=f"wrong check digit: the last digit should be {expected}, not {gtin[-1]}",
            expected=expected,
            given=gtin[-1],
        )
    return gtin.zfill(14)
