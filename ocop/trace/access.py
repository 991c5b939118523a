"""Who sees and who manages batches, stamp runs and sheets.

Seeing follows the registry (``ocop.registry.access.products_in_scope``): a producer (chủ thể) sees the
batches of their own products, a commune officer those of their commune's products, a province officer
their province's, a central officer all of them. Council members, buyers, sales points and anonymous
users see none.

Managing (creating and editing a batch, issuing stamps, drawing and downloading a sheet) is
``services.may_manage_batches``: the producer's members, and the officers who may change the product
(province officers in their province, central officers). Commune officers read only: the registry lets
them change no product or certificate (recognising and revoking is the province's act since 1/7/2025), and
a stamp vouches for the certificate, so issuing one is an act on the product they may not change.

A downloaded sheet is as good as the stamps themselves (anyone can print it again), so it goes only to
those who manage the batch. Out of scope is 404, for reading and for managing alike.
"""

from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from ocop.accounts.access import Actor, acting_user
from ocop.accounts.models import Role
from ocop.registry.access import can_change_product, products_in_scope
from ocop.registry.models import Producer, Product
from ocop.trace.models import Batch, SheetJob, StampRun
from ocop.trace.services import may_manage_batches

TRACE_ROLES = (Role.PRODUCER, Role.COMMUNE_OFFICER, Role.PROVINCE_OFFICER, Role.CENTRAL_OFFICER)


def trace_products_in_scope(user: Actor) -> QuerySet[Product]:
    actor = acting_user(user)
    if actor is None or actor.role not in TRACE_ROLES:
        return Product.objects.none()
    return products_in_scope(actor)


def batches_in_scope(user: Actor) -> QuerySet[Batch]:
    return Batch.objects.filter(product__in=trace_products_in_scope(user).values("pk"))


def manageable_product_ids(user: Actor, products: list[Product]) -> set[int]:
    """Which of ``products`` ``user`` manages, by ``services.may_manage_batches``'s rule in one query."""
    actor = acting_user(user)
    if actor is None:
        return set()
    member_of = set(Producer.objects.filter(members=actor).values_list("pk", flat=True))
    return {
        product.pk
        for product in products
        if product.producer_id in member_of or can_change_product(actor, product)
    }


def access_product_by_id(user: Actor, product_id: int, *, for_manage: bool = False) -> Product:
    """The product ``product_id`` if ``user`` sees its batches (and manages them, with ``for_manage``)."""
    products = trace_products_in_scope(user).select_related("producer", "latest_certificate")
    product = get_object_or_404(products, pk=product_id)
    if for_manage and not may_manage_batches(user, product):
        raise Http404
    return product


def access_batch_by_id(user: Actor, batch_id: int, *, for_manage: bool = False) -> Batch:
    batches = batches_in_scope(user).select_related("product__producer", "product__latest_certificate")
    batch = get_object_or_404(batches, pk=batch_id)
    if for_manage and not may_manage_batches(user, batch.product):
        raise Http404
    return batch


def access_run_by_id(user: Actor, run_id: int) -> StampRun:
    """A run of a batch ``user`` manages: only they draw its sheet again."""
    runs = StampRun.objects.filter(batch__in=batches_in_scope(user).values("pk"))
    run = get_object_or_404(runs.select_related("batch__product"), pk=run_id)
    if not may_manage_batches(user, run.batch.product):
        raise Http404
    return run


def access_sheet_job_by_id(user: Actor, job_id: int) -> SheetJob:
    """A sheet job of a batch ``user`` manages; its progress, like its file, is theirs only."""
    jobs = SheetJob.objects.filter(batch__in=batches_in_scope(user).values("pk"))
    job = get_object_or_404(jobs.select_related("batch__product", "run"), pk=job_id)
    if not may_manage_batches(user, job.batch.product):
        raise Http404
    return job
