"""What search engines read: a meta description and a canonical address on every public page, robots.txt,
and the sitemaps of the product and producer pages."""

import datetime
import re
import xml.etree.ElementTree as ET

import pytest
from django.utils import timezone
from django.utils.html import escape

from ocop.portal import catalogue as catalogue_views
from ocop.portal import sitemaps
from ocop.registry.models import Producer, Product
from ocop.registry.selectors import public_slug
from ocop.registry.services import product_update

pytestmark = pytest.mark.django_db

SITE = "https://ocop.example.vn"
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = SITE


def day(value) -> str:
    return value.strftime("%d/%m/%Y")


def head_links(html: str) -> tuple[list[str], list[str]]:
    """The page's meta descriptions and canonical links: each page has exactly one of each."""
    descriptions = re.findall(r'<meta name="description" content="([^"]*)">', html)
    canonicals = re.findall(r'<link rel="canonical" href="([^"]*)">', html)
    return descriptions, canonicals


def page_path(product: Product) -> str:
    return f"/san-pham/{product.pk}/{public_slug(product.name)}/"


def producer_path(producer: Producer) -> str:
    return f"/chu-the/{producer.pk}/{public_slug(producer.name)}/"


def test_a_valid_product_is_described_by_its_own_data(client, catalogue):
    tea = catalogue.tea
    product_update(acting_user=None, product=tea, description="Chè   xanh\nhái từ cây cổ thụ trên 100 năm.")
    html = client.get(f"/san-pham/{tea.pk}/", {"utm_source": "zalo"}).content.decode()

    place = f"{tea.unit.name}, Tỉnh Lâm Đồng"
    until = day(tea.latest_certificate.valid_until)
    assert head_links(html) == (
        [
            escape(
                f"Chè Shan tuyết Cầu Đất của Hợp tác xã Nông nghiệp Cầu Đất ({place}): sản phẩm OCOP 5 sao,"
                f" giấy chứng nhận còn hiệu lực đến {until}. Chè xanh hái từ cây cổ thụ trên 100 năm."
            )
        ],
        [SITE + page_path(tea)],
    )


def test_expired_and_revoked_products_say_so_in_their_description(client, catalogue):
    expired = catalogue.coffee_expired
    revoked = catalogue.speciality_revoked
    revoked.latest_certificate.refresh_from_db()

    expired_html = client.get(page_path(expired)).content.decode()
    revoked_html = client.get(page_path(revoked)).content.decode()

    since = day(expired.latest_certificate.valid_until + datetime.timedelta(days=1))
    [expired_description], _ = head_links(expired_html)
    assert expired_description.endswith(
        escape(f"sản phẩm OCOP 3 sao, giấy chứng nhận hết hiệu lực từ {since}.")
    )
    [revoked_description], _ = head_links(revoked_html)
    revoked_on = day(revoked.latest_certificate.revoked_on)
    assert revoked_description.endswith(
        escape(f"sản phẩm OCOP 4 sao, giấy chứng nhận đã bị thu hồi ngày {revoked_on}.")
    )


def test_a_long_description_is_cut_for_search_engines(client, catalogue):
    product_update(acting_user=None, product=catalogue.cocoa, description="Ca cao lên men. " * 40)
    html = client.get(page_path(catalogue.cocoa)).content.decode()

    [description], _ = head_links(html)
    assert len(description) == catalogue_views.DESCRIPTION_LENGTH
    assert description.endswith("…")


def test_a_producer_is_described_by_its_products(client, catalogue):
    producer = catalogue.tea.producer
    html = client.get(f"/chu-the/{producer.pk}/", {"fbclid": "x"}).content.decode()

    assert head_links(html) == (
        [
            f"Hợp tác xã Nông nghiệp Cầu Đất (Hợp tác xã, {producer.unit.name}, Tỉnh Lâm Đồng):"
            " 3 sản phẩm OCOP, 2 sản phẩm có giấy chứng nhận còn hiệu lực."
        ],
        [SITE + producer_path(producer)],
    )


def test_the_catalogue_canonical_keeps_only_what_makes_the_page(client, catalogue):
    query = {"q": " ca phe ", "status": "expired", "rank": "9", "utm_campaign": "tet", "page": "1"}
    html = client.get("/san-pham/", query).content.decode()

    # The refused rank, the tracking parameter and the first page's number are not part of the page.
    assert head_links(html)[1] == [escape(f"{SITE}/san-pham/?q=ca+phe&status=expired")]


def test_the_catalogue_canonical_names_a_later_page(client, catalogue, monkeypatch):
    monkeypatch.setattr(catalogue_views, "PAGE_SIZE", 2)
    html = client.get("/san-pham/", {"page": "2", "sector": "1", "gclid": "abc"}).content.decode()

    assert head_links(html)[1] == [escape(f"{SITE}/san-pham/?sector=1&page=2")]


@pytest.mark.parametrize("path", ["/", "/san-pham/", "/thong-ke/", "/accounts/login/"])
def test_every_public_page_has_one_description_and_one_canonical(client, catalogue, path):
    response = client.get(path, {"utm_source": "newsletter"})

    assert response.status_code == 200
    [description], [canonical] = head_links(response.content.decode())
    assert len(description) > 80
    assert canonical == SITE + path


def test_an_error_page_has_no_canonical(client, catalogue):
    response = client.get("/san-pham/999999/")

    assert response.status_code == 404
    assert head_links(response.content.decode())[1] == []


def test_robots_txt_opens_the_public_pages_and_names_the_sitemap(client):
    response = client.get("/robots.txt")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response["Cache-Control"] == "public, max-age=3600"
    assert response.content.decode() == (
        "User-agent: *\n"
        "Allow: /accounts/login/\n"
        "Allow: /api/docs\n"
        "Disallow: /registry/\n"
        "Disallow: /accounts/\n"
        "Disallow: /admin/\n"
        "Disallow: /audit/\n"
        "Disallow: /api/\n"
        "Disallow: /i18n/\n"
        "Disallow: /jsi18n/\n"
        "Disallow: /trang-cua-toi/\n"
        "\n"
        f"Sitemap: {SITE}/sitemap.xml\n"
    )


def sitemap(client, path: str, **query: str) -> ET.Element:
    response = client.get(path, query)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml"
    assert response["Cache-Control"] == "public, max-age=3600"
    return ET.fromstring(response.content)  # noqa: S314 - the answer of the server under test


def locations(root: ET.Element) -> list[str]:
    return [element.text or "" for element in root.findall(".//s:loc", NS)]


def test_the_sitemap_index_names_one_file_per_section(client, catalogue):
    root = sitemap(client, "/sitemap.xml")

    assert root.tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}sitemapindex"
    assert locations(root) == [f"{SITE}/sitemap-products.xml", f"{SITE}/sitemap-producers.xml"]
    public = Product.objects.filter(latest_certificate__isnull=False).select_related("latest_certificate")
    newest = max(
        max(product.updated_at, product.latest_certificate.updated_at)  # type: ignore[union-attr]
        for product in public
    )
    lastmods = [element.text or "" for element in root.findall("s:sitemap/s:lastmod", NS)]
    assert [datetime.datetime.fromisoformat(text) for text in lastmods] == [newest, newest]


def test_the_products_sitemap_lists_every_public_product_with_when_it_changed(client, catalogue):
    root = sitemap(client, "/sitemap-products.xml")

    public = [
        catalogue.coffee,
        catalogue.coffee_expired,
        catalogue.speciality_revoked,
        catalogue.tea,
        catalogue.cocoa,
    ]
    public.sort(key=lambda product: product.pk)
    assert locations(root) == [SITE + page_path(product) for product in public]
    revoked = root.findall("s:url", NS)[public.index(catalogue.speciality_revoked)]
    certificate = catalogue.speciality_revoked.latest_certificate
    certificate.refresh_from_db()
    # Revoked after the product was last saved: the certificate's change is the page's.
    # The day in Vietnam, as the sitemap writes it: from 17:00 UTC on it is already tomorrow there.
    changed_on = timezone.localtime(certificate.updated_at).date().isoformat()
    assert revoked.find("s:lastmod", NS).text == changed_on  # type: ignore[union-attr]


def test_the_producers_sitemap_lists_producers_with_a_public_product(client, catalogue):
    root = sitemap(client, "/sitemap-producers.xml")

    producers = sorted({catalogue.tea.producer, catalogue.coffee.producer}, key=lambda producer: producer.pk)
    assert locations(root) == [SITE + producer_path(producer) for producer in producers]


def test_sections_paginate_at_their_limit(client, catalogue, monkeypatch):
    monkeypatch.setattr(sitemaps._PublicPages, "limit", 2)

    index = locations(sitemap(client, "/sitemap.xml"))
    third = locations(sitemap(client, "/sitemap-products.xml", p="3"))

    assert index == [
        f"{SITE}/sitemap-products.xml",
        f"{SITE}/sitemap-products.xml?p=2",
        f"{SITE}/sitemap-products.xml?p=3",
        f"{SITE}/sitemap-producers.xml",
    ]
    last = max(
        [
            catalogue.coffee,
            catalogue.coffee_expired,
            catalogue.speciality_revoked,
            catalogue.tea,
            catalogue.cocoa,
        ],
        key=lambda product: product.pk,
    )
    assert third == [SITE + page_path(last)]
    assert client.get("/sitemap-products.xml", {"p": "4"}).status_code == 404
    assert client.get("/sitemap-products.xml", {"p": "x"}).status_code == 404
    assert client.get("/sitemap-certificates.xml").status_code == 404


def test_a_crawler_that_has_the_sitemap_gets_304_until_the_registry_changes(client, catalogue):
    first = client.get("/sitemap-products.xml")
    again = client.get("/sitemap-products.xml", headers={"If-None-Match": first["ETag"]})
    product_update(acting_user=None, product=catalogue.tea, name="Chè Shan tuyết cổ thụ Cầu Đất")
    changed = client.get("/sitemap-products.xml", headers={"If-None-Match": first["ETag"]})

    assert again.status_code == 304
    assert changed.status_code == 200
    assert f"/san-pham/{catalogue.tea.pk}/che-shan-tuyet-co-thu-cau-dat/" in changed.content.decode()
