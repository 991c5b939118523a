"""``manage.py build_stamp_sheets [--job ID]``: for operators. Marks failed the jobs a stopped server left
"running", then runs the queued sheet jobs, oldest first, in this process: after a restart, or where the
web process's threads are not wanted (short-lived workers). A failed job is queued again by its owner's
"Làm lại" on the job page, which is recorded in the audit log.
"""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from ocop.trace import jobs
from ocop.trace.models import SheetJob, SheetJobState


class Command(BaseCommand):
    help = "Recover stopped stamp sheet jobs and run the queued ones."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--job", type=int, help="run only this job")

    def handle(self, *args: Any, **options: Any) -> None:
        selected = SheetJob.objects.all()
        if options["job"] is not None:
            selected = selected.filter(pk=options["job"])
        recovered = jobs.recover_stale(selected)
        if recovered:
            self.stdout.write(f"Marked {recovered} stopped job(s) failed.")
        queued = selected.filter(state=SheetJobState.QUEUED).order_by("created_at", "pk")
        for job_id in list(queued.values_list("pk", flat=True)):
            if not jobs.run(job_id):
                continue  # another runner claimed it first
            job = SheetJob.objects.get(pk=job_id)
            outcome = job.file_path if job.state == SheetJobState.DONE else f"failed: {job.error}"
            self.stdout.write(f"Job {job_id} ({job.count} stamps): {outcome}")
