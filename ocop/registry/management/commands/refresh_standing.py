"""``manage.py refresh_standing``: products onto the certificate they stand on today, for cron after midnight.

Every worker also does it on its first request of a new day (``ocop.registry.standing``); from cron, the
first visitor of the day does not wait for it. Run it again the same day and it reads one row.
"""

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from ocop.registry.standing import refresh_standing


class Command(BaseCommand):
    help = "Point every product at the certificate it stands on today (its newest issued by today)."

    def handle(self, *args: Any, **options: Any) -> None:
        today = timezone.localdate()
        moved = refresh_standing(today=today)
        self.stdout.write(f"{today:%d/%m/%Y}: {moved} products moved to the certificate they stand on today")
