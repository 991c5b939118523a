"""``manage.py load_demo_trace``: the demo producer's batches, stamps and scans (``ocop.trace.demo``).
Run it after ``load_demo_users`` and ``load_demo``; a second run changes nothing."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from ocop.trace.demo import DemoNotReadyError, demo_trace_load


class Command(BaseCommand):
    help = "Load the traceability demo: batches and stamps of the demo producer, valid, expired and revoked."

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            stamps = demo_trace_load()
        except DemoNotReadyError as missing:
            raise CommandError(str(missing)) from missing
        self.stdout.write("Demo stamps to scan:")
        for stamp in stamps:
            self.stdout.write(f"  {stamp.verdict}: {stamp.uri}")
