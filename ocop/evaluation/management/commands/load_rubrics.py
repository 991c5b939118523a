from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ocop.evaluation.rubric_files import RUBRICS_DIR, RubricFileError, read_rubric_files
from ocop.evaluation.services import rubrics_load


class Command(BaseCommand):
    help = (
        "Load the scoring sheets the platform ships (ocop/evaluation/data/rubrics) as rubric versions. "
        "Idempotent: a sheet already loaded unchanged is left alone; a changed one becomes the next version "
        "and retires the active one. A file with any problem loads nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--folder", type=Path, default=RUBRICS_DIR, help="another folder of rubric files")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = rubrics_load(sheets=read_rubric_files(options["folder"]))
        except RubricFileError as error:
            raise CommandError(
                "Không nạp gì cả, tệp bộ tiêu chí có lỗi (nothing loaded, the rubric files have problems):\n"
                + "\n".join(f"- {problem}" for problem in error.problems)
            ) from error
        if not report.created:
            self.stdout.write(f"Rubrics: nothing changed ({report.unchanged} versions already loaded).")
            return
        for version in report.created:
            self.stdout.write(f"Rubrics: loaded {version} as active.")
        self.stdout.write(f"Rubrics: {len(report.created)} loaded, {report.unchanged} unchanged.")
