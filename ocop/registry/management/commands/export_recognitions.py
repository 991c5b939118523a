"""``manage.py export_recognitions --format csv|xlsx [--province CODE] [--legacy-province CODE] OUT``."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ocop.registry.exporting import (
    ExportFilterError,
    products_for_export,
    recognitions_export,
    write_recognitions_csv,
    write_recognitions_xlsx,
)

WRITERS = {"csv": write_recognitions_csv, "xlsx": write_recognitions_xlsx}


class Command(BaseCommand):
    help = "Export OCOP recognitions in the import format (contracts §1), one row per certificate."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("out", type=Path, help="the file to write")
        parser.add_argument("--format", choices=sorted(WRITERS), default="csv")
        parser.add_argument("--province", help="current province code (since 1/7/2025)")
        parser.add_argument("--legacy-province", help="province code before 1/7/2025")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            products = products_for_export(
                None, province=options["province"], legacy_province=options["legacy_province"]
            )
        except ExportFilterError as error:
            raise CommandError(str(error)) from error
        rows = recognitions_export(products)
        out: Path = options["out"]
        with out.open("wb") as stream:
            WRITERS[options["format"]](rows, stream)
        self.stdout.write(f"{len(rows)} certificates written to {out}")
