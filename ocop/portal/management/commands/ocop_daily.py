"""``manage.py ocop_daily``: the platform's daily round, for cron; idempotent, safe twice a day or after
missed days.

It runs each app's daily job in the order ``ocop.portal.daily.JOBS`` writes out, and prints each one's
lines: the registry's standing certificates, evaluation's reminders before and at each certificate's
expiry, then the sales points' notices of carried products that lost their certificate or are about to
(each app's ``daily`` module). Every notice is sent once.
"""

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from ocop.portal.daily import run_daily


class Command(BaseCommand):
    help = (
        "The daily round: refresh the standing certificates, then send the reminders and notices due today."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        for line in run_daily(today=timezone.localdate()):
            self.stdout.write(line)
