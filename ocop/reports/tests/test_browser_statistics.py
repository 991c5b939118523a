"""The statistics page in chromium at a phone's width: the province map and the rank chart render beside
their tables, nothing scrolls sideways, axe-core finds no violation, and a tile works from the keyboard.

How the browser and the server are started: ``ocop.portal.tests.browsing`` (in-memory SQLite only).
axe-core comes from npm (``package.json``'s devDependencies, installed by ``scripts/setup.sh``).
"""

import datetime
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.utils import timezone
from pytest_django.live_server_helper import LiveServer

from ocop.portal.tests.browsing import chromium, live_server, phone_page
from ocop.registry.tests.factories import make_certificate, make_product

pytestmark = [pytest.mark.browser]

AXE = Path(settings.BASE_DIR) / "node_modules/axe-core/axe.min.js"


@pytest.fixture
def products(db) -> None:
    """Two recognised products in Quảng Ngãi (51): a valid 4★ and a 3★ long expired."""
    today = timezone.localdate()
    honey = make_product(name="Mật ong Ba Tơ")
    make_certificate(honey, stars=4, decision_date=today - datetime.timedelta(days=100))
    cake = make_product(name="Bánh tráng & <mè>")
    make_certificate(cake, stars=3, decision_date=datetime.date(2019, 5, 1))


@pytest.fixture
def server(products) -> Iterator[LiveServer]:
    with live_server() as live:
        yield live


@pytest.fixture
def shared(server) -> Any:
    """The test's connection, taken before Playwright starts its loop in this thread."""
    return connections[DEFAULT_DB_ALIAS]


@pytest.fixture
def browser(shared) -> Iterator[Any]:
    with chromium() as browser:
        yield browser


def axe_violations(page: Any) -> list[str]:
    page.evaluate(
        AXE.read_text(encoding="utf-8")
    )  # through DevTools: the page's policy allows no inline script
    return page.evaluate(
        """async () => (await axe.run()).violations.map((violation) =>
            violation.id + ": " + violation.nodes.map((node) => node.target.join(" ")).join(", "))"""
    )


def test_the_map_and_chart_render_with_their_tables_on_a_phone(server, shared, browser) -> None:
    from playwright.sync_api import expect

    if not AXE.exists():
        pytest.skip(f"{AXE} is missing: scripts/setup.sh installs it")
    page = phone_page(browser)
    page.set_default_timeout(10000)
    page.goto(f"{server.url}/thong-ke/")

    tiles = page.locator("svg.tile-map a")
    expect(tiles).to_have_count(34)
    quang_ngai = page.get_by_role("link", name="Tỉnh Quảng Ngãi 2", exact=True)
    expect(quang_ngai).to_be_visible()
    expect(page.get_by_role("link", name="Thành phố Hà Nội 0", exact=True)).to_be_visible()
    chart = page.locator("svg.column-chart")
    expect(chart).to_be_visible()
    assert chart.bounding_box()["width"] > 300
    assert page.locator("svg.tile-map").bounding_box()["width"] > 300
    for caption in ("Sản phẩm theo hạng sao", "Sản phẩm theo đơn vị: Tỉnh, thành phố"):
        expect(page.get_by_role("table", name=caption)).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert axe_violations(page) == []
    assert page.evaluate("window.cspViolations") == []

    # A tile is a link a keyboard reaches: it opens that province's statistics on the same day.
    quang_ngai.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=2)).to_contain_text("Tỉnh Quảng Ngãi — tính đến ngày")
    assert "province=51" in page.url
    expect(page.locator("svg.tile-map")).to_have_count(0)
    expect(page.locator("svg.column-chart")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert axe_violations(page) == []
