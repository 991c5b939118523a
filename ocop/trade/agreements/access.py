"""Who sees and changes connection events and agreements. Out-of-scope objects are 404, never 403.

- Central officers: everything. Province officers: events and agreements of their province.
- A producer's people: the agreements of their own producer, never another's.
- A verified buyer's people: the agreements of their own buyer organisation; they record memoranda and
  contracts with the producers their organisation deals with (``counterpart_producers``), always as
  their own organisation. The producer's people confirm or dispute what a buyer recorded
  (``may_answer``); the buyer's people amend what they recorded (``may_amend``).
- Both parties follow up (deliveries, status) once the document is trusted, as officers always may
  (``can_follow_up``).
"""

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from ocop.accounts.access import acting_user, can_act_in_province, is_central_officer
from ocop.accounts.models import Role, User
from ocop.registry.models import Producer
from ocop.trade.models import (
    Agreement,
    Buyer,
    ConnectionEvent,
    Meeting,
    Offer,
    ProducerAnswer,
    Shortlisted,
    Verification,
)


def may_organise(user: Any) -> bool:
    """Central and province officers create events and record what they produced."""
    actor = acting_user(user)
    return actor is not None and actor.role in (Role.CENTRAL_OFFICER, Role.PROVINCE_OFFICER)


def events_in_scope(user: Any) -> QuerySet[ConnectionEvent]:
    if is_central_officer(user):
        return ConnectionEvent.objects.all()
    actor = acting_user(user)
    if actor is not None and actor.role == Role.PROVINCE_OFFICER and actor.province_code is not None:
        return ConnectionEvent.objects.filter(province_code=actor.province_code)
    return ConnectionEvent.objects.none()


def agreements_in_scope(user: Any) -> QuerySet[Agreement]:
    """The agreements ``user`` may read: officers by province, parties their own."""
    actor = acting_user(user)
    if actor is None:
        return Agreement.objects.none()
    if actor.role == Role.CENTRAL_OFFICER:
        return Agreement.objects.all()
    if actor.role == Role.PROVINCE_OFFICER and actor.province_code is not None:
        return Agreement.objects.filter(province_code=actor.province_code)
    if actor.role == Role.PRODUCER:
        return Agreement.objects.filter(producer__members=actor).distinct()
    if actor.role == Role.BUYER:
        return Agreement.objects.filter(
            Q(buyer__members=actor) & Q(buyer__verification=Verification.VERIFIED)
        ).distinct()
    return Agreement.objects.none()


def party_buyers(user: Any) -> QuerySet[Buyer]:
    """The verified buyer organisations ``user`` acts for (a buyer not yet verified arranges nothing)."""
    actor = acting_user(user)
    if actor is None or actor.role != Role.BUYER:
        return Buyer.objects.none()
    return Buyer.objects.filter(members=actor, verification=Verification.VERIFIED)


def party_producers(user: Any) -> QuerySet[Producer]:
    actor = acting_user(user)
    if actor is None or actor.role != Role.PRODUCER:
        return Producer.objects.none()
    return Producer.objects.filter(members=actor)


def counterpart_producers(buyer: Buyer) -> QuerySet[Producer]:
    """The producers ``buyer`` records agreements with: those that offered to its demands, those whose
    products it shortlisted, and those it has a meeting with."""
    return Producer.objects.filter(
        Q(pk__in=Offer.objects.filter(demand__buyer=buyer).values("producer"))
        | Q(products__in=Shortlisted.objects.filter(demand__buyer=buyer).values("product"))
        | Q(pk__in=Meeting.objects.filter(buyer=buyer).values("producer"))
    ).distinct()


def meetings_of_party(user: Any) -> QuerySet[Meeting]:
    """The meetings of the producer or verified buyer ``user`` acts for, never anyone else's."""
    return Meeting.objects.filter(
        Q(buyer__in=party_buyers(user)) | Q(producer__in=party_producers(user))
    ).distinct()


def events_of_party(user: Any) -> QuerySet[ConnectionEvent]:
    """The events where the producer or verified buyer ``user`` acts for takes part."""
    return ConnectionEvent.objects.filter(
        Q(buyers__in=party_buyers(user)) | Q(producers__in=party_producers(user))
    ).distinct()


def can_change_agreement(user: Any, agreement: Agreement) -> bool:
    return may_organise(user) and can_act_in_province(user, agreement.province_code)


def is_buyer_party(user: Any, agreement: Agreement) -> bool:
    return agreement.buyer_id is not None and party_buyers(user).filter(pk=agreement.buyer_id).exists()


def is_producer_party(user: Any, agreement: Agreement) -> bool:
    return (
        agreement.producer_id is not None and party_producers(user).filter(pk=agreement.producer_id).exists()
    )


def can_follow_up(user: Any, agreement: Agreement) -> bool:
    """Record deliveries and move the status: the province's officers always; either party once the
    document is trusted (never while its producer has not confirmed it, or disputes it)."""
    if can_change_agreement(user, agreement):
        return True
    party = is_buyer_party(user, agreement) or is_producer_party(user, agreement)
    return party and agreement.is_trusted


def may_answer(user: Any, agreement: Agreement) -> bool:
    """The producer's people confirm or dispute a document a buyer recorded, while it waits for them."""
    return agreement.producer_answer == ProducerAnswer.PENDING and is_producer_party(user, agreement)


def may_amend(user: Any, agreement: Agreement) -> bool:
    """The buyer's people amend what their organisation recorded (officers' and filed ones are not asked)."""
    return agreement.producer_answer != ProducerAnswer.NOT_ASKED and is_buyer_party(user, agreement)


def access_event_by_id(user: Any, event_id: int) -> ConnectionEvent:
    event = events_in_scope(user).filter(pk=event_id).first()
    if event is None:
        raise Http404("no such event")
    return event


def access_agreement_by_id(user: Any, agreement_id: int, *, for_change: bool = False) -> Agreement:
    agreement = agreements_in_scope(user).filter(pk=agreement_id).first()
    if agreement is None or (for_change and not can_change_agreement(user, agreement)):
        raise Http404("no such agreement")
    return agreement


def buyer_people(buyer: Buyer | None) -> QuerySet[User]:
    """The people who act for ``buyer`` (members in the buyer role); nobody without a buyer."""
    return buyer.members.filter(role=Role.BUYER) if buyer is not None else User.objects.none()


def producer_people(producer: Producer | None) -> QuerySet[User]:
    """The people who act for ``producer`` (members in the producer role); nobody without a producer."""
    return producer.members.filter(role=Role.PRODUCER) if producer is not None else User.objects.none()


def other_side(buyer: Buyer | None, producer: Producer | None, actor: Any) -> list[User] | None:
    """The people of the side ``actor`` does not act for, between ``buyer`` and ``producer``: who hears of
    what one side did. ``None`` when ``actor`` acts for neither (an officer)."""
    if buyer_people(buyer).filter(pk=actor.pk).exists():
        return list(producer_people(producer))
    if producer_people(producer).filter(pk=actor.pk).exists():
        return list(buyer_people(buyer))
    return None
