from typing import Any

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

QUANG_NGAI = {"level": "province", "code": 51, "name": "Tỉnh Quảng Ngãi"}


def _get(client: Client, path: str, **params: Any) -> Any:
    return client.get(f"/api/v1/units{path}", params)


def _listed(response: Any) -> list[tuple[str, str, int, str]]:
    assert response.status_code == 200, response.content
    return [(item["scheme"], item["level"], item["code"], item["name"]) for item in response.json()["items"]]


def test_legacy_search_finds_the_island_district_ly_son(client):
    response = _get(client, "", scheme="legacy", q="ly son")

    assert response.status_code == 200
    assert response.json() == {
        "count": 1,
        "items": [
            {
                "scheme": "legacy",
                "level": "district",
                "code": 536,
                "name": "Huyện Lý Sơn",
                "division_type": "huyện",
                "province_code": 51,
                "region": None,
                "parent": QUANG_NGAI,
            }
        ],
    }


def test_scheme_defaults_to_current(client):
    assert _listed(_get(client, "", q="ly son")) == [("current", "commune", 21548, "Đặc khu Lý Sơn")]


def test_there_are_34_current_provinces(client):
    response = _get(client, "", scheme="current", level="province")

    body = response.json()
    assert body["count"] == 34
    assert len(body["items"]) == 34
    assert body["items"][0] == {
        "scheme": "current",
        "level": "province",
        "code": 1,
        "name": "Thành phố Hà Nội",
        "division_type": "thành phố trung ương",
        "province_code": 1,
        "region": None,
        "parent": None,
    }


def test_legacy_provinces_carry_their_region(client):
    response = _get(client, "", scheme="legacy", level="province", limit=1)

    assert response.json()["count"] == 63
    assert response.json()["items"][0]["region"] == "dong_bang_song_hong"


@pytest.mark.parametrize("q", ["mo duc", "Mộ Đức", "MỘ ĐỨC", "mộ  đức "])
def test_mo_duc_is_found_with_and_without_diacritics(client, q):
    # In the legacy scheme Mộ Đức is a district and its township; since 1/7/2025 it is a commune.
    assert _listed(_get(client, "", scheme="legacy", q=q)) == [
        ("legacy", "district", 533, "Huyện Mộ Đức"),
        ("legacy", "commune", 21400, "Thị trấn Mộ Đức"),
    ]
    assert _listed(_get(client, "", scheme="current", q=q)) == [("current", "commune", 21400, "Xã Mộ Đức")]


@pytest.mark.parametrize("q", ["Đà Nẵng", "da nang", "đà nẵng", "DA NANG"])
def test_da_nang_is_found_however_it_is_typed(client, q):
    assert _listed(_get(client, "", scheme="current", q=q)) == [
        ("current", "province", 48, "Thành phố Đà Nẵng")
    ]


def test_parent_is_the_unit_one_level_above(client):
    communes = _get(client, "", scheme="legacy", level="commune", parent=533, limit=2).json()
    assert communes["count"] == 12
    assert [(item["code"], item["parent"]) for item in communes["items"]] == [
        (21400, {"level": "district", "code": 533, "name": "Huyện Mộ Đức"}),
        (21406, {"level": "district", "code": 533, "name": "Huyện Mộ Đức"}),
    ]
    assert _get(client, "", scheme="current", level="commune", parent=51).json()["count"] == 96


def test_parent_without_level_lists_its_children(client):
    # Legacy code 1 is Hà Nội, Quận Ba Đình and Phường Phúc Xá: the province, the highest, is meant.
    districts = _get(client, "", scheme="legacy", parent=1).json()
    assert districts["count"] == 30
    assert {item["level"] for item in districts["items"]} == {"district"}


def test_legacy_province_84_tra_vinh_has_9_districts(client):
    assert _get(client, "/legacy/84", level="province").json()["children_count"] == 9
    assert _get(client, "", scheme="legacy", level="district", parent=84).json()["count"] == 9


def test_limit_and_offset_page_through_the_results(client):
    page = _get(client, "", scheme="current", level="province", limit=2, offset=1).json()

    assert page["count"] == 34
    assert [item["name"] for item in page["items"]] == ["Tỉnh Cao Bằng", "Tỉnh Tuyên Quang"]


def test_a_full_page_takes_two_queries(client, django_assert_num_queries):
    with django_assert_num_queries(2):
        response = _get(client, "", scheme="legacy", level="commune", limit=1000)

    assert len(response.json()["items"]) == 1000


def test_legacy_ba_ria_vung_tau_became_ho_chi_minh_city(client):
    response = _get(client, "/legacy/77", level="province")

    assert response.status_code == 200
    assert response.json() == {
        "scheme": "legacy",
        "level": "province",
        "code": 77,
        "name": "Tỉnh Bà Rịa - Vũng Tàu",
        "division_type": "tỉnh",
        "province_code": 77,
        "region": "dong_nam_bo",
        "parent": None,
        "children_count": 7,
        "successors": [
            {
                "scheme": "current",
                "level": "province",
                "code": 79,
                "name": "Thành phố Hồ Chí Minh",
                "partial": False,
            }
        ],
        "predecessors": [],
    }


def test_ho_chi_minh_city_was_made_of_three_provinces(client):
    body = _get(client, "/current/79", level="province").json()

    assert body["successors"] == []
    assert body["predecessors"] == [
        {"scheme": "legacy", "level": "province", "code": 74, "name": "Tỉnh Bình Dương", "partial": False},
        {
            "scheme": "legacy",
            "level": "province",
            "code": 77,
            "name": "Tỉnh Bà Rịa - Vũng Tàu",
            "partial": False,
        },
        {
            "scheme": "legacy",
            "level": "province",
            "code": 79,
            "name": "Thành phố Hồ Chí Minh",
            "partial": False,
        },
    ]


def test_ly_son_district_became_the_special_zone_and_back(client):
    district = _get(client, "/legacy/536", level="district").json()
    assert district["parent"] == QUANG_NGAI
    assert district["children_count"] == 0
    assert district["successors"] == [
        {"scheme": "current", "level": "commune", "code": 21548, "name": "Đặc khu Lý Sơn", "partial": False}
    ]

    zone = _get(client, "/current/21548").json()
    assert (zone["level"], zone["name"], zone["division_type"]) == ("commune", "Đặc khu Lý Sơn", "đặc khu")
    assert {
        "scheme": "legacy",
        "level": "district",
        "code": 536,
        "name": "Huyện Lý Sơn",
        "partial": False,
    } in (zone["predecessors"])
    assert zone["successors"] == []


def test_district_successors_are_the_communes_its_communes_became(client):
    body = _get(client, "/legacy/533", level="district").json()

    assert body["children_count"] == 12
    assert [(item["code"], item["name"], item["partial"]) for item in body["successors"]] == [
        (21400, "Xã Mộ Đức", True),
        (21409, "Xã Long Phụng", True),
        (21421, "Xã Mỏ Cày", True),
        (21433, "Xã Lân Phong", True),
    ]


def test_code_without_level_is_the_highest_unit_with_it(client):
    assert _get(client, "/legacy/1").json()["name"] == "Thành phố Hà Nội"
    assert _get(client, "/legacy/1", level="district").json()["name"] == "Quận Ba Đình"
    assert _get(client, "/legacy/1", level="commune").json()["name"] == "Phường Phúc Xá"


def test_unknown_code_is_404_naming_it(client):
    response = _get(client, "/legacy/99999")
    assert response.status_code == 404
    assert response.json() == {"detail": "code: no legacy unit with code 99999"}

    response = _get(client, "/legacy/999", level="district")
    assert response.status_code == 404
    assert response.json() == {"detail": "code: no legacy district with code 999"}


BAD_REQUESTS = [
    # (path, query, status, parameter)
    ("", {"scheme": "old"}, 422, "scheme"),
    ("", {"scheme": ""}, 422, "scheme"),
    ("", {"level": "town"}, 422, "level"),
    ("", {"scheme": "current", "level": "district"}, 400, "level"),
    ("", {"parent": "abc"}, 422, "parent"),
    ("", {"parent": "1.5"}, 422, "parent"),
    ("", {"parent": "-1"}, 422, "parent"),
    ("", {"parent": "99999999999999999999999"}, 422, "parent"),
    ("", {"scheme": "legacy", "level": "district", "parent": "999"}, 400, "parent"),
    ("", {"scheme": "legacy", "parent": "99999"}, 400, "parent"),
    ("", {"scheme": "current", "level": "province", "parent": "1"}, 400, "parent"),
    ("", {"q": "x" * 101}, 422, "q"),
    ("", {"q": "mo\x00duc"}, 422, "q"),
    ("", {"limit": "0"}, 422, "limit"),
    ("", {"limit": "1001"}, 422, "limit"),
    ("", {"limit": "ten"}, 422, "limit"),
    ("", {"offset": "-1"}, 422, "offset"),
    ("", {"offset": "9" * 30}, 422, "offset"),
    ("/old/1", {}, 422, "scheme"),
    ("/legacy/abc", {}, 422, "code"),
    ("/legacy/-5", {}, 422, "code"),
    ("/legacy/99999999999999999999999", {}, 422, "code"),
    ("/legacy/1", {"level": "town"}, 422, "level"),
    ("/current/1", {"level": "district"}, 400, "level"),
]


@pytest.mark.parametrize(("path", "query", "status", "parameter"), BAD_REQUESTS)
def test_bad_input_is_refused_naming_the_parameter(client, path, query, status, parameter):
    response = _get(client, path, **query)

    assert response.status_code == status, response.content
    detail = response.json()["detail"]
    if status == 400:
        assert detail.startswith(f"{parameter}: ")
    else:
        assert [error["loc"][-1] for error in detail] == [parameter]


def test_missing_parent_message_names_scheme_level_and_code(client):
    response = _get(client, "", scheme="legacy", level="district", parent=999)

    assert response.json() == {"detail": "parent: no legacy province with code 999"}


def test_current_districts_are_refused(client):
    response = _get(client, "", scheme="current", level="district")

    assert response.json() == {"detail": "level: the current scheme has no districts (abolished on 1/7/2025)"}


def test_anonymous_callers_are_throttled_by_address(client, settings):
    settings.NINJA_DEFAULT_THROTTLE_RATES = {"anon": "3/min", "user": "600/min"}

    statuses = [_get(client, "/legacy/77").status_code for _ in range(4)]
    other_caller = Client(REMOTE_ADDR="203.0.113.9").get("/api/v1/units", {"q": "ly son"})

    assert statuses == [200, 200, 200, 429]
    assert _get(client, "", q="ly son").json() == {
        "detail": "Quá nhiều yêu cầu, hãy thử lại sau (too many requests, try again later)"
    }
    assert other_caller.status_code == 200
