"""Every role against every back-office page: the point's own operators and the officers of its province
see it; everyone else gets 404 and changes nothing."""

import pytest
from django.test import Client

from ocop.accounts.models import Role
from ocop.accounts.tests.factories import UserFactory
from ocop.core.models import AuditEvent
from ocop.outlets.models import RecognitionStatus, SalesPoint, SalesPointProduct

pytestmark = pytest.mark.django_db

OTHER_ROLES = [Role.COMMUNE_OFFICER, Role.COUNCIL_MEMBER, Role.PRODUCER, Role.BUYER]


@pytest.fixture
def carried(point, operator, coffee):
    from ocop.outlets import services

    return services.carried_product_add(acting_user=operator, point=point, product=coffee)


def pages(point, carried) -> dict[str, tuple[str, dict | None]]:
    """name: (path, data of a POST; ``None``: a GET page)."""
    base = f"/diem-ban/quan-ly/{point.pk}"
    return {
        "manage": (f"{base}/", None),
        "update": (f"{base}/sua/", None),
        "checklist": (f"{base}/de-nghi-cong-nhan/", None),
        "product_remove": (f"{base}/san-pham/{carried.pk}/bo", {}),
        "product_add": (f"{base}/san-pham", {"code": "51-21400-901-2025"}),
        "recognise": (f"{base}/trang-thai", {"to": "recognised"}),
        "rename": (
            f"{base}/sua/",
            {
                "name": "Tên mới",
                "kind": "station",
                "province_code": "51",
                "address": "x",
                "latitude": "15.1",
                "longitude": "108.8",
            },
        ),
    }


def snapshot(point):
    point.refresh_from_db()
    return (
        point.name,
        point.status,
        list(SalesPointProduct.objects.values_list("product_id", flat=True)),
        AuditEvent.objects.filter(action__startswith="sales_point.").count(),
    )


def answers(client: Client, point, carried) -> dict[str, int]:
    codes = {}
    for name, (path, data) in pages(point, carried).items():
        response = client.get(path) if data is None else client.post(path, data)
        codes[name] = response.status_code
    return codes


@pytest.mark.parametrize("role", OTHER_ROLES)
def test_roles_without_sales_points_get_404_everywhere_and_change_nothing(client, point, carried, role):
    client.force_login(UserFactory(role=role))
    before = snapshot(point)

    codes = answers(client, point, carried)

    assert set(codes.values()) == {404}
    assert client.get("/diem-ban/quan-ly/").status_code == 404
    assert snapshot(point) == before


def test_another_operator_and_another_province_get_404_and_change_nothing(
    client, point, carried, other_operator, other_province_officer
):
    before = snapshot(point)
    for outsider in (other_operator, other_province_officer):
        client.force_login(outsider)
        assert set(answers(client, point, carried).values()) == {404}
        assert "Quầy OCOP Ga Quảng Ngãi" not in client.get("/diem-ban/quan-ly/").content.decode()
    assert snapshot(point) == before


def test_anonymous_visitors_are_sent_to_sign_in(client, point, carried):
    before = snapshot(point)

    codes = answers(client, point, carried)

    assert set(codes.values()) == {302}
    assert snapshot(point) == before


def test_the_operator_manages_but_does_not_recognise(client, point, carried, operator):
    client.force_login(operator)

    codes = answers(client, point, carried)

    assert codes == {
        "manage": 200,
        "update": 200,
        "checklist": 404,  # submitted already: nothing to declare until returned
        "product_remove": 302,
        "product_add": 302,
        "recognise": 404,
        "rename": 302,
    }
    point.refresh_from_db()
    assert (point.name, point.status) == ("Tên mới", RecognitionStatus.SUBMITTED)


@pytest.mark.parametrize("officer", ["province_officer", "central_officer"])
def test_the_province_and_central_officers_recognise(client, point, carried, officer, request):
    client.force_login(request.getfixturevalue(officer))

    codes = answers(client, point, carried)

    assert codes["manage"] == 200
    assert codes["recognise"] == 302
    assert SalesPoint.objects.get(pk=point.pk).status == RecognitionStatus.RECOGNISED


def test_a_province_officer_lists_the_points_of_their_province_only(
    client, point, dak_lak_point, province_officer
):
    client.force_login(province_officer)

    response = client.get("/diem-ban/quan-ly/")

    assert [listed.name for listed in response.context["points"]] == ["Quầy OCOP Ga Quảng Ngãi"]
    assert "<h1>Quản lý điểm bán</h1>" in response.content.decode()


def test_an_unknown_product_code_is_named(client, point, operator):
    client.force_login(operator)

    response = client.post(f"/diem-ban/quan-ly/{point.pk}/san-pham", {"code": "00-000"})

    assert response.status_code == 400
    assert response.context["product_form"].errors == {"code": ["Không có sản phẩm nào mã “00-000”."]}
    assert not SalesPointProduct.objects.exists()
