"""One demo product recognised on a given day, for the demos that need a product in a known state today.

The demo registry's dates are fixed by its seed; the traceability demo needs coffees whose certificates
are valid, expired and revoked on the day it loads, and the sales-point demo one that runs out within
weeks. Each is written as history (no acting user), through the registry's own ``certificate_add``.
"""

import datetime
from decimal import Decimal
from typing import Any

from ocop.geo.mapping import UnitIndex
from ocop.registry import rules
from ocop.registry import services as registry_services
from ocop.registry.models import Producer, Product


def recognised_product(
    producer: Producer,
    name: str,
    *,
    decision_date: datetime.date,
    decision_no: str,
    product_set_code: str,
    fields: dict[str, Any],
    stars: int = 3,
    score: Decimal = Decimal("66"),
) -> Product:
    """``producer``'s product ``name`` with a certificate decided on ``decision_date``; found if it exists."""
    existing = Product.objects.filter(producer=producer, name=name).first()
    if existing is not None:
        return existing
    unit = producer.unit
    certificate = registry_services.certificate_add(
        acting_user=None,
        product=registry_services.NewProduct(
            producer=producer,
            unit=unit,
            coordinates=UnitIndex().coordinates(unit),
            name=name,
            product_set=rules.product_sets_by_code()[product_set_code],
            fields=fields,
        ),
        stars=stars,
        decision_no=decision_no,
        decision_date=decision_date,
        score=score,
    )
    return certificate.product
