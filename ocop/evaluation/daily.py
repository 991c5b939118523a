"""Evaluation's part of the daily round (``ocop.portal.daily``): the reminders before and at each
certificate's expiry (``ocop.evaluation.reminders``), and what was sent, per milestone."""

import datetime

from ocop.evaluation.reminders import EXPIRED_CATCH_UP_DAYS, Milestone, milestones, send_reminders

LABELS = {
    Milestone.OPENS: "re-evaluation window opens ({days} days before expiry)",
    Milestone.CLOSES: "re-evaluation window closes ({days} days before expiry)",
    Milestone.EXPIRED: f"expired (within {EXPIRED_CATCH_UP_DAYS} days)",
}


def reminders(today: datetime.date) -> list[str]:
    report = send_reminders(today=today)
    rule_set = report.rule_set
    if report.has_window:
        window = f"{rule_set.reevaluation_opens_days} to {rule_set.reevaluation_closes_days} days"
        lines = [f"Reminders under {rule_set.decision}: re-evaluation dossiers filed {window} before expiry"]
    else:
        lines = [
            f"Reminders under {rule_set.decision}: it sets no re-evaluation window, "
            "so no reminder before expiry; only expiries"
        ]
    days = dict(milestones(rule_set))
    for milestone, tally in report.tallies.items():
        if milestone not in days:
            continue
        lines.append(
            f"  {LABELS[milestone].format(days=days[milestone])}: {tally.due} certificates due, "
            f"{tally.notified} reminded now ({tally.notifications} notifications), "
            f"{tally.nobody_to_tell} with nobody to tell"
        )
    return lines
