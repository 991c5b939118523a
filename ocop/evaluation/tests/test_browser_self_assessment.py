"""In chromium at a phone's width, without JavaScript: answer a sheet part by part and read the result.

How the browser and the server are started: ``ocop.portal.tests.browsing`` (in-memory SQLite only).
"""

from collections.abc import Iterator
from typing import Any

import pytest
from pytest_django.live_server_helper import LiveServer

from ocop.evaluation.tests.test_self_assessment_pages import best
from ocop.portal.tests.browsing import chromium, live_server, phone_page

pytestmark = [pytest.mark.browser]


@pytest.fixture
def browser() -> Iterator[Any]:
    with chromium() as browser:
        yield browser


@pytest.fixture
def best_answers(sheet_i3c) -> dict[str, int]:
    # Read before the browser starts: Playwright's loop makes the test's thread async for Django.
    return best(sheet_i3c)


@pytest.fixture
def server(sheet_i3c) -> Iterator[LiveServer]:
    with live_server() as live:
        yield live


def fits_the_phone(page: Any) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= 390


def test_a_sheet_answered_part_by_part_on_a_phone_without_javascript(server, best_answers, browser):
    from playwright.sync_api import expect

    page = phone_page(browser, javascript=False)
    page.goto(f"{server.url}/tu-danh-gia/")
    page.get_by_role("link", name="I.3.c — Chế biến từ rau, củ, quả, hạt").click()
    expect(page.locator("h2").first).to_have_text("Phần A. Sản phẩm và sức mạnh của cộng đồng (40 điểm)")
    assert fits_the_phone(page)

    for next_button in ("Tiếp: phần B", "Tiếp: phần C", "Xem kết quả"):
        for option_id in best_answers.values():
            if page.locator(f"#o-{option_id}").count():
                page.locator(f"#o-{option_id}").check()
        assert fits_the_phone(page)
        page.get_by_role("button", name=next_button).click()

    expect(page.locator(".result-total")).to_have_text("Tổng điểm: 100/100")
    expect(page.locator(".result-stars")).to_contain_text("Hạng 5 sao")
    expect(page.get_by_role("button", name="Đăng nhập để lưu")).to_be_visible()
    assert fits_the_phone(page)

    page.go_back()
    expect(page.get_by_role("button", name="Xem kết quả")).to_be_visible()
    assert page.evaluate("window.cspViolations") == []
    page.context.close()
