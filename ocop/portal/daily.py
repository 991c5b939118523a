"""The daily round (``manage.py ocop_daily``): each app's daily job, in the order they must run.

The portal sees every app, so the round is written out here rather than gathered from the apps at start-up:
a reader finds every job and its place in one list. The order is the contract between them: a job reads
what the jobs before it left, so the registry's standing certificates come first and every notice reads
them after. Every job is idempotent (safe twice a day, and after missed days: a notice keyed in the inbox is
sent once), because cron may run the round twice and a deployment may miss days.
"""

import datetime
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from ocop.evaluation import daily as evaluation
from ocop.outlets import daily as outlets
from ocop.registry import daily as registry


@dataclass(frozen=True)
class DailyJob:
    name: str  # "<app label>.<what>"
    run: Callable[[datetime.date], list[str]]  # takes the day, returns the lines to print


JOBS = (
    DailyJob("registry.standing", registry.standing),
    DailyJob("evaluation.reminders", evaluation.reminders),
    DailyJob("outlets.lapses", outlets.lapses),
    DailyJob("outlets.expiring", outlets.expiring),
)


def run_daily(*, today: datetime.date, jobs: Iterable[DailyJob] = JOBS) -> Iterator[str]:
    """Run ``jobs`` in their order for ``today``, yielding each one's lines as it finishes. A job that fails
    stops the round: the ones after it may read what it should have done."""
    for job in jobs:
        yield from job.run(today)
