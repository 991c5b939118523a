"""The catalogue in Debian's chromium: search as one types, filter, open a product and read its status.

How the browser and the server are started, and why these tests run on in-memory SQLite only:
``ocop.portal.tests.browsing``.
"""

import datetime
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pytest_django.live_server_helper import LiveServer

from ocop.portal.tests.browsing import live_server, phone_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db]


@pytest.fixture
def server(catalogue: Any) -> Iterator[LiveServer]:
    with live_server() as live:
        yield live


def test_search_as_you_type_filter_and_read_a_product_status(server, browser, catalogue):
    from playwright.sync_api import expect

    expired_from = catalogue.coffee_expired.latest_certificate.valid_until + datetime.timedelta(days=1)
    page = phone_page(browser)
    page.goto(f"{server.url}/san-pham/")
    expect(page.locator(".product-result-name")).to_have_count(5)

    page.locator("#q").press_sequentially("ca phe", delay=40)

    names = page.locator(".product-result-name")
    expect(names).to_have_text(["Cà phê bột Sông Trà", "Cà phê hạt rang Cầu Đất"])
    expect(page).to_have_url(re.compile(r"/san-pham/\?q=ca(\+|%20)phe$"))
    expect(page.locator("#results-announcement")).to_have_text("2 sản phẩm")

    page.locator("#catalogue-filters summary").click()
    page.locator("#filter-status").select_option("expired")

    expect(names).to_have_text(["Cà phê hạt rang Cầu Đất"])
    expect(page.locator("#filter-status option:checked")).to_have_text("Hết hiệu lực (1)")
    expect(page.locator("#catalogue-filters")).to_have_attribute("open", "")
    expect(page).to_have_url(re.compile(r"status=expired"))
    expect(page.locator("#q")).to_have_value("ca phe")

    page.get_by_role("link", name="Cà phê hạt rang Cầu Đất").click()

    expect(page.locator("#standing-heading")).to_have_text(f"! Hết hiệu lực từ {expired_from:%d/%m/%Y}")
    expect(page.locator(".standing-warning")).to_be_visible()
    assert page.evaluate("window.cspViolations") == []
    ld = page.locator('script[type="application/ld+json"]').text_content()
    assert '"certificationStatus": "https://schema.org/CertificationInactive"' in ld


def test_the_catalogue_works_without_javascript(server, browser, catalogue):
    from playwright.sync_api import expect

    page = phone_page(browser, javascript=False)
    page.goto(f"{server.url}/san-pham/")

    page.locator("#q").fill("dac san")
    page.locator("#q").press("Enter")

    names = page.locator(".product-result-name")
    expect(names).to_have_text(["Đặc sản mạch nha Thi Phổ", "Cà phê bột Sông Trà"])

    page.locator("#catalogue-filters summary").click()
    page.locator("#filter-status").select_option("revoked")
    page.get_by_role("button", name="Lọc", exact=True).click()

    expect(names).to_have_text(["Đặc sản mạch nha Thi Phổ"])
    expect(page).to_have_url(re.compile(r"q=dac\+san.*status=revoked"))


@pytest.fixture
def officer_session(catalogue: Any, settings: Any, tmp_path: Path) -> str:
    """The session of a province officer of Quảng Ngãi, made before Playwright's event loop starts:
    Django refuses database calls from the thread that runs it."""
    from django.test import Client

    from ocop.accounts.models import Role
    from ocop.accounts.tests.factories import UserFactory

    settings.MEDIA_ROOT = tmp_path
    officer = Client()
    officer.force_login(UserFactory(role=Role.PROVINCE_OFFICER))
    return officer.cookies[settings.SESSION_COOKIE_NAME].value


def test_an_officer_adds_an_image_that_the_catalogue_then_shows(officer_session, server, browser, catalogue):
    from django.conf import settings
    from playwright.sync_api import expect

    from ocop.registry.tests.factories import picture

    page = phone_page(browser)
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": officer_session, "url": server.url}]
    )
    page.goto(f"{server.url}/registry/products/{catalogue.coffee.pk}/")

    section = page.locator("#product-images")
    for colour in ((200, 60, 40), (40, 60, 200)):
        data = picture(1200, 900, colour=colour)
        section.get_by_label("Tệp ảnh").set_input_files(
            {"name": "anh.jpg", "mimeType": "image/jpeg", "buffer": data}
        )
        section.get_by_role("button", name="Tải ảnh lên").click()
        expect(section.get_by_role("status")).to_have_text("Đã thêm ảnh.")  # htmx swapped the section in
    expect(section.locator(".image-item img")).to_have_count(2)
    section.get_by_role("button", name="Đặt làm ảnh chính").click()
    expect(section.get_by_role("status")).to_have_text("Đã đặt làm ảnh chính.")
    thumbnails = section.locator(".image-item img")
    expect(thumbnails.first).to_have_js_property("naturalWidth", 320)  # served, and allowed by the CSP

    page.goto(f"{server.url}/san-pham/{catalogue.coffee.pk}/")
    main = page.locator("img.product-image")
    expect(main).to_have_js_property("complete", True)
    # Loaded: the browser picked the thumbnail or the display file from srcset.
    assert re.search(
        r"/media/products/\d+/[0-9a-f]{32}(-320)?\.webp$", main.evaluate("image => image.currentSrc")
    )
    assert main.evaluate("image => image.naturalWidth") > 0
    blue_on_top = main.evaluate(
        """image => {
            const canvas = document.createElement("canvas");
            canvas.width = canvas.height = 1;
            const context = canvas.getContext("2d");
            context.drawImage(image, 0, 0, 1, 1);
            const [red, , blue] = context.getImageData(0, 0, 1, 1).data;
            return blue > red;
        }"""
    )
    assert blue_on_top  # the second image, made the main one
    expect(page.locator(".product-gallery img")).to_have_count(1)
    assert page.evaluate("window.cspViolations") == []
