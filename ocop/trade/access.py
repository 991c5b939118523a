"""Who sees and acts on buyers, demands, shortlists and offers. Out of scope is 404.

- A buyer's members (users with the buyer role who registered it or were added) see their buyer, its
  demands, their matches and shortlists, and the offers made to them. Only a verified buyer's members
  see producers' contacts (``sees_contacts``), and only they post demands.
- A producer's members see the open demands that one of the producer's products fits (by the matching
  function), and their own producer's offers: never another producer's.
- A province officer verifies the buyers of their province, a central officer every buyer.
"""

from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from ocop.accounts.access import Actor, acting_user, can_act_in_province
from ocop.accounts.models import Role
from ocop.registry.models import Producer, Product
from ocop.trade.matching import demand_constraints, fits
from ocop.trade.models import Buyer, Demand, DemandStatus, Offer, Verification

VERIFYING_ROLES = (Role.PROVINCE_OFFICER, Role.CENTRAL_OFFICER)


def buyers_of(user: Actor) -> QuerySet[Buyer]:
    actor = acting_user(user)
    if actor is None or actor.role != Role.BUYER:
        return Buyer.objects.none()
    return Buyer.objects.filter(members=actor)


def access_verified_buyer(user: Actor) -> Buyer:
    """The verified buyer ``user`` posts demands for; 404 when there is none."""
    buyer = buyers_of(user).filter(verification=Verification.VERIFIED).first()
    if buyer is None:
        raise Http404
    return buyer


def sees_contacts(user: Actor, buyer: Buyer) -> bool:
    """Whether ``user`` may see producers' phone, e-mail and representative on ``buyer``'s pages."""
    return buyer.is_verified and buyers_of(user).filter(pk=buyer.pk).exists()


def may_verify_buyer(user: Actor, buyer: Buyer) -> bool:
    actor = acting_user(user)
    if actor is None or actor.role not in VERIFYING_ROLES:
        return False
    return can_act_in_province(actor, buyer.province_code)


def buyers_to_verify(user: Actor) -> QuerySet[Buyer]:
    actor = acting_user(user)
    if actor is None or actor.role not in VERIFYING_ROLES:
        return Buyer.objects.none()
    if actor.role == Role.CENTRAL_OFFICER:
        return Buyer.objects.all()
    if actor.province_code is None:
        return Buyer.objects.none()
    return Buyer.objects.filter(province_code=actor.province_code)


def access_buyer_for_verification(user: Actor, buyer_id: int) -> Buyer:
    buyer = get_object_or_404(buyers_to_verify(user), pk=buyer_id)
    if not may_verify_buyer(user, buyer):
        raise Http404
    return buyer


def demands_of_buyer(user: Actor) -> QuerySet[Demand]:
    return Demand.objects.filter(buyer__in=buyers_of(user).values("pk"))


def access_own_demand(user: Actor, demand_id: int) -> Demand:
    """A demand of one of ``user``'s buyers."""
    return get_object_or_404(demands_of_buyer(user).select_related("buyer"), pk=demand_id)


def producers_of(user: Actor) -> QuerySet[Producer]:
    actor = acting_user(user)
    if actor is None or actor.role != Role.PRODUCER:
        return Producer.objects.none()
    return Producer.objects.filter(members=actor)


def products_of(user: Actor) -> QuerySet[Product]:
    return Product.objects.filter(producer__in=producers_of(user).values("pk"))


def open_demands() -> QuerySet[Demand]:
    return Demand.objects.filter(
        status=DemandStatus.OPEN,
        deadline__gte=timezone.localdate(),
        buyer__verification=Verification.VERIFIED,
    ).select_related("buyer")


def access_fitting_demand(user: Actor, demand_id: int) -> Demand:
    """An open demand that one of ``user``'s producers' products fits."""
    demand = get_object_or_404(open_demands(), pk=demand_id)
    product_ids = list(products_of(user).values_list("pk", flat=True))
    today = timezone.localdate()
    if not product_ids or not fits(demand_constraints(demand), product_ids=product_ids, on=today):
        raise Http404
    return demand


def offers_seen_by_producer(user: Actor) -> QuerySet[Offer]:
    return Offer.objects.filter(producer__in=producers_of(user).values("pk"))


def offers_seen_by_buyer(user: Actor) -> QuerySet[Offer]:
    return Offer.objects.filter(demand__buyer__in=buyers_of(user).values("pk"))
