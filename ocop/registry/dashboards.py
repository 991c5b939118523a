"""Reads for the pages officers and producers land on: what in their scope needs their attention.

Every read starts from the scope of ``ocop.registry.access``, so a dashboard shows exactly what the
registry's lists would show the same user, and the status of a certificate is the one rule's
(``ocop.registry.status``), never worked out again here.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Exists, Model, OuterRef, Prefetch, QuerySet

from ocop.accounts.models import User
from ocop.registry.access import import_batches_in_scope, producers_in_scope, products_in_scope
from ocop.registry.models import Certificate, CertificateStatus, ImportBatch, Producer, Product, ProductImage
from ocop.registry.status import status_expression

# Certificates run 36 months; half a year is the time a producer needs to prepare a dossier for renewal.
EXPIRY_HORIZON_DAYS = 180
SHOWN_PER_SECTION = 10


@dataclass(frozen=True)
class Section[Row]:
    """The first rows of a list, and how many there are in all."""

    rows: list[Row]
    count: int

    @property
    def hidden(self) -> int:
        return self.count - len(self.rows)


@dataclass(frozen=True)
class OfficerDashboard:
    expiring: Section[Product]
    without_photo: Section[Product]
    imports: Section[ImportBatch] | None  # None for officers who do not import (commune officers)
    horizon_end: datetime.date


def _section[Row: Model](rows: QuerySet[Row]) -> Section[Row]:
    return Section(rows=list(rows[:SHOWN_PER_SECTION]), count=rows.count())


def products_expiring(actor: User, *, today: datetime.date) -> QuerySet[Product]:
    """Products in scope whose certificate holds today and runs out within the horizon, soonest first."""
    horizon_end = today + datetime.timedelta(days=EXPIRY_HORIZON_DAYS)
    return (
        products_in_scope(actor)
        .annotate(status_today=status_expression("latest_certificate__", today))
        .filter(status_today=CertificateStatus.VALID, latest_certificate__valid_until__lte=horizon_end)
        .select_related("producer", "latest_certificate")
        .order_by("latest_certificate__valid_until", "search_name", "pk")
    )


def products_without_photo(actor: User) -> QuerySet[Product]:
    """Products in scope with no image yet, by name (folded, as the registry list sorts)."""
    photos = ProductImage.objects.filter(product=OuterRef("pk"))
    return (
        products_in_scope(actor)
        .filter(~Exists(photos))
        .select_related("producer")
        .order_by("search_name", "pk")
    )


def officer_dashboard(actor: User, *, today: datetime.date, can_import: bool) -> OfficerDashboard:
    batches = import_batches_in_scope(actor).select_related("acting_user").order_by("-created_at", "-pk")
    return OfficerDashboard(
        expiring=_section(products_expiring(actor, today=today)),
        without_photo=_section(products_without_photo(actor)),
        imports=_section(batches) if can_import else None,
        horizon_end=today + datetime.timedelta(days=EXPIRY_HORIZON_DAYS),
    )


def producer_products(actor: User, *, today: datetime.date) -> list[Producer]:
    """The producers ``actor`` is a member of, each with its products and their certificates, newest first."""
    certificates = Certificate.objects.order_by("-decision_date", "-pk")
    products = (
        products_in_scope(actor)
        .annotate(status_today=status_expression("latest_certificate__", today))
        .select_related("latest_certificate", "product_set")
        .prefetch_related(Prefetch("certificates", queryset=certificates))
        .order_by("search_name", "pk")
    )
    return list(
        producers_in_scope(actor)
        .select_related("unit")
        .prefetch_related(Prefetch("products", queryset=products))
        .order_by("search_name", "pk")
    )
