"""Reads for the pages officers and producers land on: what in their scope needs their attention.

Every read starts from the scope of ``ocop.registry.access``, so a dashboard shows exactly what the
registry's lists would show the same user, and the status of a certificate is the one rule's
(``ocop.registry.status``), never worked out again here. How far ahead expiring certificates are shown is
a deadline of the rule set in force today (``rules.expiry_horizon_days``), never a constant here.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Case, Exists, Model, OuterRef, Prefetch, QuerySet, Value, When
from django.db.models.functions import Coalesce

from ocop.accounts.models import User
from ocop.registry import rules
from ocop.registry.access import import_batches_in_scope, producers_in_scope, products_in_scope
from ocop.registry.models import (
    Certificate,
    CertificateStatus,
    ImportBatch,
    Producer,
    Product,
    ProductImage,
    RuleSet,
)
from ocop.registry.selectors import with_announcement
from ocop.registry.status import status_expression

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
    rule_set: RuleSet  # in force today: its deadlines set the horizon, and the page names them
    horizon_days: int | None  # None: the rule set sets no deadline before expiry, so nothing is shown
    horizon_end: datetime.date | None


def _section[Row: Model](rows: QuerySet[Row]) -> Section[Row]:
    return Section(rows=list(rows[:SHOWN_PER_SECTION]), count=rows.count())


def products_expiring(actor: User, *, today: datetime.date, horizon_end: datetime.date) -> QuerySet[Product]:
    """Products in scope whose certificate holds today and runs out by ``horizon_end``, soonest first."""
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


def officer_dashboard(
    actor: User, *, today: datetime.date, can_import: bool, province_code: int | None = None
) -> OfficerDashboard:
    """What needs ``actor``'s attention in their scope; with ``province_code`` (a central officer looking at
    one current province), the products narrowed to it. The imports stay the officer's own, wherever their
    rows lie."""
    batches = import_batches_in_scope(actor).select_related("acting_user").order_by("-created_at", "-pk")
    rule_set = rules.rule_set_on(today)
    horizon_days = rules.expiry_horizon_days(rule_set)
    horizon_end = None if horizon_days is None else today + datetime.timedelta(days=horizon_days)

    def narrowed(products: QuerySet[Product]) -> QuerySet[Product]:
        return products if province_code is None else products.filter(province_code=province_code)

    expiring: Section[Product] = Section(rows=[], count=0)
    if horizon_end is not None:
        expiring = _section(narrowed(products_expiring(actor, today=today, horizon_end=horizon_end)))
    return OfficerDashboard(
        expiring=expiring,
        without_photo=_section(narrowed(products_without_photo(actor))),
        imports=_section(batches) if can_import else None,
        rule_set=rule_set,
        horizon_days=horizon_days,
        horizon_end=horizon_end,
    )


def producer_products(actor: User, *, today: datetime.date) -> list[Producer]:
    """The producers ``actor`` is a member of, each with its products and their certificates, newest first.

    A product's ``status_today`` is its standing certificate's; a product not recognised yet, whose first
    certificate is dated after today, is "not yet issued", announced from that day (``announced_from``).
    """
    certificates = Certificate.objects.order_by("-decision_date", "-pk")
    products = (
        with_announcement(products_in_scope(actor))
        .annotate(
            status_today=Coalesce(
                status_expression("latest_certificate__", today),
                Case(When(announced_from__isnull=False, then=Value(CertificateStatus.NOT_YET_ISSUED.value))),
            )
        )
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
