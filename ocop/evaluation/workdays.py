"""Deadlines in working days, and the deadlines of the dossier workflow as data.

A working day is a weekday that is not a Vietnamese public holiday, as the maintained ``holidays`` package
knows them (country VN: Tết Dương lịch, Tết Nguyên Đán with the days the government adds around it, Giỗ
Tổ Hùng Vương, 30/4, 1/5, Quốc khánh, Ngày Văn hóa Việt Nam, and the substitute days off); a Saturday
the government makes a working day in exchange for a day off is one too. Keeping the package up to date
keeps the calendar right: nothing here lists a holiday.

The time limits themselves are ``data/workflow-deadlines.json``, keyed by the decision that sets them (the
commune's 15 working days and the re-evaluation's 45 days of Decision 26/2026/QĐ-TTg); a limit no source
gives is ``null`` there and no deadline here.
"""

import datetime
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import holidays

DEADLINES_FILE = Path(__file__).resolve().parent / "data" / "workflow-deadlines.json"
# The decision whose deadlines apply to dossiers filed now (DOMAIN.md: 26/2026 replaced 148 and 1489).
CURRENT_DECISION = "26/2026/QĐ-TTg"


@dataclass(frozen=True)
class TimeLimit:
    key: str
    decision: str
    days: int | None
    in_working_days: bool

    def due(self, start: datetime.date) -> datetime.date | None:
        """The last day to act when the clock starts on ``start``; ``None`` when no source gives a limit."""
        if self.days is None:
            return None
        if self.in_working_days:
            return add_working_days(start, self.days)
        return start + datetime.timedelta(days=self.days)


@cache
def _calendar(year: int) -> holidays.HolidayBase:
    return holidays.country_holidays("VN", years=year)


def is_working_day(day: datetime.date) -> bool:
    calendar = _calendar(day.year)
    if day in calendar.weekend_workdays:
        return True
    return day.weekday() < 5 and day not in calendar


def add_working_days(start: datetime.date, days: int) -> datetime.date:
    """The ``days``-th working day after ``start`` (``start`` itself not counted)."""
    day = start
    remaining = days
    while remaining > 0:
        day += datetime.timedelta(days=1)
        if is_working_day(day):
            remaining -= 1
    return day


@cache
def _limits() -> dict[tuple[str, str], TimeLimit]:
    document = json.loads(DEADLINES_FILE.read_text(encoding="utf-8"))
    limits = {}
    for decision, entry in document["decisions"].items():
        for key, deadline in entry["deadlines"].items():
            limits[decision, key] = TimeLimit(
                key=key,
                decision=decision,
                days=deadline["days"],
                in_working_days=deadline["counted_in"] == "working_days",
            )
    return limits


def time_limit(key: str, *, decision: str = CURRENT_DECISION) -> TimeLimit:
    """The time limit ``key`` of ``decision``; ``KeyError`` for one the file does not name."""
    return _limits()[decision, key]
