"""Debian's chromium through Playwright, against pytest-django's LiveServer, for the browser tests.

The server is started here rather than through the ``live_server`` fixture: that fixture forces
``transactional_db``, whose flush after the test empties every table, the 14,165 administrative units
loaded once per session included. On in-memory SQLite the server thread shares the test's connection, so
it sees the test's data inside the test's transaction; on PostgreSQL it could not, and the browser tests
are skipped there.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, cast

import pytest
from django.db import connection
from pytest_django.live_server_helper import LiveServer

from ocop.core.chromium import CHROMIUM, CHROMIUM_ARGS

# Records what the content security policy blocks, before any script of the page runs.
CSP_RECORDER = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.cspViolations.push(event.violatedDirective + " " + event.blockedURI);
});
"""


@contextmanager
def live_server() -> Iterator[LiveServer]:
    if connection.vendor != "sqlite" or not cast(Any, connection).is_in_memory_db():
        pytest.skip("the live server sees the test's data only through a shared in-memory SQLite connection")
    live = LiveServer("localhost")
    live._live_server_modified_settings.enable()
    try:
        yield live
    finally:
        live._live_server_modified_settings.disable()
        live.stop()


@contextmanager
def chromium() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing: apt-get install chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def phone_page(browser: Any, *, javascript: bool = True) -> Any:
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, locale="vi-VN", java_script_enabled=javascript
    )
    page = context.new_page()
    page.add_init_script(CSP_RECORDER)
    return page
