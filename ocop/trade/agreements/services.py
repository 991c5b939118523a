"""Writing events, meetings, agreements and deliveries: the officers', and the parties' own.

Each function checks the actor's scope (``PermissionDenied`` otherwise, nothing written), validates with
``full_clean``, writes in one transaction and records an audit event with it.

What a buyer records waits for its producer (issue #12): pending until a producer's member confirms or
disputes it (``agreement_answer``); the buyer amends it, and any change to its terms asks the producer
again. Deliveries and status follow once it is trusted (``can_follow_up``).
"""

import datetime
import uuid
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from ocop.accounts.access import can_act_in_province
from ocop.core.services import audit_record
from ocop.core.text import fold
from ocop.registry.models import Producer, Product
from ocop.trade.agreements import agreement_notices, meeting_notices
from ocop.trade.agreements.access import (
    can_follow_up,
    counterpart_producers,
    is_producer_party,
    may_amend,
    may_answer,
    may_organise,
    party_buyers,
    party_producers,
)
from ocop.trade.agreements.parsing import document_identity
from ocop.trade.models import (
    Agreement,
    AgreementKind,
    AgreementLine,
    AgreementSource,
    AgreementStatus,
    Buyer,
    ConnectionEvent,
    Delivery,
    Meeting,
    MeetingStatus,
    ProducerAnswer,
)


def _check_province(acting_user: Any, province_code: int) -> None:
    if not (may_organise(acting_user) and can_act_in_province(acting_user, province_code)):
        raise PermissionDenied("Only officers of the province (or the centre) record connection events.")


@transaction.atomic
def event_create(*, acting_user: Any, **fields: Any) -> ConnectionEvent:
    _check_province(acting_user, fields["province_code"])
    event = ConnectionEvent(created_by=acting_user, search_name=fold(fields["name"]), **fields)
    event.full_clean()
    event.save()
    audit_record(
        actor=acting_user,
        action="connection_event.create",
        target=event,
        province_code=event.province_code,
        details={"name": event.name, "date": event.date.isoformat() if event.date else None},
    )
    return event


@transaction.atomic
def event_participants_set(
    *, acting_user: Any, event: ConnectionEvent, producers: list[Producer], buyers: list[Buyer]
) -> ConnectionEvent:
    _check_province(acting_user, event.province_code)
    event.producers.set(producers)
    event.buyers.set(buyers)
    audit_record(
        actor=acting_user,
        action="connection_event.participants",
        target=event,
        province_code=event.province_code,
        details={"producers": len(producers), "buyers": len(buyers)},
    )
    return event


@transaction.atomic
def meeting_record(*, acting_user: Any, meeting: Meeting) -> Meeting:
    """A new meeting, or a change to one (its time, its status, its note)."""
    _check_province(acting_user, meeting.event.province_code)
    creating = meeting.pk is None
    if creating:
        meeting.requested_by = acting_user
    else:
        before = Meeting.objects.select_for_update().get(pk=meeting.pk)
    meeting.full_clean()
    meeting.save()
    _audit_meeting(acting_user, meeting, creating=creating)
    if creating:
        meeting_notices.tell_request(meeting, actor=acting_user)
    elif (before.status, before.scheduled_at) != (meeting.status, meeting.scheduled_at):
        meeting_notices.tell_requester(meeting, actor=acting_user)
    return meeting


@transaction.atomic
def meeting_request(
    *, acting_user: Any, event: ConnectionEvent, buyer: Buyer, producer: Producer, note: str = ""
) -> Meeting:
    """A producer or a verified buyer asks to meet the other side at an event both take part in."""
    own_side = (
        party_buyers(acting_user).filter(pk=buyer.pk).exists()
        or party_producers(acting_user).filter(pk=producer.pk).exists()
    )
    both_there = event.buyers.filter(pk=buyer.pk).exists() and event.producers.filter(pk=producer.pk).exists()
    if not (own_side and both_there):
        raise PermissionDenied("Only a party taking part in the event asks for a meeting there.")
    meeting = Meeting(event=event, buyer=buyer, producer=producer, requested_by=acting_user, note=note)
    meeting.full_clean()
    meeting.save()
    _audit_meeting(acting_user, meeting, creating=True)
    meeting_notices.tell_request(meeting, actor=acting_user)
    return meeting


def _audit_meeting(acting_user: Any, meeting: Meeting, *, creating: bool) -> None:
    audit_record(
        actor=acting_user,
        action="meeting.record",
        target=meeting,
        province_code=meeting.event.province_code,
        details={"status": meeting.status, "new": creating},
    )


# What a side of the meeting may do to it, by whether it asked (the organisers may do anything):
# the side asked declines a request; the side that asked withdraws it; either calls off a scheduled meeting.
PARTY_MOVES: dict[tuple[bool, str], frozenset[str]] = {
    (False, MeetingStatus.REQUESTED): frozenset({MeetingStatus.DECLINED}),
    (True, MeetingStatus.REQUESTED): frozenset({MeetingStatus.CANCELLED}),
    (False, MeetingStatus.SCHEDULED): frozenset({MeetingStatus.CANCELLED}),
    (True, MeetingStatus.SCHEDULED): frozenset({MeetingStatus.CANCELLED}),
}


def party_moves(acting_user: Any, meeting: Meeting) -> frozenset[str]:
    """The statuses the producer's or buyer's member ``acting_user`` may move ``meeting`` to."""
    buyer_side = party_buyers(acting_user).filter(pk=meeting.buyer_id).exists()
    producer_side = party_producers(acting_user).filter(pk=meeting.producer_id).exists()
    if not (buyer_side or producer_side):
        return frozenset()
    requester = meeting.requested_by
    asked = requester is not None and (
        (buyer_side and meeting.buyer.members.filter(pk=requester.pk).exists())
        or (producer_side and meeting.producer.members.filter(pk=requester.pk).exists())
    )
    return PARTY_MOVES.get((asked, meeting.status), frozenset())


@transaction.atomic
def meeting_answer(*, acting_user: Any, meeting: Meeting, status: str) -> Meeting:
    """A side of the meeting declines it or calls it off (``PARTY_MOVES``); the requester is told."""
    meeting = Meeting.objects.select_for_update(of=("self",)).select_related("event").get(pk=meeting.pk)
    if status not in party_moves(acting_user, meeting):
        raise PermissionDenied("This side may not move the meeting to that status.")
    meeting.status = status
    meeting.save(update_fields=["status", "updated_at"])
    _audit_meeting(acting_user, meeting, creating=False)
    meeting_notices.tell_requester(meeting, actor=acting_user)
    return meeting


@transaction.atomic
def agreement_record(
    *, acting_user: Any, agreement: Agreement, lines: list[AgreementLine] | None = None
) -> Agreement:
    """A memorandum or contract typed by an officer, new or changed; its parties' names follow their records.

    As in the agreements file, the producer is linked by its tax code and the products by their codes; the
    codes of ``lines`` join them. ``lines`` replace the agreement's lines; ``None`` leaves them as they are.
    """
    _check_province(acting_user, agreement.province_code)
    if agreement.producer is None and agreement.producer_tax_code:
        agreement.producer = Producer.objects.filter(tax_code=agreement.producer_tax_code).first()
    typed = (code.strip() for code in agreement.product_codes.split(";"))
    codes = [*typed, *(line.product_code for line in lines or [])]
    codes = list(dict.fromkeys(code for code in codes if code))
    products = {product.code: product for product in Product.objects.filter(code__in=codes)} if codes else {}
    for line in lines or []:
        line.product = products.get(line.product_code)
    agreement.product_codes = ";".join(codes)
    return _agreement_write(acting_user, agreement, list(products.values()), lines)


@transaction.atomic
def agreement_record_as_buyer(
    *, acting_user: Any, buyer: Buyer, agreement: Agreement, lines: list[AgreementLine]
) -> Agreement:
    """A memorandum or contract that a verified buyer's member records with a producer the buyer deals with,
    or amends (``agreement`` saved already): it waits for the producer's confirmation (issue #12).

    The buyer is always the member's own organisation; the producer one that offered to its demands, whose
    product it shortlisted or that it met (``counterpart_producers``); every product is that producer's;
    the province is the producer's, as in the agreements file (§2). A new record, or an amendment that
    changes its terms, is pending and asks the producer; an amendment changes neither producer nor status.
    """
    if not party_buyers(acting_user).filter(pk=buyer.pk).exists():
        raise PermissionDenied("Only a verified buyer's members record its agreements.")
    before = None
    if agreement.pk is not None:
        before = Agreement.objects.select_for_update().get(pk=agreement.pk)
        if before.buyer_id != buyer.pk or not may_amend(acting_user, before):
            raise PermissionDenied("A buyer amends only the agreements it recorded.")
        agreement.producer, agreement.status = before.producer, before.status
    producer = agreement.producer
    if producer is None or not counterpart_producers(buyer).filter(pk=producer.pk).exists():
        raise PermissionDenied("A buyer records agreements only with producers it deals with.")
    errors: dict[str, str] = {}
    event = agreement.event
    if event is not None and not (
        event.buyers.filter(pk=buyer.pk).exists() and event.producers.filter(pk=producer.pk).exists()
    ):
        errors["event"] = _("Hội nghị: %(buyer)s và %(producer)s không cùng tham gia hội nghị này.") % {
            "buyer": buyer.name,
            "producer": producer.name,
        }
    if not lines:
        errors["lines"] = _("Sản phẩm: hãy ghi ít nhất một sản phẩm với số lượng.")
    foreign = [
        line.product.name for line in lines if line.product and line.product.producer_id != producer.pk
    ]
    if foreign:
        errors["lines"] = _("Sản phẩm: %(products)s không phải của %(producer)s.") % {
            "products": ", ".join(foreign),
            "producer": producer.name,
        }
    if errors:
        raise ValidationError(errors)
    agreement.buyer = buyer
    agreement.province_code = producer.province_code
    products = list(dict.fromkeys(line.product for line in lines if line.product is not None))
    for line in lines:
        line.product_code = line.product.code if line.product else line.product_code
    agreement.product_codes = ";".join(product.code for product in products if product.code)
    asking = before is None or _terms(before, list(before.lines.all())) != _terms(agreement, lines)
    if asking:
        agreement.producer_answer = ProducerAnswer.PENDING
        agreement.dispute_reason, agreement.answered_at, agreement.answered_by = "", None, None
    saved = _agreement_write(acting_user, agreement, products, lines)
    if asking:
        agreement_notices.ask_producer(saved)
    return saved


def _terms(agreement: Agreement, lines: list[AgreementLine]) -> tuple[Any, ...]:
    """What the producer confirms: a change to any of these asks it again."""
    return (
        agreement.kind,
        agreement.document_no,
        agreement.signed_on,
        agreement.event_id,
        agreement.value_vnd,
        agreement.note,
        [_line_words(line) for line in lines],
    )


def _agreement_write(
    acting_user: Any, agreement: Agreement, products: list[Product], lines: list[AgreementLine] | None
) -> Agreement:
    """Check and save ``agreement``, its products and lines, and record it; the caller checked the actor."""
    creating = agreement.pk is None
    if agreement.buyer is not None:
        agreement.buyer_name, agreement.buyer_type = agreement.buyer.name, agreement.buyer.buyer_type
    if agreement.producer is not None:
        agreement.producer_name = agreement.producer.name
        agreement.producer_tax_code = agreement.producer.tax_code
    if creating:
        agreement.source = AgreementSource.SCREEN
    if creating or agreement.document_no:
        agreement.identity = _identity(agreement)
    _check_values(agreement)
    agreement.full_clean(exclude=["identity"])
    for line in lines or []:
        line.full_clean(exclude=["agreement"])
    agreement.save()
    agreement.products.set(products)
    if lines is not None:
        agreement.lines.all().delete()
        for line in lines:
            line.agreement = agreement
        AgreementLine.objects.bulk_create(lines)
    details: dict[str, Any] = {
        "kind": agreement.kind,
        "document_no": agreement.document_no,
        "status": agreement.status,
        "value_vnd": agreement.value_vnd,
        "new": creating,
        "producer_answer": agreement.producer_answer,
    }
    if lines is not None:
        details["lines"] = [_line_words(line) for line in lines]
    audit_record(
        actor=acting_user,
        action="agreement.record",
        target=agreement,
        province_code=agreement.province_code,
        details=details,
    )
    return agreement


def _line_words(line: AgreementLine) -> str:
    """``QNG-01: 500 chai``, as the audit log shows a line."""
    quantity = f"{line.quantity.normalize():f}" if line.quantity is not None else "—"
    return f"{line.product_code or '—'}: {quantity} {line.unit}".strip()


def _identity(agreement: Agreement) -> str:
    """§2's key when the document has a number, so that a later file finds it; else one of its own."""
    if agreement.document_no:
        return document_identity(agreement.kind, agreement.document_no, agreement.signed_on)
    return f"screen:{uuid.uuid4().hex}"


def _check_values(agreement: Agreement) -> None:
    errors: dict[str, str] = {}
    if agreement.kind == AgreementKind.CONTRACT and agreement.value_vnd is None:
        errors["value_vnd"] = _("Hợp đồng phải có giá trị.")
    if agreement.value_vnd is not None and agreement.value_vnd < 0:
        errors["value_vnd"] = _("Giá trị không được âm.")
    if agreement.value_vnd is not None and agreement.delivered_vnd > agreement.value_vnd:
        errors["value_vnd"] = _("Giá trị nhỏ hơn giá trị đã giao.")
    taken = Agreement.objects.filter(identity=agreement.identity).exclude(pk=agreement.pk).exists()
    if taken:
        errors["document_no"] = _("Đã có văn bản cùng loại, cùng số và cùng ngày ký.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def delivery_record(*, acting_user: Any, agreement: Agreement, on: datetime.date, value_vnd: int) -> Delivery:
    """Value delivered on a day: added to ``delivered_vnd``, which may not pass the agreement's value.

    Officers of the province, or either party once the document is trusted; the other party is told."""
    locked = Agreement.objects.select_for_update().get(pk=agreement.pk)
    if not can_follow_up(acting_user, locked):
        raise PermissionDenied(
            "Only the province's officers, or a party to a trusted document, record deliveries."
        )
    if value_vnd <= 0:
        raise ValidationError({"value_vnd": _("Giá trị giao phải lớn hơn 0.")})
    if locked.value_vnd is None or locked.delivered_vnd + value_vnd > locked.value_vnd:
        raise ValidationError(
            {"value_vnd": _("Tổng giá trị đã giao vượt giá trị của văn bản (hoặc văn bản chưa có giá trị).")}
        )
    delivery = Delivery.objects.create(agreement=locked, on=on, value_vnd=value_vnd)
    total = locked.deliveries.aggregate(total=Sum("value_vnd"))["total"] or 0
    Agreement.objects.filter(pk=locked.pk).update(delivered_vnd=total, updated_at=timezone.now())
    agreement.refresh_from_db()
    audit_record(
        actor=acting_user,
        action="delivery.record",
        target=agreement,
        province_code=agreement.province_code,
        details={"on": on.isoformat(), "value_vnd": value_vnd, "delivered_vnd": total},
    )
    agreement_notices.tell_delivery(agreement, delivery, actor=acting_user)
    return delivery


# How a document moves once signed (the officers' own form sets any status; this is everyone's way).
STATUS_MOVES: dict[str, frozenset[str]] = {
    AgreementStatus.SIGNED: frozenset({AgreementStatus.IN_PROGRESS, AgreementStatus.CANCELLED}),
    AgreementStatus.IN_PROGRESS: frozenset({AgreementStatus.FULFILLED, AgreementStatus.CANCELLED}),
}


def status_moves(agreement: Agreement) -> list[str]:
    """The statuses ``agreement`` may move to, in the order of ``AgreementStatus``."""
    allowed = STATUS_MOVES.get(agreement.status, frozenset())
    return [status for status in AgreementStatus.values if status in allowed]


@transaction.atomic
def agreement_status_set(*, acting_user: Any, agreement: Agreement, status: str) -> Agreement:
    """A party (or an officer) moves a trusted document on: signed → in progress → fulfilled, or cancelled."""
    locked = Agreement.objects.select_for_update().get(pk=agreement.pk)
    if not can_follow_up(acting_user, locked):
        raise PermissionDenied("Only the province's officers, or a party to a trusted document, move it on.")
    if status not in status_moves(locked):
        raise ValidationError(
            {
                "status": _("Không thể chuyển văn bản từ “%(now)s” sang trạng thái đã chọn.")
                % {"now": locked.get_status_display()}
            }
        )
    before = locked.status
    locked.status = status
    locked.full_clean(exclude=["identity"])
    locked.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=acting_user,
        action="agreement.status",
        target=locked,
        province_code=locked.province_code,
        details={"from": before, "status": status},
    )
    agreement_notices.tell_status(locked, actor=acting_user)
    return locked


@transaction.atomic
def agreement_answer(*, acting_user: Any, agreement: Agreement, confirm: bool, reason: str = "") -> Agreement:
    """The producer's member confirms what a buyer recorded (it counts from now on) or disputes it, saying
    why (it stays out, and the buyer and the province's officers are told)."""
    locked = Agreement.objects.select_for_update().get(pk=agreement.pk)
    if not is_producer_party(acting_user, locked):
        raise PermissionDenied("Only the producer's members answer for it.")
    if not may_answer(acting_user, locked):
        raise ValidationError(
            {
                "producer_answer": _("Văn bản này không chờ xác nhận (hiện: %(answer)s).")
                % {"answer": locked.get_producer_answer_display()}
            }
        )
    reason = reason.strip()
    if not confirm and not reason:
        raise ValidationError({"dispute_reason": _("Hãy ghi lý do không xác nhận.")})
    locked.producer_answer = ProducerAnswer.CONFIRMED if confirm else ProducerAnswer.DISPUTED
    locked.dispute_reason = "" if confirm else reason
    locked.answered_at, locked.answered_by = timezone.now(), acting_user
    locked.full_clean(exclude=["identity"])
    locked.save(
        update_fields=["producer_answer", "dispute_reason", "answered_at", "answered_by", "updated_at"]
    )
    audit_record(
        actor=acting_user,
        action="agreement.answer",
        target=locked,
        province_code=locked.province_code,
        details={"answer": locked.producer_answer, "reason": locked.dispute_reason},
    )
    agreement_notices.tell_answer(locked)
    return locked
