"""Registry records for tests, made through the same services as production code."""

import datetime
import io
import itertools
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from ocop.core.tests.files import a_pdf
from ocop.geo.mapping import UnitIndex
from ocop.geo.models import AdministrativeUnit
from ocop.registry import images, services
from ocop.registry.models import Certificate, Producer, ProducerType, Product, ProductImage
from ocop.registry.rules import product_sets_by_code

_sequence = itertools.count(1)
_index: UnitIndex | None = None


def unit_index() -> UnitIndex:
    global _index  # units never change within a test session
    if _index is None:
        _index = UnitIndex()
    return _index


def commune(code: int, scheme: str = "current") -> AdministrativeUnit:
    unit = unit_index().get(scheme, "commune", code)
    assert unit is not None, f"no {scheme} commune {code}"
    return unit


def make_producer(
    *, unit: AdministrativeUnit | None = None, name: str | None = None, **fields: Any
) -> Producer:
    unit = unit or commune(21025)  # Phường Cẩm Thành, Quảng Ngãi (51)
    fields.setdefault("producer_type", ProducerType.COOPERATIVE)
    return services.producer_create(
        acting_user=None,
        unit=unit,
        coordinates=unit_index().coordinates(unit),
        name=name or f"Hợp tác xã Thử nghiệm {next(_sequence)}",
        **fields,
    )


def make_product(
    *,
    producer: Producer | None = None,
    unit: AdministrativeUnit | None = None,
    name: str | None = None,
    product_set: str = "I.3.c",
    **fields: Any,
) -> Product:
    producer = producer or make_producer(unit=unit)
    unit = unit or producer.unit
    chosen_set = product_sets_by_code()[product_set]
    return services.product_create(
        acting_user=None,
        producer=producer,
        unit=unit,
        coordinates=unit_index().coordinates(unit),
        name=name or f"Sản phẩm thử {next(_sequence)}",
        sector=chosen_set.sector,
        product_set=chosen_set,
        **fields,
    )


def make_certificate(
    product: Product,
    *,
    stars: int = 3,
    decision_date: datetime.date = datetime.date(2024, 3, 15),
    score: Decimal | None = Decimal("65"),
    **fields: Any,
) -> Certificate:
    return services.certificate_add(
        acting_user=None,
        product=product,
        stars=stars,
        decision_no=fields.pop("decision_no", f"{next(_sequence)}/QĐ-UBND"),
        decision_date=decision_date,
        score=score,
        **fields,
    )


def picture(
    width: int,
    height: int,
    image_format: str = "JPEG",
    *,
    colour: tuple[int, int, int] = (200, 60, 40),
    bottom_colour: tuple[int, int, int] | None = None,
    **save: Any,
) -> bytes:
    """A real image file: one colour, or ``colour`` above and ``bottom_colour`` below the middle."""
    image = Image.new("RGB", (width, height), colour)
    if bottom_colour is not None:
        image.paste(bottom_colour, (0, height // 2, width, height))
    output = io.BytesIO()
    image.save(output, image_format, **save)
    return output.getvalue()


def upload(data: bytes, name: str = "anh.jpg", content_type: str = "image/jpeg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


def make_product_image(
    product: Product,
    *,
    colour: tuple[int, int, int] = (30, 120, 60),
    size: tuple[int, int] = (800, 600),
    **fields: Any,
) -> ProductImage:
    """An image of one colour, 800 × 600 unless ``size`` says; give each image of a product its own colour."""
    return images.product_image_add(
        acting_user=None, product=product, upload=upload(picture(*size, colour=colour)), **fields
    )


def revocation_evidence_upload(
    name: str = "quyet-dinh-thu-hoi.pdf", data: bytes | None = None
) -> SimpleUploadedFile:
    """A file for the revocation form's evidence input: a real one-page PDF unless ``data`` says otherwise.

    A new object each time: an upload is read once by the request that carries it."""
    return SimpleUploadedFile(name, a_pdf() if data is None else data, content_type="application/pdf")
