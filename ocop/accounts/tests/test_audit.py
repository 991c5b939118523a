"""The audit log page (central staff only) and the read-only audit admin."""

import pytest
from django.db import transaction

from ocop.accounts.models import Role, User
from ocop.accounts.tests.factories import DAK_LAK, UserFactory, province
from ocop.core.models import AuditEvent
from ocop.core.services import audit_record


@pytest.fixture(autouse=True)
def _plain_static_storage(settings):
    # With DEBUG off the manifest storage fails on files that collectstatic has not seen.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def central(db) -> User:
    return UserFactory(email="trunguong@example.test", role=Role.CENTRAL_OFFICER, is_staff=True)


@pytest.fixture
def events(central) -> list[AuditEvent]:
    with transaction.atomic():
        return [
            audit_record(actor=central, action="user.create", object_type="accounts.user", object_id="7"),
            audit_record(actor=central, action="user.deactivate", object_type="accounts.user", object_id="7"),
            audit_record(actor=None, action="product.create", object_type="registry.product", object_id="3"),
        ]


def listed(response) -> list[tuple[str, str]]:
    return [(event.action, event.object_id) for event in response.context["page"].object_list]


@pytest.mark.parametrize(
    "role", [Role.PROVINCE_OFFICER, Role.COMMUNE_OFFICER, Role.COUNCIL_MEMBER, Role.PRODUCER, Role.BUYER]
)
def test_audit_page_is_404_for_everyone_but_central(client, events, role):
    client.force_login(UserFactory(role=role, is_staff=True))

    assert client.get("/audit/").status_code == 404


def test_audit_page_is_404_for_the_province_officer_of_the_events_province(client, db):
    officer = UserFactory(role=Role.PROVINCE_OFFICER, unit=province(DAK_LAK))
    with transaction.atomic():
        audit_record(
            actor=officer, action="user.create", object_type="accounts.user", object_id="1", province_code=66
        )
    client.force_login(officer)

    assert client.get("/audit/").status_code == 404


def test_anonymous_visitors_are_sent_to_sign_in(client, db):
    response = client.get("/audit/")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/audit/"


def test_central_officer_reads_every_event_newest_first(client, central, events):
    client.force_login(central)

    response = client.get("/audit/")

    assert response.status_code == 200
    assert listed(response)[:3] == [("product.create", "3"), ("user.deactivate", "7"), ("user.create", "7")]
    assert "Nhật ký thay đổi" in response.content.decode()


def test_filters_by_action_and_object_type(client, central, events):
    client.force_login(central)

    by_action = client.get("/audit/", {"action": "user.deactivate"})
    by_type = client.get("/audit/", {"object_type": "accounts.user"})

    assert listed(by_action) == [("user.deactivate", "7")]
    assert listed(by_type) == [("user.deactivate", "7"), ("user.create", "7")]


def test_an_unknown_filter_value_shows_everything(client, central, events):
    client.force_login(central)

    response = client.get("/audit/", {"action": "nothing.like.this"})

    assert response.status_code == 200
    assert response.context["filters"].errors.keys() == {"action"}
    assert response.context["page"].paginator.count == AuditEvent.objects.count()


def test_htmx_gets_the_results_only_and_pages_hold_fifty(client, central):
    with transaction.atomic():
        for number in range(60):
            audit_record(actor=central, action="test.page", object_type="test.thing", object_id=str(number))
    client.force_login(central)

    first = client.get("/audit/", {"action": "test.page"}, headers={"HX-Request": "true"})
    second = client.get("/audit/", {"action": "test.page", "page": 2})

    assert first.content.decode().lstrip().startswith('<section id="results"')
    assert len(first.context["page"].object_list) == 50
    assert [event.object_id for event in second.context["page"].object_list] == [
        str(n) for n in range(9, -1, -1)
    ]
    assert 'href="?action=test.page&amp;page=1"' in second.content.decode()


def test_admin_shows_events_read_only_to_central_staff(client, central, events):
    client.force_login(central)

    listing = client.get("/admin/core/auditevent/")
    adding = client.get("/admin/core/auditevent/add/")
    change = client.post(f"/admin/core/auditevent/{events[0].pk}/change/", {"action": "tampered"})

    assert listing.status_code == 200
    assert adding.status_code == 403
    assert change.status_code == 403
    events[0].refresh_from_db()
    assert events[0].action == "user.create"


def test_admin_is_closed_to_staff_who_are_not_central(client, events):
    officer = UserFactory(role=Role.PROVINCE_OFFICER, is_staff=True)
    client.force_login(officer)

    assert client.get("/admin/core/auditevent/").status_code == 403
    assert client.get("/admin/accounts/user/").status_code == 403


def test_admin_user_changes_leave_an_audit_event(client, central):
    target = UserFactory(role=Role.BUYER, full_name="Đặng Người Mua")
    client.force_login(central)
    page = client.get(f"/admin/accounts/user/{target.pk}/change/")
    assert page.status_code == 200

    response = client.post(
        f"/admin/accounts/user/{target.pk}/change/",
        {
            "email": target.email,
            "full_name": "Đặng Người Mua Mới",
            "phone": "",
            "role": Role.BUYER,
            "unit": "",
            "organisation_name": "",
            "is_active": "on",
            "date_joined_0": "01/01/2026",
            "date_joined_1": "08:00",
        },
    )

    assert response.status_code == 302
    target.refresh_from_db()
    assert target.full_name == "Đặng Người Mua Mới"
    event = AuditEvent.objects.get(action="user.admin_change")
    assert (event.actor, event.object_id, event.details) == (
        central,
        str(target.pk),
        {"fields": ["full_name"]},
    )
