"""Issue #11's browser walk, in chromium at a phone's width: a producer signs in, creates a batch of their
certified product, issues three stamps, downloads the sheet; one stamp's URI then says it is genuine and
valid, says "revoked" once the certificate is revoked, and an altered serial says it is not genuine.

How the browser and the server are started: ``ocop.portal.tests.browsing`` (in-memory SQLite only).
"""

import datetime
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from django.db import DEFAULT_DB_ALIAS, connections
from django.utils import timezone
from pytest_django.live_server_helper import LiveServer

from ocop.accounts.models import Role
from ocop.accounts.tests.factories import TEST_PASSWORD, UserFactory
from ocop.portal.tests.browsing import chromium, live_server, phone_page
from ocop.registry.models import Certificate
from ocop.registry.services import certificate_revoke
from ocop.trace import services
from ocop.trace.models import StampRun

pytestmark = [pytest.mark.browser]


@pytest.fixture(autouse=True)
def _private_files(settings, tmp_path):
    settings.PRIVATE_FILES_ROOT = tmp_path


@contextmanager
def database_from_the_test(shared: Any) -> Iterator[None]:
    """Playwright's sync API runs an event loop in the test's thread, so Django refuses the ORM there and
    would open a second connection, locked out by the first. The live server uses the test's one
    in-memory connection (``shared``) and is idle between page loads, so the test uses it between them."""
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    connections[DEFAULT_DB_ALIAS] = shared
    try:
        yield
    finally:
        if previous is None:
            del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def browser() -> Iterator[Any]:
    with chromium() as browser:
        yield browser


@pytest.fixture
def cast(product) -> dict[str, Any]:
    owner = UserFactory(role=Role.PRODUCER)
    product.producer.members.add(owner)
    return {"email": owner.email, "product": product, "valid_until": product.latest_certificate.valid_until}


@pytest.fixture
def server(cast) -> Iterator[LiveServer]:
    with live_server() as live:
        yield live


@pytest.fixture
def shared(server) -> Any:
    """The test's connection, taken before Playwright starts its loop in this thread."""
    return connections[DEFAULT_DB_ALIAS]


def fits_the_phone(page: Any) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= 390


def test_a_producer_issues_stamps_and_a_stamp_follows_its_certificate(
    server, cast, shared, browser, tmp_path
):
    from playwright.sync_api import expect

    base = server.url
    page = phone_page(browser)
    page.set_default_timeout(10000)
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Thư điện tử").fill(cast["email"])
    page.get_by_label("Mật khẩu").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()

    # The batch, from the traceability page.
    page.goto(f"{base}/truy-xuat/")
    assert fits_the_phone(page)
    page.get_by_role("link", name="Tạo lô mới").click()
    page.get_by_label("Số lô").fill("L2026-07")
    page.get_by_label("Ngày sản xuất").fill("01/12/2026")
    page.get_by_label("Các công đoạn chế biến").fill("Rang | 30/11/2026\nXay và đóng gói")
    page.get_by_role("button", name="Tạo lô").click()
    expect(page.get_by_role("heading", name="Lô L2026-07")).to_be_visible()
    assert fits_the_phone(page)

    # Three stamps; the sheet of a small run is ready at once.
    page.get_by_label("Số tem").fill("3")
    page.get_by_role("button", name="Phát hành tem").click()
    expect(page.get_by_text("Tệp tem đã sẵn sàng.")).to_be_visible()
    assert fits_the_phone(page)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Tải tệp tem").click()
    saved = tmp_path / "tem.pdf"
    download_info.value.save_as(saved)
    assert Path(saved).read_bytes().startswith(b"%PDF")

    with database_from_the_test(shared):
        run = StampRun.objects.get(batch__lot="L2026-07")
        uri = next(services.stamp_uris(run))
    path = uri.removeprefix("http://127.0.0.1:8000")

    stamp = phone_page(browser)
    stamp.goto(base + path)
    expect(stamp.get_by_text("Chính hãng, còn hiệu lực", exact=True)).to_be_visible()
    expect(stamp.get_by_text(f"còn hiệu lực đến {cast['valid_until']:%d/%m/%Y}")).to_be_visible()
    assert fits_the_phone(stamp)

    with database_from_the_test(shared):
        certificate = Certificate.objects.get(product=cast["product"], revoked_on__isnull=True)
        certificate_revoke(
            acting_user=None,
            certificate=certificate,
            revoked_on=timezone.localdate() - datetime.timedelta(days=1),
            reason="Vi phạm an toàn thực phẩm",
        )
    stamp.goto(base + path)
    expect(stamp.get_by_text("đã bị thu hồi").first).to_be_visible()

    altered = path[:-1] + ("A" if path[-1] != "A" else "B")
    stamp.goto(base + altered)
    expect(stamp.get_by_text("Không phải tem chính hãng").first).to_be_visible()
