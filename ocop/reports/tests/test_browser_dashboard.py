"""The officers' dashboard in chromium at a phone's width: a province officer signs in through the form,
lands on it, finds each chart's SVG with its table, nothing scrolls sideways, and axe-core finds no
violation.

The products, server and browser fixtures are this folder's ``conftest.py``, shared with the statistics
page's test.
"""

import pytest

from ocop.accounts.models import Role, User
from ocop.accounts.tests.factories import TEST_PASSWORD, UserFactory
from ocop.portal.tests.browsing import phone_page
from ocop.reports.tests.axe import AXE, axe_violations

pytestmark = [pytest.mark.browser]


@pytest.fixture
def officer(db) -> User:
    """Made before the browser starts: Playwright's loop forbids the ORM in this thread afterwards."""
    return UserFactory(role=Role.PROVINCE_OFFICER)


def test_a_province_officer_lands_on_the_dashboard_and_reads_its_charts_on_a_phone(
    officer, server, shared, browser
) -> None:
    from playwright.sync_api import expect

    if not AXE.exists():
        pytest.skip(f"{AXE} is missing: scripts/setup.sh installs it")
    page = phone_page(browser)
    page.set_default_timeout(10000)
    page.goto(f"{server.url}/accounts/login/")
    page.get_by_label("Thư điện tử").fill(officer.email)
    page.get_by_label("Mật khẩu").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()

    expect(page).to_have_url(f"{server.url}/thong-ke/bang-dieu-khien/")
    expect(page.locator("h1")).to_have_text("Bảng điều khiển")
    expect(page.get_by_role("heading", level=2).first).to_contain_text("Sản phẩm OCOP — Tỉnh Quảng Ngãi")
    for chart in ("svg.column-chart", "svg.bar-chart"):
        expect(page.locator(chart)).to_have_count(1)
        expect(page.locator(chart)).to_be_visible()
        page.locator(chart).scroll_into_view_if_needed()  # laid out when near the screen
        assert page.locator(chart).bounding_box()["width"] > 300
    expect(page.locator("svg.tile-map")).to_have_count(0)  # the country's map is the central officer's
    years = page.get_by_role("table", name="Sản phẩm được công nhận mới theo năm")
    expect(years).to_be_visible()
    # The 3★ of 2019 and the 4★ decided a hundred days ago, each in its year's row.
    expect(years.get_by_role("row", name="2019")).to_contain_text("1")
    expect(page.get_by_role("table", name="Hồ sơ theo trạng thái")).to_be_visible()
    expect(page.get_by_role("table", name="Cảnh báo hàng giả theo loại")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert axe_violations(page) == []
    assert page.evaluate("window.cspViolations") == []
