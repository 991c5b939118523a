"""The traceability demo in Mộ Đức, Quảng Ngãi: the demo producer's batches and stamps, scans, and the
three verdicts a shopper can meet (``manage.py load_demo_trace``, run by ``make run``).

- **Valid**: a batch of "Cà phê rang xay Mộ Đức" (4★), 24 stamps issued by the producer; one stamp
  scanned three times, one 26 times (past ``signals.COPIED_AFTER_SCANS``: its page warns it may be copied).
- **Expired**: a product of the producer recognised 40 months ago (its 36 months are over): the producer
  insisted past the warning and issued 6 stamps, which the run records.
- **Revoked**: a product recognised 14 months ago, stamps issued while it was valid, then revoked by the
  province 10 days ago for a food-safety violation: its stamps say so at once.
- Scans of altered serials under the valid product: what a copied code with changed serials leaves.

The demo's serials are not random: each is a keyed hash of its place in the demo, so that a fresh
``make run`` gives the stamp URIs the README lists. Real stamps never do this (``links.new_serial``).
"""

import base64
import datetime
import hashlib
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from ocop.accounts.models import User
from ocop.registry import rules
from ocop.registry import services as registry_services
from ocop.registry.demo.products import recognised_product
from ocop.registry.models import Product, RevocationGround
from ocop.trace import links, services, shipments
from ocop.trace.models import Batch, Stamp, StampRun
from ocop.trace.scan import scan_record

PRODUCER_EMAIL = "chuthe.moduc@demo.ocop.vn"
PROVINCE_OFFICER_EMAIL = "tinh.quangngai@demo.ocop.vn"
VALID_PRODUCT = "Cà phê rang xay Mộ Đức"
QUANG_NGAI, DA_NANG = 51, 48  # current province codes
EXPIRED_PRODUCT = "Cà phê bột pha phin Mộ Đức"
REVOKED_PRODUCT = "Cà phê sữa đóng chai Mộ Đức"
STEPS = [
    {"step": "Hái chín, chọn quả", "note": "Hộ liên kết ở xã Mộ Đức"},
    {"step": "Phơi trên giàn tre", "note": "12 ngày"},
    {"step": "Rang củi", "note": "Mẻ 30 kg, 18 phút"},
    {"step": "Xay và đóng túi", "note": "Túi 500 g có van một chiều"},
]


class DemoNotReadyError(Exception):
    """The demo accounts or the demo producer are missing."""


def demo_serial(label: str) -> str:
    """The demo's serial for ``label``: 72 bits of a keyed hash, in the alphabet of ``links.new_serial``."""
    digest = hashlib.blake2b(label.encode(), key=b"ocop-demo-stamps", digest_size=9).digest()
    return base64.urlsafe_b64encode(digest).decode()


@dataclass(frozen=True)
class DemoStamp:
    verdict: str
    uri: str


def _users() -> tuple[User, User]:
    users = {
        user.email: user for user in User.objects.filter(email__in=[PRODUCER_EMAIL, PROVINCE_OFFICER_EMAIL])
    }
    if len(users) != 2:
        raise DemoNotReadyError("demo accounts missing (run load_demo_users)")
    return users[PRODUCER_EMAIL], users[PROVINCE_OFFICER_EMAIL]


def _recognised(producer_user: User, name: str, *, months_ago: int, today: datetime.date) -> Product:
    """A coffee of the demo producer recognised ``months_ago`` months ago."""
    producer = producer_user.producers.order_by("pk").first()
    if producer is None:
        raise DemoNotReadyError(f"{PRODUCER_EMAIL} belongs to no producer (run load_demo)")
    return recognised_product(
        producer,
        name,
        decision_date=rules.add_months(today, -months_ago),
        decision_no=f"{1100 + months_ago}/QĐ-UBND",
        product_set_code="I.6",
        fields={"packaging": "Túi 250 g", "description": "Cà phê của hợp tác với các hộ ở Mộ Đức."},
    )


def _batch(actor: User, product: Product, lot: str, *, produced_days_ago: int, today: datetime.date) -> Batch:
    found = Batch.objects.filter(product=product, lot=lot).first()
    if found is not None:
        return found
    produced_on = today - datetime.timedelta(days=produced_days_ago)
    return services.batch_create(
        acting_user=actor,
        product=product,
        lot=lot,
        produced_on=produced_on,
        expires_on=produced_on + datetime.timedelta(days=365),
        quantity=1200,
        unit="túi",
        raw_material_origin="Cà phê Robusta của 36 hộ liên kết ở xã Mộ Đức, thu hái chín trên 90%.",
        suppliers="Tổ hợp tác cà phê Mộ Đức; Công ty bao bì Sa Huỳnh (túi)",
        processing_steps=STEPS,
    )


def _issue(actor: User, batch: Batch, count: int, *, force: bool = False) -> StampRun:
    run = batch.runs.order_by("pk").first()
    if run is not None:
        return run
    serials = [demo_serial(f"{batch.lot}:{index}") for index in range(count)]
    return services.stamps_issue(acting_user=actor, batch=batch, count=count, force=force, serials=serials)


def _scan(stamp: Stamp, times: int, *, since: datetime.datetime) -> None:
    product = stamp.batch.product
    path = links.StampPath(gtin=product.gtin, code=product.code, lot=stamp.batch.lot, serial=stamp.serial)
    for index in range(times):
        scan_record(path, now=since + datetime.timedelta(hours=7 * index))


def demo_trace_load(*, today: datetime.date | None = None) -> list[DemoStamp]:
    """Load the demo once (a second run finds each batch and run, and scans nothing more)."""
    today = today or timezone.localdate()
    producer_user, officer = _users()
    with transaction.atomic():
        valid = Product.objects.filter(producer__members=producer_user, name=VALID_PRODUCT).first()
        if valid is None:
            raise DemoNotReadyError(f"the demo producer has no product {VALID_PRODUCT!r} (run load_demo)")
        new_batch = not Batch.objects.filter(product=valid, lot="MD-2611-01").exists()
        valid_batch = _batch(producer_user, valid, "MD-2611-01", produced_days_ago=16, today=today)
        valid_run = _issue(producer_user, valid_batch, 24)
        expired = _recognised(producer_user, EXPIRED_PRODUCT, months_ago=40, today=today)
        expired_batch = _batch(producer_user, expired, "PP-2610-03", produced_days_ago=40, today=today)
        expired_run = _issue(producer_user, expired_batch, 6, force=True)
        revoked = _recognised(producer_user, REVOKED_PRODUCT, months_ago=14, today=today)
        revoked_batch = _batch(producer_user, revoked, "SC-2609-02", produced_days_ago=70, today=today)
        revoked_run = _issue(producer_user, revoked_batch, 6)
        certificate = revoked.latest_certificate
        if certificate is not None and certificate.revoked_on is None:
            registry_services.certificate_revoke(
                acting_user=officer,
                certificate=certificate,
                revoked_on=today - datetime.timedelta(days=10),
                ground=RevocationGround.UNSAFE_FOOD,
                decision_no="1875/QĐ-UBND",
                decision_date=today - datetime.timedelta(days=10),
                reason="Mẫu kiểm nghiệm lô SC-2609-02 vượt ngưỡng vi sinh cho phép.",
            )
        if new_batch:
            started = timezone.now() - datetime.timedelta(days=12)
            _scan(_stamp(valid_run, 0), 3, since=started)
            _scan(_stamp(valid_run, 1), 26, since=started)
            product = valid_batch.product
            for index in range(3):
                altered = links.StampPath(
                    gtin=product.gtin,
                    code=product.code,
                    lot=valid_batch.lot,
                    serial=demo_serial(f"giả:{index}"),
                )
                scan_record(altered, now=timezone.now() - datetime.timedelta(hours=index))
            _ship(producer_user, valid_batch, today=today)
    return [
        DemoStamp("valid", _uri(valid_run, 0)),
        DemoStamp("valid, scanned 26 times", _uri(valid_run, 1)),
        DemoStamp("expired", _uri(expired_run, 0)),
        DemoStamp("revoked", _uri(revoked_run, 0)),
    ]


def _ship(actor: User, batch: Batch, *, today: datetime.date) -> None:
    """Two shipments of the valid batch, the first arrived: what its EPCIS document tells after the
    commissioning."""

    def moment(days_ago: int, hour: int, minute: int = 0) -> datetime.datetime:
        day = today - datetime.timedelta(days=days_ago)
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))

    arrived = shipments.shipment_record(
        acting_user=actor,
        batch=batch,
        quantity=400,
        shipped_at=moment(14, 7, 30),
        destination_name="Siêu thị Co.opmart Quảng Ngãi",
        destination_province_code=QUANG_NGAI,
        destination_address="242 Quang Trung, phường Cẩm Thành",
        note="Xe tải 76C-012.34",
    )
    shipments.shipment_receive(
        acting_user=actor, shipment=arrived, received_at=moment(14, 11), received_quantity=400
    )
    shipments.shipment_record(
        acting_user=actor,
        batch=batch,
        quantity=240,
        shipped_at=moment(2, 8),
        destination_name="Điểm bán sản phẩm OCOP Đà Nẵng",
        destination_province_code=DA_NANG,
        destination_address="Chợ Hàn, phường Hải Châu",
    )


def _stamp(run: StampRun, index: int) -> Stamp:
    """The demo's stamp ``index`` of ``run``, by its serial: a run's rows are written in serial order."""
    lot = Batch.objects.values_list("lot", flat=True).get(pk=run.batch_id)
    return run.stamps.select_related("batch__product").get(serial=demo_serial(f"{lot}:{index}"))


def _uri(run: StampRun, index: int) -> str:
    stamp = _stamp(run, index)
    product = stamp.batch.product
    return links.stamp_uri(gtin=product.gtin, code=product.code, lot=stamp.batch.lot, serial=stamp.serial)
