"""The open-data exports are built once per registry change and day, then served as files (issue #8, point 4).

Before, each request rebuilt the whole export (about 2 s of a worker for the national registry), so a few
anonymous clients could occupy every worker.
"""

import csv
import datetime
import gzip
import io
import json
from pathlib import Path

import pytest
from django.test import Client
from django.utils import timezone
from django.utils.http import http_date

from ocop.registry.models import Product
from ocop.registry.services import product_update
from ocop.registry.tests.factories import make_certificate, make_producer, make_product

pytestmark = pytest.mark.django_db

CSV = "/api/v1/products/export.csv"
JSON = "/api/v1/products/export.json"


@pytest.fixture
def registry() -> dict[str, Product]:
    producer = make_producer(name="Hợp tác xã Trà Cú")
    tea = make_product(producer=producer, name="Chè Shan tuyết", product_set="I.5.a")
    make_certificate(tea, stars=4, decision_date=datetime.date(2025, 3, 1), decision_no="9/QĐ-UBND")
    wine = make_product(producer=producer, name="Rượu vang sim", product_set="II.1.b")
    make_certificate(wine, stars=3, decision_date=datetime.date(2024, 5, 2), decision_no="12/QĐ-UBND")
    return {"tea": tea, "wine": wine}


def body(response) -> bytes:
    return b"".join(response.streaming_content)  # the test client closes the response at the end


def built_files(settings) -> list[str]:
    return sorted(path.name for path in (Path(settings.VAR_DIR) / "exports").iterdir())


@pytest.mark.parametrize("path", [CSV, JSON])
def test_the_second_request_serves_the_file_of_the_first_with_one_query(
    client, registry, path, settings, django_assert_num_queries
):
    first = client.get(path)
    first_body = body(first)

    with django_assert_num_queries(1):  # the registry's version, nothing else
        second = client.get(path)
    assert second.status_code == 200
    assert body(second) == first_body
    assert second["ETag"] == first["ETag"]
    suffix = path.rsplit(".", 1)[1]
    digest = first["ETag"].strip('"')
    assert built_files(settings) == [
        f"ocop-san-pham-{digest}.{suffix}",
        f"ocop-san-pham-{digest}.{suffix}.gz",
        "ocop-san-pham.lock",
    ]


def test_the_file_carries_the_headers_of_a_download_under_cc_by(client, registry):
    today = timezone.localdate()
    response = client.get(CSV)

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="ocop-san-pham-{today:%Y-%m-%d}.csv"'
    assert response["Link"] == '<https://creativecommons.org/licenses/by/4.0/>; rel="license"'
    assert response["X-Licence"] == "CC-BY-4.0"
    assert response["Cache-Control"] == "public, max-age=300"
    assert "Accept-Encoding" in response["Vary"]
    assert "Content-Encoding" not in response
    content = body(response)
    assert int(response["Content-Length"]) == len(content)
    assert response["Last-Modified"]
    rows = list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))
    assert [row["name"] for row in rows] == ["Chè Shan tuyết", "Rượu vang sim"]


def test_a_product_edited_through_its_service_gives_a_new_file_and_removes_the_old(
    client, registry, settings
):
    before = client.get(JSON)
    old = json.loads(body(before))

    product_update(acting_user=None, product=registry["tea"], name="Chè Shan tuyết cổ thụ")
    after = client.get(JSON)
    new = json.loads(body(after))

    assert after["ETag"] != before["ETag"]
    assert [item["name"] for item in old["items"]] == ["Chè Shan tuyết", "Rượu vang sim"]
    assert [item["name"] for item in new["items"]] == ["Chè Shan tuyết cổ thụ", "Rượu vang sim"]
    digest = after["ETag"].strip('"')
    assert built_files(settings) == [
        f"ocop-san-pham-{digest}.json",
        f"ocop-san-pham-{digest}.json.gz",
        "ocop-san-pham.lock",
    ]


def test_a_client_that_has_the_file_gets_304_and_no_body(client, registry, django_assert_num_queries):
    first = client.get(CSV)
    body(first)

    with django_assert_num_queries(1):
        by_tag = client.get(CSV, HTTP_IF_NONE_MATCH=first["ETag"])
    by_date = client.get(CSV, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    other_tag = client.get(CSV, HTTP_IF_NONE_MATCH='"something-else"')

    assert (by_tag.status_code, by_tag.content, by_tag["ETag"]) == (304, b"", first["ETag"])
    assert (by_date.status_code, by_date.content) == (304, b"")
    assert other_tag.status_code == 200
    assert body(other_tag) == body(client.get(CSV))
    older = http_date(1_000_000_000)
    assert client.get(CSV, HTTP_IF_MODIFIED_SINCE=older).status_code == 200


@pytest.mark.parametrize("path", [CSV, JSON])
def test_gzip_when_the_client_accepts_it_plain_otherwise(client, registry, path):
    plain = client.get(path)
    packed = client.get(path, HTTP_ACCEPT_ENCODING="br, gzip;q=0.9")

    assert packed["Content-Encoding"] == "gzip"
    assert gzip.decompress(body(packed)) == body(plain)
    assert "Content-Encoding" not in plain
    assert packed["ETag"] == plain["ETag"][:-1] + '-gzip"'
    assert client.get(path, HTTP_IF_NONE_MATCH=packed["ETag"], HTTP_ACCEPT_ENCODING="gzip").status_code == 304


def test_the_day_rolling_over_gives_a_new_etag_and_the_statuses_of_the_new_day(client, registry, monkeypatch):
    today = timezone.localdate()
    first = client.get(JSON)
    first_body = json.loads(body(first))

    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: today + datetime.timedelta(days=1))
    second = client.get(JSON)
    second_body = json.loads(body(second))

    assert second["ETag"] != first["ETag"]
    assert (first_body["status_as_of"], second_body["status_as_of"]) == (
        today.isoformat(),
        (today + datetime.timedelta(days=1)).isoformat(),
    )


def test_links_in_the_file_name_the_site_not_the_requesting_host(registry, settings):
    settings.SITE_URL = "https://ocop.example.vn"
    settings.ALLOWED_HOSTS = ["evil.example", "testserver"]

    content = body(Client(HTTP_HOST="evil.example").get(JSON))

    export = json.loads(content)
    tea = registry["tea"]
    assert export["source"] == "https://ocop.example.vn/san-pham/"
    assert [item["url"] for item in export["items"]] == [
        f"https://ocop.example.vn/san-pham/{tea.pk}/che-shan-tuyet/",
        f"https://ocop.example.vn/san-pham/{registry['wine'].pk}/ruou-vang-sim/",
    ]
    assert body(Client().get(JSON)) == content  # the same file for every requester
