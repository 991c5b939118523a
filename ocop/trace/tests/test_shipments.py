"""Shipments of a batch: recorded and received on the batch's page by those who manage it, checked with
messages that name the field, audited, and told as shipping and receiving events in the batch's EPCIS
document."""

import datetime
import json
from pathlib import Path

import jsonschema
import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from ocop.accounts.models import Role
from ocop.accounts.tests.factories import DAK_LAK, MO_DUC, QUANG_NGAI, UserFactory, commune, province
from ocop.core.models import AuditEvent
from ocop.registry.tests.factories import make_producer
from ocop.trace import shipments
from ocop.trace.models import Shipment

SCHEMA = json.loads((Path(__file__).parent / "data" / "epcis-json-schema.json").read_text())
GLN = "8938505000015"


def member_of(producer):
    user = UserFactory(role=Role.PRODUCER)
    producer.members.add(user)
    return user


def moment(day: str, time: str) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.fromisoformat(f"{day}T{time}"))


@pytest.fixture
def owner(product):
    return member_of(product.producer)


@pytest.fixture
def counted_batch(batch):
    batch.quantity, batch.unit = 500, "gói"
    batch.save(update_fields=["quantity", "unit"])
    return batch


def record(batch, user, **overrides):
    fields = {
        "quantity": 200,
        "shipped_at": moment("2026-12-01", "08:30"),
        "destination_name": "Siêu thị Co.opmart Quảng Ngãi",
        "destination_gln": GLN,
        "destination_province_code": QUANG_NGAI,
        "destination_address": "242 Quang Trung",
    }
    return shipments.shipment_record(acting_user=user, batch=batch, **{**fields, **overrides})


def test_a_shipment_and_its_arrival_are_recorded_and_audited(counted_batch, owner):
    shipment = record(counted_batch, owner)
    shipments.shipment_receive(
        acting_user=owner,
        shipment=shipment,
        received_at=moment("2026-12-01", "15:00"),
        received_quantity=198,
    )

    shipment.refresh_from_db()
    assert (
        shipment.quantity,
        shipment.received_quantity,
        timezone.localtime(shipment.received_at).isoformat(),
        shipment.created_by,
        shipment.received_by,
    ) == (200, 198, "2026-12-01T15:00:00+07:00", owner, owner)
    assert list(
        AuditEvent.objects.filter(action__startswith="shipment.")
        .order_by("pk")
        .values_list("action", "details")
    ) == [
        (
            "shipment.record",
            {
                "lot": "L2026-01",
                "shipment": shipment.pk,
                "quantity": 200,
                "destination": "Siêu thị Co.opmart Quảng Ngãi",
                "shipped_at": "2026-12-01T08:30+07:00",
            },
        ),
        (
            "shipment.receive",
            {
                "lot": "L2026-01",
                "shipment": shipment.pk,
                "quantity": 198,
                "destination": "Siêu thị Co.opmart Quảng Ngãi",
                "received_at": "2026-12-01T15:00+07:00",
            },
        ),
    ]


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"quantity": 301}, "quantity", "Lô có 500 gói, đã xuất 200: còn 300, không xuất được 301."),
        ({"quantity": 0}, "quantity", "Số lượng xuất ít nhất là 1."),
        ({"destination_name": "   "}, "destination_name", "Hãy ghi nơi nhận."),
        (
            {"shipped_at": moment("2026-11-29", "23:59")},
            "shipped_at",
            "Hàng không xuất được trước ngày sản xuất của lô.",
        ),
        (
            {"shipped_at": timezone.now() + datetime.timedelta(hours=2)},
            "shipped_at",
            "Thời điểm này còn ở tương lai.",
        ),
        ({"destination_gln": "893850500001"}, "destination_gln", "Mã GLN gồm đúng 13 chữ số."),
        (
            {"destination_gln": "8938505000016"},
            "destination_gln",
            "Số kiểm tra của mã GLN không đúng: chữ số cuối phải là 5, không phải 6.",
        ),
        ({"destination_province_code": 999}, "destination_province_code", "Không có tỉnh, thành phố này."),
    ],
)
def test_a_refused_shipment_names_its_field_and_writes_nothing(
    counted_batch, owner, overrides, field, message
):
    record(counted_batch, owner)
    before = (Shipment.objects.count(), AuditEvent.objects.count())

    with pytest.raises(ValidationError) as refused:
        record(counted_batch, owner, **overrides)

    assert refused.value.message_dict == {field: [message]}
    assert (Shipment.objects.count(), AuditEvent.objects.count()) == before


def test_an_arrival_is_checked_and_recorded_once(counted_batch, owner):
    shipment = record(counted_batch, owner)
    early = moment("2026-12-01", "08:29")

    with pytest.raises(ValidationError) as before_leaving:
        shipments.shipment_receive(
            acting_user=owner, shipment=shipment, received_at=early, received_quantity=1
        )
    with pytest.raises(ValidationError) as too_many:
        shipments.shipment_receive(
            acting_user=owner,
            shipment=shipment,
            received_at=moment("2026-12-02", "09:00"),
            received_quantity=201,
        )
    shipments.shipment_receive(
        acting_user=owner, shipment=shipment, received_at=moment("2026-12-02", "09:00"), received_quantity=200
    )
    with pytest.raises(ValidationError) as twice:
        shipments.shipment_receive(
            acting_user=owner,
            shipment=shipment,
            received_at=moment("2026-12-02", "10:00"),
            received_quantity=200,
        )

    assert before_leaving.value.message_dict == {"received_at": ["Hàng không nhận được trước lúc xuất."]}
    assert too_many.value.message_dict == {"received_quantity": ["Số lượng nhận từ 0 đến 200 (số đã xuất)."]}
    assert twice.value.messages == ["Chuyến hàng này đã được ghi nhận lúc 09:00 02/12/2026."]
    assert AuditEvent.objects.filter(action="shipment.receive").count() == 1


def test_without_a_batch_quantity_any_positive_quantity_ships(batch, owner):
    first = record(batch, owner, quantity=10_000)
    second = record(batch, owner, quantity=5_000)

    assert list(batch.shipments.values_list("pk", "quantity")) == [(first.pk, 10_000), (second.pk, 5_000)]


def test_the_epcis_document_tells_each_shipment_and_arrival(client, counted_batch, owner):
    shipment = record(counted_batch, owner)
    record(
        counted_batch,
        owner,
        quantity=50,
        shipped_at=moment("2026-12-02", "07:00"),
        destination_name="Cửa hàng OCOP Mộ Đức",
        destination_gln="",
        destination_province_code=None,
    )
    shipments.shipment_receive(
        acting_user=owner, shipment=shipment, received_at=moment("2026-12-01", "15:00"), received_quantity=198
    )

    document = client.get(f"/api/v1/trace/batches/{counted_batch.pk}/epcis").json()

    jsonschema.validate(document, SCHEMA)
    producer_page = f"http://127.0.0.1:8000/chu-the/{counted_batch.product.producer_id}/"
    lot_class = "http://127.0.0.1:8000/p/51-21400-901-2025/10/L2026-01"
    events = document["epcisBody"]["eventList"]
    assert [
        (event["bizStep"], event["eventTime"], event.get("quantityList"), event.get("ocop:toPartyName"))
        for event in events[1:]
    ] == [
        (
            "shipping",
            "2026-12-01T08:30:00+07:00",
            [{"epcClass": lot_class, "quantity": 200}],
            "Siêu thị Co.opmart Quảng Ngãi",
        ),
        (
            "receiving",
            "2026-12-01T15:00:00+07:00",
            [{"epcClass": lot_class, "quantity": 198}],
            "Siêu thị Co.opmart Quảng Ngãi",
        ),
        (
            "shipping",
            "2026-12-02T07:00:00+07:00",
            [{"epcClass": lot_class, "quantity": 50}],
            "Cửa hàng OCOP Mộ Đức",
        ),
    ]
    assert events[1]["sourceList"] == [{"type": "owning_party", "source": producer_page}]
    assert events[1]["destinationList"] == [
        {"type": "owning_party", "destination": f"https://id.gs1.org/414/{GLN}"}
    ]
    assert "destinationList" not in events[3]


SHIPMENT_FORM = {
    "quantity": "120",
    "shipped_on": "03/12/2026",
    "shipped_time": "07:45",
    "destination_name": "Nhà phân phối Miền Trung",
    "destination_province_code": str(QUANG_NGAI),
    "destination_address": "",
    "destination_gln": "",
    "note": "Xe 76C-123.45",
}


def test_the_owner_records_a_shipment_on_the_batch_page(client, counted_batch, owner):
    client.force_login(owner)
    page = f"/truy-xuat/lo/{counted_batch.pk}/"

    answer = client.post(f"{page}xuat-hang", SHIPMENT_FORM)

    assert (answer.status_code, answer["Location"]) == (302, f"{page}#shipments-heading")
    shipment = counted_batch.shipments.get()
    assert (
        shipment.quantity,
        timezone.localtime(shipment.shipped_at).isoformat(),
        shipment.destination_province_code,
        shipment.note,
    ) == (120, "2026-12-03T07:45:00+07:00", QUANG_NGAI, "Xe 76C-123.45")
    shown = client.get(page).content.decode()
    assert "Nhà phân phối Miền Trung" in shown
    assert "07:45 03/12/2026" in shown

    received = client.post(
        f"{page}xuat-hang/{shipment.pk}/da-den",
        {
            f"receive-{shipment.pk}-received_on": "03/12/2026",
            f"receive-{shipment.pk}-received_time": "17:10",
            f"receive-{shipment.pk}-received_quantity": "120",
        },
    )
    assert received.status_code == 302
    shipment.refresh_from_db()
    assert timezone.localtime(shipment.received_at).isoformat() == "2026-12-03T17:10:00+07:00"


def test_a_refused_shipment_form_shows_the_message_by_its_field(client, counted_batch, owner):
    client.force_login(owner)

    answer = client.post(
        f"/truy-xuat/lo/{counted_batch.pk}/xuat-hang",
        {**SHIPMENT_FORM, "quantity": "501", "shipped_on": "31/13/2026"},
    )
    early = client.post(
        f"/truy-xuat/lo/{counted_batch.pk}/xuat-hang", {**SHIPMENT_FORM, "shipped_on": "20/11/2026"}
    )

    assert answer.status_code == 400
    form = answer.context["shipment_form"]
    assert set(form.errors) == {"shipped_on"}
    assert early.status_code == 400
    assert early.context["shipment_form"].errors == {
        "shipped_on": ["Hàng không xuất được trước ngày sản xuất của lô."]
    }
    assert Shipment.objects.count() == 0


@pytest.mark.parametrize("who", ["commune", "other_producer", "other_province", "council"])
def test_who_does_not_manage_the_batch_gets_404_and_changes_nothing(client, counted_batch, owner, who):
    shipment = record(counted_batch, owner)
    people = {
        "commune": UserFactory(role=Role.COMMUNE_OFFICER, unit=commune(MO_DUC)),
        "other_producer": member_of(make_producer(name="Hợp tác xã Khác")),
        "other_province": UserFactory(role=Role.PROVINCE_OFFICER, unit=province(DAK_LAK)),
        "council": UserFactory(role=Role.COUNCIL_MEMBER, unit=province(QUANG_NGAI)),
    }
    client.force_login(people[who])
    before = list(Shipment.objects.values_list())

    created = client.post(f"/truy-xuat/lo/{counted_batch.pk}/xuat-hang", SHIPMENT_FORM)
    received = client.post(
        f"/truy-xuat/lo/{counted_batch.pk}/xuat-hang/{shipment.pk}/da-den",
        {
            f"receive-{shipment.pk}-received_on": "03/12/2026",
            f"receive-{shipment.pk}-received_time": "17:10",
            f"receive-{shipment.pk}-received_quantity": "120",
        },
    )

    assert (created.status_code, received.status_code) == (404, 404)
    assert list(Shipment.objects.values_list()) == before


def test_the_commune_officer_reads_the_shipments_without_the_forms(client, counted_batch, owner):
    record(counted_batch, owner)
    client.force_login(UserFactory(role=Role.COMMUNE_OFFICER, unit=commune(MO_DUC)))

    page = client.get(f"/truy-xuat/lo/{counted_batch.pk}/").content.decode()

    assert "Siêu thị Co.opmart Quảng Ngãi" in page
    assert "Ghi chuyến xuất hàng" not in page
    assert "Ghi nhận đã đến" not in page


def test_a_shipment_of_another_batch_is_404(client, counted_batch, owner, product):
    from ocop.trace import services

    other = services.batch_create(
        acting_user=None, product=product, lot="L2026-09", produced_on=datetime.date(2026, 11, 30)
    )
    shipment = record(other, owner)
    client.force_login(owner)

    answer = client.post(
        f"/truy-xuat/lo/{counted_batch.pk}/xuat-hang/{shipment.pk}/da-den",
        {
            f"receive-{shipment.pk}-received_on": "03/12/2026",
            f"receive-{shipment.pk}-received_time": "17:10",
            f"receive-{shipment.pk}-received_quantity": "1",
        },
    )

    assert answer.status_code == 404
