"""A carried product whose certificate is about to expire: its people told once, ahead, and the back
office says "sắp hết hạn" with the day; a renewal, standing or decided ahead, tells nobody."""

import datetime
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command

from ocop.accounts.models import Role
from ocop.accounts.tests.factories import MO_DUC, UserFactory
from ocop.notifications.models import Notification
from ocop.outlets import services
from ocop.outlets.lapses import notify_expiring, notify_lapses
from ocop.outlets.selectors import EXPIRY_NOTICE_DAYS
from ocop.outlets.tests.conftest import ago
from ocop.registry.models import Product
from ocop.registry.standing import refresh_standing
from ocop.registry.tests.factories import commune, make_certificate, make_producer, make_product

pytestmark = pytest.mark.django_db


def ahead(days: int) -> datetime.date:
    return ago(-days)


def certified_until(name: str, valid_until: datetime.date, *, stars: int = 3) -> Product:
    """A product of HTX Nông sản Mộ Đức whose one certificate, decided 35 months ago, is valid to
    ``valid_until``."""
    producer = make_producer(unit=commune(MO_DUC), name="HTX Nông sản Mộ Đức")
    product = make_product(producer=producer, name=name, product_set="I.1.a")
    make_certificate(product, stars=stars, decision_date=ago(35 * 30), valid_until=valid_until)
    product.refresh_from_db()
    return product


@pytest.fixture
def garlic(db):
    """3★, its last valid day 20 days from today."""
    return certified_until("Tỏi Lý Sơn", ahead(20))


def carry(point, operator, *products: Product) -> None:
    for product in products:
        services.carried_product_add(acting_user=operator, point=point, product=product)


def told(kind: str = "outlets.expiring") -> list[tuple[str, str]]:
    return sorted(
        (notification.recipient.email, notification.subject)
        for notification in Notification.objects.filter(kind=kind).select_related("recipient")
    )


def test_a_carried_product_whose_certificate_expires_raises_the_notice(
    point,
    operator,
    garlic,
    province_officer,
    other_province_officer,
    central_officer,
    django_capture_on_commit_callbacks,
):
    carry(point, operator, garlic)
    point.operators.add(
        UserFactory(role=Role.SALES_POINT_OPERATOR, email="daxoa@example.test", is_active=False)
    )
    last_day = f"{ahead(20):%d/%m/%Y}"

    with django_capture_on_commit_callbacks(execute=True):
        report = notify_expiring(today=ago(0))

    assert (report.expiring, report.notifications) == (1, 2)
    subject = f"Tỏi Lý Sơn tại Quầy OCOP Ga Quảng Ngãi: giấy chứng nhận OCOP sắp hết hạn ({last_day})"
    assert told() == [("diemban@example.test", subject), ("tinh.quangngai@example.test", subject)]
    notice = Notification.objects.get(recipient=operator)
    assert notice.body == (
        f"Giấy chứng nhận OCOP 3 sao của sản phẩm Tỏi Lý Sơn còn hiệu lực đến hết ngày {last_day}. Nếu sản "
        "phẩm không được công nhận lại trước ngày đó, trang công khai của Quầy OCOP Ga Quảng Ngãi sẽ không "
        "còn giới thiệu sản phẩm này là sản phẩm OCOP. Hãy hỏi HTX Nông sản Mộ Đức về việc đánh giá lại."
    )
    assert notice.link == f"/diem-ban/quan-ly/{point.pk}/"
    assert notice.key == f"outlets.expiring:{point.pk}:{garlic.pk}:{garlic.latest_certificate_id}"
    assert sorted((message.to[0], message.subject) for message in mail.outbox) == told()
    assert mail.outbox[0].body == f"{notice.body}\n\nhttp://127.0.0.1:8000/diem-ban/quan-ly/{point.pk}/\n"


def test_told_once_across_runs_and_missed_days_then_the_lapse_in_its_turn(point, operator, garlic):
    carry(point, operator, garlic)

    runs = [notify_expiring(today=day) for day in (ago(0), ago(0), ahead(5), ahead(20))]
    after_expiry = notify_expiring(today=ahead(21))
    lapse = notify_lapses(today=ahead(21))

    assert [(run.expiring, run.notifications) for run in runs] == [(1, 1), (1, 0), (1, 0), (1, 0)]
    assert (after_expiry.expiring, after_expiry.notifications) == (0, 0)
    assert (lapse.lapsed, lapse.notifications) == (1, 1)
    assert [notification.kind for notification in Notification.objects.order_by("pk")] == [
        "outlets.expiring",
        "outlets.lapse",
    ]


def test_the_notice_starts_thirty_days_before_the_last_valid_day(point, operator):
    assert EXPIRY_NOTICE_DAYS == 30
    carry(
        point,
        operator,
        certified_until("Hết hạn sau 30 ngày", ahead(30)),
        certified_until("Hết hạn sau 31 ngày", ahead(31)),
        certified_until("Hết hạn hôm nay", ago(0)),
        certified_until("Hết hạn hôm qua", ago(1)),
    )

    report = notify_expiring(today=ago(0))

    assert report.expiring == 2
    assert [subject.split(" tại ")[0] for _email, subject in told()] == [
        "Hết hạn hôm nay",
        "Hết hạn sau 30 ngày",
    ]


def test_a_renewal_standing_or_decided_ahead_tells_nobody(point, operator, province_officer):
    renewed = certified_until("Đã công nhận lại", ahead(10))
    make_certificate(renewed, stars=4, decision_date=ago(3))
    decided = certified_until("Công nhận lại từ tuần sau", ahead(10))
    make_certificate(decided, stars=3, decision_date=ahead(7))
    # As the daily round leaves it: the renewal of three days ago is the one the product stands on.
    refresh_standing(today=ago(0))
    carry(point, operator, renewed, decided)

    report = notify_expiring(today=ago(0))

    assert (report.expiring, report.notifications) == (0, 0)
    assert not Notification.objects.exists()


def test_the_back_office_says_which_products_are_about_to_expire(
    client, point, operator, garlic, coffee, expired_tea
):
    carry(point, operator, garlic, coffee, expired_tea)
    notify_expiring(today=ago(0))
    client.force_login(operator)
    pill = f"OCOP 3★, sắp hết hạn: còn hiệu lực đến {ahead(20):%d/%m/%Y}"

    landing = client.get("/diem-ban/quan-ly/").content.decode()
    manage = client.get(f"/diem-ban/quan-ly/{point.pk}/").content.decode()

    assert f'<li>Tỏi Lý Sơn · <span class="status status-expiring">{pill}</span>' in landing
    assert (
        f'</span> · <span class="status status-expiring">{pill}</span>' in manage.partition("Tỏi Lý Sơn")[2]
    )
    for html in (landing, manage):
        assert html.count("sắp hết hạn: còn hiệu lực đến") == 1
        assert f"OCOP 4★, còn hiệu lực đến {coffee.latest_certificate.valid_until:%d/%m/%Y}" in html
        assert "Giấy chứng nhận OCOP đã hết hiệu lực" in html
    assert (
        f"Tỏi Lý Sơn tại Quầy OCOP Ga Quảng Ngãi: giấy chứng nhận OCOP sắp hết hạn ({ahead(20):%d/%m/%Y})"
        in landing
    )


def test_the_public_page_still_lists_it_as_ocop_without_the_warning(client, point, operator, garlic):
    carry(point, operator, garlic)

    html = client.get(f"/diem-ban/{point.pk}/").content.decode()

    certified, _, _rest = html.partition("Sản phẩm hiện không còn chứng nhận OCOP")
    assert "Tỏi Lý Sơn" in certified
    assert "sắp hết hạn" not in html


def test_the_daily_round_sends_the_notice_once(point, operator, garlic, province_officer):
    carry(point, operator, garlic)
    first, second = StringIO(), StringIO()

    call_command("ocop_daily", stdout=first)
    call_command("ocop_daily", stdout=second)

    line = "Sales points: {} carried products whose certificate expires within 30 days, {} notifications now"
    assert first.getvalue().splitlines()[-1] == line.format(1, 2)
    assert second.getvalue().splitlines()[-1] == line.format(1, 0)
    subject = (
        f"Tỏi Lý Sơn tại Quầy OCOP Ga Quảng Ngãi: giấy chứng nhận OCOP sắp hết hạn ({ahead(20):%d/%m/%Y})"
    )
    assert told() == [("diemban@example.test", subject), ("tinh.quangngai@example.test", subject)]
