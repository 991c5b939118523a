"""The scope rules of ocop/accounts/access.py, tested directly on users as the scoped records."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404, HttpRequest, HttpResponse
from django.test import RequestFactory

from ocop.accounts.access import (
    access_user_by_id,
    access_user_for_change_by_id,
    can_act_in_province,
    can_act_in_unit,
    can_create_user,
    can_manage_user,
    role_required,
    roles_creatable_by,
    scope_q,
    units_assignable_by,
)
from ocop.accounts.models import Role, User
from ocop.accounts.tests.factories import (
    BUON_MA_THUOT,
    DAK_LAK,
    MO_DUC,
    QUANG_NGAI,
    UserFactory,
    commune,
    province,
)
from ocop.geo.models import AdministrativeUnit, Level, Scheme


def visible_emails(user: User | AnonymousUser) -> set[str]:
    """Users play the scoped records: their unit carries the province and the commune."""
    query = scope_q(user, province_field="unit__province_code", commune_field="unit")
    return set(User.objects.filter(query).values_list("email", flat=True))


@pytest.mark.django_db
def test_scope_q_gives_each_role_its_reach(
    central, owner, teammate, outsider, commune_officer, producer, outside_producer
):
    council_member = UserFactory(email="hoidong@example.test", role=Role.COUNCIL_MEMBER)
    buyer = UserFactory(email="mua@example.test", role=Role.BUYER, unit=province(QUANG_NGAI))
    quang_ngai = {
        "tinh51@example.test",
        "tinh51b@example.test",
        "xa@example.test",
        "chuthe51@example.test",
        "hoidong@example.test",
        "mua@example.test",
    }

    assert visible_emails(central) == set(User.objects.values_list("email", flat=True))
    assert visible_emails(owner) == quang_ngai
    assert visible_emails(council_member) == quang_ngai
    assert visible_emails(outsider) == {"tinh66@example.test", "chuthe66@example.test"}
    # Only the records of their own commune: the commune officer and the producer of Mộ Đức.
    assert visible_emails(commune_officer) == {"xa@example.test", "chuthe51@example.test"}
    assert visible_emails(producer) == set()
    assert visible_emails(buyer) == set()
    assert visible_emails(AnonymousUser()) == set()


@pytest.mark.django_db
def test_scope_q_without_a_commune_field_leaves_commune_officers_nothing(commune_officer, producer):
    query = scope_q(commune_officer, province_field="unit__province_code", commune_field=None)

    assert list(User.objects.filter(query)) == []


@pytest.mark.django_db
def test_inactive_officers_see_nothing(central, owner):
    User.objects.filter(pk__in=[central.pk, owner.pk]).update(is_active=False)
    central.refresh_from_db()
    owner.refresh_from_db()

    assert visible_emails(central) == set()
    assert visible_emails(owner) == set()
    assert can_act_in_province(central, QUANG_NGAI) is False


@pytest.mark.django_db
def test_can_act_in_province(central, owner, outsider, commune_officer, producer):
    assert can_act_in_province(central, QUANG_NGAI) is True
    assert can_act_in_province(central, None) is True
    assert can_act_in_province(owner, QUANG_NGAI) is True
    assert can_act_in_province(owner, DAK_LAK) is False
    assert can_act_in_province(owner, None) is False
    assert can_act_in_province(outsider, QUANG_NGAI) is False
    assert can_act_in_province(commune_officer, QUANG_NGAI) is False
    assert can_act_in_province(producer, QUANG_NGAI) is False
    assert can_act_in_province(AnonymousUser(), QUANG_NGAI) is False


@pytest.mark.django_db
def test_can_act_in_unit(central, owner, commune_officer):
    mo_duc, buon_ma_thuot = commune(MO_DUC), commune(BUON_MA_THUOT)
    other_quang_ngai_commune = commune(21025)
    legacy_quang_ngai = AdministrativeUnit.objects.get(scheme=Scheme.LEGACY, level=Level.PROVINCE, code=51)

    assert can_act_in_unit(central, buon_ma_thuot) is True
    assert can_act_in_unit(owner, mo_duc) is True
    assert can_act_in_unit(owner, province(QUANG_NGAI)) is True
    assert can_act_in_unit(owner, buon_ma_thuot) is False
    assert can_act_in_unit(commune_officer, mo_duc) is True
    assert can_act_in_unit(commune_officer, other_quang_ngai_commune) is False
    assert can_act_in_unit(commune_officer, province(QUANG_NGAI)) is False
    # Scope is on current units only; legacy codes are a different numbering.
    assert can_act_in_unit(central, legacy_quang_ngai) is False
    assert can_act_in_unit(owner, None) is False


def _view(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok")


@pytest.mark.django_db
def test_role_required_sends_anonymous_users_to_sign_in_and_others_to_404(central, owner):
    view = role_required(Role.CENTRAL_OFFICER)(_view)
    request = RequestFactory().get("/trang/?a=1")

    request.user = AnonymousUser()
    response = view(request)
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/trang/%3Fa%3D1"

    request.user = owner
    with pytest.raises(Http404):
        view(request)

    request.user = central
    assert view(request).content == b"ok"


@pytest.mark.django_db
def test_roles_creatable_never_include_province_or_central_for_province_officers(
    central, owner, commune_officer
):
    assert roles_creatable_by(central) == list(Role)
    assert roles_creatable_by(owner) == [
        Role.COMMUNE_OFFICER,
        Role.COUNCIL_MEMBER,
        Role.PRODUCER,
        Role.BUYER,
        Role.SALES_POINT_OPERATOR,
    ]
    assert roles_creatable_by(commune_officer) == []
    assert roles_creatable_by(AnonymousUser()) == []


@pytest.mark.django_db
def test_can_create_user(central, owner, commune_officer):
    mo_duc, buon_ma_thuot = commune(MO_DUC), commune(BUON_MA_THUOT)

    assert can_create_user(central, role=Role.CENTRAL_OFFICER, unit=None) is True
    assert can_create_user(central, role=Role.PRODUCER, unit=buon_ma_thuot) is True
    assert can_create_user(owner, role=Role.COMMUNE_OFFICER, unit=mo_duc) is True
    assert can_create_user(owner, role=Role.PRODUCER, unit=province(QUANG_NGAI)) is True
    assert can_create_user(owner, role=Role.PRODUCER, unit=None) is False
    assert can_create_user(owner, role=Role.COMMUNE_OFFICER, unit=buon_ma_thuot) is False
    assert can_create_user(owner, role=Role.PROVINCE_OFFICER, unit=province(QUANG_NGAI)) is False
    assert can_create_user(owner, role=Role.CENTRAL_OFFICER, unit=None) is False
    assert can_create_user(commune_officer, role=Role.PRODUCER, unit=mo_duc) is False


@pytest.mark.django_db
def test_units_assignable(central, owner, commune_officer):
    assert (
        units_assignable_by(central).count()
        == AdministrativeUnit.objects.filter(scheme=Scheme.CURRENT).count()
    )
    assert set(units_assignable_by(owner).values_list("province_code", flat=True)) == {QUANG_NGAI}
    assert units_assignable_by(commune_officer).count() == 0


@pytest.mark.django_db
def test_can_manage_user(central, owner, teammate, outsider, commune_officer, producer, outside_producer):
    assert can_manage_user(central, outsider) is True
    assert can_manage_user(central, central) is False
    assert can_manage_user(owner, producer) is True
    assert can_manage_user(owner, commune_officer) is True
    assert can_manage_user(owner, teammate) is False
    assert can_manage_user(owner, outside_producer) is False
    assert can_manage_user(owner, central) is False
    assert can_manage_user(commune_officer, producer) is False
    assert can_manage_user(producer, producer) is False


@pytest.mark.django_db
def test_access_user_by_id_answers_404_outside_the_scope(owner, teammate, commune_officer, outside_producer):
    assert access_user_by_id(owner, teammate.pk) == teammate
    assert access_user_by_id(commune_officer, commune_officer.pk) == commune_officer
    with pytest.raises(Http404):
        access_user_by_id(owner, outside_producer.pk)
    with pytest.raises(Http404):
        access_user_by_id(commune_officer, owner.pk)
    with pytest.raises(Http404):
        access_user_by_id(owner, 999_999)
    # Visible is not manageable: a fellow province officer is out of reach for changes.
    with pytest.raises(Http404):
        access_user_for_change_by_id(owner, teammate.pk)
