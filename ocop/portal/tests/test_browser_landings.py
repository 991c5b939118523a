"""In chromium, each demo account signs in through the form and lands on its own page.

How the browser and the server are started: ``ocop.portal.tests.browsing`` (in-memory SQLite only).
"""

from collections.abc import Iterator

import pytest
from pytest_django.live_server_helper import LiveServer

from ocop.accounts.management.commands.load_demo_users import DEMO_PASSWORD
from ocop.accounts.models import Role, User
from ocop.portal.tests.browsing import live_server, phone_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

# The page each role lands on, and its heading.
LANDINGS = {
    Role.CENTRAL_OFFICER: ("/thong-ke/bang-dieu-khien/", "Bảng điều khiển"),
    Role.PROVINCE_OFFICER: ("/thong-ke/bang-dieu-khien/", "Bảng điều khiển"),
    Role.COMMUNE_OFFICER: ("/thong-ke/bang-dieu-khien/", "Bảng điều khiển"),
    Role.COUNCIL_MEMBER: ("/hoi-dong/", "Hồ sơ cần chấm"),
    Role.PRODUCER: ("/registry/my-products/", "Sản phẩm của tôi"),
    Role.BUYER: ("/giao-thuong/", "Giao thương"),
    Role.SALES_POINT_OPERATOR: ("/diem-ban/quan-ly/", "Điểm bán của tôi"),
}


@pytest.fixture
def server(demo_accounts: dict[Role, User]) -> Iterator[LiveServer]:
    with live_server() as live:
        yield live


def test_each_demo_role_signs_in_and_lands_on_its_own_page(demo_accounts, server, browser):
    from playwright.sync_api import expect

    for role, user in demo_accounts.items():
        path, heading = LANDINGS[role]
        page = phone_page(browser)
        page.goto(f"{server.url}/accounts/login/")
        page.get_by_label("Thư điện tử").fill(user.email)
        page.get_by_label("Mật khẩu").fill(DEMO_PASSWORD)
        page.get_by_role("button", name="Đăng nhập").click()

        expect(page).to_have_url(f"{server.url}{path}")
        expect(page.locator("h1")).to_have_text(heading)
        # The menu names the landing and marks it as the current page (the wide menu; the phone's is folded).
        expect(page.locator(".site-nav-wide [aria-current=page]")).to_have_attribute("href", path)
        if role == Role.PRODUCER:
            expect(page.locator("h2").first).to_have_text("Công ty TNHH MTV Cà phê Mộ Đức")
            expect(page.get_by_role("link", name="Cà phê rang xay Mộ Đức")).to_be_visible()
        assert page.evaluate("window.cspViolations") == [], role
        page.context.close()
