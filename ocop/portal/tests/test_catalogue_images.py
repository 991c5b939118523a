"""Product images in the public catalogue: thumbnails in lists, the main image and a gallery on the page."""

import json
import re
from pathlib import Path

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ocop.registry.tests.factories import make_product_image

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def json_ld(html: str) -> dict:
    found = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.DOTALL)
    assert found is not None
    return json.loads(found.group(1))


def test_lists_show_the_main_thumbnail_and_never_the_display_file(client, catalogue):
    main = make_product_image(catalogue.coffee, colour=(1, 1, 1))
    second = make_product_image(catalogue.coffee, colour=(2, 2, 2))

    for address in ("/san-pham/", f"/chu-the/{catalogue.coffee.producer_id}/"):
        html = client.get(address, {"q": "ca phe"}).content.decode()
        assert (
            f'<img class="product-thumb" src="{main.thumbnail.url}" alt="" loading="lazy" decoding="async" '
            'width="72" height="72">'
        ) in html
        assert main.image.url not in html
        assert second.thumbnail.url not in html
        assert html.count('class="product-thumb"') == 1  # the products without images show none


def test_a_list_takes_one_query_for_the_images_of_the_whole_page(client, catalogue):
    make_product_image(catalogue.coffee)
    cache.clear()  # the facet counts are cached: both requests count them
    with CaptureQueriesContext(connection) as one_with_images:
        client.get("/san-pham/")
    for product in (catalogue.coffee_expired, catalogue.tea, catalogue.cocoa):
        make_product_image(product)
    cache.clear()
    with CaptureQueriesContext(connection) as four_with_images:
        html = client.get("/san-pham/").content.decode()

    assert html.count('class="product-thumb"') == 4
    assert len(four_with_images) == len(one_with_images)


def test_the_product_page_shows_the_main_image_and_a_gallery(client, catalogue):
    main = make_product_image(catalogue.tea, colour=(1, 1, 1), alt="Hộp chè 100 g")
    second = make_product_image(catalogue.tea, colour=(2, 2, 2))

    response = client.get(f"/san-pham/{catalogue.tea.pk}/")

    html = response.content.decode()
    assert (
        f'<img class="product-image" src="{main.image.url}" '
        f'srcset="{main.thumbnail.url} 320w, {main.image.url} 800w" sizes="(min-width: 40rem) 20rem, 100vw" '
        'width="800" height="600" alt="Hộp chè 100 g" decoding="async">'
    ) in html
    assert (
        f'<li><a href="{second.image.url}"><img src="{second.thumbnail.url}" width="320" height="240" '
        'alt="Chè Shan tuyết Cầu Đất" loading="lazy" decoding="async"></a></li>'
    ) in html
    assert json_ld(html)["image"] == [
        f"http://testserver{main.image.url}",
        f"http://testserver{second.image.url}",
    ]
    assert "img-src 'self' data:" in response["Content-Security-Policy"]


def test_sizes_in_image_attributes_are_plain_numbers_whatever_the_language(client, catalogue):
    """Vietnamese writes 1600 as "1.600": in srcset or width that is no longer a size a browser reads."""
    main = make_product_image(catalogue.tea, size=(3000, 2000))

    for language in ("vi", "en"):
        client.cookies["django_language"] = language
        html = client.get(f"/san-pham/{catalogue.tea.pk}/").content.decode()
        assert (
            f'srcset="{main.thumbnail.url} 320w, {main.image.url} 1600w" '
            'sizes="(min-width: 40rem) 20rem, 100vw" width="1600" height="1067"'
        ) in html


def test_a_product_without_images_has_no_image_on_its_page(client, catalogue):
    html = client.get(f"/san-pham/{catalogue.tea.pk}/").content.decode()

    assert "<img" not in html
    assert "image" not in json_ld(html)


def test_the_products_api_keeps_its_shape(client, catalogue):
    make_product_image(catalogue.tea)
    [item] = client.get("/api/v1/products", {"q": "che shan"}).json()["items"]

    assert "image" not in item
