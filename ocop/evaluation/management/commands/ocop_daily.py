"""``manage.py ocop_daily``: the platform's daily round, for cron; idempotent, safe twice a day or after
missed days.

1. Products onto the certificate they stand on today (``ocop.registry.standing.refresh_standing``).
2. Reminders before and at each certificate's expiry (``ocop.evaluation.reminders``), each sent once.
3. Notices of carried products that lost their certificate, and of those whose certificate is about to
   expire (``ocop.outlets.lapses``), each sent once.
"""

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from ocop.evaluation.reminders import EXPIRED_CATCH_UP_DAYS, Milestone, milestones, send_reminders
from ocop.outlets.lapses import notify_expiring, notify_lapses
from ocop.outlets.selectors import EXPIRY_NOTICE_DAYS
from ocop.registry.standing import refresh_standing

LABELS = {
    Milestone.OPENS: "re-evaluation window opens ({days} days before expiry)",
    Milestone.CLOSES: "re-evaluation window closes ({days} days before expiry)",
    Milestone.EXPIRED: f"expired (within {EXPIRED_CATCH_UP_DAYS} days)",
}


class Command(BaseCommand):
    help = "The daily round: refresh the standing certificates, then send the reminders due today."

    def handle(self, *args: Any, **options: Any) -> None:
        today = timezone.localdate()
        moved = refresh_standing(today=today)
        self.stdout.write(f"{today:%d/%m/%Y}: {moved} products moved to the certificate they stand on today")
        report = send_reminders(today=today)
        rule_set = report.rule_set
        if report.has_window:
            window = f"{rule_set.reevaluation_opens_days} to {rule_set.reevaluation_closes_days} days"
            self.stdout.write(
                f"Reminders under {rule_set.decision}: re-evaluation dossiers filed {window} before expiry"
            )
        else:
            self.stdout.write(
                f"Reminders under {rule_set.decision}: it sets no re-evaluation window, "
                "so no reminder before expiry; only expiries"
            )
        days = dict(milestones(rule_set))
        for milestone, tally in report.tallies.items():
            if milestone not in days:
                continue
            self.stdout.write(
                f"  {LABELS[milestone].format(days=days[milestone])}: {tally.due} certificates due, "
                f"{tally.notified} reminded now ({tally.notifications} notifications), "
                f"{tally.nobody_to_tell} with nobody to tell"
            )
        lapses = notify_lapses(today=today)
        self.stdout.write(
            f"Sales points: {lapses.lapsed} carried products without a valid certificate, "
            f"{lapses.notifications} notifications now"
        )
        expiring = notify_expiring(today=today)
        self.stdout.write(
            f"Sales points: {expiring.expiring} carried products whose certificate expires within "
            f"{EXPIRY_NOTICE_DAYS} days, {expiring.notifications} notifications now"
        )
