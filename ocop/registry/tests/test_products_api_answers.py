"""The search API's answers are byte for byte what ninja's check of them against the schema would write,
and each product's address is its public page's, under the site's prefix."""

import datetime
import json

import pytest
from django.urls import set_script_prefix
from django.utils import timezone
from ninja.responses import NinjaJSONEncoder

from ocop.registry.schemas import ProductListOut
from ocop.registry.services import certificate_revoke
from ocop.registry.tests.factories import commune, make_certificate, make_producer, make_product

pytestmark = pytest.mark.django_db


def ago(days: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=days)


@pytest.fixture
def registry() -> None:
    coast = make_producer(unit=commune(21025), name="Công ty TNHH Sông Trà", producer_type="doanh_nghiep")
    coffee = make_product(producer=coast, name="Cà phê bột Sông Trà", product_set="I.6", code="51-0001")
    make_certificate(coffee, stars=4, decision_date=ago(100), decision_no="101/QĐ-UBND")
    legacy = make_product(producer=coast, unit=commune(21025, scheme="legacy"), name="Mạch nha Thi Phổ")
    certificate = make_certificate(legacy, stars=3, decision_date=ago(300), decision_no="55/QĐ-UBND")
    certificate_revoke(acting_user=None, certificate=certificate, revoked_on=ago(10), reason="Ngừng sản xuất")
    tea = make_product(producer=coast, name="Chè xanh", product_set="I.5.a")
    make_certificate(tea, stars=4, potential_five_star=True, decision_date=ago(50), decision_no="9/QĐ")


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"q": "ca phe"},
        {"q": "nha"},
        {"valid": "false"},
        {"page_size": "2", "page": "2"},
        {"q": "khong co"},
    ],
)
def test_each_answer_is_the_one_the_schema_would_write(client, registry, params):
    response = client.get("/api/v1/products", params)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    checked = ProductListOut.model_validate(json.loads(response.content))
    assert response.content == json.dumps(checked.model_dump(), cls=NinjaJSONEncoder).encode()


def test_the_answer_holds_every_kind_of_value_the_schema_allows(client, registry):
    items = client.get("/api/v1/products").json()["items"]

    assert sorted((item["name"], item["rank"], item["status"], item["unit"]["scheme"]) for item in items) == [
        ("Chè xanh", "5_potential", "valid", "current"),
        ("Cà phê bột Sông Trà", "4", "valid", "current"),
        ("Mạch nha Thi Phổ", "3", "revoked", "legacy"),
    ]


def test_addresses_are_the_public_pages_under_the_sites_prefix(client, registry):
    set_script_prefix("/ocop/")  # a site served under a path, as WSGI's SCRIPT_NAME sets it
    try:
        items = client.get("/api/v1/products", {"q": "ca phe"}).json()["items"]
    finally:
        set_script_prefix("/")

    assert [item["url"] for item in items] == [
        f"http://testserver/ocop/san-pham/{items[0]['id']}/ca-phe-bot-song-tra/"
    ]
