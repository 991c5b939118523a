"""What the parties of an agreement a buyer recorded are told (inbox and e-mail, through ``notify``).

- A buyer records or amends one: the producer's people are asked to confirm it (it counts nowhere until).
- The producer confirms: the buyer's people. It disputes: the buyer's people and the province officers of
  the agreement's province, with the reason, since a buyer may be inflating the province's figures.
- One party records a delivery or moves the status: the other party's people (officers tell nobody).

Each notice has its key, so a repeat tells nobody twice; each amendment and each answer is a new notice.
"""

from django.urls import reverse
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from ocop.accounts.models import User
from ocop.accounts.selectors import province_officers
from ocop.core.text import grouped
from ocop.notifications.services import notify
from ocop.trade.agreements.access import buyer_people, other_side, producer_people
from ocop.trade.models import Agreement, AgreementStatus, Delivery, ProducerAnswer

KIND = "trade.agreement"


def _link(agreement: Agreement) -> str:
    return reverse("trade_agreements:agreement_detail", kwargs={"agreement_id": agreement.pk})


def _named(agreement: Agreement) -> str:
    return str(agreement)


def ask_producer(agreement: Agreement) -> None:
    """The producer's people: confirm (or not) what the buyer recorded; once per version of its terms."""
    notify(
        recipients=producer_people(agreement.producer),
        kind=KIND,
        subject=format_lazy(
            _("Xác nhận văn bản {document} với {buyer}"),
            document=_named(agreement),
            buyer=agreement.buyer_name,
        ),
        body=format_lazy(
            _(
                "{buyer} đã ghi {document} ký ngày {day} với {producer}. Văn bản chỉ được tính vào báo cáo "
                "kết nối giao thương khi chủ thể xác nhận: hãy xác nhận hoặc ghi lý do không xác nhận."
            ),
            buyer=agreement.buyer_name,
            document=_named(agreement),
            day=f"{agreement.signed_on:%d/%m/%Y}",
            producer=agreement.producer_name,
        ),
        link=_link(agreement),
        key=f"{KIND}:{agreement.pk}:asked:{agreement.updated_at.isoformat()}",
    )


def tell_answer(agreement: Agreement) -> None:
    """The buyer's people when confirmed; with the province's officers, and the reason, when disputed."""
    answered_at = agreement.answered_at.isoformat() if agreement.answered_at else ""
    key = f"{KIND}:{agreement.pk}:{agreement.producer_answer}:{answered_at}"
    if agreement.producer_answer == ProducerAnswer.CONFIRMED:
        notify(
            recipients=buyer_people(agreement.buyer),
            kind=KIND,
            subject=format_lazy(
                _("{producer} đã xác nhận {document}"),
                producer=agreement.producer_name,
                document=_named(agreement),
            ),
            body=format_lazy(
                _("{producer} đã xác nhận {document}; văn bản được tính vào báo cáo kết nối giao thương."),
                producer=agreement.producer_name,
                document=_named(agreement),
            ),
            link=_link(agreement),
            key=key,
        )
    elif agreement.producer_answer == ProducerAnswer.DISPUTED:
        notify(
            recipients=[*buyer_people(agreement.buyer), *province_officers(agreement.province_code)],
            kind=KIND,
            subject=format_lazy(
                _("{producer} không xác nhận {document}"),
                producer=agreement.producer_name,
                document=_named(agreement),
            ),
            body=format_lazy(
                _("{producer} không xác nhận {document} do {buyer} ghi. Lý do: {reason}"),
                producer=agreement.producer_name,
                document=_named(agreement),
                buyer=agreement.buyer_name,
                reason=agreement.dispute_reason,
            ),
            link=_link(agreement),
            key=key,
        )


def _other_party(agreement: Agreement, actor: User) -> list[User]:
    """The side that did not act; nobody when an officer did."""
    return other_side(agreement.buyer, agreement.producer, actor) or []


def tell_delivery(agreement: Agreement, delivery: Delivery, *, actor: User) -> None:
    notify(
        recipients=_other_party(agreement, actor),
        kind=KIND,
        subject=format_lazy(_("Giao hàng theo {document}"), document=_named(agreement)),
        body=format_lazy(
            _(
                "{actor} đã ghi giao hàng {value} đồng ngày {day} theo {document}; "
                "đã giao tổng cộng {total} đồng."
            ),
            actor=actor.full_name or actor.email,
            value=grouped(delivery.value_vnd),
            day=f"{delivery.on:%d/%m/%Y}",
            document=_named(agreement),
            total=grouped(agreement.delivered_vnd),
        ),
        link=_link(agreement),
        key=f"{KIND}:{agreement.pk}:delivery:{delivery.pk}",
    )


def tell_status(agreement: Agreement, *, actor: User) -> None:
    notify(
        recipients=_other_party(agreement, actor),
        kind=KIND,
        subject=format_lazy(
            _("{document}: {status}"),
            document=_named(agreement),
            status=AgreementStatus(agreement.status).label,
        ),
        body=format_lazy(
            _("{actor} đã chuyển {document} sang trạng thái “{status}”."),
            actor=actor.full_name or actor.email,
            document=_named(agreement),
            status=AgreementStatus(agreement.status).label,
        ),
        link=_link(agreement),
        key=f"{KIND}:{agreement.pk}:status:{agreement.status}",
    )
