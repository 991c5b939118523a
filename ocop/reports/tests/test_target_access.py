"""Who sees and sets which targets: the areas of ``ocop.reports.targets.access``, and what follows from them.

The units are the real ones the root conftest loads: Quảng Ngãi (51) took in legacy Kon Tum (62) on
1 July 2025, and Đắk Lắk (66) took in legacy Phú Yên (54).
"""

from collections.abc import Iterable
from dataclasses import asdict

import pytest
from django.contrib.auth.models import AnonymousUser

from ocop.accounts.models import Role, User
from ocop.accounts.tests.factories import DAK_LAK, UserFactory, province
from ocop.reports.forms import scope_options
from ocop.reports.models import Target
from ocop.reports.targets.access import (
    EVERYWHERE,
    NOWHERE,
    TargetArea,
    area_settable_by,
    area_visible_to,
    legacy_provinces_of,
    may_set_scope,
    targets_in,
    targets_of_area,
    targets_settable_by,
    targets_visible_to,
)
from ocop.reports.targets.definition import definition_from_text, read_scope
from ocop.reports.targets.services import target_create

pytestmark = pytest.mark.django_db


def central() -> User:
    return UserFactory(role=Role.CENTRAL_OFFICER)


def province_officer() -> User:
    return UserFactory(role=Role.PROVINCE_OFFICER)  # Quảng Ngãi (51)


def commune_officer() -> User:
    return UserFactory(role=Role.COMMUNE_OFFICER)  # Xã Mộ Đức, Quảng Ngãi


def make_target(scope: str, label: str, *, legacy: bool = False) -> Target:
    period = ("2021-01-01", "2025-06-30") if legacy else ("2026-01-01", "2030-12-31")
    row = {
        "scope": scope,
        "from": period[0],
        "to": period[1],
        "metric": "new",
        "min": "100",
        "decision": f"Kế hoạch OCOP {label}",
        "label": label,
    }
    return target_create(acting_user=None, definition=definition_from_text(row))


@pytest.fixture
def targets() -> None:
    make_target("national", "Cả nước")
    make_target("province:51", "Quảng Ngãi")
    make_target("legacy_province:51", "Quảng Ngãi cũ", legacy=True)
    make_target("legacy_province:62", "Kon Tum", legacy=True)
    make_target("province:66", "Đắk Lắk")
    make_target("legacy_province:54", "Phú Yên", legacy=True)


def labels(targets: Iterable[Target]) -> list[str]:
    return sorted(target.label for target in targets)


ALL_LABELS = sorted(["Cả nước", "Quảng Ngãi", "Quảng Ngãi cũ", "Kon Tum", "Đắk Lắk", "Phú Yên"])


# --- The areas


def test_the_legacy_provinces_of_quang_ngai_are_its_own_and_kon_tum() -> None:
    assert legacy_provinces_of(51) == [51, 62]
    assert legacy_provinces_of(DAK_LAK) == [54, 66]


def test_a_central_officer_sees_and_sets_everywhere() -> None:
    officer = central()
    assert area_visible_to(officer) == TargetArea(national=True, current=None, legacy=None)
    assert area_settable_by(officer) == TargetArea(national=True, current=None, legacy=None)


def test_a_province_officer_sees_the_country_and_sets_their_province_current_and_legacy() -> None:
    officer = province_officer()
    assert area_visible_to(officer) == TargetArea(national=True, current=[51], legacy=[51, 62])
    assert area_settable_by(officer) == TargetArea(national=False, current=[51], legacy=[51, 62])


def test_a_province_officer_of_dak_lak_has_dak_lak_and_phu_yen() -> None:
    officer = UserFactory(role=Role.PROVINCE_OFFICER, unit=province(DAK_LAK))
    assert area_settable_by(officer) == TargetArea(national=False, current=[66], legacy=[54, 66])


def test_a_commune_officer_sees_their_province_and_sets_nothing() -> None:
    officer = commune_officer()
    assert area_visible_to(officer) == TargetArea(national=False, current=[51], legacy=[51, 62])
    assert area_settable_by(officer) == TargetArea(national=False, current=[], legacy=[])


@pytest.mark.parametrize("role", [Role.PRODUCER, Role.BUYER, Role.COUNCIL_MEMBER])
def test_other_roles_see_and_set_nothing(role: str) -> None:
    user = UserFactory(role=role)
    assert area_visible_to(user) == TargetArea(national=False, current=[], legacy=[])
    assert area_settable_by(user) == TargetArea(national=False, current=[], legacy=[])


def test_an_anonymous_or_deactivated_user_sees_and_sets_nothing() -> None:
    for user in (AnonymousUser(), UserFactory(role=Role.CENTRAL_OFFICER, is_active=False)):
        assert area_visible_to(user) == NOWHERE
        assert area_settable_by(user) == NOWHERE
        assert not may_set_scope(user, read_scope("national"))


def test_an_officer_without_a_unit_has_no_province() -> None:
    officer = UserFactory(role=Role.PROVINCE_OFFICER, unit=None)
    assert area_visible_to(officer) == NOWHERE
    assert area_settable_by(officer) == NOWHERE


# --- The scopes offered, and may_set_scope, from the same areas


def test_the_scopes_offered_are_the_areas() -> None:
    settable = area_settable_by(province_officer())
    assert [text for text, _label in scope_options(**asdict(settable))] == [
        "province:51",
        "legacy_province:62",
        "legacy_province:51",
    ]
    seen = area_visible_to(commune_officer())
    assert [label for _text, label in scope_options(**asdict(seen))] == [
        "Tỉnh Quảng Ngãi",
        "Tỉnh Kon Tum (trước 1/7/2025)",
        "Tỉnh Quảng Ngãi (trước 1/7/2025)",
    ]
    everywhere = scope_options(**asdict(EVERYWHERE))
    assert (len(everywhere), everywhere[0][0]) == (1 + 34 + 63, "national")


@pytest.mark.parametrize("user_kind", ["central", "province", "dak_lak", "commune", "producer"])
def test_may_set_scope_agrees_with_the_settable_area_on_every_scope(user_kind: str) -> None:
    user = {
        "central": central,
        "province": province_officer,
        "dak_lak": lambda: UserFactory(role=Role.PROVINCE_OFFICER, unit=province(DAK_LAK)),
        "commune": commune_officer,
        "producer": lambda: UserFactory(role=Role.PRODUCER),
    }[user_kind]()
    settable = {text for text, _label in scope_options(**asdict(area_settable_by(user)))}
    expected = {
        "central": 98,
        "province": 3,
        "dak_lak": 3,
        "commune": 0,
        "producer": 0,
    }[user_kind]
    assert len(settable) == expected
    for text, _label in scope_options(**asdict(EVERYWHERE)):
        assert may_set_scope(user, read_scope(text)) is (text in settable), text


# --- The targets in an area


def test_each_user_sees_and_changes_the_targets_of_their_areas(targets: None) -> None:
    officer, commune = province_officer(), commune_officer()
    assert labels(targets_visible_to(central())) == ALL_LABELS
    assert labels(targets_settable_by(central())) == ALL_LABELS
    assert labels(targets_visible_to(officer)) == ["Cả nước", "Kon Tum", "Quảng Ngãi", "Quảng Ngãi cũ"]
    assert labels(targets_settable_by(officer)) == ["Kon Tum", "Quảng Ngãi", "Quảng Ngãi cũ"]
    assert labels(targets_visible_to(commune)) == ["Kon Tum", "Quảng Ngãi", "Quảng Ngãi cũ"]
    assert labels(targets_settable_by(commune)) == []
    producer = UserFactory(role=Role.PRODUCER)
    assert labels(targets_visible_to(producer)) == []
    assert labels(targets_settable_by(producer)) == []


def test_every_province_of_a_scheme_leaves_out_the_national_targets(targets: None) -> None:
    assert labels(targets_in(TargetArea(national=False, current=None, legacy=[]))) == [
        "Quảng Ngãi",
        "Đắk Lắk",
    ]
    assert labels(targets_in(TargetArea(national=True, current=[], legacy=None))) == [
        "Cả nước",
        "Kon Tum",
        "Phú Yên",
        "Quảng Ngãi cũ",
    ]
    assert labels(targets_in(NOWHERE)) == []


def test_the_targets_of_a_scopes_area(targets: None) -> None:
    assert labels(targets_of_area(read_scope("national"))) == ["Cả nước"]
    assert labels(targets_of_area(read_scope("province:51"))) == ["Kon Tum", "Quảng Ngãi", "Quảng Ngãi cũ"]
    assert labels(targets_of_area(read_scope("legacy_province:51"))) == ["Quảng Ngãi cũ"]
    assert labels(targets_of_area(read_scope("legacy_province:62"))) == ["Kon Tum"]
    assert labels(targets_of_area(read_scope("province:66"))) == ["Phú Yên", "Đắk Lắk"]
