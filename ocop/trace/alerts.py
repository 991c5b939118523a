"""Counterfeit alerts (cảnh báo hàng giả): raising one, who is told, who sees them, marking one handled.

``ocop.trace.signals`` decides when a signal is strong enough; ``alert_raise`` records it once per key and
tells the producer's members and the officers of the product's province through ``notify`` with the same
key, so a second detection of the same signal writes nothing and tells nobody again. An alert is about a
product, so it is seen by the product's producer and by the officers whose scope holds the product
(``ocop.accounts.access.scope_q``); only officers mark one handled.
"""

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from ocop.accounts.access import Actor, acting_user, is_officer, scope_q
from ocop.accounts.models import Role, User
from ocop.accounts.selectors import province_officers
from ocop.core.services import audit_record
from ocop.notifications.services import notify
from ocop.registry.models import Product
from ocop.trace.models import Alert, AlertKind

NOTIFICATION_KIND = "trace.alert"


def alert_key(kind: str, subject: str, moment: datetime.datetime) -> str:
    """``kind:subject:day``: one alert per signal, stamp or product, and local day."""
    return f"{kind}:{subject}:{timezone.localdate(moment).isoformat()}"


def alert_raise(
    *,
    kind: AlertKind,
    key: str,
    product_id: int,
    now: datetime.datetime,
    batch_id: int | None = None,
    stamp_id: int | None = None,
    province_code: int | None = None,
    details: dict[str, Any] | None = None,
) -> Alert | None:
    """The alert written now, or ``None`` when ``key`` was raised already (also by a concurrent request)."""
    if Alert.objects.filter(key=key).exists():
        return None
    alert = Alert(
        kind=kind,
        key=key,
        product_id=product_id,
        batch_id=batch_id,
        stamp_id=stamp_id,
        province_code=province_code,
        details=details or {},
        created_at=now,
    )
    try:
        with transaction.atomic():
            alert.save(force_insert=True)
            product = Product.objects.select_related("producer").get(pk=product_id)
            notify(
                recipients=alert_recipients(product),
                kind=NOTIFICATION_KIND,
                subject=format_lazy(_("Cảnh báo hàng giả: {product}"), product=product.name),
                body=format_lazy(
                    _("{kind}. Sản phẩm {product}: xem danh sách cảnh báo để biết chi tiết."),
                    kind=AlertKind(kind).label,
                    product=product.name,
                ),
                link=reverse("alerts:list"),
                key=key,
            )
    except IntegrityError:
        return None
    return alert


def alert_recipients(product: Product) -> list[User]:
    """The producer's members and the province officers of the product's province."""
    members = list(product.producer.members.filter(is_active=True))
    return members + list(province_officers(product.province_code))


def alerts_visible(user: Actor) -> QuerySet[Alert]:
    """The alerts ``user`` may see: their producers' products', or those in their scope as an officer."""
    actor = acting_user(user)
    if actor is None:
        return Alert.objects.none()
    if actor.role == Role.PRODUCER:
        condition = Q(product__producer__members=actor)
    elif is_officer(actor):
        condition = scope_q(actor, province_field="product__province_code", commune_field="product__unit")
    else:
        return Alert.objects.none()
    return Alert.objects.filter(condition).select_related("product", "batch")


def may_see_alerts(user: Actor) -> bool:
    actor = acting_user(user)
    return actor is not None and (actor.role == Role.PRODUCER or is_officer(actor))


def alert_counts(alerts: QuerySet[Alert]) -> list[tuple[str, str, int]]:
    """(kind, its name, how many) for every kind, in the order of ``AlertKind``."""
    counted = dict(
        alerts.order_by().values_list("kind").annotate(count=Count("pk")).values_list("kind", "count")
    )
    return [(kind.value, str(kind.label), counted.get(kind.value, 0)) for kind in AlertKind]


def alert_for_officer(user: Actor, alert_id: int) -> Alert:
    """An alert the officer ``user`` may mark handled; ``Alert.DoesNotExist`` for any other."""
    if not is_officer(user):
        raise Alert.DoesNotExist
    return alerts_visible(user).get(pk=alert_id)


@transaction.atomic
def alert_resolve(*, acting_user: Actor, alert: Alert) -> Alert:
    """Mark ``alert`` handled (đã xử lý): once, by an officer whose scope holds its product."""
    if not is_officer(acting_user) or not alerts_visible(acting_user).filter(pk=alert.pk).exists():
        raise PermissionDenied
    now = timezone.now()
    changed = Alert.objects.filter(pk=alert.pk, resolved_at=None).update(
        resolved_at=now, resolved_by=acting_user
    )
    alert.refresh_from_db()
    if changed:
        audit_record(
            actor=acting_user,
            action="alert.resolve",
            target=alert,
            province_code=alert.product.province_code,
            details={"kind": alert.kind, "product": alert.product_id, "key": alert.key},
        )
    return alert
