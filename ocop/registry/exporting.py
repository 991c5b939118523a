"""Recognitions out, in the import format (contracts/recognitions.md §1): one row per certificate.

Every column of the contract, filled so that importing the file back changes nothing: the product's code,
name, set, unit and GTIN (14 digits) and the producer's name, type, tax code and certifications as recorded
now, each certificate's own values with its validity written out, dates as ``YYYY-MM-DD``, product sets in
the Roman form. CSV is UTF-8 with a byte-order mark (so spreadsheet programs read the diacritics right);
XLSX holds every cell as text (so codes and GTINs keep their leading zeros). Cells that a spreadsheet would
evaluate are written as text (``ocop.core.spreadsheets``), and the import reads them back as they were.
"""

import datetime
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from typing import IO

from django.db.models import Q, QuerySet

from ocop.accounts.access import Actor, scope_q
from ocop.core.spreadsheets import write_csv, write_xlsx
from ocop.core.text import fold
from ocop.geo.models import Level, Scheme
from ocop.registry.importing import COLUMNS
from ocop.registry.importing.validation import CERTIFICATION_SEPARATOR
from ocop.registry.models import Certificate, Product, certifications_in_order
from ocop.registry.status import Rank, rank_q

RANK_FILTERS: dict[str, Q] = {rank: rank_q(rank) for rank in Rank.values}


class ExportFilterError(ValueError):
    """A filter value the export cannot apply; ``argument`` names the parameter."""

    def __init__(self, argument: str, message: str) -> None:
        super().__init__(f"{argument}: {message}")
        self.argument = argument


def products_for_export(
    actor: Actor | None,
    *,
    province: str | int | None = None,
    legacy_province: str | int | None = None,
    sector: str | int | None = None,
    rank: str | None = None,
    q: str = "",
) -> QuerySet[Product]:
    """The products ``actor`` may export (``None``: the command line, everything), narrowed by filters.

    The command line's filters (``export_recognitions``): current or legacy province code, sector, rank
    of the standing certificate (3, 4, 5_potential, 5), and words of the name with or without diacritics.
    The officers' download reads the product list's own form and selector instead
    (``views.imports.export``), so that the file holds what the list shows.
    """
    products = Product.objects.all()
    if actor is not None:
        products = products.filter(scope_q(actor, province_field="province_code", commune_field=None))
    if province not in (None, ""):
        products = products.filter(province_code=_code("province", province))
    if legacy_province not in (None, ""):
        products = products.filter(legacy_province_code=_code("legacy_province", legacy_province))
    if sector not in (None, ""):
        products = products.filter(sector=_code("sector", sector))
    if rank:
        if rank not in RANK_FILTERS:
            raise ExportFilterError("rank", f"one of {', '.join(RANK_FILTERS)}")
        products = products.filter(RANK_FILTERS[rank])
    if text := fold(q or ""):
        products = products.filter(search_name__contains=text)
    return products


def _code(argument: str, value: str | int) -> int:
    text = str(value).strip()
    if not text.isdigit() or len(text) > 9:
        raise ExportFilterError(argument, "a whole number")
    return int(text)


def recognitions_export(products: QuerySet[Product]) -> list[dict[str, str]]:
    """One row per certificate of ``products``, with the contract's columns, by product then decision."""
    certificates = (
        Certificate.objects.filter(product__in=products.values("pk"))
        .select_related("product__producer", "product__product_set", "product__unit")
        .order_by("product_id", "decision_date", "id")
    )
    return [_row(certificate) for certificate in certificates.iterator(chunk_size=2000)]


def _row(certificate: Certificate) -> dict[str, str]:
    product = certificate.product
    producer, unit = product.producer, product.unit
    legacy = unit.scheme == Scheme.LEGACY
    return {
        "product_code": product.code,
        "product_name": product.name,
        "sector": str(product.sector),
        "product_set": product.product_set.code if product.product_set else "",
        "producer_name": producer.name,
        "producer_type": producer.producer_type,
        "producer_tax_code": producer.tax_code,
        "unit_scheme": "legacy" if legacy else "2025",
        "ward_code": str(unit.code) if unit.level == Level.COMMUNE else "",
        "district_code": str(unit.code) if unit.level == Level.DISTRICT else "",
        "stars": str(certificate.stars),
        "potential_5_star": "1" if certificate.potential_five_star else "0",
        "score": _number(certificate.score),
        "decision_no": certificate.decision_no,
        "decision_date": _date(certificate.decision_date),
        "valid_until": _date(certificate.valid_until),
        "revoked_on": _date(certificate.revoked_on),
        "gtin": product.gtin,
        "producer_certifications": certifications_text(producer.management_certifications),
    }


def certifications_text(certifications: list[str]) -> str:
    """A producer's certifications as the import reads them: the contract's codes joined by ``;``, in the
    order of ``ManagementCertification`` (so a list kept in another order exports as the same text)."""
    return CERTIFICATION_SEPARATOR.join(certifications_in_order(certifications))


def _number(value: Decimal | None) -> str:
    if value is None:
        return ""
    return f"{value.normalize():f}"  # 56.00 → "56", 56.50 → "56.5"


def _date(value: datetime.date | None) -> str:
    return value.isoformat() if value else ""


def write_recognitions_csv(rows: Iterable[dict[str, str]], stream: IO[bytes]) -> None:
    write_csv(_table(rows), stream)


def write_recognitions_xlsx(rows: Iterable[dict[str, str]], stream: IO[bytes]) -> None:
    write_xlsx(_table(rows), stream, sheet_name="recognitions")


def _table(rows: Iterable[dict[str, str]]) -> Iterator[Sequence[str]]:
    yield COLUMNS
    for row in rows:
        yield [row[column] for column in COLUMNS]
