"""The public products API and the open-data export, through HTTP."""

import csv
import datetime
import io
import json
from collections.abc import Iterator
from typing import Any, cast

import pytest
from django.db import connection
from django.http import StreamingHttpResponse
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from ocop.geo.models import AdministrativeUnit
from ocop.registry.models import Product
from ocop.registry.services import certificate_revoke
from ocop.registry.tests.factories import commune, make_certificate, make_producer, make_product

pytestmark = pytest.mark.django_db


def ago(days: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=days)


@pytest.fixture
def registry() -> dict[str, Product]:
    lam_dong = AdministrativeUnit.objects.filter(scheme="current", level="commune", province_code=68).first()
    highland = make_producer(unit=lam_dong, name="Hợp tác xã Nông nghiệp Cầu Đất")
    coast = make_producer(
        unit=commune(21025),
        name="Công ty TNHH Sông Trà",
        producer_type="doanh_nghiep",
        management_certifications=["haccp", "vietgap"],  # answered in the contract's order
    )

    coffee = make_product(
        producer=coast,
        name="Cà phê bột Sông Trà",
        product_set="I.6",
        code="51-21025-0001-2024",
        gtin="08938505974194",
    )
    make_certificate(coffee, stars=4, decision_date=ago(100), decision_no="101/QĐ-UBND")
    expired = make_product(producer=highland, name="Cà phê hạt rang Cầu Đất", product_set="I.6")
    make_certificate(expired, stars=3, decision_date=ago(4 * 365), decision_no="7/QĐ-UBND")
    revoked = make_product(producer=coast, name="Đặc sản mạch nha Thi Phổ", product_set="I.3.c")
    certificate = make_certificate(revoked, stars=4, decision_date=ago(300), decision_no="55/QĐ-UBND")
    certificate_revoke(acting_user=None, certificate=certificate, revoked_on=ago(10), reason="Ngừng sản xuất")
    tea = make_product(producer=highland, name="Chè Shan tuyết Cầu Đất", product_set="I.5.a")
    make_certificate(tea, stars=4, potential_five_star=True, decision_date=ago(50), decision_no="9/QĐ-UBND")
    wine = make_product(producer=highland, name="Rượu vang sim", product_set="II.1.b")
    make_certificate(wine, stars=5, decision_date=ago(20), decision_no="12/QĐ-BNNMT")
    make_product(producer=coast, name="Cà phê muối", product_set="I.6")  # no certificate: not public
    return {"coffee": coffee, "expired": expired, "revoked": revoked, "tea": tea, "wine": wine}


def test_words_without_diacritics_find_the_products_named_with_them(client, registry):
    response = client.get("/api/v1/products", {"q": "ca phe"})

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2
    assert [item["name"] for item in body["items"]] == ["Cà phê bột Sông Trà", "Cà phê hạt rang Cầu Đất"]
    coffee = registry["coffee"]
    assert body["items"][0] == {
        "id": coffee.pk,
        "code": "51-21025-0001-2024",
        "name": "Cà phê bột Sông Trà",
        "sector": 1,
        "product_set": "I.6",
        "gtin": "08938505974194",
        "producer": {
            "id": coffee.producer.pk,
            "name": "Công ty TNHH Sông Trà",
            "type": "doanh_nghiep",
            "certifications": ["vietgap", "haccp"],
        },
        "rank": "4",
        "status": "valid",
        "decision_no": "101/QĐ-UBND",
        "decision_date": ago(100).isoformat(),
        "valid_until": coffee.latest_certificate.valid_until.isoformat(),
        "revoked_on": None,
        "revocation_ground": None,
        "certificate_number": coffee.latest_certificate.number,
        "unit": {
            "scheme": "current",
            "code": 21025,
            "name": "Phường Cẩm Thành",
            "province_code": 51,
            "province_name": "Tỉnh Quảng Ngãi",
        },
        "province": {"code": 51, "name": "Tỉnh Quảng Ngãi"},
        "url": f"http://testserver/san-pham/{coffee.pk}/ca-phe-bot-song-tra/",
    }


def test_partial_words_and_d_with_stroke(client, registry):
    assert [i["name"] for i in client.get("/api/v1/products", {"q": "ca ph"}).json()["items"]] == [
        "Cà phê bột Sông Trà",
        "Cà phê hạt rang Cầu Đất",
    ]
    assert [i["name"] for i in client.get("/api/v1/products", {"q": "dac san"}).json()["items"]] == [
        "Đặc sản mạch nha Thi Phổ"
    ]


def test_expired_and_revoked_certificates_say_so(client, registry):
    items = {item["name"]: item for item in client.get("/api/v1/products").json()["items"]}

    assert items["Cà phê hạt rang Cầu Đất"]["status"] == "expired"
    assert items["Đặc sản mạch nha Thi Phổ"]["status"] == "revoked"
    assert items["Đặc sản mạch nha Thi Phổ"]["revoked_on"] == ago(10).isoformat()
    assert items["Chè Shan tuyết Cầu Đất"]["rank"] == "5_potential"
    assert items["Rượu vang sim"]["rank"] == "5"
    assert "Cà phê muối" not in items


@pytest.mark.parametrize(
    ("params", "names"),
    [
        ({"sector": 2}, ["Rượu vang sim"]),
        ({"set": "I.6"}, ["Cà phê bột Sông Trà", "Cà phê hạt rang Cầu Đất"]),
        ({"set": "1.6", "valid": "true"}, ["Cà phê bột Sông Trà"]),
        ({"rank": "4"}, ["Cà phê bột Sông Trà", "Đặc sản mạch nha Thi Phổ"]),
        ({"rank": "5_potential"}, ["Chè Shan tuyết Cầu Đất"]),
        ({"province": 68, "valid": "true"}, ["Chè Shan tuyết Cầu Đất", "Rượu vang sim"]),
        ({"legacy_province": 51}, ["Cà phê bột Sông Trà", "Đặc sản mạch nha Thi Phổ"]),
        ({"valid": "false"}, ["Cà phê hạt rang Cầu Đất", "Đặc sản mạch nha Thi Phổ"]),
        ({"q": "cau dat", "rank": "3"}, ["Cà phê hạt rang Cầu Đất"]),
    ],
)
def test_filters(client, registry, params, names):
    body = client.get("/api/v1/products", params).json()

    assert (body["count"], sorted(item["name"] for item in body["items"])) == (len(names), sorted(names))


def test_pages(client, registry):
    first = client.get("/api/v1/products", {"page_size": 2}).json()
    third = client.get("/api/v1/products", {"page_size": 2, "page": 3}).json()
    beyond = client.get("/api/v1/products", {"page_size": 2, "page": 9}).json()

    # Without words: the newest recognitions first.
    assert [item["name"] for item in first["items"]] == ["Rượu vang sim", "Chè Shan tuyết Cầu Đất"]
    assert [item["name"] for item in third["items"]] == ["Cà phê hạt rang Cầu Đất"]
    assert (first["count"], third["count"], beyond) == (5, 5, {"count": 5, "items": []})


@pytest.mark.parametrize(
    ("params", "status", "parameter"),
    [
        ({"rank": "6"}, 422, "rank"),
        ({"sector": 7}, 422, "sector"),
        ({"valid": "maybe"}, 422, "valid"),
        ({"page": 0}, 422, "page"),
        ({"page_size": 500}, 422, "page_size"),
        ({"province": "hanoi"}, 422, "province"),
        ({"province": 99_999_999_999}, 422, "province"),
        ({"q": "x" * 101}, 422, "q"),
        ({"q": "ca\x00phe"}, 422, "q"),
        ({"province": 99}, 400, "province"),
        ({"legacy_province": 1000}, 400, "legacy_province"),
        ({"set": "VII.1"}, 400, "set"),
        ({"set": "I.9.z"}, 400, "set"),
    ],
)
def test_bad_parameters_are_refused_naming_the_parameter(client, registry, params, status, parameter):
    response = client.get("/api/v1/products", params)

    assert response.status_code == status
    detail = response.json()["detail"]
    if status == 422:
        assert [error["loc"][-1] for error in detail] == [parameter]
    else:
        assert detail.startswith(f"{parameter}: ")


def test_the_list_costs_the_same_number_of_queries_whatever_the_page_size(
    client, registry, django_assert_max_num_queries
):
    with django_assert_max_num_queries(6):
        body = client.get("/api/v1/products", {"q": "cau dat", "page_size": 100}).json()
    assert body["count"] == 3  # two by their producer's name, one by its own


def test_the_list_reads_no_images_since_it_shows_none(client, registry):
    with CaptureQueriesContext(connection) as queries:
        body = client.get("/api/v1/products", {"q": "cau dat"}).json()

    assert body["count"] == 3
    assert "image" not in json.dumps(body["items"][0])
    read = [query["sql"] for query in queries.captured_queries if "registry_productimage" in query["sql"]]
    assert read == []


def test_anonymous_callers_are_rate_limited(client, registry):
    statuses = [client.get("/api/v1/products", {"page_size": 1}).status_code for _ in range(121)]

    assert statuses[:120] == [200] * 120
    assert statuses[120] == 429


def _content(response: Any) -> str:
    assert isinstance(response, StreamingHttpResponse)
    return b"".join(cast(Iterator[bytes], response.streaming_content)).decode("utf-8")


def test_the_csv_export_holds_every_public_product_under_cc_by(client, registry):
    response = client.get("/api/v1/products/export.csv")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Link"] == '<https://creativecommons.org/licenses/by/4.0/>; rel="license"'
    rows = list(csv.DictReader(io.StringIO(_content(response).removeprefix("\ufeff"))))
    assert [int(row["id"]) for row in rows] == sorted(product.pk for product in registry.values())
    revoked = next(row for row in rows if row["name"] == "Đặc sản mạch nha Thi Phổ")
    assert (revoked["status"], revoked["rank"], revoked["revoked_on"], revoked["province_code"]) == (
        "revoked",
        "4",
        ago(10).isoformat(),
        "51",
    )
    assert list(rows[0])[-2:] == ["gtin", "producer_certifications"]  # added after the others
    coffee = next(row for row in rows if row["name"] == "Cà phê bột Sông Trà")
    assert (coffee["gtin"], coffee["producer_certifications"]) == ("08938505974194", "vietgap;haccp")
    assert (revoked["gtin"], revoked["producer_certifications"]) == ("", "vietgap;haccp")


def test_the_json_export_states_its_licence_and_status_day(client, registry):
    response = client.get("/api/v1/products/export.json")

    assert response.status_code == 200
    body = json.loads(_content(response))
    assert {key: body[key] for key in ("licence", "licence_url", "status_as_of", "count")} == {
        "licence": "CC-BY-4.0",
        "licence_url": "https://creativecommons.org/licenses/by/4.0/",
        "status_as_of": timezone.localdate().isoformat(),
        "count": 5,
    }
    assert [item["id"] for item in body["items"]] == sorted(product.pk for product in registry.values())
    assert {item["code"] for item in body["items"]} == {"51-21025-0001-2024", ""}
    assert {item["name"]: item["status"] for item in body["items"]}["Cà phê hạt rang Cầu Đất"] == "expired"
    coffee = next(item for item in body["items"] if item["name"] == "Cà phê bột Sông Trà")
    assert (coffee["gtin"], coffee["producer"]["certifications"]) == ("08938505974194", ["vietgap", "haccp"])
