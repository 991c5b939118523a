"""``manage.py load_demo_outlets``: the demo's sales points (``ocop.outlets.demo``). Run it after
``load_demo_users``, ``load_demo`` and ``load_demo_trace``; a second run changes nothing."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from ocop.outlets.demo import DemoNotReadyError, demo_outlets_load
from ocop.outlets.models import RecognitionStatus


class Command(BaseCommand):
    help = "Load the sales-point demo: 33 points in 14 provinces, two of them run by the demo operator."

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            points = demo_outlets_load()
        except DemoNotReadyError as missing:
            raise CommandError(str(missing)) from missing
        recognised = sum(point.status == RecognitionStatus.RECOGNISED for point in points)
        self.stdout.write(f"{len(points)} demo sales points, {recognised} recognised")
