"""The daily round (``manage.py ocop_daily``): the jobs the apps register, run in a fixed order.

Core names no app. Each app registers its own job with ``daily_job`` in its ``AppConfig.ready``, the
job's code in the app's ``daily`` module; the round runs them by ``order``, then name, and prints the
lines each returns. The order is the contract between them: a job reads what the jobs before it left, so the
registry's standing certificates come first (``STANDING``) and every notice reads them after
(``NOTICES``). Every job must be idempotent (safe twice a day, and after missed days: a notice keyed in
the inbox is sent once), because cron may run the round twice and a deployment may miss days.

A registry, which this codebase otherwise avoids, so that the round belongs to no app: before it, the
command lived in evaluation and reached sideways into outlets. The registrations are one call each in the
apps' ``ready``, and ``tests/test_daily.py`` pins which jobs the platform registers and in what order.
"""

import datetime
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured

# Where a job's ``order`` falls: what brings the records up to the day, then what tells people of them.
STANDING = 0
NOTICES = 100

type JobFunction = Callable[[datetime.date], list[str]]


@dataclass(frozen=True)
class DailyJob:
    name: str  # "<app label>.<what>", e.g. "outlets.lapses"
    order: int
    run: JobFunction  # takes the day, returns the lines to print

    @property
    def sort_key(self) -> tuple[int, str]:
        return (self.order, self.name)


_registered: dict[str, DailyJob] = {}


def daily_job(*, name: str, order: int, run: JobFunction) -> None:
    """Register ``run`` as the daily job ``name``; a name registers once."""
    if name in _registered:
        raise ImproperlyConfigured(f"the daily job {name!r} is registered twice")
    _registered[name] = DailyJob(name=name, order=order, run=run)


def registered_jobs() -> list[DailyJob]:
    """Every registered job, in the order the round runs them."""
    return sorted(_registered.values(), key=lambda job: job.sort_key)


def run_daily(*, today: datetime.date, jobs: Iterable[DailyJob] | None = None) -> Iterator[str]:
    """Run ``jobs`` (default: every registered one) in order for ``today``, yielding each one's lines as
    it finishes. A job that fails stops the round: the ones after it may read what it should have done."""
    for job in sorted(registered_jobs() if jobs is None else jobs, key=lambda job: job.sort_key):
        yield from job.run(today)
