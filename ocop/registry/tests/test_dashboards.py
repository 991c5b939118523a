"""The officers' dashboard, the list of imports and the producer's own page, each scoped like the registry.

Quảng Ngãi (51) holds the Mộ Đức producer's products, whose certificates run out around today's edges,
and one product of Cẩm Thành; Đắk Lắk (66) one product. Every officer sees exactly what the registry's
lists would show them; out of scope is never shown.
"""

import datetime
from dataclasses import dataclass

import pytest
from django.utils import timezone

from ocop.accounts.models import Role, User
from ocop.accounts.tests.factories import DAK_LAK, UserFactory, province
from ocop.core.models import AuditEvent
from ocop.registry import rules
from ocop.registry.models import ImportBatch, Producer, Product, RuleSet
from ocop.registry.tests.factories import (
    commune,
    make_certificate,
    make_producer,
    make_product,
    make_product_image,
)

pytestmark = pytest.mark.django_db

MO_DUC, CAM_THANH, BUON_MA_THUOT = 21400, 21025, 24133
TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)
A_YEAR_AGO = TODAY - 365 * DAY


@pytest.fixture(autouse=True)
def _media_of_its_own(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@dataclass
class Registry:
    mo_duc: Producer
    other_mo_duc: Producer
    names: dict[str, Product]


def certified(producer: Producer, name: str, valid_until: datetime.date, **fields) -> Product:
    product = make_product(producer=producer, name=name)
    make_certificate(product, decision_date=A_YEAR_AGO, valid_until=valid_until, **fields)
    return product


@pytest.fixture
def registry(db) -> Registry:
    mo_duc = make_producer(unit=commune(MO_DUC), name="Công ty TNHH MTV Cà phê Mộ Đức")
    other_mo_duc = make_producer(unit=commune(MO_DUC), name="Hợp tác xã Tỏi Mộ Đức")
    cam_thanh = make_producer(unit=commune(CAM_THANH), name="Công ty Đặc sản Cẩm Thành")
    ea_tu = make_producer(unit=commune(BUON_MA_THUOT), name="Hợp tác xã Cà phê Ea Tu")
    products = [
        certified(mo_duc, "Cà phê hết hạn hôm nay", TODAY),
        certified(mo_duc, "Cà phê hết hạn hôm qua", TODAY - DAY),
        certified(mo_duc, "Cà phê còn 180 ngày", TODAY + 180 * DAY),
        certified(mo_duc, "Cà phê còn 181 ngày", TODAY + 181 * DAY),
        certified(mo_duc, "Cà phê thu hồi hôm nay", TODAY + 30 * DAY, revoked_on=TODAY),
        certified(other_mo_duc, "Tỏi có ảnh", TODAY + 20 * DAY),
        certified(cam_thanh, "Mực khô Cẩm Thành", TODAY + 10 * DAY),
        certified(ea_tu, "Cà phê Ea Tu", TODAY + 5 * DAY),
        make_product(producer=mo_duc, name="Bánh chưa công nhận"),
    ]
    # The newest certificate is revoked; an older one would still hold, but the newest decides.
    renewed = certified(mo_duc, "Đường phèn thu hồi bản mới", TODAY + 100 * DAY)
    make_certificate(renewed, decision_date=A_YEAR_AGO + DAY, valid_until=TODAY + 50 * DAY, revoked_on=TODAY)
    make_product_image(products[5])
    return Registry(mo_duc, other_mo_duc, {product.name: product for product in [*products, renewed]})


def officer(role: Role, **fields) -> User:
    return UserFactory(role=role, **fields)


def names(products) -> list[str]:
    return [product.name for product in products]


def test_a_province_officer_sees_the_certificates_of_the_province_that_run_out_within_180_days(
    client, registry
):
    client.force_login(officer(Role.PROVINCE_OFFICER))

    response = client.get("/registry/")

    board = response.context["board"]
    assert response.status_code == 200
    assert names(board.expiring.rows) == [
        "Cà phê hết hạn hôm nay",
        "Mực khô Cẩm Thành",
        "Tỏi có ảnh",
        "Cà phê còn 180 ngày",
    ]
    assert board.expiring.count == 4
    assert board.horizon_end == TODAY + 180 * DAY
    assert names(board.without_photo.rows) == [
        "Bánh chưa công nhận",
        "Cà phê còn 180 ngày",
        "Cà phê còn 181 ngày",
        "Cà phê hết hạn hôm nay",
        "Cà phê hết hạn hôm qua",
        "Cà phê thu hồi hôm nay",
        "Đường phèn thu hồi bản mới",
        "Mực khô Cẩm Thành",
    ]
    html = response.content.decode()
    assert "4 giấy chứng nhận hết hạn trong 180 ngày tới" in html
    assert "8 sản phẩm chưa có ảnh" in html
    assert f'href="/registry/products/{registry.names["Cà phê hết hạn hôm nay"].pk}/"' in html
    assert "Cà phê Ea Tu" not in html


def test_a_commune_officer_sees_the_commune_only_and_no_imports(client, registry):
    client.force_login(officer(Role.COMMUNE_OFFICER))

    response = client.get("/registry/")

    board = response.context["board"]
    assert names(board.expiring.rows) == ["Cà phê hết hạn hôm nay", "Tỏi có ảnh", "Cà phê còn 180 ngày"]
    assert board.without_photo.count == 7
    assert board.imports is None
    html = response.content.decode()
    assert "Mực khô Cẩm Thành" not in html
    assert "/registry/imports/" not in html


def test_a_central_officer_sees_the_whole_country(client, registry):
    client.force_login(officer(Role.CENTRAL_OFFICER))

    board = client.get("/registry/").context["board"]

    assert names(board.expiring.rows)[:2] == ["Cà phê hết hạn hôm nay", "Cà phê Ea Tu"]
    assert board.expiring.count == 5
    assert board.without_photo.count == 9


def test_an_officer_of_another_province_sees_none_of_quang_ngai(client, registry):
    client.force_login(officer(Role.PROVINCE_OFFICER, unit=province(DAK_LAK)))

    board = client.get("/registry/").context["board"]

    assert names(board.expiring.rows) == ["Cà phê Ea Tu"]
    assert names(board.without_photo.rows) == ["Cà phê Ea Tu"]


def test_a_long_list_shows_its_first_ten_and_says_how_many_more(client, db):
    producer = make_producer(unit=commune(MO_DUC))
    for number in range(12):
        certified(producer, f"Sản phẩm {number:02}", TODAY + (number + 1) * DAY)
    client.force_login(officer(Role.PROVINCE_OFFICER))

    response = client.get("/registry/")

    board = response.context["board"]
    assert names(board.expiring.rows) == [f"Sản phẩm {number:02}" for number in range(10)]
    assert (board.expiring.count, board.expiring.hidden) == (12, 2)
    assert "và 2 giấy chứng nhận khác" in response.content.decode()


def batch(user: User | None, file_name: str) -> ImportBatch:
    return ImportBatch.objects.create(
        acting_user=user, file_name=file_name, sha256="0" * 64, state=ImportBatch.State.DONE, rows_total=3
    )


def test_imports_are_listed_newest_first_for_their_uploader_and_central_officers(client, db):
    uploader = officer(Role.PROVINCE_OFFICER)
    colleague = officer(Role.PROVINCE_OFFICER)
    central = officer(Role.CENTRAL_OFFICER)
    first, second = batch(uploader, "quang-ngai-2024.csv"), batch(uploader, "quang-ngai-2025.xlsx")
    other = batch(colleague, "quang-ngai-khac.csv")

    listings = {}
    for user in (uploader, colleague, central):
        client.force_login(user)
        listings[user.pk] = [item.file_name for item in client.get("/registry/imports/").context["page"]]

    assert listings[uploader.pk] == [second.file_name, first.file_name]
    assert listings[colleague.pk] == [other.file_name]
    assert listings[central.pk] == [other.file_name, second.file_name, first.file_name]
    client.force_login(uploader)
    html = client.get("/registry/imports/").content.decode()
    assert f'href="/registry/imports/{second.pk}"' in html
    assert "quang-ngai-khac.csv" not in html
    dashboard = client.get("/registry/").context["board"]
    assert [item.file_name for item in dashboard.imports.rows] == [second.file_name, first.file_name]


def test_the_import_list_is_paginated_by_fifty(client, db):
    central = officer(Role.CENTRAL_OFFICER)
    for number in range(53):
        batch(None, f"tep-{number:02}.csv")
    client.force_login(central)

    second_page = client.get("/registry/imports/", {"page": 2})

    assert [item.file_name for item in second_page.context["page"]] == [
        "tep-02.csv",
        "tep-01.csv",
        "tep-00.csv",
    ]
    assert "Trang 2/2" in second_page.content.decode()


@pytest.mark.parametrize("role", [Role.COMMUNE_OFFICER, Role.COUNCIL_MEMBER, Role.PRODUCER, Role.BUYER])
def test_the_import_list_does_not_exist_for_roles_that_do_not_import(client, db, role):
    batch(None, "quang-ngai-2024.csv")
    client.force_login(officer(role))

    assert client.get("/registry/imports/").status_code == 404


def test_a_producer_sees_its_own_products_and_certificates_with_their_expiry_dates(client, registry):
    member = officer(Role.PRODUCER, unit=commune(MO_DUC))
    registry.mo_duc.members.add(member)
    client.force_login(member)

    response = client.get("/registry/my-products/")

    assert response.status_code == 200
    [producer] = response.context["producers"]
    assert producer == registry.mo_duc
    products = list(producer.products.all())
    assert [(product.name, product.status_today) for product in products] == [
        ("Bánh chưa công nhận", None),
        ("Cà phê còn 180 ngày", "valid"),
        ("Cà phê còn 181 ngày", "valid"),
        ("Cà phê hết hạn hôm nay", "valid"),
        ("Cà phê hết hạn hôm qua", "expired"),
        ("Cà phê thu hồi hôm nay", "revoked"),
        ("Đường phèn thu hồi bản mới", "revoked"),
    ]
    sugar = products[-1]
    assert [(item.valid_until, item.revoked_on) for item in sugar.certificates.all()] == [
        (TODAY + 50 * DAY, TODAY),
        (TODAY + 100 * DAY, None),
    ]
    html = response.content.decode()
    assert (TODAY + 180 * DAY).strftime("%d/%m/%Y") in html
    assert "Tỏi có ảnh" not in html
    assert "Hợp tác xã Tỏi Mộ Đức" not in html


def test_a_producer_account_without_a_producer_is_told_whom_to_ask(client, registry):
    client.force_login(officer(Role.PRODUCER, unit=commune(MO_DUC)))

    response = client.get("/registry/my-products/")

    assert response.context["producers"] == []
    assert "chưa được gắn với chủ thể nào" in response.content.decode()
    assert "Cà phê" not in response.content.decode()


def test_reading_the_landings_changes_nothing(client, registry):
    events = AuditEvent.objects.count()
    client.force_login(officer(Role.CENTRAL_OFFICER))

    client.get("/registry/")
    client.get("/registry/imports/")

    assert AuditEvent.objects.count() == events


def test_the_upload_page_shows_the_officers_recent_imports_and_links_to_all(client, db):
    uploader = officer(Role.PROVINCE_OFFICER, full_name="Lê Thị Nhập")
    mine = batch(uploader, "quang-ngai-2025.xlsx")
    batch(officer(Role.PROVINCE_OFFICER), "cua-nguoi-khac.csv")
    client.force_login(uploader)

    html = client.get("/registry/imports/new").content.decode()

    assert f'<a href="/registry/imports/{mine.pk}">quang-ngai-2025.xlsx</a>' in html
    assert "Lê Thị Nhập" in html
    assert "cua-nguoi-khac.csv" not in html
    assert '<a href="/registry/imports/">Tất cả các lần nhập</a>' in html


@pytest.fixture
def rule_set_in_force(db):
    """The rule set in force today (26/2026 since 21/7/2026), whose deadlines a test changes."""
    rules.clear_caches()
    yield RuleSet.objects.filter(pk=rules.rule_set_on(TODAY).pk)
    rules.clear_caches()


def test_the_horizon_is_the_re_evaluation_window_of_the_rule_set_in_force_and_the_page_says_so(
    client, registry, rule_set_in_force
):
    client.force_login(officer(Role.PROVINCE_OFFICER))

    response = client.get("/registry/")

    board = response.context["board"]
    assert (board.rule_set.code, board.horizon_days, board.horizon_end) == (
        "qd-26-2026",
        180,
        TODAY + 180 * DAY,
    )
    assert (
        "Theo Quyết định 26/2026/QĐ-TTg, hồ sơ đánh giá lại nộp từ 180 đến 120 ngày trước khi hết hạn."
        in response.content.decode()
    )


def test_a_rule_set_with_another_window_moves_the_horizon(client, registry, rule_set_in_force):
    rule_set_in_force.update(reevaluation_opens_days=150, reevaluation_closes_days=90)
    rules.clear_caches()
    client.force_login(officer(Role.PROVINCE_OFFICER))

    response = client.get("/registry/")

    board = response.context["board"]
    assert names(board.expiring.rows) == ["Cà phê hết hạn hôm nay", "Mực khô Cẩm Thành", "Tỏi có ảnh"]
    assert (board.expiring.count, board.horizon_end) == (3, TODAY + 150 * DAY)
    html = response.content.decode()
    assert "3 giấy chứng nhận hết hạn trong 150 ngày tới" in html
    assert "hồ sơ đánh giá lại nộp từ 150 đến 90 ngày trước khi hết hạn." in html


def test_without_a_filing_window_the_issuers_notice_sets_the_horizon(client, registry, rule_set_in_force):
    rule_set_in_force.update(
        reevaluation_opens_days=None, reevaluation_closes_days=None, expiry_notice_days=15
    )
    rules.clear_caches()
    client.force_login(officer(Role.PROVINCE_OFFICER))

    response = client.get("/registry/")

    board = response.context["board"]
    assert names(board.expiring.rows) == ["Cà phê hết hạn hôm nay", "Mực khô Cẩm Thành"]
    assert (board.horizon_days, board.horizon_end) == (15, TODAY + 15 * DAY)
    html = response.content.decode()
    assert "2 giấy chứng nhận hết hạn trong 15 ngày tới" in html
    assert (
        "Theo Quyết định 26/2026/QĐ-TTg, cơ quan công nhận thông báo cho chủ thể chậm nhất 15 ngày trước khi "
        "giấy chứng nhận hết hạn." in html
    )


def test_a_rule_set_without_deadlines_lists_no_expiring_certificate_and_says_why(
    client, registry, rule_set_in_force
):
    rule_set_in_force.update(
        reevaluation_opens_days=None, reevaluation_closes_days=None, expiry_notice_days=None
    )
    rules.clear_caches()
    client.force_login(officer(Role.PROVINCE_OFFICER))

    response = client.get("/registry/")

    board = response.context["board"]
    assert (board.expiring.rows, board.expiring.count, board.horizon_end) == ([], 0, None)
    html = response.content.decode()
    assert "Quyết định 26/2026/QĐ-TTg không quy định thời hạn nào trước khi giấy chứng nhận hết hạn." in html
    assert "ngày tới" not in html


def test_a_producer_sees_a_product_recognised_from_tomorrow_announced_with_its_day(client, registry):
    member = officer(Role.PRODUCER, unit=commune(MO_DUC))
    registry.mo_duc.members.add(member)
    coming = make_product(producer=registry.mo_duc, name="Cà phê công nhận ngày mai")
    make_certificate(coming, decision_date=TODAY + DAY, valid_until=TODAY + 1096 * DAY)
    client.force_login(member)

    response = client.get("/registry/my-products/")

    [producer] = response.context["producers"]
    statuses = {product.name: product.status_today for product in producer.products.all()}
    assert (statuses["Cà phê công nhận ngày mai"], statuses["Bánh chưa công nhận"]) == (
        "not_yet_issued",
        None,
    )
    assert statuses["Cà phê còn 180 ngày"] == "valid"
    html = response.content.decode()
    heading = html.split("Cà phê công nhận ngày mai", 1)[1].split("</h3>", 1)[0]
    assert f"Công nhận từ ngày {TODAY + DAY:%d/%m/%Y}" in heading
