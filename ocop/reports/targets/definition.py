"""What a target is, read from text and checked: the one check behind the CSV import, the officers' form
and anything else that makes targets (contract ``targets.md`` §2).

Every column is checked and every fault named by its column (the CSV header's names: ``scope``, ``from``,
``to``, ``metric``, ``min_stars``, ``step``, ``cohort_from``, ``cohort_to``, ``min``, ``max``, ``decision``,
``label``), with a message in Vietnamese and English, so the same words reach the command line, the import
report and the form.
"""

import datetime
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from ocop.geo.models import Scheme
from ocop.reports.flows import STEPS
from ocop.reports.models import SHARE_METRICS, Metric, Target
from ocop.reports.selectors import StatisticsQueryError, StatisticsScope, statistics_scope

COLUMNS = (
    "scope",
    "from",
    "to",
    "metric",
    "min_stars",
    "step",
    "cohort_from",
    "cohort_to",
    "min",
    "max",
    "decision",
    "label",
)
REQUIRED_COLUMNS = ("scope", "from", "to", "metric", "min", "decision", "label")
DEFAULT_MIN_STARS = 3
STAR_CHOICES = (3, 4, 5)
TEXT_LENGTH = 300  # of ``decision`` and ``label``
# The largest figure the columns hold (14 digits, 4 after the point).
_LARGEST = Decimal("9999999999.9999")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_SCOPE = re.compile(r"^(province|legacy_province):(\d{1,9})$")


@dataclass(frozen=True)
class TargetDefinition:
    """A target's every field, checked; ``identity`` is what contract §2 identifies it by."""

    scope: StatisticsScope
    date_from: datetime.date
    date_to: datetime.date
    metric: Metric
    min_stars: int | None
    step: str  # "" when the metric is not narrowed by a step
    cohort_from: datetime.date | None
    cohort_to: datetime.date | None
    target_min: Decimal
    target_max: Decimal | None
    decision: str
    label: str

    @property
    def identity(self) -> str:
        return "|".join(
            (
                scope_text(self.scope),
                self.date_from.isoformat(),
                self.date_to.isoformat(),
                self.metric,
                str(self.min_stars or ""),
                self.step,
                self.cohort_from.isoformat() if self.cohort_from else "",
                self.cohort_to.isoformat() if self.cohort_to else "",
                self.label,
            )
        )

    def fields(self) -> dict[str, object]:
        """The model's fields, as ``Target`` stores them."""
        return {
            "identity": self.identity,
            "scheme": self.scope.scheme,
            "province": self.scope.province,
            "date_from": self.date_from,
            "date_to": self.date_to,
            "metric": self.metric,
            "min_stars": self.min_stars,
            "step": self.step,
            "cohort_from": self.cohort_from,
            "cohort_to": self.cohort_to,
            "target_min": self.target_min,
            "target_max": self.target_max,
            "decision": self.decision,
            "label": self.label,
        }


class InvalidTargetError(ValueError):
    """The faults of a target's text, by column, in the order of ``COLUMNS``."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(f"{column}: {message}" for column, message in errors.items()))
        self.errors = errors


def scope_text(scope: StatisticsScope) -> str:
    """``national``, ``province:51`` or ``legacy_province:51``: how the CSV writes a scope."""
    if scope.province is None:
        return "national"
    kind = "province" if scope.scheme == Scheme.CURRENT else "legacy_province"
    return f"{kind}:{scope.province.code}"


def target_text(target: Target) -> dict[str, str]:
    """A stored target as the text of a CSV row (and of the form): ``definition_from_text`` reads it back."""
    return {
        "scope": scope_text(target_scope(target)),
        "from": target.date_from.isoformat(),
        "to": target.date_to.isoformat(),
        "metric": target.metric,
        "min_stars": str(target.min_stars or ""),
        "step": target.step,
        "cohort_from": target.cohort_from.isoformat() if target.cohort_from else "",
        "cohort_to": target.cohort_to.isoformat() if target.cohort_to else "",
        "min": number_text(target.target_min),
        "max": number_text(target.target_max) if target.target_max is not None else "",
        "decision": target.decision,
        "label": target.label,
    }


def target_scope(target: Target) -> StatisticsScope:
    return StatisticsScope(target.scheme, target.province)


def number_text(value: Decimal) -> str:
    """``200`` for 200.0000, ``0.15`` for 0.1500: the number as a person wrote it."""
    text = format(value.normalize(), "f")
    return text


def definition_from_text(
    values: Mapping[str, str],
    *,
    scope_of: Callable[[str], StatisticsScope] | None = None,
) -> TargetDefinition:
    """The target ``values`` describe (text by column name; a missing column reads as empty), or
    ``InvalidTargetError`` naming every column at fault. ``scope_of`` reads a scope's text (``read_scope`` by
    default; an import passes one that remembers the provinces it has read)."""
    text = {column: (values.get(column) or "").strip() for column in COLUMNS}
    errors: dict[str, str] = {}
    for column in REQUIRED_COLUMNS:
        if not text[column]:
            errors[column] = "bắt buộc (required)"

    def checked[T](column: str, read: Callable[[str], T]) -> T | None:
        if column in errors or not text[column]:
            return None
        try:
            return read(text[column])
        except ValueError as error:
            errors[column] = str(error)
            return None

    scope = checked("scope", scope_of or read_scope)
    date_from = checked("from", _date)
    date_to = checked("to", _date)
    metric = checked("metric", _metric)
    min_stars = checked("min_stars", _stars)
    step = checked("step", _step)
    cohort_from = checked("cohort_from", _date)
    cohort_to = checked("cohort_to", _date)
    target_min = checked("min", _number)
    target_max = checked("max", _number)
    for column in ("decision", "label"):
        if len(text[column]) > TEXT_LENGTH:
            errors[column] = f"dài quá {TEXT_LENGTH} ký tự (longer than {TEXT_LENGTH} characters)"

    if date_from and date_to and date_to < date_from:
        errors["to"] = (
            f"kỳ kết thúc ({date_to}) trước khi bắt đầu ({date_from}) (the period ends before it starts)"
        )
    if cohort_from and cohort_to and cohort_to < cohort_from:
        errors["cohort_to"] = (
            f"nhóm kết thúc ({cohort_to}) trước khi bắt đầu ({cohort_from}) "
            f"(the cohort ends before it starts)"
        )
    if metric is not None:
        _check_narrowing(metric, text, errors)
        if metric in SHARE_METRICS:
            for column, value in (("min", target_min), ("max", target_max)):
                if value is not None and value > 1 and column not in errors:
                    errors[column] = (
                        f"{number_text(value)} là tỷ lệ lớn hơn 1; hãy viết 15% là 0.15 "
                        f"(a share above 1; write 15% as 0.15)"
                    )
        elif metric != Metric.MANUAL:
            for column, value in (("min", target_min), ("max", target_max)):
                if value is not None and value != value.to_integral_value() and column not in errors:
                    errors[column] = (
                        f"{number_text(value)} không phải số nguyên: chỉ tiêu {metric} đếm sản phẩm "
                        f"(not a whole number: metric {metric} counts products)"
                    )
    if target_min is not None and target_max is not None and target_max < target_min:
        errors.setdefault(
            "min",
            f"min ({number_text(target_min)}) lớn hơn max ({number_text(target_max)}) (min is above max)",
        )
    # A required value left None has its error already: the second half only tells the type checker.
    if (
        errors
        or scope is None
        or date_from is None
        or date_to is None
        or metric is None
        or target_min is None
    ):
        raise InvalidTargetError({column: errors[column] for column in COLUMNS if column in errors})
    if metric == Metric.NEW and min_stars is None:
        min_stars = DEFAULT_MIN_STARS
    return TargetDefinition(
        scope=scope,
        date_from=date_from,
        date_to=date_to,
        metric=metric,
        min_stars=min_stars,
        step=step or "",
        cohort_from=cohort_from,
        cohort_to=cohort_to,
        target_min=target_min,
        target_max=target_max,
        decision=text["decision"],
        label=text["label"],
    )


def read_scope(text: str) -> StatisticsScope:
    """``national``, ``province:N`` (a current province) or ``legacy_province:N`` (one before 1/7/2025)."""
    if text == "national":
        return StatisticsScope(Scheme.CURRENT)
    match = _SCOPE.match(text)
    if match is None:
        raise ValueError(
            f"'{text}' không phải phạm vi hợp lệ; viết national, province:51 hoặc legacy_province:51 "
            f"(not a scope: national, province:CODE or legacy_province:CODE)"
        )
    kind, code = match.group(1), int(match.group(2))
    try:
        if kind == "province":
            return statistics_scope(province=code)
        return statistics_scope(legacy_province=code)
    except StatisticsQueryError:
        described = "tỉnh hiện hành" if kind == "province" else "tỉnh trước 1/7/2025"
        english = "current province" if kind == "province" else "province before 1/7/2025"
        raise ValueError(f"không có {described} mã {code} (no {english} with code {code})") from None


def _check_narrowing(metric: Metric, text: dict[str, str], errors: dict[str, str]) -> None:
    """The narrowing columns a metric takes, and only those."""
    takes = {
        "min_stars": metric == Metric.NEW,
        "step": metric == Metric.UPGRADED,
        "cohort_from": metric == Metric.KEPT_SHARE,
        "cohort_to": metric == Metric.KEPT_SHARE,
    }
    for column, taken in takes.items():
        if text[column] and not taken and column not in errors:
            errors[column] = (
                f"chỉ tiêu {metric} không dùng cột {column}; để trống "
                f"(metric {metric} takes no {column}; leave it empty)"
            )
    if metric == Metric.KEPT_SHARE:
        for column in ("cohort_from", "cohort_to"):
            if not text[column]:
                errors.setdefault(column, "bắt buộc với chỉ tiêu kept_share (required for metric kept_share)")


def _date(text: str) -> datetime.date:
    try:
        if not _ISO_DATE.match(text):
            raise ValueError
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"'{text}' không phải ngày dạng YYYY-MM-DD (not a date as YYYY-MM-DD)") from None


def _metric(text: str) -> Metric:
    if text not in Metric.values:
        raise ValueError(
            f"không có chỉ tiêu '{text}'; dùng một trong {', '.join(Metric.values)} "
            f"(unknown metric; use one of these)"
        )
    return Metric(text)


def _stars(text: str) -> int:
    if not text.isascii() or not text.isdigit() or int(text) not in STAR_CHOICES:
        raise ValueError(f"'{text}' không phải 3, 4 hay 5 (min_stars is 3, 4 or 5)")
    return int(text)


def _step(text: str) -> str:
    normalised = text.replace("->", "→").replace(" ", "")
    if normalised not in STEPS:
        raise ValueError(
            f"không có bước nâng hạng '{text}'; dùng {', '.join(STEPS)} (unknown step; use one of these)"
        )
    return normalised


def _number(text: str) -> Decimal:
    try:
        value = Decimal(text.replace(" ", ""))
    except InvalidOperation:
        value = None
    if value is None or not value.is_finite():
        raise ValueError(f"'{text}' không phải số; dấu thập phân là dấu chấm (not a number; use a point)")
    if value < 0:
        raise ValueError(f"{text} là số âm (a negative number)")
    if value > _LARGEST or value != value.quantize(Decimal("0.0001")):
        raise ValueError(f"{text} quá lớn hoặc quá 4 chữ số thập phân (too large, or more than 4 decimals)")
    return value
