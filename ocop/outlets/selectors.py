"""Reads of sales points: the public directory and each carried product's status today.

A carried product's status is its standing certificate's (``Product.latest_certificate``) by the
registry's one rule (``ocop.registry.status.status_expression``), never a rule of this app; so is whether
a renewal is already decided (``status.renewal_decided``).
"""

import datetime
from typing import TypedDict

from django.db.models import BooleanField, Case, Q, QuerySet, Value, When
from django_stubs_ext import WithAnnotations

from ocop.outlets.models import PUBLIC_STATUSES, SalesPoint, SalesPointProduct
from ocop.registry.status import CertificateStatus, renewal_decided, status_expression

# A carried product whose certificate is in one of these has lost it: the point no longer shows it as OCOP
# and its operators and province officers are told (``ocop.outlets.lapses``).
LAPSED_STATUSES = (CertificateStatus.EXPIRED, CertificateStatus.REVOKED)
# How many days before its last valid day a carried product's certificate is "sắp hết hạn": its operators
# and province officers are told then (``ocop.outlets.lapses``) and the back office says so. Not law: the
# issuer must tell the producer 30 days ahead (148/2023, 1489/2025), nobody must tell a shop. The same
# month, so that the shop hears when the producer does and has time to ask about the renewal or plan its
# shelf; further ahead, a sixth of every shelf would be "expiring" at any time under 26/2026's 180 days,
# and the notice would be noise. A constant, not a setting: it does not differ between deployments.
EXPIRY_NOTICE_DAYS = 30


class _Status(TypedDict):
    certificate_status: str | None
    certificate_expiring: bool


type CarriedWithStatus = WithAnnotations[SalesPointProduct, _Status]


def carried_with_status(day: datetime.date) -> QuerySet[CarriedWithStatus]:
    """Carried products annotated with ``certificate_status`` on ``day`` (``None``: never certified) and
    ``certificate_expiring``: valid, its last valid day within ``EXPIRY_NOTICE_DAYS``, no renewal decided."""
    horizon = day + datetime.timedelta(days=EXPIRY_NOTICE_DAYS)
    expiring = Q(
        certificate_status=CertificateStatus.VALID, product__latest_certificate__valid_until__lte=horizon
    )
    return (
        SalesPointProduct.objects.select_related("product__producer", "product__latest_certificate")
        .annotate(certificate_status=status_expression("product__latest_certificate__", day))
        .annotate(
            certificate_expiring=Case(
                When(expiring & ~renewal_decided(day), then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            )
        )
    )


def public_points() -> QuerySet[SalesPoint]:
    return SalesPoint.objects.filter(status__in=PUBLIC_STATUSES)


def public_directory(*, province_code: int | None, kind: str | None) -> QuerySet[SalesPoint]:
    points = public_points()
    if province_code is not None:
        points = points.filter(province_code=province_code)
    if kind:
        points = points.filter(kind=kind)
    return points.order_by("province_code", "name", "pk")
