"""Shipments of a batch (xuất hàng) and their arrival (nhận hàng): recorded, checked, audited, and told as
the shipping and receiving events of the batch's EPCIS document.

Who records: those who manage the batch (``services.may_manage_batches``). What is checked, each with a
message that names the field:

- the quantity is at least 1, and the batch's shipments together never exceed the batch's quantity when
  the batch has one;
- the shipment leaves on or after the batch's production day and not in the future (an hour of clock drift
  allowed); it arrives not before it left, not in the future, with at most the quantity shipped, once;
- a GLN is 13 digits with its GS1 check digit; a province is one of the current 34.
"""

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ocop.accounts import access as accounts_access
from ocop.accounts.access import Actor
from ocop.core.services import audit_record
from ocop.geo.models import Scheme
from ocop.geo.selectors import province_names
from ocop.registry.gtin import gs1_check_digit
from ocop.trace import epcis
from ocop.trace.models import Batch, Shipment
from ocop.trace.services import may_manage_batches

CLOCK_DRIFT = datetime.timedelta(hours=1)
GLN_LENGTH = 13


def gln_check(text: str) -> str:
    """``text`` as a GLN (13 digits, GS1 check digit), or ``ValidationError`` naming what is wrong."""
    gln = text.strip()
    if not gln:
        return ""
    if not (gln.isascii() and gln.isdigit()) or len(gln) != GLN_LENGTH:
        raise ValidationError({"destination_gln": _("Mã GLN gồm đúng 13 chữ số.")})
    expected = gs1_check_digit(gln[:-1])
    if expected != int(gln[-1]):
        raise ValidationError(
            {
                "destination_gln": _(
                    "Số kiểm tra của mã GLN không đúng: chữ số cuối phải là %(expected)s, "
                    "không phải %(given)s."
                )
                % {"expected": expected, "given": gln[-1]}
            }
        )
    return gln


def _check_manager(acting_user: Actor | None, batch: Batch) -> None:
    if acting_user is not None and not may_manage_batches(acting_user, batch.product):
        raise PermissionDenied


def _not_in_future(moment: datetime.datetime, field: str) -> None:
    if moment > timezone.now() + CLOCK_DRIFT:
        raise ValidationError({field: _("Thời điểm này còn ở tương lai.")})


@transaction.atomic
def shipment_record(
    *,
    acting_user: Actor | None,
    batch: Batch,
    quantity: int,
    shipped_at: datetime.datetime,
    destination_name: str,
    destination_gln: str = "",
    destination_province_code: int | None = None,
    destination_address: str = "",
    note: str = "",
) -> Shipment:
    # The batch's row is locked first: two shipments recorded at once cannot both take its last units.
    batch = Batch.objects.select_for_update().select_related("product").get(pk=batch.pk)
    _check_manager(acting_user, batch)
    name = destination_name.strip()
    if not name:
        raise ValidationError({"destination_name": _("Hãy ghi nơi nhận.")})
    if quantity < 1:
        raise ValidationError({"quantity": _("Số lượng xuất ít nhất là 1.")})
    if batch.quantity is not None:
        shipped = batch.shipments.aggregate(total=Sum("quantity"))["total"] or 0
        if shipped + quantity > batch.quantity:
            raise ValidationError(
                {
                    "quantity": _(
                        "Lô có %(batch)s %(unit)s, đã xuất %(shipped)s: còn %(left)s, "
                        "không xuất được %(asked)s."
                    )
                    % {
                        "batch": batch.quantity,
                        "unit": batch.unit,
                        "shipped": shipped,
                        "left": batch.quantity - shipped,
                        "asked": quantity,
                    }
                }
            )
    if timezone.localtime(shipped_at).date() < batch.produced_on:
        raise ValidationError({"shipped_at": _("Hàng không xuất được trước ngày sản xuất của lô.")})
    _not_in_future(shipped_at, "shipped_at")
    if destination_province_code is not None and (
        (Scheme.CURRENT, destination_province_code) not in province_names()
    ):
        raise ValidationError({"destination_province_code": _("Không có tỉnh, thành phố này.")})
    shipment = Shipment(
        batch=batch,
        quantity=quantity,
        shipped_at=shipped_at,
        destination_name=name,
        destination_gln=gln_check(destination_gln),
        destination_province_code=destination_province_code,
        destination_address=destination_address.strip(),
        note=note.strip(),
        created_by=accounts_access.acting_user(acting_user) if acting_user is not None else None,
    )
    shipment.full_clean()
    shipment.save()
    audit_record(
        actor=acting_user,
        action="shipment.record",
        target=batch,
        province_code=batch.product.province_code,
        details={
            "lot": batch.lot,
            "shipment": shipment.pk,
            "quantity": quantity,
            "destination": name,
            "shipped_at": timezone.localtime(shipped_at).isoformat(timespec="minutes"),
        },
    )
    return shipment


@transaction.atomic
def shipment_receive(
    *,
    acting_user: Actor | None,
    shipment: Shipment,
    received_at: datetime.datetime,
    received_quantity: int,
) -> Shipment:
    shipment = Shipment.objects.select_for_update().select_related("batch__product").get(pk=shipment.pk)
    _check_manager(acting_user, shipment.batch)
    if shipment.received_at is not None:
        raise ValidationError(
            _("Chuyến hàng này đã được ghi nhận lúc %(moment)s.")
            % {"moment": timezone.localtime(shipment.received_at).strftime("%H:%M %d/%m/%Y")}
        )
    if received_at < shipment.shipped_at:
        raise ValidationError({"received_at": _("Hàng không nhận được trước lúc xuất.")})
    _not_in_future(received_at, "received_at")
    if received_quantity < 0 or received_quantity > shipment.quantity:
        raise ValidationError(
            {
                "received_quantity": _("Số lượng nhận từ 0 đến %(shipped)s (số đã xuất).")
                % {"shipped": shipment.quantity}
            }
        )
    shipment.received_at = received_at
    shipment.received_quantity = received_quantity
    shipment.received_by = accounts_access.acting_user(acting_user) if acting_user is not None else None
    shipment.full_clean()
    shipment.save(update_fields=["received_at", "received_quantity", "received_by"])
    audit_record(
        actor=acting_user,
        action="shipment.receive",
        target=shipment.batch,
        province_code=shipment.batch.product.province_code,
        details={
            "lot": shipment.batch.lot,
            "shipment": shipment.pk,
            "quantity": received_quantity,
            "destination": shipment.destination_name,
            "received_at": timezone.localtime(received_at).isoformat(timespec="minutes"),
        },
    )
    return shipment


def producer_party(batch: Batch) -> epcis.Party:
    """The batch's producer as EPCIS names it: by its public page on the platform."""
    producer = batch.product.producer
    page = reverse("catalogue:producer_detail", kwargs={"producer_id": producer.pk})
    return epcis.Party(name=producer.name, identifier=settings.SITE_URL + page)


def destination_party(shipment: Shipment) -> epcis.Party:
    identifier = f"https://id.gs1.org/414/{shipment.destination_gln}" if shipment.destination_gln else None
    return epcis.Party(name=shipment.destination_name, identifier=identifier)


def batch_movements(batch: Batch) -> list[epcis.Movement]:
    """Each shipment of ``batch`` as a shipping event, and, once arrived, a receiving event."""
    producer = producer_party(batch)
    movements: list[epcis.Movement] = []
    for shipment in batch.shipments.all():
        destination = destination_party(shipment)
        movements.append(
            epcis.Movement(
                kind=epcis.MovementKind.SHIPPING,
                occurred_at=shipment.shipped_at,
                from_party=producer,
                to_party=destination,
                quantity=Decimal(shipment.quantity),
            )
        )
        if shipment.received_at is not None:
            movements.append(
                epcis.Movement(
                    kind=epcis.MovementKind.RECEIVING,
                    occurred_at=shipment.received_at,
                    from_party=producer,
                    to_party=destination,
                    quantity=Decimal(shipment.received_quantity or 0),
                )
            )
    return movements
