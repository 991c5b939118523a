"""The target pages in chromium at a phone's width: nothing scrolls sideways, axe-core finds no violation,
the content security policy is kept, and the form shows only the narrowing fields its metric takes.

How the browser and the server are started: ``ocop.portal.tests.browsing`` (in-memory SQLite only).
"""

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.conf import settings

from ocop.accounts.models import Role
from ocop.accounts.tests.factories import UserFactory
from ocop.portal.tests.browsing import phone_page
from ocop.reports.targets.definition import definition_from_text
from ocop.reports.targets.services import manual_figure_record, target_create
from ocop.reports.tests.axe import AXE, axe_violations

pytestmark = [pytest.mark.browser]


@pytest.fixture
def session(db, settings, tmp_path) -> tuple[str, int]:
    """A Quảng Ngãi officer's session and a manual target with a figure; made before Playwright's loop."""
    from django.test import Client

    settings.PRIVATE_FILES_ROOT = tmp_path / "private"
    officer = UserFactory(role=Role.PROVINCE_OFFICER)
    base = {
        "scope": "province:51",
        "from": "2026-01-01",
        "to": "2030-12-31",
        "decision": "Kế hoạch số 123/KH-UBND ngày 15/01/2026 của UBND tỉnh Quảng Ngãi về Chương trình OCOP",
    }
    target_create(
        acting_user=None,
        definition=definition_from_text(
            {**base, "metric": "new", "min": "150", "max": "200", "label": "Mới"}
        ),
    )
    target_create(
        acting_user=None,
        definition=definition_from_text(
            {**base, "metric": "share_4_plus", "min": "0.15", "label": '=HYPERLINK("x","<b>y</b>")'}
        ),
    )
    manual = target_create(
        acting_user=None,
        definition=definition_from_text(
            {**base, "metric": "manual", "min": "10", "label": "Chủ thể tham gia chuỗi giá trị"}
        ),
    )
    manual_figure_record(
        acting_user=officer,
        target=manual,
        as_of=datetime.date(2026, 3, 1),
        value=Decimal("4"),
        evidence="Báo cáo số 12/BC-SNN ngày 01/03/2026 của Sở Nông nghiệp và Môi trường",
    )
    client = Client()
    client.force_login(officer)
    return client.cookies[settings.SESSION_COOKIE_NAME].value, manual.pk


@pytest.fixture
def products(session) -> None:
    """This file's data and session are made before the folder's ``server`` starts (``conftest.py``)."""


def check(page: Any) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, page.url
    assert axe_violations(page) == [], page.url
    assert page.evaluate("window.cspViolations") == [], page.url


def test_the_target_pages_on_a_phone(session, server, shared, browser) -> None:
    from playwright.sync_api import expect

    if not AXE.exists():
        pytest.skip(f"{AXE} is missing: scripts/setup.sh installs it")
    cookie, manual_id = session
    page = phone_page(browser)
    page.set_default_timeout(10000)
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": server.url}])

    page.goto(f"{server.url}/thong-ke/muc-tieu/?as_of=30/06/2026")
    expect(page.locator("article.target")).to_have_count(3)
    expect(page.locator("svg.progress-bar")).to_have_count(3)
    expect(page.get_by_role("heading", name='=HYPERLINK("x","<b>y</b>")')).to_be_visible()
    check(page)

    page.goto(f"{server.url}/thong-ke/muc-tieu/?scope=province:99")
    expect(page.get_by_role("alert").first).to_be_visible()
    check(page)

    page.goto(f"{server.url}/thong-ke/muc-tieu/them/")
    step, stars = page.locator("#id_step"), page.locator("#id_min_stars")
    expect(step).to_be_hidden()
    page.select_option("#id_metric", "upgraded")
    expect(step).to_be_visible()
    expect(stars).to_be_hidden()
    check(page)
    page.select_option("#id_metric", "new")
    page.fill("#id_from", "01/01/2026")
    page.fill("#id_to", "31/12/2025")
    page.click("form.record-form button[type=submit]")
    expect(page.locator("#id_to_error")).to_contain_text("the period ends before it starts")
    check(page)

    page.goto(f"{server.url}/thong-ke/muc-tieu/{manual_id}/so-lieu/")
    expect(page.get_by_role("table", name="Số liệu đã ghi, mới nhất trước")).to_be_visible()
    check(page)

    page.goto(f"{server.url}/thong-ke/muc-tieu/{manual_id}/xoa/")
    check(page)

    page.goto(f"{server.url}/thong-ke/muc-tieu/nhap-tep/")
    page.set_input_files(
        "#id_file",
        files=[{"name": "muc-tieu.csv", "mimeType": "text/csv", "buffer": b"scope,from\nnational,2026\n"}],
    )
    page.click("form.record-form button[type=submit]")
    expect(page.locator(".import-errors")).to_be_visible()
    check(page)


def test_without_script_the_form_shows_every_field_and_still_works(session, server, shared, browser) -> None:
    from playwright.sync_api import expect

    cookie, _manual_id = session
    page = phone_page(browser, javascript=False)
    page.set_default_timeout(10000)
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": server.url}])
    page.goto(f"{server.url}/thong-ke/muc-tieu/them/")
    for field in ("#id_min_stars", "#id_step", "#id_cohort_from", "#id_cohort_to"):
        expect(page.locator(field)).to_be_visible()
    page.select_option("#id_metric", "new")
    page.fill("#id_from", "01/01/2026")
    page.fill("#id_to", "31/12/2025")
    page.click("form.record-form button[type=submit]")
    expect(page.locator("#id_to_error")).to_contain_text("the period ends before it starts")
