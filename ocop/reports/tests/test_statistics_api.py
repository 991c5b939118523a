"""``GET /api/v1/stats`` through HTTP: the semantics of contract §2 on small registries with exact figures.

The cast lies in legacy Hà Nam (35, six districts), all of it now in Ninh Bình (37), on 30/6/2024:

| product | where recorded | certificates | on 30/6/2024 |
|---|---|---|---|
| renewal | legacy commune 13285 (Phủ Lý, 347) | 3★ 2019, 3★ 2022 | 3★, valid |
| upgrade | legacy 13285 | 3★ 2020, 4★ 2023 | 4★, valid |
| potential | legacy 13321 (Duy Tiên, 349) | potential 5★ 2023 | 5_potential, valid |
| expired | legacy 13501 (Bình Lục, 352) | 4★ 2020 (to 15/1/2023) | 4★, not valid |
| revoked | legacy 13501 | 3★ 2022, revoked 2023 | not recognised |
| re-recognised | current 13291 (from district 347) | 3★ 2021 revoked 2022, 4★ 2023 | 4★, valid |
| future | legacy 13321 | 3★ 1/7/2024 | not recognised |
| five | current 13318 (from two districts) | 5★ 2022 | 5★, valid, in no district |
| revoked that day | legacy 13285 | 3★ 2023, revoked 30/6/2024 | not recognised |
| last valid day | legacy 13501 | 3★ 30/6/2021 (to 30/6/2024) | 3★, valid |
| outlived | legacy 13321 | 3★ 2022 (to 2025), 4★ 2023 (to 1/1/2024) | 4★, not valid: the 3★ was replaced |
| same day | legacy 13321 | 3★ and 4★ on 10/1/2024 | 4★ (the later record), valid |

and one more product in legacy Trà Vinh (84), now Vĩnh Long (86): 3★ 2022, valid.
"""

import datetime
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client

from ocop.registry import services
from ocop.registry.models import Certificate, Producer, ProducerType, Product, Rank
from ocop.registry.tests.factories import commune, make_certificate, make_producer, make_product
from ocop.reports.schemas import RankCounts
from ocop.reports.selectors import TIME_ZONE

pytestmark = pytest.mark.django_db

AS_OF = "2024-06-30"
HA_NAM, NINH_BINH = 35, 37  # legacy Hà Nam lies wholly in current Ninh Bình
TRA_VINH, VINH_LONG = 84, 86
ZERO_RANKS = {"3": 0, "4": 0, "5_potential": 0, "5": 0}
ZERO_GROUPS = {"1": 0, "2": 0, "3": 0, "4": 0, "5": 0, "6": 0}
ZERO_TYPES = {"doanh_nghiep": 0, "hop_tac_xa": 0, "to_hop_tac": 0, "ho_kinh_doanh": 0}
ZERO_REGIONS = {
    "trung_du_mien_nui_phia_bac": 0,
    "dong_bang_song_hong": 0,
    "bac_trung_bo_duyen_hai_mien_trung": 0,
    "tay_nguyen": 0,
    "dong_nam_bo": 0,
    "dong_bang_song_cuu_long": 0,
}


def day(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text)


def stats(client: Client, **params: str | int) -> dict[str, Any]:
    response = client.get("/api/v1/stats", params)
    assert response.status_code == 200, response.content
    return response.json()


def refused(client: Client, **params: str | int) -> str:
    response = client.get("/api/v1/stats", params)
    assert response.status_code == 400, response.content
    detail = response.json()["detail"]
    assert isinstance(detail, str)
    return detail


@dataclass
class Cast:
    products: dict[str, Product]
    producers: dict[str, Producer]


@pytest.fixture
def cast() -> Cast:
    phu_ly, duy_tien, binh_luc = commune(13285, "legacy"), commune(13321, "legacy"), commune(13501, "legacy")
    phu_van, chau_son = commune(13291), commune(13318)  # current communes of Ninh Bình
    producers = {
        "cooperative": make_producer(unit=phu_ly, producer_type=ProducerType.COOPERATIVE),
        "enterprise": make_producer(unit=duy_tien, producer_type=ProducerType.ENTERPRISE),
        "household": make_producer(unit=binh_luc, producer_type=ProducerType.HOUSEHOLD_BUSINESS),
        "revoked group": make_producer(unit=binh_luc, producer_type=ProducerType.COOPERATIVE_GROUP),
        "current enterprise": make_producer(unit=phu_van, producer_type=ProducerType.ENTERPRISE),
        "future cooperative": make_producer(unit=duy_tien, producer_type=ProducerType.COOPERATIVE),
        "five cooperative": make_producer(unit=chau_son, producer_type=ProducerType.COOPERATIVE),
        "revoked that day group": make_producer(unit=phu_ly, producer_type=ProducerType.COOPERATIVE_GROUP),
        "outlived group": make_producer(unit=duy_tien, producer_type=ProducerType.COOPERATIVE_GROUP),
        "tra vinh": make_producer(unit=commune(29236, "legacy"), producer_type=ProducerType.COOPERATIVE),
    }
    products: dict[str, Product] = {}

    def product(name: str, producer: str, product_set: str = "I.3.c") -> Product:
        products[name] = make_product(producer=producers[producer], name=name, product_set=product_set)
        return products[name]

    renewal = product("renewal", "cooperative")
    make_certificate(renewal, stars=3, decision_date=day("2019-05-10"))
    make_certificate(renewal, stars=3, decision_date=day("2022-05-01"))
    upgrade = product("upgrade", "cooperative")
    make_certificate(upgrade, stars=3, decision_date=day("2020-03-01"))
    make_certificate(upgrade, stars=4, decision_date=day("2023-01-10"))
    potential = product("potential", "enterprise", "II.1.a")
    make_certificate(potential, stars=4, potential_five_star=True, decision_date=day("2023-06-01"))
    expired = product("expired", "household", "III.1")
    make_certificate(expired, stars=4, decision_date=day("2020-01-15"))
    revoked = product("revoked", "revoked group")
    make_certificate(revoked, stars=3, decision_date=day("2022-02-01"), revoked_on=day("2023-03-01"))
    rerecognised = product("re-recognised", "current enterprise", "IV.1")
    first = make_certificate(rerecognised, stars=3, decision_date=day("2021-01-01"))
    services.certificate_revoke(
        acting_user=None, certificate=first, revoked_on=day("2022-01-01"), reason="Không đánh giá lại"
    )
    make_certificate(rerecognised, stars=4, decision_date=day("2023-09-01"))
    future = product("future", "future cooperative")
    make_certificate(future, stars=3, decision_date=day("2024-07-01"))
    five = product("five", "five cooperative", "VI.1")
    make_certificate(five, stars=5, decision_date=day("2022-08-01"))
    revoked_that_day = product("revoked that day", "revoked that day group")
    make_certificate(revoked_that_day, stars=3, decision_date=day("2023-01-01"), revoked_on=day(AS_OF))
    last_valid_day = product("last valid day", "household", "I.5.a")
    make_certificate(last_valid_day, stars=3, decision_date=day("2021-06-30"))
    outlived = product("outlived", "outlived group", "IV.2")
    make_certificate(outlived, stars=3, decision_date=day("2022-01-01"), valid_until=day("2025-12-31"))
    make_certificate(outlived, stars=4, decision_date=day("2023-01-01"), valid_until=day("2024-01-01"))
    same_day = product("same day", "enterprise", "II.2.a")
    make_certificate(same_day, stars=3, decision_date=day("2024-01-10"))
    make_certificate(same_day, stars=4, decision_date=day("2024-01-10"))
    tra_vinh = product("tra vinh", "tra vinh")
    make_certificate(tra_vinh, stars=3, decision_date=day("2022-01-01"))
    return Cast(products=products, producers=producers)


def test_the_cast_lies_where_the_table_says(cast: Cast) -> None:
    assert {name: product.legacy_province_code for name, product in cast.products.items()} == {
        **dict.fromkeys(cast.products, HA_NAM),
        "tra vinh": TRA_VINH,
    }
    assert {name: product.province_code for name, product in cast.products.items()} == {
        **dict.fromkeys(cast.products, NINH_BINH),
        "tra vinh": VINH_LONG,
    }
    assert cast.products["re-recognised"].unit_scheme == "current"
    assert cast.products["re-recognised"].legacy_district_code == 347
    assert cast.products["five"].legacy_district_code is None


# Nine products of the cast are recognised in Hà Nam on 30/6/2024, seven of them valid.
HA_NAM_PRODUCTS = {
    "recognized": 9,
    "valid": 7,
    "by_rank": {"3": 2, "4": 5, "5_potential": 1, "5": 1},
    "valid_by_rank": {"3": 2, "4": 3, "5_potential": 1, "5": 1},
    "by_group": {"1": 3, "2": 2, "3": 1, "4": 2, "5": 0, "6": 1},
    "by_producer_type": {"doanh_nghiep": 3, "hop_tac_xa": 3, "to_hop_tac": 1, "ho_kinh_doanh": 2},
}
HA_NAM_PRODUCERS = {
    "total": 6,
    "by_type": {"doanh_nghiep": 2, "hop_tac_xa": 2, "to_hop_tac": 1, "ho_kinh_doanh": 1},
}


def test_legacy_province_counts_latest_certificates_and_places_current_records(
    client: Client, cast: Cast
) -> None:
    body = stats(client, legacy_province=HA_NAM, as_of=AS_OF)

    assert body["as_of"] == AS_OF
    assert body["scope"] == {"scheme": "legacy", "level": "province", "code": HA_NAM, "name": "Tỉnh Hà Nam"}
    assert body["products"] == HA_NAM_PRODUCTS
    assert body["producers"] == HA_NAM_PRODUCERS
    assert body["units"] == {
        "districts_with_products": 3,
        "districts_total": 6,
        "communes_with_products": 3,
        "communes_total": 98,
    }
    # "five" lies in a current commune made of two legacy districts: in the province, in no district.
    assert body["by_unit"] == [
        {"code": 347, "name": "Thành phố Phủ Lý", "recognized": 3, "valid": 3},
        {"code": 349, "name": "Thị xã Duy Tiên", "recognized": 3, "valid": 2},
        {"code": 352, "name": "Huyện Bình Lục", "recognized": 2, "valid": 1},
        {"code": 350, "name": "Thị xã Kim Bảng", "recognized": 0, "valid": 0},
        {"code": 351, "name": "Huyện Thanh Liêm", "recognized": 0, "valid": 0},
        {"code": 353, "name": "Huyện Lý Nhân", "recognized": 0, "valid": 0},
    ]
    assert body["by_region"] is None


def test_current_province_places_legacy_records_in_their_current_communes(client: Client, cast: Cast) -> None:
    body = stats(client, province=NINH_BINH, as_of=AS_OF)

    assert body["scope"] == {
        "scheme": "current",
        "level": "province",
        "code": NINH_BINH,
        "name": "Tỉnh Ninh Bình",
    }
    assert body["products"] == HA_NAM_PRODUCTS
    assert body["producers"] == HA_NAM_PRODUCERS
    assert body["units"] == {
        "districts_with_products": None,
        "districts_total": None,
        "communes_with_products": 5,
        "communes_total": 129,
    }
    assert len(body["by_unit"]) == 129
    assert body["by_unit"][:5] == [
        {"code": 13348, "name": "Phường Đồng Văn", "recognized": 3, "valid": 2},
        {"code": 13285, "name": "Phường Phủ Lý", "recognized": 2, "valid": 2},
        {"code": 13501, "name": "Xã Bình Mỹ", "recognized": 2, "valid": 1},
        {"code": 13291, "name": "Phường Phù Vân", "recognized": 1, "valid": 1},
        {"code": 13318, "name": "Phường Châu Sơn", "recognized": 1, "valid": 1},
    ]
    zeros = [row["code"] for row in body["by_unit"][5:]]
    assert zeros == sorted(zeros)
    assert all(row["recognized"] == row["valid"] == 0 for row in body["by_unit"][5:])
    assert body["by_region"] is None


def test_national_current_scheme(client: Client, cast: Cast) -> None:
    body = stats(client, as_of=AS_OF)

    assert body["scope"] == {"scheme": "current", "level": "country", "code": None, "name": "Việt Nam"}
    assert body["products"]["recognized"] == 10
    assert body["products"]["valid"] == 8
    assert body["products"]["by_rank"] == {"3": 3, "4": 5, "5_potential": 1, "5": 1}
    assert body["producers"]["total"] == 7
    assert body["units"] == {
        "districts_with_products": None,
        "districts_total": None,
        "communes_with_products": 6,
        "communes_total": 3321,
    }
    assert len(body["by_unit"]) == 34
    assert body["by_unit"][:3] == [
        {"code": NINH_BINH, "name": "Tỉnh Ninh Bình", "recognized": 9, "valid": 7},
        {"code": VINH_LONG, "name": "Tỉnh Vĩnh Long", "recognized": 1, "valid": 1},
        {"code": 1, "name": "Thành phố Hà Nội", "recognized": 0, "valid": 0},
    ]
    assert body["by_region"] is None


def test_national_legacy_scheme_has_regions(client: Client, cast: Cast) -> None:
    body = stats(client, as_of=AS_OF, scheme="legacy")

    assert body["scope"] == {"scheme": "legacy", "level": "country", "code": None, "name": "Việt Nam"}
    assert body["products"]["recognized"] == 10
    assert body["units"] == {
        "districts_with_products": 4,
        "districts_total": 696,
        "communes_with_products": 4,
        "communes_total": 10051,
    }
    assert len(body["by_unit"]) == 63
    assert body["by_unit"][:3] == [
        {"code": HA_NAM, "name": "Tỉnh Hà Nam", "recognized": 9, "valid": 7},
        {"code": TRA_VINH, "name": "Tỉnh Trà Vinh", "recognized": 1, "valid": 1},
        {"code": 1, "name": "Thành phố Hà Nội", "recognized": 0, "valid": 0},
    ]
    assert body["by_region"] == {**ZERO_REGIONS, "dong_bang_song_hong": 9, "dong_bang_song_cuu_long": 1}


def test_a_later_day(client: Client, cast: Cast) -> None:
    # "future" counts from its decision day; "last valid day" stays recognised but is valid no longer;
    # "outlived" stands on its expired 4★, not on the 3★ it replaced.
    body = stats(client, legacy_province=HA_NAM, as_of="2024-07-01")
    assert body["products"]["recognized"] == 10
    assert body["products"]["valid"] == 7
    assert body["products"]["by_rank"] == {"3": 3, "4": 5, "5_potential": 1, "5": 1}
    assert body["products"]["valid_by_rank"] == {"3": 2, "4": 3, "5_potential": 1, "5": 1}


def test_ranks_on_a_day_before_the_cast_changed(client: Client, cast: Cast) -> None:
    body = stats(client, legacy_province=HA_NAM, as_of="2023-02-28")
    # Recognised then: renewal 3★, upgrade 4★ (10/1/2023), expired 4★, revoked 3★ (until 1/3/2023),
    # five 5★, revoked-that-day 3★, last valid day 3★, outlived 4★ (1/1/2023).
    assert body["products"]["by_rank"] == {"3": 4, "4": 3, "5_potential": 0, "5": 1}
    # All but "expired" (to 15/1/2023) valid; "outlived" by its 4★, valid to 1/1/2024.
    assert body["products"]["valid_by_rank"] == {"3": 4, "4": 2, "5_potential": 0, "5": 1}


def test_a_handful_of_queries_and_fewer_from_the_cache(
    client: Client, cast: Cast, django_assert_num_queries: Any
) -> None:
    # The province, the registry's version, its certificates' snapshot and its producers' certifications,
    # the units below, the unit totals.
    with django_assert_num_queries(6):
        first = stats(client, legacy_province=HA_NAM, as_of=AS_OF)
    with django_assert_num_queries(2):
        assert stats(client, legacy_province=HA_NAM, as_of=AS_OF) == first


def test_a_change_shows_at_once_despite_the_cache(client: Client, cast: Cast) -> None:
    before = stats(client, legacy_province=HA_NAM, as_of=AS_OF)
    five = cast.products["five"].certificates.get()
    services.certificate_revoke(
        acting_user=None, certificate=five, revoked_on=day("2024-01-01"), reason="Hậu kiểm"
    )
    after = stats(client, legacy_province=HA_NAM, as_of=AS_OF)
    assert before["products"]["recognized"] == 9
    assert after["products"]["recognized"] == 8
    assert after["products"]["by_rank"] == {"3": 2, "4": 5, "5_potential": 1, "5": 0}

    make_certificate(cast.products["revoked"], stars=4, decision_date=day("2024-02-01"))
    again = stats(client, legacy_province=HA_NAM, as_of=AS_OF)
    assert again["products"]["recognized"] == 9
    assert again["products"]["by_rank"] == {"3": 2, "4": 6, "5_potential": 1, "5": 0}


def test_an_empty_registry_answers_every_key_with_zeros(client: Client) -> None:
    body = stats(client, as_of=AS_OF)
    assert body == {
        "as_of": AS_OF,
        "scope": {"scheme": "current", "level": "country", "code": None, "name": "Việt Nam"},
        "products": {
            "recognized": 0,
            "valid": 0,
            "by_rank": ZERO_RANKS,
            "valid_by_rank": ZERO_RANKS,
            "by_group": ZERO_GROUPS,
            "by_producer_type": ZERO_TYPES,
        },
        "producers": {"total": 0, "by_type": ZERO_TYPES},
        "units": {
            "districts_with_products": None,
            "districts_total": None,
            "communes_with_products": 0,
            "communes_total": 3321,
        },
        "by_unit": body["by_unit"],
        "by_region": None,
    }
    assert [row["code"] for row in body["by_unit"]] == sorted(row["code"] for row in body["by_unit"])
    assert {row["recognized"] for row in body["by_unit"]} == {0}

    legacy = stats(client, scheme="legacy", as_of=AS_OF)
    assert legacy["by_region"] == ZERO_REGIONS
    assert legacy["units"]["districts_with_products"] == 0
    assert stats(client, legacy_province=TRA_VINH)["units"] == {
        "districts_with_products": 0,
        "districts_total": 9,
        "communes_with_products": 0,
        "communes_total": 104,
    }


def test_as_of_defaults_to_today_in_viet_nam(client: Client) -> None:
    before = datetime.datetime.now(TIME_ZONE).date().isoformat()
    body = stats(client)
    after = datetime.datetime.now(TIME_ZONE).date().isoformat()
    assert body["as_of"] in {before, after}
    assert stats(client, as_of="")["as_of"] in {before, after}


def test_public_and_cacheable(client: Client) -> None:
    response = client.get("/api/v1/stats", {"province": NINH_BINH})
    assert response.status_code == 200
    assert response["Cache-Control"] == "public, max-age=300"
    assert response["Content-Type"].startswith("application/json")


@pytest.mark.parametrize(
    ("params", "parameter"),
    [
        ({"as_of": "2024-13-01"}, "as_of"),
        ({"as_of": "2023-02-29"}, "as_of"),
        ({"as_of": "31/12/2022"}, "as_of"),
        ({"as_of": "20221231"}, "as_of"),
        ({"as_of": "yesterday"}, "as_of"),
        ({"as_of": "2022-12-31T00:00"}, "as_of"),
        ({"province": "abc"}, "province"),
        ({"province": "-1"}, "province"),
        ({"province": "1.5"}, "province"),
        ({"province": "99"}, "province"),
        ({"province": "84"}, "province"),  # a legacy code, not a current one
        ({"province": "99999999999999999999"}, "province"),
        ({"legacy_province": "99"}, "legacy_province"),
        ({"legacy_province": "0"}, "legacy_province"),
        ({"legacy_province": "x"}, "legacy_province"),
        ({"scheme": "2025"}, "scheme"),
        ({"scheme": "LEGACY"}, "scheme"),
        ({"province": "86", "scheme": "legacy"}, "scheme"),
        ({"legacy_province": "84", "scheme": "current"}, "scheme"),
        ({"province": "86", "legacy_province": "84"}, "province, legacy_province"),
    ],
)
def test_bad_parameters_answer_400_naming_the_parameter(
    client: Client, params: dict[str, str], parameter: str
) -> None:
    assert refused(client, **params).startswith(f"{parameter}: ")


def test_rate_limited_like_the_other_public_endpoints(client: Client, settings: Any) -> None:
    settings.NINJA_DEFAULT_THROTTLE_RATES = {"anon": "2/min", "user": "600/min"}
    assert client.get("/api/v1/stats", {"province": NINH_BINH}).status_code == 200
    assert client.get("/api/v1/stats", {"province": NINH_BINH}).status_code == 200
    assert client.get("/api/v1/stats", {"province": NINH_BINH}).status_code == 429


def test_openapi_documents_the_published_keys(client: Client) -> None:
    schema = client.get("/api/v1/openapi.json").json()["components"]["schemas"]
    assert list(schema["RankCounts"]["properties"]) == ["3", "4", "5_potential", "5"]
    assert list(schema["GroupCounts"]["properties"]) == ["1", "2", "3", "4", "5", "6"]
    assert set(schema["StatisticsOut"]["required"]) == {
        "as_of",
        "scope",
        "products",
        "producers",
        "units",
        "by_unit",
        "by_region",
    }


def test_a_worker_starts_even_when_the_database_cannot_be_read(monkeypatch: Any, caplog: Any) -> None:
    from django.db import OperationalError

    from ocop.registry import snapshot

    def unreachable() -> tuple[Any, ...]:
        raise OperationalError("could not connect to server")

    monkeypatch.setattr(snapshot, "registry_version", unreachable)

    snapshot.warm()

    assert "registry snapshot not read at start-up" in caplog.text


def test_warming_reads_the_snapshot_of_the_current_registry(cast: Cast) -> None:
    from ocop.registry import snapshot

    snapshot.warm()

    version = snapshot.registry_version()
    warmed = snapshot.registry_snapshot(version)
    assert warmed.version == version
    assert len(warmed.product) == Certificate.objects.count()
    assert set(warmed.product.tolist()) == set(Certificate.objects.values_list("product_id", flat=True))


def test_the_schema_names_every_rank_of_the_one_vocabulary() -> None:
    assert [field.alias for field in RankCounts.model_fields.values()] == Rank.values
