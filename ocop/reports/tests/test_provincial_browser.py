"""The provincial report's form in chromium at a phone's width, signed in as a province officer: nothing
scrolls sideways, axe-core finds no violation (also with a refused parameter shown), and one click on a
button downloads the file.

How the browser and the server are started: ``ocop.portal.tests.browsing`` (in-memory SQLite only).
"""

import datetime
import io
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.conf import settings
from django.test import Client
from pytest_django.live_server_helper import LiveServer

from ocop.accounts.models import Role
from ocop.accounts.tests.factories import UserFactory
from ocop.portal.tests.browsing import phone_page
from ocop.registry.tests.factories import make_certificate, make_product
from ocop.reports.tests.axe import AXE, axe_violations

pytestmark = [pytest.mark.browser]


@pytest.fixture
def officer_session(db: Any) -> str:
    """A product of Quảng Ngãi, and the session of a province officer there, made before Playwright's
    event loop starts: Django refuses database calls from the thread that runs it."""
    make_certificate(make_product(name="Mật ong Ba Tơ"), stars=4, decision_date=datetime.date(2025, 3, 1))
    officer = Client()
    officer.force_login(UserFactory(role=Role.PROVINCE_OFFICER))
    return officer.cookies[settings.SESSION_COOKIE_NAME].value


@pytest.fixture
def products(officer_session: str) -> None:
    """This file's data and session are made before the folder's ``server`` starts (``conftest.py``)."""


def test_the_form_on_a_phone_downloads_the_report(
    officer_session: str, server: LiveServer, shared: Any, browser: Any, tmp_path: Path
) -> None:
    from playwright.sync_api import expect

    if not AXE.exists():
        pytest.skip(f"{AXE} is missing: scripts/setup.sh installs it")
    page = phone_page(browser)
    page.set_default_timeout(20000)
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": officer_session, "url": server.url}]
    )
    page.goto(f"{server.url}/thong-ke/bao-cao/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Báo cáo kết quả thực hiện Chương trình OCOP")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert axe_violations(page) == []
    assert page.evaluate("window.cspViolations") == []

    page.get_by_label("Từ ngày").fill("01/01/2025")
    page.get_by_label("Đến ngày").fill("31/12/2025")
    with page.expect_download() as download:
        page.get_by_role("button", name="Tải bảng tính (XLSX)").click()
    assert download.value.suggested_filename == "bao-cao-ocop-quang-ngai-2025-01-01-2025-12-31.xlsx"
    target = tmp_path / "report.xlsx"
    download.value.save_as(target)
    sheet = openpyxl.load_workbook(io.BytesIO(target.read_bytes()))["Biểu 1"]
    assert [cell.value for cell in sheet[3]] == [None, "Tổng số sản phẩm", 1, 1]

    page.goto(f"{server.url}/thong-ke/bao-cao/?province=51&from=2025-02-01&to=2025-01-01&format=pdf")
    expect(page.get_by_role("alert")).to_contain_text("Ngày kết thúc không hợp lệ")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert axe_violations(page) == []
