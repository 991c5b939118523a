"""The statistics page in chromium at a phone's width: the province map and the rank chart render beside
their tables, nothing scrolls sideways, axe-core finds no violation, and a tile works from the keyboard.

How the browser and the server are started: ``ocop.portal.tests.browsing`` (in-memory SQLite only); the
products, server and browser fixtures are this folder's ``conftest.py``, shared with the dashboard's test.
"""

import pytest

from ocop.portal.tests.browsing import phone_page
from ocop.reports.tests.axe import AXE, axe_violations

pytestmark = [pytest.mark.browser]


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
    # The ranks, the new products by year (each with its table) and this year's flows.
    charts = page.locator("svg.column-chart")
    expect(charts).to_have_count(2)
    for chart in (charts.first, charts.last, page.locator("svg.bar-chart")):
        expect(chart).to_be_visible()
        # Laid out when the reader comes near it (content-visibility: auto below the first screen).
        chart.scroll_into_view_if_needed()
        assert chart.bounding_box()["width"] > 300
    page.locator("svg.tile-map").scroll_into_view_if_needed()
    assert page.locator("svg.tile-map").bounding_box()["width"] > 300
    years = page.get_by_role("table", name="Sản phẩm được công nhận mới theo năm")
    expect(years.get_by_role("row", name="2019")).to_contain_text("1")  # the 3★ of May 2019
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
    expect(page.locator("svg.column-chart")).to_have_count(2)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert axe_violations(page) == []
