"""The sales-point map in chromium at a phone's width: Leaflet loads only when the map, under the list,
comes near the screen or its link is followed, then draws every listed point without moving anything; the
list stays
readable beside it, nothing breaks the content security policy; without JavaScript, and when the tiles do
not load, the list is the page.

How the browser and the server are started: ``ocop.portal.tests.browsing`` (in-memory SQLite only).
"""

from collections.abc import Iterator
from typing import Any

import pytest
from pytest_django.live_server_helper import LiveServer

from ocop.portal.tests.browsing import chromium, live_server, phone_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db]


@pytest.fixture
def server(point, dak_lak_point) -> Iterator[LiveServer]:
    """Started before the browser: Playwright's loop in this thread would hide the test's connection."""
    with live_server() as live:
        yield live


@pytest.fixture
def browser(server) -> Iterator[Any]:
    with chromium() as browser:
        yield browser


def no_tiles(page: Any) -> None:
    """No network here: the tile server never answers, as when it is down or blocked."""
    page.route("https://tile.openstreetmap.org/**", lambda route: route.abort())


def leaflet_requests(page: Any) -> list[str]:
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url) if "leaflet" in request.url else None)
    return requested


def test_the_map_draws_every_point_and_keeps_the_list(server, browser):
    from playwright.sync_api import expect

    page = phone_page(browser)
    no_tiles(page)
    page.goto(f"{server.url}/diem-ban/")

    page.locator("#outlet-map").scroll_into_view_if_needed()
    expect(page.locator("#outlet-map")).to_have_attribute("data-drawn", "2")
    expect(page.locator("#outlet-map")).to_be_visible()
    expect(page.locator(".leaflet-overlay-pane canvas")).to_have_count(1)  # the markers, drawn on one canvas
    expect(page.locator("#outlet-list li")).to_have_count(2)
    expect(page.get_by_role("link", name="Quầy OCOP Ga Quảng Ngãi")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert page.evaluate("window.cspViolations") == []

    page.get_by_role("link", name="Quầy OCOP Ga Quảng Ngãi").click()
    expect(page.get_by_role("heading", name="Quầy OCOP Ga Quảng Ngãi", level=1)).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert page.evaluate("window.cspViolations") == []


def test_without_javascript_the_list_is_the_page(server, browser):
    from playwright.sync_api import expect

    page = phone_page(browser, javascript=False)
    page.goto(f"{server.url}/diem-ban/")

    expect(page.locator("#outlet-map")).to_be_hidden()
    expect(page.get_by_role("link", name="Xem trên bản đồ")).to_be_hidden()
    expect(page.get_by_role("link", name="Quầy OCOP Ga Quảng Ngãi")).to_be_visible()
    expect(page.get_by_text("204 Nguyễn Chí Thanh, Quảng Ngãi")).to_be_visible()


def test_leaflet_loads_only_when_the_map_is_asked_for_and_nothing_moves(server, browser):
    from playwright.sync_api import expect

    page = phone_page(browser)
    no_tiles(page)
    requested = leaflet_requests(page)
    # A screen too short to reach the map, under the list: it stays an empty box until one asks.
    page.set_viewport_size({"width": 390, "height": 400})
    page.goto(f"{server.url}/diem-ban/")
    page.wait_for_load_state("networkidle")
    map_top = page.locator("#outlet-map").bounding_box()["y"]
    assert map_top > 400 + 200  # past the screen and the 200 px the map starts loading ahead
    assert requested == []

    page.get_by_role("link", name="Xem trên bản đồ").click()

    expect(page.locator("#outlet-map")).to_have_attribute("data-drawn", "2")
    assert sorted(url.rsplit("/", 1)[1].split(".")[0] for url in requested) == ["leaflet", "leaflet"]
    assert page.evaluate("window.scrollY") + page.locator("#outlet-map").bounding_box()["y"] == map_top
    assert page.evaluate("window.cspViolations") == []


def test_on_a_wide_screen_the_map_stands_beside_the_list_and_draws_at_once(server, browser):
    from playwright.sync_api import expect

    page = browser.new_page(viewport={"width": 1280, "height": 900})
    no_tiles(page)
    page.goto(f"{server.url}/diem-ban/")

    expect(page.locator("#outlet-map")).to_have_attribute("data-drawn", "2")
    box, items = page.locator("#outlet-map").bounding_box(), page.locator("#outlet-list").bounding_box()
    assert box["x"] > items["x"] + items["width"]
    assert box["y"] == items["y"]
    assert page.evaluate("window.scrollY") == 0


# Where the canvas has the markers' outline colour (#0b5e33), in page pixels: the centre of each circle.
MARKER_CENTRES = """() => {
  const canvas = document.querySelector(".leaflet-overlay-pane canvas");
  const ratio = canvas.width / canvas.getBoundingClientRect().width;
  const data = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
  const clusters = [];
  for (let y = 0; y < canvas.height; y++) {
    for (let x = 0; x < canvas.width; x++) {
      const i = (y * canvas.width + x) * 4;
      const green = data[i] < 40 && data[i + 1] > 70 && data[i + 1] < 120 && data[i + 2] < 80;
      if (!green || data[i + 3] <= 200) continue;
      const near = (c) => Math.abs(c.x / c.n - x) < 12 * ratio && Math.abs(c.y / c.n - y) < 12 * ratio;
      let cluster = clusters.find(near);
      if (!cluster) { cluster = { x: 0, y: 0, n: 0 }; clusters.push(cluster); }
      cluster.x += x; cluster.y += y; cluster.n += 1;
    }
  }
  const box = canvas.getBoundingClientRect();
  return clusters.map((c) => [box.left + c.x / c.n / ratio, box.top + c.y / c.n / ratio]);
}"""


def test_a_click_on_a_drawn_point_opens_its_link_and_elsewhere_nothing(server, browser):
    from playwright.sync_api import expect

    page = phone_page(browser)  # it records content security policy violations
    page.set_viewport_size({"width": 1280, "height": 1100})  # the map beside the list, whole on the screen
    no_tiles(page)
    names = []
    for which in range(2):  # a fresh page for each: the popup pans the map to fit
        page.goto(f"{server.url}/diem-ban/")
        expect(page.locator("#outlet-map")).to_have_attribute("data-drawn", "2")
        centres = sorted(page.evaluate(MARKER_CENTRES))
        assert len(centres) == 2
        box = page.locator("#outlet-map").bounding_box()
        page.mouse.click(box["x"] + 5, box["y"] + box["height"] - 40)  # a corner with no point
        expect(page.locator(".leaflet-popup")).to_have_count(0)

        page.mouse.click(*centres[which])

        expect(page.locator(".leaflet-popup-content a")).to_have_count(1)
        names.append(page.locator(".leaflet-popup-content a").inner_text())
    # West to east: Buôn Ma Thuột (108.04° E), then Quảng Ngãi (108.80° E).
    assert names == ["Cửa hàng OCOP Buôn Ma Thuột", "Quầy OCOP Ga Quảng Ngãi"]
    page.locator(".leaflet-popup-content a").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Quầy OCOP Ga Quảng Ngãi")
    assert page.evaluate("window.cspViolations") == []
