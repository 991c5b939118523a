"""The rules of rounds and councils as data (``data/councils.json``, keyed by the decision that sets them),
and the arithmetic a council's score is made of.

Decision 26/2026/QĐ-TTg (DOMAIN.md, "Who evaluates"): provinces hold rounds closing by 30/6 and 30/12, the
Ministry by 30/3 and 30/9. A session closes with a quorum (a share of the members present, the chair among
them) and the council's score is the members' mean per criterion, two decimals, rounded half up; a spread
between members' totals above the allowed limit flags the dossier for discussion and re-scoring. Points
become stars only in ``ocop.evaluation.scoring``.
"""

import datetime
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from pathlib import Path

from ocop.evaluation.scoring import Points

RULES_FILE = Path(__file__).resolve().parent / "data" / "councils.json"
CURRENT_DECISION = "26/2026/QĐ-TTg"
CENT = Decimal("0.01")


@dataclass(frozen=True)
class CouncilRules:
    decision: str
    round_closing: Mapping[str, tuple[tuple[int, int], ...]]  # level -> ((month, day), ...)
    quorum_share: Decimal
    chair_required: bool
    allowed_spread: Decimal


@cache
def rules(decision: str = CURRENT_DECISION) -> CouncilRules:
    entry = json.loads(RULES_FILE.read_text(encoding="utf-8"))["decisions"][decision]
    return CouncilRules(
        decision=decision,
        round_closing={
            level: tuple(sorted((int(day[:2]), int(day[3:])) for day in days))
            for level, days in entry["round_closing"].items()
        },
        quorum_share=Decimal(entry["quorum_share"]),
        chair_required=bool(entry["chair_required"]),
        allowed_spread=Decimal(entry["allowed_spread"]),
    )


def next_closing_date(level: str, today: datetime.date, rule: CouncilRules | None = None) -> datetime.date:
    """The first closing day of ``level``'s rounds on or after ``today`` (30/6 on 1/7 gives 30/12)."""
    closing = (rule or rules()).round_closing[level]
    for year in (today.year, today.year + 1):
        for month, day in closing:
            candidate = datetime.date(year, month, day)
            if candidate >= today:
                return candidate
    raise AssertionError("a year has a closing day")


def has_quorum(*, present: int, members: int, chair_present: bool, rule: CouncilRules | None = None) -> bool:
    """Whether ``present`` of ``members`` make a quorum: at least the share of the rule, and the chair when
    the rule requires the chair (3 of 4 is 75%, 37 of 50 is 74%)."""
    rule = rule or rules()
    if members == 0 or (rule.chair_required and not chair_present):
        return False
    return Decimal(present) >= rule.quorum_share * members


def mean_points(points_by_member: Sequence[Mapping[str, Points]]) -> dict[str, Decimal]:
    """The members' mean per criterion, two decimals, rounded half up (Decimal throughout)."""
    if not points_by_member:
        return {}
    codes = {code for points in points_by_member for code in points}
    count = len(points_by_member)
    return {
        code: (
            sum((Decimal(points.get(code, 0)) for points in points_by_member), Decimal(0)) / count
        ).quantize(CENT, rounding=ROUND_HALF_UP)
        for code in sorted(codes)
    }


def spread(totals: Sequence[Points]) -> Decimal:
    """The difference between the highest and the lowest member's total (0 for fewer than two)."""
    if len(totals) < 2:
        return Decimal(0)
    return Decimal(max(totals)) - Decimal(min(totals))


def is_flagged(totals: Sequence[Points], rule: CouncilRules | None = None) -> bool:
    """A spread above the allowed limit (exactly the limit is not flagged)."""
    return spread(totals) > (rule or rules()).allowed_spread
