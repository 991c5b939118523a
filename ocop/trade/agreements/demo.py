"""The trade demo (``load_demo_agreements``): a connection event in Quảng Ngãi, its memoranda and contracts.

The agreements come in through the agreements file import itself, as an organiser would bring them, so
the demo shows the path the contract (§2) describes; a second run finds every document and writes
nothing. Buyers are found by name, or created (verified) when absent: another demo loader may have made
them first.

With the demo accounts, the demo buyer also records a memorandum with the demo producer's own
organisation through the buyer's service (``_waiting_for_the_producer``): it waits for the producer's
confirmation (issue #12), so chuthe.moduc lands on a confirmation to give, and the report says one waits.
"""

import datetime
import io
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction

from ocop.accounts.models import Role, User
from ocop.core.spreadsheets import CsvWriter
from ocop.registry.models import Producer, Product
from ocop.trade.agreements.importing import agreements_import
from ocop.trade.agreements.parsing import document_identity
from ocop.trade.agreements.services import agreement_record_as_buyer
from ocop.trade.models import (
    Agreement,
    AgreementKind,
    AgreementLine,
    Buyer,
    BuyerType,
    ConnectionEvent,
    Meeting,
    MeetingStatus,
    Verification,
)

QUANG_NGAI = 51
EVENT_NAME = "Hội nghị kết nối cung cầu sản phẩm OCOP tỉnh Quảng Ngãi năm 2026"
EVENT_DATE = datetime.date(2026, 10, 16)
COOPMART = "Siêu thị Co.opmart Quảng Ngãi"
DEMO_BUYER_EMAIL = "nguoimua.quangngai@demo.ocop.vn"
DEMO_PRODUCER_EMAIL = "chuthe.moduc@demo.ocop.vn"
WAITING_NO, WAITING_ON = "09/2026/BBGN-ST", datetime.date(2026, 10, 20)
HEADER = (
    "event_name",
    "event_date",
    "kind",
    "document_no",
    "signed_on",
    "buyer_name",
    "buyer_type",
    "producer_name",
    "producer_tax_code",
    "province",
    "product_codes",
    "value_vnd",
    "status",
    "delivered_vnd",
)


class DemoNotReadyError(Exception):
    """The demo registry has no producers in Quảng Ngãi yet."""


@dataclass(frozen=True)
class DemoAgreements:
    event: ConnectionEvent
    created: int
    unchanged: int


def _buyer(name: str, buyer_type: str, members: list[User]) -> Buyer:
    buyer = Buyer.objects.filter(name__iexact=name).order_by("pk").first()
    if buyer is None:
        buyer = Buyer.objects.create(
            name=name,
            buyer_type=buyer_type,
            province_code=QUANG_NGAI,
            verification=Verification.VERIFIED,
            description="Doanh nghiệp mẫu của bản trình diễn.",
        )
    for member in members:
        buyer.members.add(member)
    return buyer


def _producers() -> list[Producer]:
    """The demo producer's own organisation first, then Quảng Ngãi's first producers with coded products."""
    with_codes = Producer.objects.filter(province_code=QUANG_NGAI).exclude(tax_code="")
    own = with_codes.filter(members__email=DEMO_PRODUCER_EMAIL).order_by("pk").first()
    if own is not None:
        with_codes = with_codes.exclude(pk=own.pk)
    others = list(with_codes.filter(products__code__gt="").distinct().order_by("pk")[:4])
    return ([own] if own else []) + others


def _codes(producer: Producer) -> str:
    products = Product.objects.filter(producer=producer).exclude(code="").order_by("pk")
    return ";".join(products.values_list("code", flat=True)[:2])


def demo_agreements_load() -> DemoAgreements:
    producers = _producers()
    if len(producers) < 3:
        raise DemoNotReadyError("no demo producers in Quảng Ngãi yet (run load_demo)")
    demo_buyers = list(User.objects.filter(email=DEMO_BUYER_EMAIL, role=Role.BUYER))
    with transaction.atomic():
        coopmart = _buyer(COOPMART, BuyerType.SUPERMARKET, [])
        song_tra = _buyer("Công ty TNHH Phân phối Nông sản Sông Trà", BuyerType.DISTRIBUTOR, demo_buyers)
    first, second, third, *rest = producers
    rows = [
        ("mou", "01/2026/BBGN-CM", "2026-10-16", coopmart, first, None, "signed", None),
        (
            "contract",
            "15/2026/HĐTT-CM",
            "2026-10-16",
            coopmart,
            first,
            1_200_000_000,
            "in_progress",
            450_000_000,
        ),
        ("mou", "02/2026/BBGN-CM", "2026-10-16", coopmart, second, 300_000_000, "signed", None),
        (
            "contract",
            "16/2026/HĐTT-CM",
            "2026-10-16",
            coopmart,
            second,
            640_000_000,
            "fulfilled",
            640_000_000,
        ),
        ("mou", "07/2026/BBGN-ST", "2026-10-16", song_tra, third, None, "signed", None),
        ("contract", "21/2026/HĐTT-ST", "2026-10-17", song_tra, first, 380_000_000, "signed", 0),
        ("contract", "22/2026/HĐTT-ST", "2026-10-17", song_tra, third, 150_000_000, "cancelled", 0),
    ]
    rows += [
        ("mou", f"0{3 + index}/2026/BBGN-CM", "2026-10-16", coopmart, producer, None, "signed", None)
        for index, producer in enumerate(rest)
    ]
    output = io.StringIO()
    writer = CsvWriter(output)
    writer.writerow(HEADER)
    for kind, number, signed_on, buyer, producer, value, status, delivered in rows:
        writer.writerow(
            [
                EVENT_NAME,
                EVENT_DATE.isoformat(),
                kind,
                number,
                signed_on,
                buyer.name,
                buyer.buyer_type,
                producer.name,
                producer.tax_code,
                QUANG_NGAI,
                _codes(producer),
                "" if value is None else value,
                status,
                "" if delivered is None else delivered,
            ]
        )
    content = output.getvalue().encode()
    check = agreements_import(acting_user=None, file_name="demo.csv", content=content, dry_run=True)
    if not check.ok:
        raise DemoNotReadyError("; ".join(str(error) for error in check.errors))
    counts = check.summary["agreements"]
    if counts["created"] or counts["updated"]:
        agreements_import(acting_user=None, file_name="hoi-nghi-quang-ngai-2026.csv", content=content)
    event = ConnectionEvent.objects.get(search_name__startswith="hoi nghi ket noi cung cau", date=EVENT_DATE)
    with transaction.atomic():
        if not event.place:
            event.place = "Trung tâm Hội nghị tỉnh Quảng Ngãi"
            event.organiser = "Sở Công Thương tỉnh Quảng Ngãi"
            event.save()
        event.producers.add(*producers)
        event.buyers.add(coopmart, song_tra)
        for buyer, producer, status in (
            (coopmart, first, MeetingStatus.HELD),
            (song_tra, third, MeetingStatus.SCHEDULED),
        ):
            Meeting.objects.get_or_create(
                event=event,
                buyer=buyer,
                producer=producer,
                defaults={"status": status, "scheduled_at": None, "note": "Cuộc gặp mẫu."},
            )
    own = producers[0] if producers[0].members.filter(email=DEMO_PRODUCER_EMAIL).exists() else None
    if demo_buyers and own is not None:
        _waiting_for_the_producer(event, demo_buyers[0], song_tra, own)
    return DemoAgreements(event=event, created=counts["created"], unchanged=counts["unchanged"])


@transaction.atomic
def _waiting_for_the_producer(event: ConnectionEvent, buyer_user: User, buyer: Buyer, own: Producer) -> None:
    """The demo buyer's memorandum with the demo producer, recorded once and left for the producer to answer.

    The two met at the event (so the producer is one the buyer deals with); a verified buyer only."""
    identity = document_identity(AgreementKind.MEMORANDUM, WAITING_NO, WAITING_ON)
    product = Product.objects.filter(producer=own).order_by("pk").first()
    if Agreement.objects.filter(identity=identity).exists() or product is None:
        return
    if buyer.verification != Verification.VERIFIED:
        return
    Meeting.objects.get_or_create(
        event=event,
        buyer=buyer,
        producer=own,
        defaults={"status": MeetingStatus.HELD, "scheduled_at": None, "note": "Cuộc gặp mẫu."},
    )
    agreement_record_as_buyer(
        acting_user=buyer_user,
        buyer=buyer,
        agreement=Agreement(
            kind=AgreementKind.MEMORANDUM,
            document_no=WAITING_NO,
            signed_on=WAITING_ON,
            event=event,
            producer=own,
            note="Biên bản mẫu do bên mua ghi, chờ chủ thể xác nhận.",
        ),
        lines=[AgreementLine(product=product, quantity=Decimal("1000"), unit="sản phẩm")],
    )
