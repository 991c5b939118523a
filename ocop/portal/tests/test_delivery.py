"""How pages travel: one stylesheet per page, and HTML gzipped for clients that accept it."""

import gzip
import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders

from ocop.accounts.models import Role
from ocop.accounts.tests.factories import UserFactory
from ocop.registry.tests.factories import make_product_image

pytestmark = pytest.mark.django_db

STYLESHEET = '<link rel="stylesheet" href="/static/core/site.css">'


def stylesheets(html: str) -> list[str]:
    return re.findall(r'<link rel="stylesheet"[^>]*>', html)


@pytest.fixture
def officer_client(client, db):
    client.force_login(UserFactory(role=Role.CENTRAL_OFFICER))
    return client


def test_public_pages_link_one_stylesheet(client, catalogue):
    pages = [
        "/",
        "/san-pham/",
        f"/san-pham/{catalogue.tea.pk}/",
        f"/chu-the/{catalogue.tea.producer_id}/",
        "/thong-ke/",
        "/accounts/login/",
    ]
    for path in pages:
        response = client.get(path)
        assert response.status_code == 200, path
        assert stylesheets(response.content.decode()) == [STYLESHEET], path


def test_officials_pages_link_the_same_one_stylesheet(officer_client, catalogue):
    pages = [
        "/registry/products/",
        f"/registry/products/{catalogue.tea.pk}/",
        "/registry/producers/",
        f"/registry/producers/{catalogue.tea.producer_id}/",
        "/registry/imports/new",
    ]
    for path in pages:
        response = officer_client.get(path)
        assert response.status_code == 200, path
        assert stylesheets(response.content.decode()) == [STYLESHEET], path


def test_the_one_stylesheet_carries_every_part_of_the_site():
    path = finders.find("core/site.css")
    assert isinstance(path, str)
    text = Path(path).read_text(encoding="utf-8")

    for selector in (".site-header", ".product-result", ".rank-stars-lapsed", ".record-table", ".import-bar"):
        assert f"\n{selector}" in text or f" {selector}" in text, selector
    for retired in ("portal/catalogue.css", "registry/registry.css", "registry/imports.css"):
        assert finders.find(retired) is None, retired


def test_pages_are_gzipped_for_clients_that_accept_it(client, catalogue):
    plain = client.get("/san-pham/", {"q": "ca phe"})
    zipped = client.get("/san-pham/", {"q": "ca phe"}, headers={"Accept-Encoding": "gzip, br"})

    assert "Content-Encoding" not in plain
    assert zipped["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in zipped["Vary"]
    assert int(zipped["Content-Length"]) == len(zipped.content) < len(plain.content) / 3
    assert gzip.decompress(zipped.content).decode().count('<li class="product-result">') == 2


def test_the_csrf_token_differs_in_every_compressed_answer(client, catalogue):
    """Against BREACH: the only secret of a page is masked afresh each time."""
    tokens = []
    for _ in range(2):
        response = client.get("/accounts/login/", headers={"Accept-Encoding": "gzip"})
        assert response["Content-Encoding"] == "gzip"
        html = gzip.decompress(response.content).decode()
        tokens += re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)[:1]

    assert len(tokens) == 2
    assert tokens[0] != tokens[1]


def test_images_go_out_as_they_are(client, catalogue, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    image = make_product_image(catalogue.tea)

    response = client.get(image.image.url, headers={"Accept-Encoding": "gzip"})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("image/")
    assert "Content-Encoding" not in response
    assert b"".join(response.streaming_content) == image.image.read()
