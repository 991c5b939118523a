from typing import Any

import pytest

from ocop.geo.models import AdministrativeUnit
from ocop.geo.selectors import (
    LinkedUnit,
    UnitQueryError,
    unit_get,
    unit_predecessors,
    unit_search,
    unit_successors,
)

pytestmark = pytest.mark.django_db


def _unit(scheme: str, level: str, code: int) -> AdministrativeUnit:
    return AdministrativeUnit.objects.get(scheme=scheme, level=level, code=code)


def _found(**filters: Any) -> list[tuple[str, int, str]]:
    return [(unit.level, unit.code, unit.name) for unit in unit_search(**filters)]


def _linked(linked: list[LinkedUnit]) -> list[tuple[str, str, int, str, bool]]:
    return [
        (link.unit.scheme, link.unit.level, link.unit.code, link.unit.name, link.partial) for link in linked
    ]


def test_unit_get_prefers_province_then_district_then_commune():
    assert unit_get(scheme="legacy", code=1).name == "Thành phố Hà Nội"
    assert unit_get(scheme="legacy", code=7).name == "Quận Hai Bà Trưng"  # no province 7: the district
    assert unit_get(scheme="legacy", code=7, level="commune").name == "Phường Cống Vị"
    assert unit_get(scheme="legacy", code=1, level="district").name == "Quận Ba Đình"
    assert unit_get(scheme="current", code=1).name == "Thành phố Hà Nội"


def test_unit_get_names_the_missing_code():
    with pytest.raises(AdministrativeUnit.DoesNotExist, match=r"^no legacy unit with code 99999$"):
        unit_get(scheme="legacy", code=99999)
    with pytest.raises(AdministrativeUnit.DoesNotExist, match=r"^no current province with code 2$"):
        unit_get(scheme="current", code=2, level="province")


def test_unit_get_refuses_current_districts():
    with pytest.raises(UnitQueryError, match=r"^level: the current scheme has no districts") as error:
        unit_get(scheme="current", code=1, level="district")
    assert error.value.argument == "level"


def test_search_folds_the_query_and_takes_its_words_in_any_order():
    mo_duc = [("district", 533, "Huyện Mộ Đức"), ("commune", 21400, "Thị trấn Mộ Đức")]
    assert _found(scheme="legacy", q="mo duc") == mo_duc
    assert _found(scheme="legacy", q="  MỘ   ĐỨC ") == mo_duc
    assert _found(scheme="legacy", q="duc mo") == mo_duc
    assert _found(scheme="legacy", q="mo duc quang") == []


def test_search_takes_the_last_word_as_unfinished_and_the_others_as_whole():
    assert _found(scheme="legacy", q="mo du") == [
        ("district", 533, "Huyện Mộ Đức"),
        ("commune", 21400, "Thị trấn Mộ Đức"),
    ]
    # "phu" is not a whole word of "Phường Ái Quốc", so the search stays on Phú Quốc.
    assert _found(scheme="legacy", q="phu quoc") == [("district", 911, "Thành phố Phú Quốc")]


def test_search_puts_the_name_itself_first():
    # "Đà Nẵng" is the city's name without its type word; the commune only contains the words.
    assert _found(scheme="legacy", q="da nang") == [
        ("province", 48, "Thành phố Đà Nẵng"),
        ("commune", 24889, "Xã Đạ K' Nàng"),
    ]
    # Then names starting with the query, then the others; within each, by level and code.
    assert _found(scheme="legacy", q="lak") == [
        ("district", 656, "Huyện Lắk"),
        ("province", 66, "Tỉnh Đắk Lắk"),
    ]
    assert _found(scheme="legacy", q="dak")[:4] == [
        ("province", 66, "Tỉnh Đắk Lắk"),
        ("province", 67, "Tỉnh Đắk Nông"),
        ("district", 610, "Huyện Đắk Glei"),
        ("district", 612, "Huyện Đắk Tô"),
    ]


def test_search_orders_by_level_then_code_without_a_query():
    assert [code for _, code, _ in _found(scheme="legacy", parent=51)] == [
        522, 524, 525, 527, 528, 529, 530, 531, 532, 533, 534, 535, 536
    ]  # fmt: skip


def test_search_takes_the_parent_one_level_above():
    assert unit_search(scheme="legacy", level="commune", parent=533).count() == 12
    assert unit_search(scheme="legacy", level="district", parent=51).count() == 13
    assert unit_search(scheme="current", level="commune", parent=51).count() == 96


def test_search_without_level_lists_the_children_of_the_highest_unit_with_that_code():
    # Legacy 1 is Hà Nội (30 districts), not Quận Ba Đình; there is no province 533, so that is the district.
    assert unit_search(scheme="legacy", parent=1).count() == 30
    assert set(unit_search(scheme="legacy", parent=533).values_list("level", flat=True)) == {"commune"}
    assert unit_search(scheme="legacy", parent=533).count() == 12


@pytest.mark.parametrize(
    ("filters", "message"),
    [
        (
            {"scheme": "legacy", "level": "district", "parent": 999},
            "parent: no legacy province with code 999",
        ),
        ({"scheme": "legacy", "parent": 99999}, "parent: no legacy province or district with code 99999"),
        ({"scheme": "current", "level": "commune", "parent": 2}, "parent: no current province with code 2"),
        ({"scheme": "current", "level": "province", "parent": 1}, "parent: a province has no parent unit"),
        (
            {"scheme": "current", "level": "district"},
            "level: the current scheme has no districts (abolished on 1/7/2025)",
        ),
        (
            {"scheme": "legacy", "level": "town"},
            "level: unknown level 'town'; use province, district or commune",
        ),
        ({"scheme": "old"}, "scheme: unknown scheme 'old'; use current or legacy"),
    ],
)
def test_search_refuses_what_it_cannot_answer(filters, message):
    with pytest.raises(UnitQueryError) as error:
        unit_search(**filters)
    assert str(error.value) == message


def test_search_loads_parents_in_the_same_query(django_assert_num_queries):
    with django_assert_num_queries(2):  # the parent's look-up, then the list with every unit's parent
        parents = [unit.parent.name for unit in unit_search(scheme="legacy", parent=533) if unit.parent]
    assert parents == ["Huyện Mộ Đức"] * 12


def test_legacy_province_successors():
    assert _linked(unit_successors(_unit("legacy", "province", 77))) == [
        ("current", "province", 79, "Thành phố Hồ Chí Minh", False)
    ]


def test_split_legacy_commune_went_partly_into_each_successor():
    assert _linked(unit_successors(_unit("legacy", "commune", 7))) == [
        ("current", "commune", 8, "Phường Ngọc Hà", True),
        ("current", "commune", 25, "Phường Giảng Võ", True),
    ]


def test_district_became_the_communes_its_communes_went_into(django_assert_num_queries):
    mo_duc = _unit("legacy", "district", 533)
    with django_assert_num_queries(1):
        successors = _linked(unit_successors(mo_duc))
    assert successors == [
        ("current", "commune", 21400, "Xã Mộ Đức", True),
        ("current", "commune", 21409, "Xã Long Phụng", True),
        ("current", "commune", 21421, "Xã Mỏ Cày", True),
        ("current", "commune", 21433, "Xã Lân Phong", True),
    ]


def test_district_that_became_one_commune_went_into_it_whole():
    assert _linked(unit_successors(_unit("legacy", "district", 207))) == [
        ("current", "commune", 7192, "Đặc khu Cô Tô", False)
    ]


def test_island_district_without_communes_became_its_special_zone():
    ly_son = _unit("legacy", "district", 536)
    assert _linked(unit_successors(ly_son)) == [("current", "commune", 21548, "Đặc khu Lý Sơn", False)]
    assert _linked(unit_predecessors(_unit("current", "commune", 21548))) == [
        ("legacy", "district", 536, "Huyện Lý Sơn", False)
    ]


def test_current_province_predecessors():
    assert _linked(unit_predecessors(_unit("current", "province", 79))) == [
        ("legacy", "province", 74, "Tỉnh Bình Dương", False),
        ("legacy", "province", 77, "Tỉnh Bà Rịa - Vũng Tàu", False),
        ("legacy", "province", 79, "Thành phố Hồ Chí Minh", False),
    ]


def test_current_commune_predecessors(django_assert_num_queries):
    xa_mo_duc = _unit("current", "commune", 21400)
    with django_assert_num_queries(1):
        predecessors = _linked(unit_predecessors(xa_mo_duc))
    assert predecessors == [
        ("legacy", "commune", 21400, "Thị trấn Mộ Đức", False),
        ("legacy", "commune", 21424, "Xã Đức Hòa", False),
        ("legacy", "commune", 21427, "Xã Đức Tân", False),
        ("legacy", "commune", 21430, "Xã Đức Phú", False),
    ]


def test_each_side_of_the_reform_looks_one_way_only(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert unit_predecessors(AdministrativeUnit(scheme="legacy")) == []
        assert unit_successors(AdministrativeUnit(scheme="current")) == []
