"""``GET /api/v1/stats/flow`` through HTTP (contract ``targets.md`` §1): a small cast with every answer
written out, the parameters, the cache.

The cast lies in legacy commune 13285 (Phủ Lý, legacy Hà Nam 35, now Ninh Bình 37); one more product lies in
legacy Trà Vinh (84). The period asked is 2023–2024:

| product | certificates | in 2023 | in 2024 |
|---|---|---|---|
| A | 3★ 1/3/2023 | new 3 | |
| B | 3★ 1/5/2020, 4★ 1/4/2023 | upgraded 3→4 | |
| C | 3★ 10/2/2020 (to 10/2/2023), potential 5★ 1/3/2024 | lapsed 11/2 | upgraded 3→4 |
| D | potential 5★ 1/6/2021, 5★ 1/6/2024 (the day the first ends) | | upgraded 4→5 |
| E | 4★ 10/1/2021, 3★ 1/12/2023 | downgraded | |
| F | 3★ 1/8/2021, 3★ 31/7/2024 | | renewed |
| G | 4★ 1/5/2022, revoked 1/7/2023 | revoked | |
| H | potential 5★ 1/2/2024, revoked the same day | | new 5_potential, revoked |
| I | 3★ 1/9/2020 (to 1/9/2023), revoked 15/1/2025 | lapsed 2/9 | |
| J | 3★ 1/10/2020 (to 1/10/2023), revoked 2/10/2023, the day after | revoked, not lapsed | |
| K | 3★ and 5★ on 5/5/2024, the 5★ recorded later | | new 3, upgraded 3→5 |
| M | 3★ 1/1/2019 (lapsed 2/1/2022) | | |
| N | 3★ 15/11/2020 (to 15/11/2023), 3★ 16/11/2023, on the lapse day | renewed, not lapsed | |
| O | 4★ 31/12/2024 | | new 4 |
| P | 3★ 31/12/2021 (to 31/12/2024: lapses on 1/1/2025) | | |
| Q | 4★ 20/3/2021 (to 20/3/2024) | | lapsed 21/3 |
| Trà Vinh | 4★ 1/6/2023 | new 4 (nationally) | |
"""

import datetime
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from ocop.registry import services
from ocop.registry.models import Product
from ocop.registry.tests.factories import commune, make_certificate, make_producer, make_product
from ocop.reports.selectors import TIME_ZONE

pytestmark = pytest.mark.django_db

HA_NAM, NINH_BINH, TRA_VINH = 35, 37, 84


def day(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text)


def flows(client: Client, **params: str | int) -> dict[str, Any]:
    response = client.get("/api/v1/stats/flow", params)
    assert response.status_code == 200, response.content
    body: dict[str, Any] = response.json()
    return body


def refused(client: Client, **params: str | int) -> str:
    response = client.get("/api/v1/stats/flow", params)
    assert response.status_code == 400, response.content
    detail = response.json()["detail"]
    assert isinstance(detail, str)
    return detail


@pytest.fixture
def cast() -> dict[str, Product]:
    phu_ly = commune(13285, "legacy")
    products: dict[str, Product] = {}

    def product(name: str, *certificates: tuple[int, str], potential: str = "", **fields: Any) -> None:
        made = products[name] = make_product(unit=phu_ly, name=f"Sản phẩm {name}", **fields)
        for stars, decided in certificates:
            make_certificate(
                made, stars=stars, decision_date=day(decided), potential_five_star=decided == potential
            )

    product("A", (3, "2023-03-01"))
    product("B", (3, "2020-05-01"), (4, "2023-04-01"))
    product("C", (3, "2020-02-10"), (4, "2024-03-01"), potential="2024-03-01")
    product("D", (4, "2021-06-01"), (5, "2024-06-01"), potential="2021-06-01")
    product("E", (4, "2021-01-10"), (3, "2023-12-01"))
    product("F", (3, "2021-08-01"), (3, "2024-07-31"))
    product("G", (4, "2022-05-01"))
    product("H", (4, "2024-02-01"), potential="2024-02-01")
    product("I", (3, "2020-09-01"))
    product("J", (3, "2020-10-01"))
    product("K", (3, "2024-05-05"), (5, "2024-05-05"))
    product("M", (3, "2019-01-01"))
    product("N", (3, "2020-11-15"), (3, "2023-11-16"))
    product("O", (4, "2024-12-31"))
    product("P", (3, "2021-12-31"))
    product("Q", (4, "2021-03-20"))
    for name, revoked_on in (
        ("G", "2023-07-01"),
        ("H", "2024-02-01"),
        ("I", "2025-01-15"),
        ("J", "2023-10-02"),
    ):
        services.certificate_revoke(
            acting_user=None,
            certificate=products[name].certificates.get(),
            revoked_on=day(revoked_on),
            reason="Không duy trì chất lượng",
        )
    tra_vinh = products["Trà Vinh"] = make_product(
        producer=make_producer(unit=commune(29236, "legacy")), name="Sản phẩm Trà Vinh"
    )
    make_certificate(tra_vinh, stars=4, decision_date=day("2023-06-01"))
    return products


def test_the_cast_lies_where_the_table_says(cast: dict[str, Product]) -> None:
    assert {product.legacy_province_code for name, product in cast.items() if name != "Trà Vinh"} == {HA_NAM}
    assert {product.province_code for name, product in cast.items() if name != "Trà Vinh"} == {NINH_BINH}
    assert cast["Trà Vinh"].legacy_province_code == TRA_VINH
    assert cast["P"].certificates.get().valid_until == day("2024-12-31")
    assert cast["C"].certificates.order_by("pk").first().valid_until == day("2023-02-10")  # type: ignore[union-attr]


HA_NAM_2023_2024 = {
    "scope": {"scheme": "legacy", "level": "province", "code": 35, "name": "Tỉnh Hà Nam"},
    "from": "2023-01-01",
    "to": "2024-12-31",
    "new": {"total": 4, "by_rank": {"3": 2, "4": 1, "5_potential": 1, "5": 0}},
    "upgraded": {"total": 4, "by_step": {"3→4": 2, "3→5": 1, "4→5": 1}},
    "renewed": 2,
    "downgraded": 1,
    "revoked": 3,
    "lapsed": 3,
    "by_year": [
        {"year": 2023, "new": 1, "upgraded": 1, "renewed": 1, "downgraded": 1, "revoked": 2, "lapsed": 2},
        {"year": 2024, "new": 3, "upgraded": 3, "renewed": 1, "downgraded": 0, "revoked": 1, "lapsed": 1},
    ],
}


def test_a_legacy_province_over_two_years(client: Client, cast: dict[str, Product]) -> None:
    assert (
        flows(client, legacy_province=HA_NAM, **{"from": "2023-01-01", "to": "2024-12-31"})
        == HA_NAM_2023_2024
    )


def test_the_current_province_holds_the_same_products(client: Client, cast: dict[str, Product]) -> None:
    body = flows(client, province=NINH_BINH, **{"from": "2023-01-01", "to": "2024-12-31"})
    assert body == {
        **HA_NAM_2023_2024,
        "scope": {"scheme": "current", "level": "province", "code": 37, "name": "Tỉnh Ninh Bình"},
    }


@pytest.mark.parametrize("scheme", ["current", "legacy"])
def test_nationally_trà_vinh_adds_a_new_4_star(client: Client, cast: dict[str, Product], scheme: str) -> None:
    body = flows(client, scheme=scheme, **{"from": "2023-01-01", "to": "2024-12-31"})
    assert body == {
        **HA_NAM_2023_2024,
        "scope": {"scheme": scheme, "level": "country", "code": None, "name": "Việt Nam"},
        "new": {"total": 5, "by_rank": {"3": 2, "4": 2, "5_potential": 1, "5": 0}},
        "by_year": [
            {"year": 2023, "new": 2, "upgraded": 1, "renewed": 1, "downgraded": 1, "revoked": 2, "lapsed": 2},
            {"year": 2024, "new": 3, "upgraded": 3, "renewed": 1, "downgraded": 0, "revoked": 1, "lapsed": 1},
        ],
    }


def test_a_single_day_holds_what_happened_on_it(client: Client, cast: dict[str, Product]) -> None:
    zero = {"year": 2023, "new": 0, "upgraded": 0, "renewed": 0, "downgraded": 0, "revoked": 0, "lapsed": 0}
    on_the_lapse = flows(client, legacy_province=HA_NAM, **{"from": "2023-02-11", "to": "2023-02-11"})
    assert on_the_lapse["lapsed"] == 1
    assert on_the_lapse["by_year"] == [zero | {"lapsed": 1}]
    # C's last valid day: nothing lapses yet.
    on_the_eve = flows(client, legacy_province=HA_NAM, **{"from": "2023-02-10", "to": "2023-02-10"})
    assert on_the_eve == {
        "scope": {"scheme": "legacy", "level": "province", "code": 35, "name": "Tỉnh Hà Nam"},
        "from": "2023-02-10",
        "to": "2023-02-10",
        "new": {"total": 0, "by_rank": {"3": 0, "4": 0, "5_potential": 0, "5": 0}},
        "upgraded": {"total": 0, "by_step": {"3→4": 0, "3→5": 0, "4→5": 0}},
        "renewed": 0,
        "downgraded": 0,
        "revoked": 0,
        "lapsed": 0,
        "by_year": [zero],
    }
    # K's two certificates of one day: a new 3★ and its upgrade to 5★; H new and revoked on one day.
    k_day = flows(client, legacy_province=HA_NAM, **{"from": "2024-05-05", "to": "2024-05-05"})
    assert (k_day["new"], k_day["upgraded"]) == (
        {"total": 1, "by_rank": {"3": 1, "4": 0, "5_potential": 0, "5": 0}},
        {"total": 1, "by_step": {"3→4": 0, "3→5": 1, "4→5": 0}},
    )
    h_day = flows(client, legacy_province=HA_NAM, **{"from": "2024-02-01", "to": "2024-02-01"})
    assert (h_day["new"]["by_rank"]["5_potential"], h_day["revoked"]) == (1, 1)


def test_a_period_across_years_is_cut_to_it(client: Client, cast: dict[str, Product]) -> None:
    body = flows(client, legacy_province=HA_NAM, **{"from": "2022-12-01", "to": "2024-01-31"})
    assert body["by_year"] == [
        {"year": 2022, "new": 0, "upgraded": 0, "renewed": 0, "downgraded": 0, "revoked": 0, "lapsed": 0},
        {"year": 2023, "new": 1, "upgraded": 1, "renewed": 1, "downgraded": 1, "revoked": 2, "lapsed": 2},
        {"year": 2024, "new": 0, "upgraded": 0, "renewed": 0, "downgraded": 0, "revoked": 0, "lapsed": 0},
    ]
    assert (body["new"]["total"], body["lapsed"], body["revoked"]) == (1, 2, 2)
    # M lapsed on 2/1/2022, P lapses on 1/1/2025.
    assert flows(client, legacy_province=HA_NAM, **{"from": "2022-01-02", "to": "2022-01-02"})["lapsed"] == 1
    assert flows(client, legacy_province=HA_NAM, **{"from": "2025-01-01", "to": "2025-01-01"})["lapsed"] == 1
    assert flows(client, legacy_province=HA_NAM, **{"from": "2025-01-15", "to": "2025-01-15"})["revoked"] == 1


def test_the_period_defaults_to_this_year_in_viet_nam(client: Client) -> None:
    today = datetime.datetime.now(TIME_ZONE).date()
    body = flows(client)
    assert (body["from"], body["to"]) == (f"{today.year}-01-01", today.isoformat())
    assert body["by_year"] == [
        {
            "year": today.year,
            "new": 0,
            "upgraded": 0,
            "renewed": 0,
            "downgraded": 0,
            "revoked": 0,
            "lapsed": 0,
        }
    ]
    assert flows(client, **{"to": f"{today.year}-01-01"})["from"] == f"{today.year}-01-01"


@pytest.mark.parametrize(
    ("params", "argument"),
    [
        ({"from": "2024-13-01"}, "from"),
        ({"from": "1/1/2024"}, "from"),
        ({"from": "x"}, "from"),
        ({"to": "2024-02-30"}, "to"),
        ({"to": "2024-1-1"}, "to"),
        ({"from": "2024-06-02", "to": "2024-06-01"}, "to"),
        ({"from": "2030-01-01"}, "to"),  # after today, the default end
        ({"province": "99"}, "province"),
        ({"province": "x"}, "province"),
        ({"legacy_province": "99"}, "legacy_province"),
        ({"legacy_province": "-1"}, "legacy_province"),
        ({"scheme": "old"}, "scheme"),
        ({"province": "37", "scheme": "legacy"}, "scheme"),
        ({"legacy_province": "35", "scheme": "current"}, "scheme"),
        ({"province": "37", "legacy_province": "35"}, "province, legacy_province"),
    ],
)
def test_bad_parameters_answer_400_naming_the_parameter(
    client: Client, params: dict[str, str], argument: str
) -> None:
    assert refused(client, **params).startswith(f"{argument}: ")


def test_rate_limited_like_the_other_public_endpoints(client: Client, settings: Any) -> None:
    settings.NINJA_DEFAULT_THROTTLE_RATES = {"anon": "2/min", "user": "600/min"}
    assert [client.get("/api/v1/stats/flow").status_code for _ in range(3)] == [200, 200, 429]


def test_public_cacheable_and_from_the_cache(client: Client, cast: dict[str, Product]) -> None:
    params: dict[str, str | int] = {"legacy_province": HA_NAM, "from": "2023-01-01", "to": "2024-12-31"}
    response = client.get("/api/v1/stats/flow", params)
    assert response.status_code == 200
    assert response["Cache-Control"] == "public, max-age=300"
    with CaptureQueriesContext(connection) as queries:
        assert flows(client, **params) == HA_NAM_2023_2024
    # The registry's version and the throttle's look-ups, if any: no counting query.
    assert not [
        query
        for query in queries.captured_queries
        if "certificate" in query["sql"].lower() and "MAX" not in query["sql"]
    ]


def test_a_change_shows_at_once_despite_the_cache(client: Client, cast: dict[str, Product]) -> None:
    params: dict[str, str | int] = {"legacy_province": HA_NAM, "from": "2023-01-01", "to": "2024-12-31"}
    assert flows(client, **params)["renewed"] == 2
    make_certificate(cast["A"], stars=3, decision_date=day("2024-03-01"))
    after = flows(client, **params)
    assert after["renewed"] == 3
    assert after["by_year"][1]["renewed"] == 2


def test_openapi_documents_the_published_keys(client: Client) -> None:
    document = client.get("/api/v1/openapi.json").json()
    operation = document["paths"]["/api/v1/stats/flow"]["get"]
    assert operation["summary"].startswith("OCOP recognitions in a period")
    assert {parameter["name"] for parameter in operation["parameters"]} == {
        "from",
        "to",
        "province",
        "legacy_province",
        "scheme",
    }
    assert set(operation["responses"]) == {"200", "400", "422", "429"}
    schemas = document["components"]["schemas"]
    assert list(schemas["FlowsOut"]["properties"]) == [
        "scope",
        "from",
        "to",
        "new",
        "upgraded",
        "renewed",
        "downgraded",
        "revoked",
        "lapsed",
        "by_year",
    ]
    assert list(schemas["StepCounts"]["properties"]) == ["3→4", "3→5", "4→5"]
    assert list(schemas["NewOut"]["properties"]) == ["total", "by_rank"]
