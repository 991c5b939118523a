"""Tables in Debian's chromium: figures right under their headings, phones scrolling a table rather than
the page, and the registry's lists using the width of a wide screen.

How the browser and the server are started, and why these tests run on in-memory SQLite only:
``ocop.portal.tests.browsing``.
"""

from collections.abc import Iterator
from typing import Any

import pytest
from pytest_django.live_server_helper import LiveServer

from ocop.portal.tests.browsing import live_server, phone_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

# Per table, per column whose heading is numeric: where the heading's text ends and where each figure's
# text ends, in pixels from the left of the page; and how figures are drawn.
NUMERIC_COLUMNS = """() => {
  const textRight = (cell) => {
    const range = document.createRange();
    range.selectNodeContents(cell);
    return Math.round(range.getBoundingClientRect().right);
  };
  return [...document.querySelectorAll("table")].flatMap((table) =>
    [...table.tHead.rows[0].cells].flatMap((heading, column) =>
      heading.classList.contains("numeric")
        ? [{
            heading: textRight(heading),
            figures: [...table.tBodies[0].rows].map((row) => textRight(row.cells[column])),
            digits: [...table.tBodies[0].rows].map(
              (row) => getComputedStyle(row.cells[column]).fontVariantNumeric
            ),
          }]
        : []
    )
  );
}"""
PAGE_OVERFLOW = "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"


@pytest.fixture
def server(catalogue: Any) -> Iterator[LiveServer]:
    with live_server() as live:
        yield live


@pytest.fixture
def officer_session(catalogue: Any, settings: Any) -> str:
    """Made before Playwright's event loop starts: Django refuses database calls from its thread."""
    from django.test import Client

    from ocop.accounts.models import Role
    from ocop.accounts.tests.factories import UserFactory

    officer = Client()
    officer.force_login(UserFactory(role=Role.CENTRAL_OFFICER))
    return officer.cookies[settings.SESSION_COOKIE_NAME].value


def wide_page(browser: Any) -> Any:
    return browser.new_context(viewport={"width": 1600, "height": 900}, locale="vi-VN").new_page()


@pytest.mark.parametrize("make_page", [wide_page, phone_page], ids=["wide", "phone"])
def test_statistics_figures_end_where_their_headings_end(server, browser, make_page):
    page = make_page(browser)
    page.goto(f"{server.url}/thong-ke/")

    columns = page.evaluate(NUMERIC_COLUMNS)
    # Rank (2 columns), new products by year (4 ranks and the total), this year's flows, sector, producer
    # type (2), unit (2); the regions need a whole country's scope.
    assert len(columns) == 13
    for column in columns:
        assert column["figures"], column
        assert set(column["figures"]) == {column["heading"]}, column
        assert set(column["digits"]) == {"tabular-nums"}, column
    assert page.evaluate(PAGE_OVERFLOW) == 0


def test_registry_tables_use_a_wide_screen_and_a_phone_scrolls_no_page_sideways(
    officer_session, server, browser
):
    from django.conf import settings

    for page, smallest_table in ((wide_page(browser), 1500), (phone_page(browser), 0)):
        page.context.add_cookies(
            [{"name": settings.SESSION_COOKIE_NAME, "value": officer_session, "url": server.url}]
        )
        for path in ("/registry/products/", "/registry/producers/"):
            page.goto(f"{server.url}{path}")
            assert page.locator("table.record-table").first.bounding_box()["width"] >= smallest_table, path
            assert page.evaluate(PAGE_OVERFLOW) == 0, path
