"""Rules that come from law, applied from the data in ``RuleSet`` and ``Classification``.

- Certificate validity (36 months under 1048/2019, 148/2023, 1489/2025 and 26/2026) and who recognises
  which rank are read from the rule set in force on the decision date, never from constants here.
- The deadlines around expiry (a re-evaluation dossier filed 180 to 120 days before it under 26/2026; the
  issuer's notice at least 30 days before it under 148/2023 and 1489/2025) are read from the rule set in
  force on the day they are applied: ``expiry_horizon_days``.
- Product set codes are those of Appendix I of 148/QĐ-TTg and 26/2026/QĐ-TTg, written with a Roman
  sector (``I.3.c``); the Arabic form (``1.3.c``) is accepted on input.
"""

import calendar
import datetime
import re
from functools import lru_cache

from ocop.registry.models import Classification, ProductSet, RuleSet

ROMAN_SECTORS = {1: "I", 2: "II", 3: "III", 4: "IV", 5: "V", 6: "VI"}
_ARABIC_BY_ROMAN = {roman: arabic for arabic, roman in ROMAN_SECTORS.items()}
_PRODUCT_SET_CODE = re.compile(r"^\s*([IVX]+|[1-6])\s*\.\s*([1-9])(?:\s*\.\s*([a-z]))?\s*$", re.IGNORECASE)


def add_months(day: datetime.date, months: int) -> datetime.date:
    """``day`` plus whole months; the 31st of a shorter month becomes its last day."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def normalise_product_set_code(raw: str) -> str | None:
    """``"1.3.c"`` or ``"i.3.C"`` → ``"I.3.c"``; ``None`` when it is not a product set code at all."""
    match = _PRODUCT_SET_CODE.match(raw)
    if not match:
        return None
    sector_part, group, letter = match.groups()
    sector_roman = sector_part.upper()
    if sector_part.isdigit():
        sector_roman = ROMAN_SECTORS[int(sector_part)]
    elif sector_roman not in _ARABIC_BY_ROMAN:
        return None
    return f"{sector_roman}.{group}" + (f".{letter.lower()}" if letter else "")


def sector_of_product_set_code(code: str) -> int:
    return _ARABIC_BY_ROMAN[code.split(".")[0]]


@lru_cache(maxsize=1)
def _rule_sets() -> tuple[RuleSet, ...]:
    return tuple(RuleSet.objects.select_related("classification").order_by("valid_from"))


def clear_caches() -> None:
    _rule_sets.cache_clear()
    product_sets_by_code.cache_clear()


def rule_set_on(day: datetime.date) -> RuleSet:
    """The rule set in force on ``day``; before the first one, the first one."""
    rule_sets = _rule_sets()
    in_force = [rule_set for rule_set in rule_sets if rule_set.valid_from <= day]
    return in_force[-1] if in_force else rule_sets[0]


def default_valid_until(decision_date: datetime.date, rule_set: RuleSet) -> datetime.date:
    """The last day a certificate is valid when the decision names none: the decision date plus N months.

    The recognitions contract says "decision_date + 36 months"; the end day is counted as valid.
    """
    return add_months(decision_date, rule_set.certificate_validity_months)


def expiry_horizon_days(rule_set: RuleSet) -> int | None:
    """How many days before its expiry a certificate needs an officer's attention under ``rule_set``.

    From the first day its re-evaluation dossier may be filed (26/2026: 180 days before), else from the
    latest day the issuer must tell the producer (148/2023, 1489/2025: 30 days before); ``None`` when the
    rule set sets neither deadline.
    """
    if rule_set.reevaluation_opens_days is not None:
        return rule_set.reevaluation_opens_days
    return rule_set.expiry_notice_days


def issuing_level(rule_set: RuleSet, stars: int) -> str:
    return str(rule_set.issuing_level_by_stars[str(stars)])


def highest_stars_issued_at(rule_set: RuleSet, level: str) -> int:
    """The highest rank ``level`` recognises under ``rule_set`` (26/2026: 4 for a province, 5 centrally)."""
    return max(int(stars) for stars, issuer in rule_set.issuing_level_by_stars.items() if issuer == level)


@lru_cache(maxsize=1)
def product_sets_by_code() -> dict[str, ProductSet]:
    """Product sets of the current classification (148/2023, kept by 26/2026), by code."""
    product_sets = ProductSet.objects.filter(classification__code=CURRENT_CLASSIFICATION)
    return {product_set.code: product_set for product_set in product_sets}


CURRENT_CLASSIFICATION = "qd-148-2023"


def current_classification() -> Classification:
    return Classification.objects.get(code=CURRENT_CLASSIFICATION)
