"""Working days with Vietnamese public holidays, and the workflow's deadlines as data."""

import datetime
import json

import pytest

from ocop.evaluation import workdays
from ocop.evaluation.workflow import KEEP_DEADLINE, TRANSITIONS

D = datetime.date


@pytest.mark.parametrize(
    ("start", "days", "due"),
    [
        (D(2027, 2, 3), 15, D(2027, 3, 3)),  # Tết 2027: 4–10/2 off (29 Tết to mùng năm), then 15 days
        (D(2027, 2, 3), 1, D(2027, 2, 11)),  # the first working day after Tết
        (D(2027, 2, 5), 1, D(2027, 2, 11)),  # from a holiday
        (D(2026, 12, 4), 1, D(2026, 12, 7)),  # Friday → Monday
        (D(2026, 12, 5), 1, D(2026, 12, 7)),  # from a Saturday
        (D(2026, 12, 4), 5, D(2026, 12, 11)),  # a full week across a weekend
        (D(2026, 12, 31), 1, D(2027, 1, 4)),  # 1/1 a Friday, then the weekend
        (D(2027, 4, 29), 1, D(2027, 5, 4)),  # 30/4 Friday, 1/5 Saturday and its substitute Monday 3/5
        (D(2026, 8, 21), 1, D(2026, 8, 22)),  # Saturday 22/8/2026 worked in exchange for Monday 31/8
        (D(2026, 8, 28), 1, D(2026, 9, 3)),  # 31/8 off in its place, 1–2/9 Quốc khánh
    ],
)
def test_add_working_days(start, days, due):
    assert workdays.add_working_days(start, days) == due


def test_working_days_are_weekdays_that_are_no_holiday():
    assert [workdays.is_working_day(D(2027, 2, day)) for day in range(3, 12)] == [
        True,  # Wednesday 3/2
        False,  # 29 Tết
        False,  # giao thừa
        False,  # Saturday, mùng một
        False,  # Sunday
        False,  # mùng ba
        False,  # mùng bốn
        False,  # mùng năm
        True,  # Thursday 11/2
    ]


def test_time_limits_come_from_the_file_with_their_decision():
    commune = workdays.time_limit("commune_check")
    assert (commune.decision, commune.days, commune.in_working_days) == ("26/2026/QĐ-TTg", 15, True)
    reevaluation = workdays.time_limit("reevaluation_total")
    assert (reevaluation.days, reevaluation.in_working_days) == (45, False)
    assert reevaluation.due(D(2027, 1, 20)) == D(2027, 3, 6)
    assert workdays.time_limit("province_check").due(D(2027, 1, 20)) is None


def test_every_deadline_the_table_names_is_in_the_file_and_none_is_guessed():
    document = json.loads(workdays.DEADLINES_FILE.read_text(encoding="utf-8"))
    given = document["decisions"]["26/2026/QĐ-TTg"]["deadlines"]
    named = {row.deadline for row in TRANSITIONS if row.deadline not in (None, KEEP_DEADLINE)}
    assert named <= set(given)
    assert {key: entry["days"] for key, entry in given.items() if entry["days"] is not None} == {
        "commune_check": 15,
        "reevaluation_total": 45,
        "revocation_decision": 15,
    }
