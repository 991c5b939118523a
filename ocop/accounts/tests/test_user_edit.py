"""Editing an account through its page: owner (Quảng Ngãi officer), teammate, outsider (Đắk Lắk), the
user themself and anonymous visitors; on every refusal nothing changes."""

import pytest

from ocop.accounts.models import Role, User
from ocop.accounts.tests.factories import BUON_MA_THUOT, DAK_LAK, MO_DUC, QUANG_NGAI, commune, province
from ocop.core.models import AuditEvent

FIELDS = ("full_name", "phone", "organisation_name", "role", "unit_id", "is_active")


def edit_url(user: User) -> str:
    return f"/accounts/users/{user.pk}/edit"


def snapshot(user: User) -> tuple:
    fresh = User.objects.get(pk=user.pk)
    return tuple(getattr(fresh, name) for name in FIELDS)


def user_events() -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(object_type="accounts.user"))


def producer_form(**changes: object) -> dict[str, object]:
    return {
        "full_name": "Nguyễn Thị Chủ Thể",
        "phone": "",
        "organisation_name": "",
        "role": Role.PRODUCER,
        "province": province(QUANG_NGAI).pk,
        "commune": commune(MO_DUC).pk,
        **changes,
    }


def test_province_officer_edits_a_user_of_their_province(client, owner, producer):
    client.force_login(owner)
    page = client.get(edit_url(producer))
    assert page.status_code == 200
    assert page.context["form"].initial == {
        "full_name": "Nguyễn Thị Chủ Thể",
        "phone": "",
        "role": "producer",
        "province": province(QUANG_NGAI).pk,
        "commune": commune(MO_DUC).pk,
        "organisation_name": "",
    }

    response = client.post(
        edit_url(producer),
        producer_form(
            full_name=" Nguyễn Thị Chủ ",
            phone="0912 345 678",
            organisation_name="HTX Nước mắm Mộ Đức",
            role=Role.BUYER,
        ),
    )

    assert response.status_code == 302
    assert response["Location"] == f"/accounts/users/{producer.pk}/"
    assert snapshot(producer) == (
        "Nguyễn Thị Chủ",
        "0912 345 678",
        "HTX Nước mắm Mộ Đức",
        "buyer",
        commune(MO_DUC).pk,
        True,
    )
    [event] = user_events()
    assert (event.actor, event.action, event.object_id, event.province_code) == (
        owner,
        "user.update",
        str(producer.pk),
        QUANG_NGAI,
    )
    assert event.details == {
        "changes": {
            "full_name": ["Nguyễn Thị Chủ Thể", "Nguyễn Thị Chủ"],
            "phone": ["", "0912 345 678"],
            "organisation_name": ["", "HTX Nước mắm Mộ Đức"],
            "role": ["producer", "buyer"],
        }
    }


def test_saving_without_changes_records_nothing(client, owner, producer):
    client.force_login(owner)

    response = client.post(edit_url(producer), producer_form())

    assert response.status_code == 302
    assert user_events() == []


def test_central_officer_moves_a_province_officer_to_another_province(client, central, outsider):
    client.force_login(central)

    response = client.post(
        edit_url(outsider),
        {
            "full_name": "Nguyễn Đắk Lắk",
            "role": Role.PROVINCE_OFFICER,
            "province": province(QUANG_NGAI).pk,
            "commune": "",
        },
    )

    assert response.status_code == 302
    assert User.objects.get(pk=outsider.pk).unit == province(QUANG_NGAI)
    [event] = user_events()
    assert event.details == {"changes": {"unit": [DAK_LAK, QUANG_NGAI]}}
    assert event.province_code == QUANG_NGAI


def test_the_detail_page_links_to_the_edit_page_only_for_those_who_may_edit(
    client, owner, producer, teammate
):
    client.force_login(owner)

    managed = client.get(f"/accounts/users/{producer.pk}/").content.decode()
    fellow = client.get(f"/accounts/users/{teammate.pk}/").content.decode()

    assert f'href="/accounts/users/{producer.pk}/edit"' in managed
    assert "/edit" not in fellow


def test_the_commune_list_follows_the_province_with_htmx(client, central, producer):
    client.force_login(central)

    response = client.get(
        edit_url(producer), {"province": province(DAK_LAK).pk}, headers={"HX-Request": "true"}
    )

    html = response.content.decode()
    assert html.lstrip().startswith('<div class="field" id="commune-field">')
    assert "Phường Buôn Ma Thuột" in html
    assert "Xã Mộ Đức" not in html


# --- Refusals: nothing changes


def test_anonymous_visitors_are_sent_to_sign_in(client, producer):
    response = client.post(edit_url(producer), producer_form(full_name="Kẻ lạ"))

    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next=/accounts/users/{producer.pk}/edit"
    assert User.objects.get(pk=producer.pk).full_name == "Nguyễn Thị Chủ Thể"


@pytest.mark.parametrize(
    ("actor_name", "target_name"),
    [
        ("outsider", "producer"),  # out of scope: a Đắk Lắk officer
        ("teammate", "owner"),  # a fellow province officer
        ("commune_officer", "producer"),  # commune officers manage nobody
        ("producer", "producer"),  # the user themself, through the officers' page
        ("owner", "owner"),  # nobody edits their own role and unit
    ],
)
def test_those_who_may_not_manage_the_account_get_404(request, client, actor_name, target_name):
    actor, target = request.getfixturevalue(actor_name), request.getfixturevalue(target_name)
    before = snapshot(target)
    client.force_login(actor)

    assert client.get(edit_url(target)).status_code == 404
    assert client.post(edit_url(target), producer_form(full_name="Đổi trộm")).status_code == 404

    assert snapshot(target) == before
    assert user_events() == []


def test_an_officer_cannot_edit_an_account_of_another_province(client, owner, outside_producer):
    client.force_login(owner)
    before = snapshot(outside_producer)

    response = client.post(
        edit_url(outside_producer),
        {"full_name": "Đổi trộm", "role": Role.PRODUCER, "province": province(DAK_LAK).pk, "commune": ""},
    )

    assert response.status_code == 404
    assert snapshot(outside_producer) == before
    assert user_events() == []


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        # A province officer cannot give a role above those they may create.
        (
            {"role": Role.PROVINCE_OFFICER},
            "role",
            "Hãy chọn một lựa chọn hợp lệ. province_officer không phải là một trong các lựa chọn khả thi.",
        ),
        # Nor move the account out of their province.
        (
            {"province": "", "commune": ""},
            "province",
            "Trường này là bắt buộc.",
        ),
        ({"commune": "BUON_MA_THUOT"}, "commune", None),
        # A commune officer needs a commune.
        (
            {"role": Role.COMMUNE_OFFICER, "commune": ""},
            "commune",
            "Vai trò này cần chọn xã, phường, đặc khu.",
        ),
        ({"full_name": ""}, "full_name", "Trường này là bắt buộc."),
    ],
)
def test_invalid_edits_change_nothing(client, owner, producer, changes, field, message):
    if changes.get("commune") == "BUON_MA_THUOT":
        changes = {**changes, "commune": commune(BUON_MA_THUOT).pk}
    client.force_login(owner)
    before = snapshot(producer)

    response = client.post(edit_url(producer), producer_form(**changes))

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == [field]
    if message is not None:
        assert errors[field] == [message]
    assert snapshot(producer) == before
    assert user_events() == []
