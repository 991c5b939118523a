"""In chromium, an officer changes their password, signs in with it, resets it through the e-mailed link,
and reads both in words in the audit log.

How the browser and the server are started: ``ocop.portal.tests.browsing`` (in-memory SQLite only). The
live server runs in this process, so the mail it sends lands in this process's ``mail.outbox`` (the
locmem backend of the test settings). About 5 seconds.
"""

import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.core import mail
from pytest_django.live_server_helper import LiveServer

from ocop.accounts.models import Role, User
from ocop.accounts.tests.factories import TEST_PASSWORD, UserFactory
from ocop.portal.tests.browsing import chromium, live_server, phone_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

CHANGED_PASSWORD = "mật-khẩu-đã-đổi-2027"
RESET_PASSWORD = "mật-khẩu-đặt-lại-2028"


@pytest.fixture
def officer(db) -> User:
    return UserFactory(
        email="trunguong@example.test", full_name="Trần Trung Ương", role=Role.CENTRAL_OFFICER, is_staff=True
    )


@pytest.fixture
def server(officer: User) -> Iterator[LiveServer]:
    with live_server() as live:
        yield live


@pytest.fixture
def browser() -> Iterator[Any]:
    with chromium() as browser:
        yield browser


def sign_in(page: Any, server: LiveServer, password: str) -> None:
    page.goto(f"{server.url}/accounts/login/")
    page.get_by_label("Thư điện tử").fill("trunguong@example.test")
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()


def sign_out(page: Any) -> None:
    page.locator(".site-menu summary").click()
    page.locator(".site-menu").get_by_role("button", name="Đăng xuất").click()


def test_an_officer_changes_and_resets_their_password_and_reads_it_in_the_log(officer, server, browser):
    from playwright.sync_api import expect

    page = phone_page(browser)
    sign_in(page, server, TEST_PASSWORD)
    expect(page).to_have_url(f"{server.url}/thong-ke/bang-dieu-khien/")

    # Changing: from the user menu, old password and the new one twice.
    page.locator(".site-menu summary").click()
    page.locator(".site-menu").get_by_role("link", name="Đổi mật khẩu").click()
    expect(page.locator("h1")).to_have_text("Đổi mật khẩu")
    page.locator("[name=old_password]").fill(TEST_PASSWORD)
    page.locator("[name=new_password1]").fill(CHANGED_PASSWORD)
    page.locator("[name=new_password2]").fill(CHANGED_PASSWORD)
    page.get_by_role("button", name="Đổi mật khẩu").click()
    expect(page.get_by_text("Đã đổi mật khẩu.")).to_be_visible()
    sign_out(page)
    sign_in(page, server, CHANGED_PASSWORD)
    expect(page).to_have_url(f"{server.url}/thong-ke/bang-dieu-khien/")
    sign_out(page)

    # Resetting: from the sign-in page, through the link in the mail.
    page.goto(f"{server.url}/accounts/login/")
    page.get_by_role("link", name="Quên mật khẩu?").click()
    page.get_by_label("Thư điện tử").fill("trunguong@example.test")
    page.get_by_role("button", name="Gửi liên kết").click()
    expect(page.locator("h1")).to_have_text("Đã gửi yêu cầu")
    [message] = mail.outbox
    [link] = re.findall(r"http://\S+/accounts/password/reset/\S+/", str(message.body))
    page.goto(link)
    expect(page.locator("h1")).to_have_text("Đặt mật khẩu mới")
    page.locator("[name=new_password1]").fill(RESET_PASSWORD)
    page.locator("[name=new_password2]").fill(RESET_PASSWORD)
    page.get_by_role("button", name="Đặt mật khẩu").click()
    expect(page.locator("h1")).to_have_text("Đã đặt mật khẩu mới")
    sign_in(page, server, RESET_PASSWORD)
    expect(page).to_have_url(f"{server.url}/thong-ke/bang-dieu-khien/")

    # The log says it in words.
    page.goto(f"{server.url}/audit/")
    rows = page.locator("#results tbody tr")
    expect(rows.nth(0)).to_contain_text(
        "Trần Trung Ương đã đặt mật khẩu mới qua liên kết gửi bằng thư điện tử."
    )
    expect(rows.nth(1)).to_contain_text("Có yêu cầu gửi liên kết đặt lại mật khẩu cho Trần Trung Ương")
    expect(rows.nth(2)).to_contain_text("Trần Trung Ương đã đổi mật khẩu.")
    expect(page.locator("#results")).not_to_contain_text("user.password")
    assert page.evaluate("window.cspViolations") == []
    page.context.close()
