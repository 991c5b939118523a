"""The rules of sales points: who creates and changes one, what is refused and why, the recognition."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from ocop.accounts.tests.factories import DAK_LAK, MO_DUC
from ocop.core.models import AuditEvent
from ocop.outlets import services
from ocop.outlets.models import RecognitionStatus, SalesPoint, SalesPointProduct
from ocop.outlets.tests.conftest import point_fields

pytestmark = pytest.mark.django_db


def test_an_operator_creates_a_point_they_operate_in_draft_and_it_is_audited(operator):
    point = services.sales_point_create(acting_user=operator, **point_fields(commune_code=MO_DUC))

    assert list(point.operators.all()) == [operator]
    assert (point.status, point.province_code, point.commune_code) == (RecognitionStatus.DRAFT, 51, MO_DUC)
    event = AuditEvent.objects.get(action="sales_point.create")
    assert (event.actor_id, event.object_id, event.province_code) == (operator.pk, str(point.pk), 51)


def test_a_province_officer_creates_only_in_their_province(province_officer):
    with pytest.raises(PermissionDenied):
        services.sales_point_create(acting_user=province_officer, **point_fields(province_code=DAK_LAK))

    assert SalesPoint.objects.count() == 0
    assert not AuditEvent.objects.filter(action="sales_point.create").exists()


@pytest.mark.parametrize(
    ("overrides", "fields"),
    [
        ({"latitude": Decimal("0")}, ["latitude"]),
        ({"latitude": Decimal("108.8"), "longitude": Decimal("15.1")}, ["latitude", "longitude"]),
        ({"longitude": Decimal("120.5")}, ["longitude"]),
        ({"province_code": 99}, ["province_code"]),
        ({"commune_code": 24133}, ["commune_code"]),  # Buôn Ma Thuột is in Đắk Lắk, not Quảng Ngãi
        ({"kind": "casino"}, ["kind"]),
        ({"name": ""}, ["name"]),
    ],
)
def test_bad_input_names_the_field_and_writes_nothing(operator, overrides, fields):
    with pytest.raises(ValidationError) as refused:
        services.sales_point_create(acting_user=operator, **point_fields(**overrides))

    assert sorted(refused.value.message_dict) == fields
    assert SalesPoint.objects.count() == 0
    assert not AuditEvent.objects.filter(action__startswith="sales_point.").exists()


def test_a_product_is_carried_once(point, operator, coffee):
    services.carried_product_add(acting_user=operator, point=point, product=coffee)

    with pytest.raises(ValidationError) as refused:
        services.carried_product_add(acting_user=operator, point=point, product=coffee)

    assert refused.value.message_dict == {
        "product": ["Điểm bán đã bày bán sản phẩm “Cà phê rang xay Mộ Đức”."]
    }
    assert SalesPointProduct.objects.count() == 1
    assert AuditEvent.objects.filter(action="sales_point.product_add").count() == 1


def test_another_operator_changes_nothing(point, other_operator, coffee):
    with pytest.raises(PermissionDenied):
        services.carried_product_add(acting_user=other_operator, point=point, product=coffee)
    with pytest.raises(PermissionDenied):
        services.sales_point_update(acting_user=other_operator, point=point, name="Đổi tên")

    point.refresh_from_db()
    assert point.name == "Quầy OCOP Ga Quảng Ngãi"
    assert SalesPointProduct.objects.count() == 0


def test_the_checklist_needs_every_group_met(operator):
    point = services.sales_point_create(acting_user=operator, **point_fields())

    with pytest.raises(ValidationError) as refused:
        services.checklist_submit(
            acting_user=operator,
            point=point,
            location_met=True,
            location_note="Sảnh chờ nhà ga",
            products_met=False,
            products_note="",
            facilities_met=False,
            facilities_note="",
        )

    assert sorted(refused.value.message_dict) == ["facilities_met", "products_met"]
    point.refresh_from_db()
    assert (point.status, point.location_met, point.location_note) == (RecognitionStatus.DRAFT, False, "")


def submit(point, user):
    return services.checklist_submit(
        acting_user=user,
        point=point,
        location_met=True,
        location_note="Sảnh chờ nhà ga",
        products_met=True,
        products_note="12 sản phẩm OCOP 3–4★",
        facilities_met=True,
        facilities_note="Kệ, biển hiệu theo 3041/QĐ-BCT",
    )


def test_submitted_then_recognised_by_the_province_then_withdrawn(operator, province_officer):
    point = services.sales_point_create(acting_user=operator, **point_fields())
    submit(point, operator)

    with pytest.raises(PermissionDenied):
        services.sales_point_transition(acting_user=operator, point=point, to=RecognitionStatus.RECOGNISED)
    recognised = services.sales_point_transition(
        acting_user=province_officer, point=point, to=RecognitionStatus.RECOGNISED
    )
    withdrawn = services.sales_point_transition(
        acting_user=province_officer, point=point, to=RecognitionStatus.WITHDRAWN
    )

    assert recognised.recognised_on is not None
    assert withdrawn.status == RecognitionStatus.WITHDRAWN
    assert [
        (event.details["from"], event.details["to"])
        for event in AuditEvent.objects.filter(action="sales_point.transition").order_by("pk")
    ] == [("draft", "submitted"), ("submitted", "recognised"), ("recognised", "withdrawn")]


def test_an_officer_of_another_province_cannot_recognise(point, other_province_officer, central_officer):
    with pytest.raises(PermissionDenied):
        services.sales_point_transition(
            acting_user=other_province_officer, point=point, to=RecognitionStatus.RECOGNISED
        )
    point.refresh_from_db()
    assert point.status == RecognitionStatus.SUBMITTED

    services.sales_point_transition(acting_user=central_officer, point=point, to=RecognitionStatus.RECOGNISED)
    point.refresh_from_db()
    assert point.status == RecognitionStatus.RECOGNISED


def test_a_transition_not_in_the_table_is_refused_in_words(point, province_officer):
    with pytest.raises(ValidationError) as refused:
        services.sales_point_transition(
            acting_user=province_officer, point=point, to=RecognitionStatus.WITHDRAWN
        )

    assert refused.value.message_dict == {
        "status": ["Không thể chuyển điểm bán từ “Chờ công nhận” sang “Đã rút công nhận”."]
    }
