"""User management through its pages: owner (Quảng Ngãi officer), teammate, outsider (Đắk Lắk)."""

import pytest
from django.contrib.auth import SESSION_KEY
from django.test import Client

from ocop.accounts.models import Role, User
from ocop.accounts.tests.factories import (
    BUON_MA_THUOT,
    DAK_LAK,
    MO_DUC,
    QUANG_NGAI,
    TEST_PASSWORD,
    UserFactory,
    commune,
    province,
)
from ocop.core.models import AuditEvent


def user_events() -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(object_type="accounts.user"))


def listed_emails(response) -> list[str]:
    return [user.email for user in response.context["page"].object_list]


# --- The list


def test_central_officer_lists_every_user(client, central, owner, outsider, producer, outside_producer):
    client.force_login(central)

    response = client.get("/accounts/users/")

    assert response.status_code == 200
    assert sorted(listed_emails(response)) == sorted(User.objects.values_list("email", flat=True))


def test_province_officer_lists_the_users_of_their_province(
    client, owner, teammate, outsider, commune_officer, producer, outside_producer, central
):
    client.force_login(owner)

    response = client.get("/accounts/users/")

    assert sorted(listed_emails(response)) == [
        "chuthe51@example.test",
        "tinh51@example.test",
        "tinh51b@example.test",
        "xa@example.test",
    ]
    assert response.context["can_create"] is True


def test_commune_officer_lists_only_themselves(client, commune_officer, producer, owner):
    client.force_login(commune_officer)

    response = client.get("/accounts/users/")

    assert listed_emails(response) == ["xa@example.test"]
    assert response.context["can_create"] is False


@pytest.mark.parametrize("role", [Role.COUNCIL_MEMBER, Role.PRODUCER, Role.BUYER, Role.SALES_POINT_OPERATOR])
def test_other_roles_get_404_on_user_pages(client, producer, role):
    client.force_login(UserFactory(role=role, unit=province(QUANG_NGAI)))

    assert client.get("/accounts/users/").status_code == 404
    assert client.get(f"/accounts/users/{producer.pk}/").status_code == 404
    assert client.get("/accounts/users/new").status_code == 404


def test_anonymous_users_are_sent_to_sign_in(client, producer):
    response = client.get("/accounts/users/")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/accounts/users/"


def test_search_and_role_filter(client, owner, commune_officer, producer):
    client.force_login(owner)

    by_name = client.get("/accounts/users/", {"q": "Chủ Thể"})
    by_role = client.get("/accounts/users/", {"role": Role.COMMUNE_OFFICER})

    assert listed_emails(by_name) == ["chuthe51@example.test"]
    assert listed_emails(by_role) == ["xa@example.test"]


def test_htmx_request_gets_only_the_results(client, owner, producer):
    client.force_login(owner)

    response = client.get("/accounts/users/", {"q": "chuthe51"}, headers={"HX-Request": "true"})

    html = response.content.decode()
    assert html.lstrip().startswith('<section id="results"')
    assert "<html" not in html
    assert "chuthe51@example.test" in html
    # Accept-Encoding: the page is gzipped for clients that accept it (ocop.core.middleware).
    assert response["Vary"] == "HX-Request, Cookie, Accept-Encoding"


# --- The detail page


def test_detail_in_scope(client, owner, producer):
    client.force_login(owner)

    response = client.get(f"/accounts/users/{producer.pk}/")

    assert response.status_code == 200
    assert response.context["target"] == producer
    assert response.context["can_manage"] is True
    assert f'action="/accounts/users/{producer.pk}/deactivate"' in response.content.decode()


def test_detail_of_a_teammate_shows_no_buttons(client, owner, teammate):
    client.force_login(owner)

    response = client.get(f"/accounts/users/{teammate.pk}/")

    assert response.status_code == 200
    assert response.context["can_manage"] is False
    assert "/deactivate" not in response.content.decode()


def test_detail_out_of_scope_is_404(client, owner, outside_producer, central):
    client.force_login(owner)

    assert client.get(f"/accounts/users/{outside_producer.pk}/").status_code == 404
    assert client.get(f"/accounts/users/{central.pk}/").status_code == 404


# --- Deactivation and reactivation


def test_outsider_gets_404_and_changes_nothing(client, owner, outside_producer):
    """A Quảng Ngãi officer cannot touch a Đắk Lắk account, whatever the method."""
    client.force_login(owner)
    url = f"/accounts/users/{outside_producer.pk}/deactivate"

    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404

    outside_producer.refresh_from_db()
    assert outside_producer.is_active is True
    assert user_events() == []


def test_province_officer_deactivates_a_user_of_their_province(client, owner, producer):
    client.force_login(owner)

    response = client.post(f"/accounts/users/{producer.pk}/deactivate")

    assert response.status_code == 302
    assert response["Location"] == f"/accounts/users/{producer.pk}/"
    producer.refresh_from_db()
    assert producer.is_active is False
    [event] = user_events()
    assert event.actor == owner
    assert event.action == "user.deactivate"
    assert (event.object_type, event.object_id) == ("accounts.user", str(producer.pk))
    assert event.object_repr == "Nguyễn Thị Chủ Thể <chuthe51@example.test>"
    assert event.province_code == QUANG_NGAI
    assert event.details == {"role": "producer"}


def test_deactivate_needs_post(client, owner, producer):
    client.force_login(owner)

    response = client.get(f"/accounts/users/{producer.pk}/deactivate")

    assert response.status_code == 405
    producer.refresh_from_db()
    assert producer.is_active is True
    assert user_events() == []


def test_province_officer_cannot_deactivate_a_fellow_province_officer(client, owner, teammate):
    client.force_login(owner)

    response = client.post(f"/accounts/users/{teammate.pk}/deactivate")

    assert response.status_code == 404
    teammate.refresh_from_db()
    assert teammate.is_active is True
    assert user_events() == []


def test_nobody_deactivates_themselves(client, central):
    client.force_login(central)

    response = client.post(f"/accounts/users/{central.pk}/deactivate")

    assert response.status_code == 404
    central.refresh_from_db()
    assert central.is_active is True
    assert user_events() == []


def test_commune_officer_cannot_deactivate_anyone(client, commune_officer, producer):
    client.force_login(commune_officer)

    assert client.post(f"/accounts/users/{producer.pk}/deactivate").status_code == 404
    assert client.post(f"/accounts/users/{commune_officer.pk}/deactivate").status_code == 404

    producer.refresh_from_db()
    assert producer.is_active is True
    assert user_events() == []


def test_anonymous_deactivation_goes_to_sign_in_and_changes_nothing(client, producer):
    response = client.post(f"/accounts/users/{producer.pk}/deactivate")

    assert response.status_code == 302
    producer.refresh_from_db()
    assert producer.is_active is True
    assert user_events() == []


def test_deactivating_twice_records_one_change(client, owner, producer):
    client.force_login(owner)

    client.post(f"/accounts/users/{producer.pk}/deactivate")
    client.post(f"/accounts/users/{producer.pk}/deactivate")

    assert [event.action for event in user_events()] == ["user.deactivate"]


def test_deactivated_user_is_signed_out_and_can_sign_in_again_once_reactivated(
    client, central, outside_producer
):
    producer_client = Client()
    producer_client.force_login(outside_producer)
    client.force_login(central)

    client.post(f"/accounts/users/{outside_producer.pk}/deactivate")
    assert producer_client.get("/").context["user"].is_authenticated is False

    response = client.post(f"/accounts/users/{outside_producer.pk}/reactivate")

    assert response.status_code == 302
    outside_producer.refresh_from_db()
    assert outside_producer.is_active is True
    assert [(event.action, event.province_code) for event in user_events()] == [
        ("user.reactivate", 66),
        ("user.deactivate", 66),
    ]
    signed_in = Client().post(
        "/accounts/login/", {"email": outside_producer.email, "password": TEST_PASSWORD}
    )
    assert signed_in.status_code == 302
    assert SESSION_KEY in signed_in.wsgi_request.session


def test_outsider_cannot_reactivate(client, outsider, producer):
    producer.is_active = False
    producer.save()
    client.force_login(outsider)

    assert client.post(f"/accounts/users/{producer.pk}/reactivate").status_code == 404

    producer.refresh_from_db()
    assert producer.is_active is False
    assert user_events() == []


# --- Creation

NEW_USER = {
    "email": "Moi.Tao@Example.test",
    "full_name": "Trương Thị Mới",
    "phone": "0901 234 567",
    "organisation_name": "",
    "password": "mot-mat-khau-dai-2026",
}


def test_province_officer_creates_a_commune_officer_in_their_province(client, owner):
    client.force_login(owner)
    mo_duc = commune(MO_DUC)

    response = client.post(
        "/accounts/users/new",
        {**NEW_USER, "role": Role.COMMUNE_OFFICER, "province": province(QUANG_NGAI).pk, "commune": mo_duc.pk},
    )

    created = User.objects.get(email="moi.tao@example.test")
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/users/{created.pk}/"
    assert (created.role, created.unit, created.is_active) == (Role.COMMUNE_OFFICER, mo_duc, True)
    assert created.check_password("mot-mat-khau-dai-2026")
    [event] = user_events()
    assert (event.actor, event.action, event.object_id) == (owner, "user.create", str(created.pk))
    assert event.province_code == QUANG_NGAI
    assert event.details == {"role": "commune_officer", "unit_code": MO_DUC, "unit_level": "commune"}


def test_province_officer_form_offers_only_their_province_and_lower_roles(client, owner):
    client.force_login(owner)

    response = client.get("/accounts/users/new")

    form = response.context["form"]
    assert [value for value, _label in form.fields["role"].choices] == [
        "commune_officer",
        "council_member",
        "producer",
        "buyer",
        "sales_point_operator",
    ]
    assert list(form.fields["province"].queryset) == [province(QUANG_NGAI)]
    assert set(form.fields["commune"].queryset.values_list("province_code", flat=True)) == {QUANG_NGAI}


@pytest.mark.parametrize("role", [Role.CENTRAL_OFFICER, Role.PROVINCE_OFFICER])
def test_province_officer_cannot_escalate(client, owner, role):
    client.force_login(owner)

    response = client.post(
        "/accounts/users/new", {**NEW_USER, "role": role, "province": province(QUANG_NGAI).pk}
    )

    assert response.status_code == 200
    assert "role" in response.context["form"].errors
    assert not User.objects.filter(email="moi.tao@example.test").exists()
    assert user_events() == []


def test_province_officer_cannot_create_in_another_province(client, owner):
    client.force_login(owner)
    buon_ma_thuot = commune(BUON_MA_THUOT)

    response = client.post(
        "/accounts/users/new",
        {**NEW_USER, "role": Role.PRODUCER, "province": buon_ma_thuot.parent_id, "commune": buon_ma_thuot.pk},
    )

    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"province", "commune"}
    assert not User.objects.filter(email="moi.tao@example.test").exists()
    assert user_events() == []


def test_central_officer_creates_a_province_officer(client, central):
    client.force_login(central)

    response = client.post(
        "/accounts/users/new",
        {**NEW_USER, "role": Role.PROVINCE_OFFICER, "province": province(QUANG_NGAI).pk},
    )

    assert response.status_code == 302
    created = User.objects.get(email="moi.tao@example.test")
    assert (created.role, created.unit) == (Role.PROVINCE_OFFICER, province(QUANG_NGAI))
    assert [event.action for event in user_events()] == ["user.create"]


def test_commune_officer_needs_a_commune(client, central):
    client.force_login(central)

    response = client.post(
        "/accounts/users/new", {**NEW_USER, "role": Role.COMMUNE_OFFICER, "province": province(QUANG_NGAI).pk}
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {"commune": ["Vai trò này cần chọn xã, phường, đặc khu."]}
    assert user_events() == []


def test_existing_email_and_weak_password_are_refused(client, owner, producer):
    client.force_login(owner)

    response = client.post(
        "/accounts/users/new",
        {
            **NEW_USER,
            "email": "ChuThe51@example.test",
            "password": "12345678",
            "role": Role.PRODUCER,
            "province": province(QUANG_NGAI).pk,
        },
    )

    errors = response.context["form"].errors
    assert errors["email"] == ["Đã có tài khoản với thư điện tử này."]
    assert "password" in errors
    assert User.objects.filter(email__iexact="chuthe51@example.test").count() == 1
    assert user_events() == []


def test_commune_officer_gets_404_on_the_creation_page(client, commune_officer):
    client.force_login(commune_officer)

    assert client.get("/accounts/users/new").status_code == 404
    assert client.post("/accounts/users/new", {**NEW_USER, "role": Role.PRODUCER}).status_code == 404
    assert user_events() == []


def test_choosing_a_province_reloads_its_communes_with_htmx(client, central):
    client.force_login(central)
    dak_lak = province(DAK_LAK)

    response = client.get("/accounts/users/new", {"province": dak_lak.pk}, headers={"HX-Request": "true"})

    html = response.content.decode()
    assert html.strip().startswith('<div class="field" id="commune-field">')
    assert "Phường Buôn Ma Thuột" in html
    assert "Xã Mộ Đức" not in html
