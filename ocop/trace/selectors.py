"""What the traceability screens read: products with their batches, a batch's runs and sheet jobs."""

from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet, Sum

from ocop.accounts.access import Actor, acting_user
from ocop.accounts.models import Role
from ocop.core.text import fold
from ocop.registry.models import Product
from ocop.trace.access import trace_products_in_scope
from ocop.trace.models import Batch, SheetJob, Shipment, StampRun

PRODUCTS_SHOWN = 50


@dataclass(frozen=True)
class ProductList:
    products: list[Product]
    # More products matched than are shown: the officer should narrow the search.
    truncated: bool


def products_with_batches(user: Actor, *, query: str = "") -> ProductList:
    """A producer's products, all of them; an officer's: those whose name or code matches ``query``, or,
    with no query, those that have batches. Each with its batches, newest first."""
    actor = acting_user(user)
    products = trace_products_in_scope(user)
    query = query.strip()
    if query:
        products = products.filter(Q(search_name__contains=fold(query)) | Q(code__icontains=query))
    elif actor is not None and actor.role != Role.PRODUCER:
        products = products.filter(batches__isnull=False).distinct()
    batches = Batch.objects.annotate(stamp_count=Sum("runs__count")).order_by("-produced_on", "-id")
    shown = list(
        products.select_related("producer", "latest_certificate")
        .prefetch_related(Prefetch("batches", queryset=batches))
        .order_by("name", "pk")[: PRODUCTS_SHOWN + 1]
    )
    return ProductList(shown[:PRODUCTS_SHOWN], truncated=len(shown) > PRODUCTS_SHOWN)


def batch_runs(batch: Batch) -> QuerySet[StampRun]:
    return batch.runs.select_related("issued_by").prefetch_related(
        Prefetch("sheet_jobs", queryset=SheetJob.objects.order_by("-created_at", "-id"))
    )


def batch_pending_jobs(batch: Batch) -> QuerySet[SheetJob]:
    """Jobs still issuing their run (no run yet), shown above the runs."""
    return batch.sheet_jobs.filter(run__isnull=True).order_by("-created_at", "-id")


def batch_shipments(batch: Batch) -> QuerySet[Shipment]:
    return batch.shipments.select_related("created_by", "received_by").order_by("shipped_at", "pk")
