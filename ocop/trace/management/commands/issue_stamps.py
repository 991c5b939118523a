"""``manage.py issue_stamps --product CODE --lot LOT --count N --out FILE [--force]`` (contract §2): for a
printer's own pipeline. Creates the batch ``LOT`` of the product when it does not exist (produced today),
issues ``N`` stamps and writes their URIs to ``FILE``, one per line. A product without a valid OCOP
certificate today is refused (exit status 1, nothing issued) unless ``--force``, which issues and records
the overridden warning on the run and in the audit log.
"""

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import timezone

from ocop.registry.models import Product
from ocop.trace import services
from ocop.trace.models import Batch


class Command(BaseCommand):
    help = "Issue N traceability stamps for a batch of a product and write their URIs to a file."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--product", required=True, help="the product's OCOP code (or its GTIN)")
        parser.add_argument("--lot", required=True, help="the batch's lot number; created when new")
        parser.add_argument("--count", required=True, type=int, help="how many stamps")
        parser.add_argument("--out", required=True, type=Path, help="the file to write the URIs to")
        parser.add_argument(
            "--force", action="store_true", help="issue even without a valid OCOP certificate (recorded)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        product = self._product(options["product"])
        out = Path(options["out"])
        if not out.parent.is_dir():
            raise CommandError(f"{out.parent} is not a directory")
        try:
            with transaction.atomic():
                batch = Batch.objects.filter(product=product, lot=options["lot"].strip()).first()
                if batch is None:
                    batch = services.batch_create(
                        acting_user=None,
                        product=product,
                        lot=options["lot"],
                        produced_on=timezone.localdate(),
                    )
                run = services.stamps_issue(
                    acting_user=None, batch=batch, count=options["count"], force=options["force"]
                )
        except services.CertificateWarningError as warning:
            raise CommandError(
                f"{product.code or product.gtin} {product.name}: {warning.messages[0]} "
                "Nothing issued; --force issues anyway and records that the warning was overridden."
            ) from warning
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
        partial = out.with_name(out.name + ".partial")
        with partial.open("w", encoding="utf-8") as file:
            written = services.stamp_uris_write(run, file)
        partial.replace(out)
        forced = f" (overriding: {run.overridden_warning})" if run.overridden_warning else ""
        self.stdout.write(f"Issued {written} stamps of lot {batch.lot} of {product.name}{forced}: {out}")

    def _product(self, identifier: str) -> Product:
        identifier = identifier.strip()
        products = Product.objects.select_related("latest_certificate", "producer")
        found = products.filter(code=identifier).first() if identifier else None
        if found is None and identifier.isdigit():
            found = products.filter(gtin=identifier.zfill(14)).first()
        if found is None:
            raise CommandError(f"no product with the code or GTIN {identifier!r}")
        return found
