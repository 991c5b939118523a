"""The daily round's registry: which jobs the platform registers, the order they run in, and a name
registered once."""

import datetime

import pytest
from django.core.exceptions import ImproperlyConfigured

from ocop.core.daily import DailyJob, daily_job, registered_jobs, run_daily

DAY = datetime.date(2026, 12, 7)


def test_the_platform_registers_the_standing_refresh_first_then_the_notices():
    assert [(job.name, job.order) for job in registered_jobs()] == [
        ("registry.standing", 0),
        ("evaluation.reminders", 100),
        ("outlets.lapses", 110),
        ("outlets.expiring", 120),
    ]


def test_jobs_run_by_order_then_name_each_given_the_day():
    ran: list[str] = []

    def job(name: str) -> DailyJob:
        order = 0 if name == "z.first" else 5

        def run(today: datetime.date) -> list[str]:
            ran.append(name)
            return [f"{name} {today:%d/%m/%Y}", f"{name} done"]

        return DailyJob(name=name, order=order, run=run)

    lines = list(run_daily(today=DAY, jobs=[job("b.third"), job("a.second"), job("z.first")]))

    assert ran == ["z.first", "a.second", "b.third"]
    assert lines == [
        "z.first 07/12/2026",
        "z.first done",
        "a.second 07/12/2026",
        "a.second done",
        "b.third 07/12/2026",
        "b.third done",
    ]


def test_a_failing_job_stops_the_round_before_the_jobs_that_read_its_work():
    ran: list[str] = []

    def fail(today: datetime.date) -> list[str]:
        raise RuntimeError("database gone")

    def notice(today: datetime.date) -> list[str]:
        ran.append("notice")
        return []

    jobs = [DailyJob(name="a.refresh", order=0, run=fail), DailyJob(name="b.notice", order=1, run=notice)]

    with pytest.raises(RuntimeError, match="database gone"):
        list(run_daily(today=DAY, jobs=jobs))
    assert ran == []


def test_a_name_registers_once():
    before = registered_jobs()

    with pytest.raises(ImproperlyConfigured, match=r"the daily job 'outlets\.lapses' is registered twice"):
        daily_job(name="outlets.lapses", order=0, run=lambda today: [])

    assert registered_jobs() == before
