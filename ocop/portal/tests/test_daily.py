"""The daily round: which jobs it runs and in what order, each given the day, stopped by a failure."""

import datetime

import pytest

from ocop.portal.daily import JOBS, DailyJob, run_daily

DAY = datetime.date(2026, 12, 7)


def test_the_standing_refresh_runs_first_then_the_notices():
    assert [job.name for job in JOBS] == [
        "registry.standing",
        "evaluation.reminders",
        "outlets.lapses",
        "outlets.expiring",
    ]


def test_jobs_run_in_their_order_each_given_the_day():
    ran: list[str] = []

    def job(name: str) -> DailyJob:
        def run(today: datetime.date) -> list[str]:
            ran.append(name)
            return [f"{name} {today:%d/%m/%Y}", f"{name} done"]

        return DailyJob(name, run)

    lines = list(run_daily(today=DAY, jobs=[job("z.first"), job("a.second")]))

    assert ran == ["z.first", "a.second"]
    assert lines == ["z.first 07/12/2026", "z.first done", "a.second 07/12/2026", "a.second done"]


def test_a_failing_job_stops_the_round_before_the_jobs_that_read_its_work():
    ran: list[str] = []

    def fail(today: datetime.date) -> list[str]:
        raise RuntimeError("database gone")

    def notice(today: datetime.date) -> list[str]:
        ran.append("notice")
        return []

    with pytest.raises(RuntimeError, match="database gone"):
        list(run_daily(today=DAY, jobs=[DailyJob("a.refresh", fail), DailyJob("b.notice", notice)]))
    assert ran == []
