"""The traceability API: a batch's history as EPCIS 2.0 JSON-LD (``GET /api/v1/trace/batches/{id}/epcis``).

Public and read-only, as the consumer-facing facts of Circular 02/2024/TT-BKHCN are (product, producer,
lot, dates, events: where its shipments went and when they arrived), rate-limited per client with the other
public APIs. The stamps' serials are never
in it: a published serial is a copyable genuine stamp, so the commissioning event names the lot as a class
with its quantity (``quantityList``), never the ``epcList`` of its units.
"""

from decimal import Decimal
from typing import Annotated, Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Path, Router

from ocop.core.api import PARAMETER_ERRORS, THROTTLE_ERRORS, typed_answer
from ocop.core.schemas import ErrorOut
from ocop.core.throttling import ApiRateThrottle
from ocop.trace import epcis, links, shipments
from ocop.trace.models import Batch

router = Router(throttle=[ApiRateThrottle()])

_LARGEST_INTEGER = 2_147_483_647
BatchId = Annotated[int, Path(ge=1, le=_LARGEST_INTEGER, description="A batch's id")]


@router.get(
    "/batches/{batch_id}/epcis",
    response={200: dict[str, Any], 404: ErrorOut, **PARAMETER_ERRORS, **THROTTLE_ERRORS},
    summary="A batch's history as an EPCIS 2.0 document (JSON-LD)",
)
def batch_epcis(request: HttpRequest, batch_id: BatchId) -> HttpResponse:
    batch = get_object_or_404(Batch.objects.select_related("product__producer"), pk=batch_id)
    product = batch.product
    stamps = batch.stamps.count()
    first_run = batch.runs.order_by("created_at").values_list("created_at", flat=True).first()
    document = epcis.batch_epcis_document(
        batch=epcis.Batch(
            product_code=product.code,
            gtin=product.gtin or None,
            lot=batch.lot,
            produced_on=batch.produced_on,
            expires_on=batch.expires_on,
            quantity=Decimal(batch.quantity if batch.quantity is not None else stamps),
            unit_code=None,
            origin_notes=batch.raw_material_origin,
            commissioned_at=first_run or batch.created_at,
        ),
        producer=shipments.producer_party(batch),
        stamp_uris=[],
        stamp_count=stamps,
        movements=shipments.batch_movements(batch),
        domain=settings.OCOP_DOMAIN,
        created_at=timezone.now(),
        scheme=links.origin().split("://", 1)[0],
    )
    response = typed_answer(document)
    response["Content-Type"] = "application/ld+json"
    return response
