"""Issue #12's browser walk, in chromium at a phone's width: a verified buyer posts a demand through its
form; a producer whose product fits sees it under "Nhu cầu phù hợp" and offers; the buyer sees the offer,
records a memorandum with that producer and product, then a contract with its value; neither counts until
the producer signs in and confirms both on their pages; only then the public trade report and
``GET /api/v1/trade/stats`` count both, the contract with its exact value.

How the browser and the server are started: ``ocop.portal.tests.browsing`` (in-memory SQLite only).
"""

import datetime
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import DEFAULT_DB_ALIAS, connections
from django.utils import timezone
from pytest_django.live_server_helper import LiveServer

from ocop.accounts.models import Role
from ocop.accounts.tests.factories import TEST_PASSWORD, UserFactory
from ocop.portal.tests.browsing import chromium, live_server, phone_page
from ocop.registry.tests.factories import make_certificate, make_producer, make_product
from ocop.trace.tests.test_browser_stamps import database_from_the_test
from ocop.trade.models import Agreement
from ocop.trade.tests.agreements_helpers import verified_buyer

pytestmark = [pytest.mark.browser]

QUANG_NGAI = 51


@pytest.fixture
def cast(db) -> dict[str, Any]:
    buyer_person = UserFactory(role=Role.BUYER)
    verified_buyer(buyer_person)
    producer = make_producer(name="HTX Mật ong Ba Tơ", management_certifications=["vietgap"])
    honey = make_product(producer=producer, name="Mật ong hoa cà phê Ba Tơ", code="QNG-MO-07")
    make_certificate(honey, stars=4, decision_date=timezone.localdate() - datetime.timedelta(days=100))
    producer_person = UserFactory(role=Role.PRODUCER)
    producer.members.add(producer_person)
    return {"buyer": buyer_person.email, "producer": producer_person.email, "honey": honey}


@pytest.fixture
def server(cast) -> Iterator[LiveServer]:
    with live_server() as live:
        yield live


@pytest.fixture
def shared(server) -> Any:
    """The test's connection, taken before Playwright starts its loop in this thread."""
    return connections[DEFAULT_DB_ALIAS]


@pytest.fixture
def browser(shared) -> Iterator[Any]:
    with chromium() as browser:
        yield browser


def fits_the_phone(page: Any) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= 390


def signed_in(browser: Any, base: str, email: str) -> Any:
    page = phone_page(browser)
    page.set_default_timeout(10000)
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Thư điện tử").fill(email)
    page.get_by_label("Mật khẩu").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    return page


def test_a_demand_becomes_an_offer_a_memorandum_and_a_contract_the_report_counts(
    server, cast, shared, browser
):
    from playwright.sync_api import expect

    base = server.url
    deadline = timezone.localdate() + datetime.timedelta(days=30)
    today = timezone.localdate()

    # The buyer posts a demand through its form.
    buyer = signed_in(browser, base, cast["buyer"])
    buyer.goto(f"{base}/giao-thuong/")
    buyer.get_by_role("link", name="Đăng nhu cầu mới").click()
    buyer.get_by_label("Tiêu đề").fill("Mật ong cho chuỗi siêu thị")
    buyer.get_by_label("Ngành:", exact=True).select_option("1")
    buyer.get_by_label("Số lượng").fill("500")
    buyer.get_by_label("Đơn vị tính").fill("chai")
    buyer.get_by_label("Tần suất").select_option("monthly")
    buyer.get_by_label("Hạng sao tối thiểu").select_option("4")
    buyer.get_by_label("Hạn chót").fill(f"{deadline:%d/%m/%Y}")
    assert fits_the_phone(buyer)
    buyer.get_by_role("button", name="Đăng nhu cầu").click()
    expect(buyer.get_by_role("heading", name="Mật ong cho chuỗi siêu thị", level=1)).to_be_visible()

    # The producer whose honey fits sees it under "Nhu cầu phù hợp" and offers.
    producer = signed_in(browser, base, cast["producer"])
    producer.goto(f"{base}/giao-thuong/nhu-cau-phu-hop/")
    expect(producer.get_by_role("heading", name="Nhu cầu phù hợp", level=1)).to_be_visible()
    producer.get_by_role("link", name="Mật ong cho chuỗi siêu thị").click()
    producer.get_by_label("Sản phẩm").select_option(label="Mật ong hoa cà phê Ba Tơ")
    producer.get_by_label("Số lượng").fill("300")
    producer.get_by_label("Giá mỗi đơn vị (đồng)").fill("150000")
    producer.get_by_label("Lời nhắn").fill("Giao hằng tháng tại kho Quảng Ngãi")
    assert fits_the_phone(producer)
    producer.get_by_role("button", name="Gửi chào hàng").click()
    expect(producer.get_by_text("Đã gửi chào hàng tới Siêu thị Sông Trà.")).to_be_visible()

    # The buyer sees the offer and records a memorandum from it: producer, product and quantity filled.
    buyer.goto(f"{base}/giao-thuong/")
    buyer.get_by_role("link", name="Mật ong cho chuỗi siêu thị").first.click()
    expect(buyer.get_by_text("Giao hằng tháng tại kho Quảng Ngãi")).to_be_visible()
    assert fits_the_phone(buyer)
    buyer.get_by_role("link", name="Ghi biên bản ghi nhớ").click()
    expect(buyer.get_by_label("Chủ thể")).to_have_value(str(cast["honey"].producer_id))
    first_line = buyer.get_by_role("group", name="Sản phẩm 1")
    expect(first_line.get_by_label("Số lượng")).to_have_value("300.00")
    expect(first_line.get_by_label("Đơn vị tính")).to_have_value("chai")
    buyer.get_by_label("Ngày ký").fill(f"{today:%d/%m/%Y}")
    assert fits_the_phone(buyer)
    buyer.get_by_role("button", name="Lưu").click()
    expect(buyer.get_by_role("heading", name="Biên bản ghi nhớ", level=1)).to_be_visible()
    expect(buyer.get_by_role("cell", name="Mật ong hoa cà phê Ba Tơ")).to_be_visible()
    assert fits_the_phone(buyer)

    # Then the contract that follows it, from the memorandum's page: the same producer and lines.
    buyer.get_by_role("link", name="Ghi hợp đồng theo biên bản này").click()
    expect(buyer.get_by_label("Loại văn bản")).to_have_value("contract")
    expect(buyer.get_by_role("group", name="Sản phẩm 1").get_by_label("Số lượng")).to_have_value("300.00")
    buyer.get_by_label("Số văn bản").fill("HĐ-21/2026")
    buyer.get_by_label("Ngày ký").fill(f"{today:%d/%m/%Y}")
    buyer.get_by_label("Giá trị (đồng)").fill("45000000")
    buyer.get_by_role("button", name="Lưu").click()
    expect(buyer.get_by_role("heading", name="Hợp đồng HĐ-21/2026", level=1)).to_be_visible()
    expect(buyer.get_by_text("45.000.000")).to_be_visible()

    with database_from_the_test(shared):
        recorded = sorted(Agreement.objects.values_list("kind", "value_vnd", "province_code"))
    assert recorded == [("contract", 45_000_000, QUANG_NGAI), ("mou", None, QUANG_NGAI)]

    # Before the producer confirms, the report and the API count nothing, and say what waits.
    public = phone_page(browser)
    public.goto(f"{base}/ket-noi/bao-cao/")
    summary = public.get_by_role("region", name="Tổng hợp")
    expect(summary.get_by_role("row", name="Biên bản ghi nhớ")).to_have_text("Biên bản ghi nhớ00—")
    expect(summary.get_by_role("row", name="Hợp đồng")).to_have_text("Hợp đồng000")
    expect(public.locator("#awaiting")).to_have_text(
        "2 văn bản do bên mua ghi (giá trị 45.000.000 đồng) đang chờ chủ thể xác nhận và chưa được tính."
    )
    stats = public.request.get(f"{base}/api/v1/trade/stats").json()
    assert (stats["memoranda"]["count"], stats["contracts"]["count"], stats["by_province"]) == (0, 0, [])

    # The producer finds both waiting for it, and confirms each on its page.
    producer.goto(f"{base}/ket-noi/thoa-thuan/")
    expect(producer.get_by_role("heading", name="Chờ bạn xác nhận")).to_be_visible()
    assert fits_the_phone(producer)
    for name in ("Biên bản ghi nhớ", "Hợp đồng HĐ-21/2026"):
        producer.goto(f"{base}/ket-noi/thoa-thuan/")
        producer.locator("#awaiting-answer + p + .table-scroll").get_by_role("link", name=name).click()
        expect(producer.locator("#producer-answer")).to_contain_text("Chờ chủ thể xác nhận")
        assert fits_the_phone(producer)
        producer.get_by_role("button", name="Xác nhận", exact=True).click()
        expect(producer.get_by_text("Đã xác nhận văn bản; văn bản được tính vào báo cáo.")).to_be_visible()
        expect(producer.locator("#producer-answer")).to_contain_text("Chủ thể đã xác nhận")
    with database_from_the_test(shared):
        answers = sorted(Agreement.objects.values_list("kind", "producer_answer"))
    assert answers == [("contract", "confirmed"), ("mou", "confirmed")]

    # Now the public report and the API count both, the contract with its value.
    public.goto(f"{base}/ket-noi/bao-cao/")
    summary = public.get_by_role("region", name="Tổng hợp")
    expect(summary.get_by_role("row", name="Biên bản ghi nhớ")).to_have_text("Biên bản ghi nhớ10—")
    expect(summary.get_by_role("row", name="Hợp đồng")).to_have_text("Hợp đồng145.000.0000")
    expect(public.locator("#awaiting")).to_have_count(0)
    assert fits_the_phone(public)
    stats = public.request.get(f"{base}/api/v1/trade/stats").json()
    assert stats["memoranda"] == {"count": 1, "value_vnd": 0}
    assert stats["contracts"] == {
        "count": 1,
        "value_vnd": 45_000_000,
        "delivered_vnd": 0,
        "by_status": {"signed": 1, "in_progress": 0, "fulfilled": 0, "cancelled": 0},
    }
    assert stats["by_province"] == [
        {"code": QUANG_NGAI, "name": "Tỉnh Quảng Ngãi", "memoranda": 1, "contracts": 1, "value_vnd": 45000000}
    ]
