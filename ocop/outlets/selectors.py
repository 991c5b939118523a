"""Reads of sales points: the public directory and each carried product's status today.

A carried product's status is its standing certificate's (``Product.latest_certificate``) by the
registry's one rule (``ocop.registry.status.status_expression``), never a rule of this app.
"""

import datetime
from typing import TypedDict

from django.db.models import QuerySet
from django_stubs_ext import WithAnnotations

from ocop.outlets.models import PUBLIC_STATUSES, SalesPoint, SalesPointProduct
from ocop.registry.status import CertificateStatus, status_expression

# A carried product whose certificate is in one of these has lost it: the point no longer shows it as OCOP
# and its operators and province officers are told (``ocop.outlets.lapses``).
LAPSED_STATUSES = (CertificateStatus.EXPIRED, CertificateStatus.REVOKED)


class _Status(TypedDict):
    certificate_status: str | None


type CarriedWithStatus = WithAnnotations[SalesPointProduct, _Status]


def carried_with_status(day: datetime.date) -> QuerySet[CarriedWithStatus]:
    """Carried products annotated with ``certificate_status`` on ``day`` (``None``: never certified)."""
    return SalesPointProduct.objects.select_related(
        "product__producer", "product__latest_certificate"
    ).annotate(certificate_status=status_expression("product__latest_certificate__", day))


def public_points() -> QuerySet[SalesPoint]:
    return SalesPoint.objects.filter(status__in=PUBLIC_STATUSES)


def public_directory(*, province_code: int | None, kind: str | None) -> QuerySet[SalesPoint]:
    points = public_points()
    if province_code is not None:
        points = points.filter(province_code=province_code)
    if kind:
        points = points.filter(kind=kind)
    return points.order_by("province_code", "name", "pk")
