"""``manage.py load_demo_evaluation``: the demo producer's dossiers in every state, once (see
``ocop.evaluation.demo.steps``). Run it after ``load_demo_users``, ``load_rubrics`` and ``load_demo``."""

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from ocop.evaluation.demo.steps import DemoNotReadyError, demo_cast, demo_evaluation_load
from ocop.evaluation.models import Dossier
from ocop.evaluation.selectors import dossiers_held, dossiers_visible


class Command(BaseCommand):
    help = (
        "Load the evaluation demo in Quảng Ngãi: the demo producer's dossiers from draft to decided, made "
        "by the demo accounts through the workflow, today's council session and last quarter's decided "
        "round. Idempotent: a second run does nothing."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        today = timezone.localdate()
        try:
            results = demo_evaluation_load(today=today)
        except DemoNotReadyError as missing:
            raise CommandError(str(missing)) from missing
        created = [result for result in results if result.created]
        if not created:
            self.stdout.write(f"Demo evaluation already loaded ({len(results)} steps): nothing to do.")
        else:
            self.stdout.write(
                self.style.SUCCESS(f"Demo evaluation: {len(created)} of {len(results)} steps loaded.")
            )
        for result in results:
            mark = "+" if result.created else "="
            self.stdout.write(f"  {mark} {result.step.summary}: {result.target}")
        if created:
            self._what_each_account_finds(today)

    def _what_each_account_finds(self, today: datetime.date) -> None:
        cast = demo_cast(today)
        mine = dossiers_visible(cast.producer_user, today=today)
        self.stdout.write(f"  {cast.producer_user.email}: " + ", ".join(_short(d) for d in mine))
        for officer in (cast.commune_officer, cast.province_officer):
            held = dossiers_held(officer, today=today)
            self.stdout.write(f"  {officer.email} holds: " + ", ".join(_short(d) for d in held))


def _short(dossier: Dossier) -> str:
    overdue = " OVERDUE" if getattr(dossier, "overdue", False) else ""
    return f"#{dossier.pk} {dossier.state}{overdue}"
