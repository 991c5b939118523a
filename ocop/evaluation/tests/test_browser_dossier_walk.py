"""Issue #10's "Done when", in chromium at a phone's width: one dossier from the producer's registration
(form 01) through the commune (form 03), the province and its advisory group, a three-member council
(round, council, session, each member's sheet part by part, closing), the chair's decision, the
certificate PDF and its verification page; then an upgrade that starts as a copy of the first dossier.

Everything is done through the pages, each person signing in through the form. How the browser and the
server are started: ``ocop.portal.tests.browsing`` (in-memory SQLite only).
"""

import datetime
import re
from collections.abc import Iterator
from typing import Any

import pytest
from pytest_django.live_server_helper import LiveServer

from ocop.accounts.models import Role
from ocop.accounts.tests.factories import MO_DUC, QUANG_NGAI, TEST_PASSWORD, UserFactory, commune, province
from ocop.evaluation import services
from ocop.evaluation.tests.council_factories import answers_for
from ocop.evaluation.tests.dossier_factories import member_of
from ocop.portal.tests.browsing import chromium, live_server, phone_page
from ocop.registry.tests.factories import commune as registry_commune
from ocop.registry.tests.factories import make_producer

pytestmark = [pytest.mark.browser]


@pytest.fixture
def browser() -> Iterator[Any]:
    with chromium() as browser:
        yield browser


@pytest.fixture
def cast(sheet_i3c) -> dict[str, Any]:
    """The people, the producer's saved self-assessment and each member's answers, made before the browser
    starts (Playwright's loop makes the test's thread async for Django)."""
    owner = member_of(make_producer(unit=registry_commune(MO_DUC), name="Hợp tác xã Gừng Mộ Đức"))
    services.self_assessment_create(acting_user=owner, version=sheet_i3c, answers=answers_for(sheet_i3c, 80))
    people = {
        "owner": owner,
        "commune": UserFactory(role=Role.COMMUNE_OFFICER, unit=commune(MO_DUC)),
        "province": UserFactory(role=Role.PROVINCE_OFFICER, unit=province(QUANG_NGAI)),
        "chair": UserFactory(
            role=Role.PROVINCE_OFFICER, unit=province(QUANG_NGAI), full_name="Phạm Chủ Tịch"
        ),
        "member1": UserFactory(
            role=Role.COUNCIL_MEMBER, unit=province(QUANG_NGAI), full_name="Lê Thành Viên"
        ),
        "member2": UserFactory(
            role=Role.COUNCIL_MEMBER, unit=province(QUANG_NGAI), full_name="Võ Thành Viên"
        ),
    }
    return {
        "emails": {key: user.email for key, user in people.items()},
        "chair_id": people["chair"].pk,
        "commune_id": commune(MO_DUC).pk,
        # 74, 76 and 78 points: the council's mean is 76, a 4★ recognition.
        "answers": {
            "chair": answers_for(sheet_i3c, 74),
            "member1": answers_for(sheet_i3c, 76),
            "member2": answers_for(sheet_i3c, 78),
        },
        "parts": list(sheet_i3c.parts.order_by("position").values_list("code", flat=True)),
    }


@pytest.fixture
def server(cast) -> Iterator[LiveServer]:
    with live_server() as live:
        yield live


def fits_the_phone(page: Any) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= 390


def test_one_dossier_from_registration_to_its_certificate_then_an_upgrade(server, cast, browser):
    from playwright.sync_api import expect

    base = server.url

    def signed_in(who: str) -> Any:
        page = phone_page(browser)
        page.set_default_timeout(5000)
        page.goto(f"{base}/accounts/login/")
        page.get_by_label("Thư điện tử").fill(cast["emails"][who])
        page.get_by_label("Mật khẩu").fill(TEST_PASSWORD)
        page.get_by_role("button", name="Đăng nhập").click()
        return page

    def take_step(page: Any, dossier_url: str, label: str, fill: dict[str, str] | None = None) -> None:
        page.goto(dossier_url)
        page.get_by_role("link", name=label).click()
        for field, value in (fill or {}).items():
            page.get_by_label(field).fill(value)
        page.get_by_role("button", name=label).click()
        page.wait_for_url(dossier_url)

    # The producer: a first-time dossier from the saved self-assessment, form 01, submitted.
    producer = signed_in("owner")
    producer.goto(f"{base}/ho-so/moi/")
    producer.get_by_label("Tên sản phẩm").fill("Mứt gừng Mộ Đức")
    producer.get_by_label("Xã, phường nơi sản xuất").select_option(str(cast["commune_id"]))
    producer.get_by_role("button", name="Lập hồ sơ lần đầu").click()
    dossier_url = producer.url
    assert dossier_url.startswith(f"{base}/ho-so/")
    producer.get_by_role("link", name="Sửa phiếu đăng ký").click()
    producer.get_by_label("Mô tả sản phẩm").fill("Mứt gừng làm từ gừng trồng tại xã.")
    producer.get_by_label("Nguồn gốc nguyên liệu").fill("Gừng của 12 hộ trong xã.")
    producer.get_by_label("Nguồn gốc ý tưởng sản phẩm").fill("Công thức gia truyền.")
    producer.get_by_role("button", name="Lưu phiếu đăng ký").click()
    take_step(producer, dossier_url, "Nộp hồ sơ")
    assert fits_the_phone(producer)

    # The commune receives it and forwards it with form 03; the province accepts it and makes it ready.
    commune_officer = signed_in("commune")
    take_step(commune_officer, dossier_url, "Tiếp nhận hồ sơ")
    commune_officer.goto(dossier_url)
    commune_officer.get_by_role("link", name="Gửi hồ sơ lên tỉnh").click()
    commune_officer.get_by_label("Ngày họp").fill(datetime.date.today().isoformat())
    for confirmed in ("Nguồn gốc sản phẩm đúng như kê khai", "Nguồn gốc nguyên liệu đúng như kê khai"):
        commune_officer.get_by_label(confirmed).check()
    commune_officer.get_by_label("Báo cáo đánh giá").fill("Đã kiểm tra tại cơ sở.")
    commune_officer.get_by_role("button", name="Gửi hồ sơ lên tỉnh").click()
    commune_officer.wait_for_url(dossier_url)
    officer = signed_in("province")
    take_step(officer, dossier_url, "Chuyển tổ tư vấn xem xét")
    take_step(
        officer, dossier_url, "Sẵn sàng để hội đồng chấm điểm", {"Nhận xét của tổ tư vấn": "Hồ sơ đầy đủ."}
    )
    expect(officer.get_by_text("Chờ hội đồng tỉnh chấm điểm").first).to_be_visible()

    # The province opens a round, assigns the dossier, forms a three-member council and opens a session.
    officer.goto(f"{base}/hoi-dong/")
    officer.get_by_label("Tên đợt").fill("Đợt 2 năm 2026")
    officer.get_by_role("button", name="Mở đợt").click()
    round_url = officer.url
    officer.get_by_label("Mứt gừng Mộ Đức", exact=False).check()
    officer.get_by_role("button", name="Đưa vào đợt").click()
    officer.get_by_label("Tên hội đồng").fill("Hội đồng OCOP tỉnh Quảng Ngãi")
    officer.get_by_label("Chủ tịch hội đồng").select_option(str(cast["chair_id"]))
    officer.get_by_label("Lê Thành Viên").check()
    officer.get_by_label("Võ Thành Viên").check()
    officer.get_by_role("button", name="Lập hội đồng").click()
    for name in ("Phạm Chủ Tịch", "Lê Thành Viên", "Võ Thành Viên"):
        officer.get_by_label(name, exact=False).check()
    officer.get_by_role("button", name="Mở phiên chấm").click()
    expect(officer.get_by_text("Đủ túc số.")).to_be_visible()
    assert fits_the_phone(officer)

    # Each member scores on their own, one part a screen, and then reads the council's mean.
    for who in ("chair", "member1", "member2"):
        member = signed_in(who)
        member.goto(f"{base}/hoi-dong/")
        member.get_by_role("link", name="Mứt gừng Mộ Đức").click()
        expect(member.get_by_text("chỉ hiện sau khi bạn nộp phiếu chấm của mình")).to_be_visible()
        for index, _part in enumerate(cast["parts"]):
            for option_id in cast["answers"][who].values():
                if member.locator(f"#o-{option_id}").count():
                    member.locator(f"#o-{option_id}").check()
            assert fits_the_phone(member)
            last = index == len(cast["parts"]) - 1
            member.get_by_role("button", name="Nộp phiếu chấm" if last else "Lưu và tiếp tục").click()
        expect(member.get_by_text("Bạn đã nộp phiếu chấm")).to_be_visible()
        if who == "chair":
            chair = member
        else:
            member.context.close()

    # The province closes the session; the chair decides; the certificate answers as a PDF and a page.
    officer.goto(round_url)
    officer.get_by_role("button", name="Khóa phiên chấm").click()
    expect(officer.get_by_text("76,00 điểm, 4 sao")).to_be_visible()
    chair.goto(round_url)
    chair.get_by_role("link", name="Ra quyết định").click()
    expect(chair.get_by_label("Công nhận 4 sao")).to_be_checked()
    chair.get_by_label("Số quyết định").fill("125/QĐ-UBND")
    chair.get_by_label("Họ tên người ký").fill("Nguyễn Văn Ký")
    chair.get_by_label("Chức vụ người ký").fill("Phó Chủ tịch UBND tỉnh")
    chair.get_by_role("button", name="Ghi quyết định").click()
    chair.wait_for_url(dossier_url)
    expect(chair.get_by_text("Được công nhận").first).to_be_visible()

    announced = chair.get_by_text("Đã ghi quyết định; giấy chứng nhận số ").inner_text()
    number = re.search(r"số ([0-9]{2}-[0-9]{4}-[0-9]{6})", announced).group(1)  # type: ignore[union-attr]
    today = datetime.date.today()
    assert number == f"51-{today.year}-000001"
    pdf = chair.request.get(f"{base}/c/{number}.pdf")
    assert (pdf.status, pdf.headers["content-type"], pdf.body()[:5]) == (200, "application/pdf", b"%PDF-")
    visitor = phone_page(browser)
    visitor.goto(f"{base}/c/{number}")
    expect(visitor.locator("#verdict-heading")).to_have_text(
        f"✓ Còn hiệu lực đến {today.replace(year=today.year + 3):%d/%m/%Y}"  # 36 months (26/2026)
    )

    # The upgrade starts from the first dossier: a copy that asks only what changed.
    producer.goto(f"{base}/ho-so/moi/")
    producer.get_by_role("radio", name="Nâng hạng").check()
    producer.get_by_role("button", name="Lập hồ sơ", exact=True).click()
    expect(producer.get_by_text("Hồ sơ mới được sao từ hồ sơ trước")).to_be_visible()
    first_number = dossier_url.rstrip("/").rsplit("/", 1)[-1]
    expect(producer.get_by_role("link", name=f"sao từ hồ sơ #{first_number}")).to_be_visible()
    assert producer.url != dossier_url
    assert producer.evaluate("window.cspViolations") == []
    for page in (producer, commune_officer, officer, chair, visitor):
        page.context.close()
