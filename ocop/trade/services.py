"""Writes of trade connection: registering and verifying buyers, demands, shortlists and offers.

Each is one transaction with its audit event (``ocop.core.services.audit_record``); notifications go
through ``ocop.notifications.services.notify``, whose e-mails leave on commit. The actor is checked here
as in the views (``ocop.trade.access``): a refusal is ``PermissionDenied``, which views answer with 404.
"""

import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from ocop.accounts.access import Actor, acting_user
from ocop.accounts.models import Role, User
from ocop.accounts.selectors import province_officers
from ocop.core.services import audit_record
from ocop.core.text import grouped
from ocop.notifications.services import notify
from ocop.registry.models import Product
from ocop.trade.access import may_verify_buyer, products_of
from ocop.trade.matching import demand_constraints, fits, fitting_producer_ids
from ocop.trade.models import Buyer, Demand, DemandStatus, Offer, Shortlisted, Verification

# A new demand tells the members of at most this many fitting producers, the best-matched first: a broad
# demand ("any 3★ food") fits thousands, and a notice to each would be noise.
MOST_PRODUCERS_TOLD = 50


def _actor(user: Actor) -> User:
    actor = acting_user(user)
    if actor is None:
        raise PermissionDenied
    return actor


@transaction.atomic
def buyer_register(*, acting_user: Actor, **fields: Any) -> Buyer:
    """A new buyer, pending verification, with the registering user as its member."""
    actor = _actor(acting_user)
    if actor.role != Role.BUYER:
        raise PermissionDenied
    buyer = Buyer(**fields, verification=Verification.PENDING)
    buyer.full_clean()
    buyer.save()
    buyer.members.add(actor)
    audit_record(actor=actor, action="buyer.register", target=buyer, province_code=buyer.province_code)
    notify(
        recipients=province_officers(buyer.province_code),
        kind="trade.buyer_registered",
        subject=format_lazy(_("Bên mua mới chờ xác minh: {name}"), name=buyer.name),
        body=format_lazy(
            _("{name} đã đăng ký làm bên mua. Hãy xác minh để bên mua xem được liên hệ của chủ thể."),
            name=buyer.name,
        ),
        link=reverse("trade:buyer_review", kwargs={"buyer_id": buyer.pk}),
        key=f"trade.buyer_registered:{buyer.pk}",
    )
    return buyer


@transaction.atomic
def buyer_verify(*, acting_user: Actor, buyer: Buyer, verified: bool, note: str = "") -> Buyer:
    """Verify or reject ``buyer`` with a note, and tell its members."""
    actor = _actor(acting_user)
    buyer = Buyer.objects.select_for_update().get(pk=buyer.pk)
    if not may_verify_buyer(actor, buyer):
        raise PermissionDenied
    if not verified and not note.strip():
        raise ValidationError({"note": _("Hãy ghi lý do không xác minh.")})
    buyer.verification = Verification.VERIFIED if verified else Verification.REJECTED
    buyer.verified_by, buyer.verified_at, buyer.verification_note = actor, timezone.now(), note.strip()
    buyer.save(
        update_fields=["verification", "verified_by", "verified_at", "verification_note", "updated_at"]
    )
    audit_record(
        actor=actor,
        action="buyer.verify" if verified else "buyer.reject",
        target=buyer,
        province_code=buyer.province_code,
        details={"note": buyer.verification_note},
    )
    subject = (
        format_lazy(_("{name} đã được xác minh"), name=buyer.name)
        if verified
        else format_lazy(_("{name} không được xác minh"), name=buyer.name)
    )
    notify(
        recipients=buyer.members.all(),
        kind="trade.buyer_verification",
        subject=subject,
        body=buyer.verification_note or subject,
        link=reverse("trade:buyer_home"),
        key=f"trade.buyer_verification:{buyer.pk}:{buyer.verified_at.isoformat()}",
    )
    return buyer


def _check_demand(demand: Demand, today: datetime.date) -> None:
    errors: dict[str, Any] = {}
    if demand.deadline and demand.deadline < today:
        errors["deadline"] = _("Hạn chót không được ở trong quá khứ.")
    if (
        demand.price_min_vnd is not None
        and demand.price_max_vnd is not None
        and demand.price_min_vnd > demand.price_max_vnd
    ):
        errors["price_max_vnd"] = _("Giá cao nhất phải lớn hơn hoặc bằng giá thấp nhất.")
    if demand.quantity is not None and demand.quantity <= 0:
        errors["quantity"] = _("Số lượng phải lớn hơn 0.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def demand_create(*, acting_user: Actor, buyer: Buyer, **fields: Any) -> Demand:
    """A verified buyer's new open demand; the fitting producers' members are told."""
    actor = _actor(acting_user)
    buyer = Buyer.objects.select_for_update().get(pk=buyer.pk)
    if not buyer.members.filter(pk=actor.pk).exists() or not buyer.is_verified:
        raise PermissionDenied
    demand = Demand(buyer=buyer, created_by=actor, status=DemandStatus.OPEN, **fields)
    _check_demand(demand, timezone.localdate())
    demand.full_clean()
    demand.save()
    audit_record(actor=actor, action="demand.create", target=demand, province_code=buyer.province_code)
    _tell_fitting_producers(demand)
    return demand


def _tell_fitting_producers(demand: Demand) -> None:
    today = timezone.localdate()
    producer_ids = fitting_producer_ids(demand_constraints(demand), on=today, limit=MOST_PRODUCERS_TOLD)
    notify(
        recipients=User.objects.filter(producers__in=producer_ids, role=Role.PRODUCER),
        kind="trade.demand",
        subject=format_lazy(_("Nhu cầu thu mua phù hợp: {title}"), title=demand.title),
        body=format_lazy(
            _("{buyer} cần {quantity} {unit}, hạn chót {deadline}. Xem và chào hàng."),
            buyer=demand.buyer.name,
            quantity=demand.quantity.normalize() if isinstance(demand.quantity, Decimal) else demand.quantity,
            unit=demand.unit,
            deadline=demand.deadline.strftime("%d/%m/%Y"),
        ),
        link=reverse("trade:fitting_demand", kwargs={"demand_id": demand.pk}),
        key=f"trade.demand:{demand.pk}",
    )


@transaction.atomic
def demand_close(*, acting_user: Actor, demand: Demand) -> Demand:
    actor = _actor(acting_user)
    demand = Demand.objects.select_for_update().select_related("buyer").get(pk=demand.pk)
    if not demand.buyer.members.filter(pk=actor.pk).exists():
        raise PermissionDenied
    if demand.status == DemandStatus.CLOSED:
        return demand
    demand.status = DemandStatus.CLOSED
    demand.save(update_fields=["status", "updated_at"])
    audit_record(actor=actor, action="demand.close", target=demand, province_code=demand.buyer.province_code)
    return demand


@transaction.atomic
def shortlist_toggle(*, acting_user: Actor, demand: Demand, product: Product) -> bool:
    """Put ``product`` on the demand's shortlist, or take it off; whether it is on it now."""
    actor = _actor(acting_user)
    if not demand.buyer.members.filter(pk=actor.pk).exists():
        raise PermissionDenied
    existing = Shortlisted.objects.select_for_update().filter(demand=demand, product=product).first()
    if existing is not None:
        existing.delete()
        shortlisted = False
    else:
        Shortlisted.objects.create(demand=demand, product=product, added_by=actor)
        shortlisted = True
    audit_record(
        actor=actor,
        action="demand.shortlist" if shortlisted else "demand.unshortlist",
        target=demand,
        province_code=demand.buyer.province_code,
        details={"product": product.name, "product_id": product.pk},
    )
    return shortlisted


@transaction.atomic
def offer_create(
    *,
    acting_user: Actor,
    demand: Demand,
    product: Product,
    quantity: Decimal,
    price_vnd: int,
    message: str = "",
) -> Offer:
    """A producer's offer of one of its products that fits an open demand; the buyer's members are told."""
    actor = _actor(acting_user)
    demand = Demand.objects.select_for_update().select_related("buyer").get(pk=demand.pk)
    if not products_of(actor).filter(pk=product.pk).exists():
        raise PermissionDenied
    today = timezone.localdate()
    if not demand.is_open or demand.deadline < today:
        raise ValidationError(_("Nhu cầu này đã đóng hoặc đã quá hạn chót."))
    if not fits(demand_constraints(demand), product_ids=[product.pk], on=today):
        raise ValidationError({"product": _("Sản phẩm này không đáp ứng yêu cầu của nhu cầu.")})
    if Offer.objects.filter(demand=demand, product=product).exists():
        raise ValidationError({"product": _("Đã chào hàng sản phẩm này cho nhu cầu này.")})
    offer = Offer(
        demand=demand,
        producer_id=product.producer_id,
        product=product,
        quantity=quantity,
        price_vnd=price_vnd,
        message=message,
        created_by=actor,
    )
    offer.full_clean()
    offer.save()
    audit_record(
        actor=actor,
        action="offer.create",
        target=offer,
        province_code=demand.buyer.province_code,
        details={"demand": demand.title, "product": product.name, "price_vnd": price_vnd},
    )
    notify(
        recipients=demand.buyer.members.all(),
        kind="trade.offer",
        subject=format_lazy(_("Chào hàng mới cho {title}"), title=demand.title),
        body=format_lazy(
            _("{producer} chào {product}: {price} đồng mỗi {unit}."),
            producer=product.producer.name,
            product=product.name,
            price=grouped(price_vnd),
            unit=demand.unit,
        ),
        link=reverse("trade:demand_detail", kwargs={"demand_id": demand.pk}),
        key=f"trade.offer:{offer.pk}",
    )
    return offer
