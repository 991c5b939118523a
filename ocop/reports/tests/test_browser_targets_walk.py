"""Issue 13's walk in chromium at a phone's width: a province officer of Quảng Ngãi signs in, enters a
target on the form, finds it on the dashboard with its progress bar and status, and downloads the
provincial report as XLSX and as PDF, both read back as text (the PDF's Vietnamese included). axe-core
finds no violation on any page of the walk, and nothing scrolls sideways.

The products are this folder's ``conftest.py``'s: a valid 4★ and a 3★ long expired, both recognised, so the
target "3 recognised products" stands at 2 with nothing to project: behind until its last day.
"""

import datetime
import io
from pathlib import Path

import openpyxl
import pypdf
import pytest

from ocop.accounts.models import Role, User
from ocop.accounts.tests.factories import TEST_PASSWORD, UserFactory
from ocop.portal.tests.browsing import phone_page
from ocop.reports.selectors import today
from ocop.reports.tests.axe import AXE, axe_violations

pytestmark = [pytest.mark.browser]

LABEL = "Giữ 3 sản phẩm OCOP được công nhận"


@pytest.fixture
def officer(db) -> User:
    """Made before the browser starts: Playwright's loop forbids the ORM in this thread afterwards."""
    return UserFactory(role=Role.PROVINCE_OFFICER)


def checked(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert axe_violations(page) == []


def test_an_officer_sets_a_target_sees_its_progress_and_downloads_the_report(
    officer, server, shared, browser, tmp_path: Path
) -> None:
    from playwright.sync_api import expect

    if not AXE.exists():
        pytest.skip(f"{AXE} is missing: scripts/setup.sh installs it")
    first = datetime.date(today().year, 1, 1)
    last = datetime.date(today().year + 1, 12, 31)
    page = phone_page(browser)
    page.set_default_timeout(20000)
    page.goto(f"{server.url}/accounts/login/")
    page.get_by_label("Thư điện tử").fill(officer.email)
    page.get_by_label("Mật khẩu").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page).to_have_url(f"{server.url}/thong-ke/bang-dieu-khien/")
    expect(page.locator("#targets-heading ~ p").first).to_contain_text("Chưa có mục tiêu")

    page.goto(f"{server.url}/thong-ke/muc-tieu/them/")
    checked(page)
    page.select_option("#id_scope", "province:51")
    page.fill("#id_from", first.strftime("%d/%m/%Y"))
    page.fill("#id_to", last.strftime("%d/%m/%Y"))
    page.select_option("#id_metric", "recognized")
    page.fill("#id_min", "3")
    page.fill("#id_decision", "Kế hoạch OCOP tỉnh Quảng Ngãi (thử)")
    page.fill("#id_label", LABEL)
    page.get_by_role("button", name="Thêm mục tiêu").click()
    expect(page.get_by_role("heading", name=LABEL)).to_be_visible()

    page.goto(f"{server.url}/thong-ke/bang-dieu-khien/")
    card = page.locator("article.card.target", has_text=LABEL)
    expect(card).to_have_count(1)
    expect(card.locator(".target-status")).to_have_text("chậm tiến độ")
    # Rendered text too, as a page translator reads it, while the card is still below the first screen.
    assert card.locator(".target-status").inner_text() == "chậm tiến độ"
    expect(card.locator("dd", has_text="2").first).to_be_visible()
    expect(card.locator("svg")).to_be_visible()
    assert card.locator("svg").bounding_box()["width"] > 250
    checked(page)

    page.goto(f"{server.url}/thong-ke/bao-cao/")
    checked(page)
    page.get_by_label("Từ ngày").fill(first.strftime("%d/%m/%Y"))
    page.get_by_label("Đến ngày").fill(today().strftime("%d/%m/%Y"))
    with page.expect_download() as xlsx:
        page.get_by_role("button", name="Tải bảng tính (XLSX)").click()
    assert xlsx.value.suggested_filename == f"bao-cao-ocop-quang-ngai-{first}-{today()}.xlsx"
    xlsx.value.save_as(tmp_path / "report.xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO((tmp_path / "report.xlsx").read_bytes()))["Biểu 5"]
    rows = [row for row in sheet.iter_rows(values_only=True) if row and row[0] == 1]
    assert rows == [
        (
            1,
            LABEL,
            "Kế hoạch OCOP tỉnh Quảng Ngãi (thử)",
            "Tỉnh Quảng Ngãi",
            f"{first:%d/%m/%Y}–{last:%d/%m/%Y}",
            "Sản phẩm OCOP được công nhận",
            "3",
            "2",
            "2",
            "chậm tiến độ",
        )
    ]

    with page.expect_download() as pdf:
        page.get_by_role("button", name="Tải văn bản (PDF)").click()
    pdf.value.save_as(tmp_path / "report.pdf")
    text = " ".join(page.extract_text() for page in pypdf.PdfReader(tmp_path / "report.pdf").pages)
    for words in ("UBND TỈNH QUẢNG NGÃI", "Biểu 5. Thực hiện mục tiêu", LABEL, "chậm tiến độ"):
        assert words in " ".join(text.split()), words
