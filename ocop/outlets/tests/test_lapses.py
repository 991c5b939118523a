"""A carried product that loses its certificate: off the point's OCOP list, its people told once."""

from io import StringIO

import pytest
from django.core.management import call_command

from ocop.accounts.models import Role
from ocop.accounts.tests.factories import UserFactory
from ocop.notifications.models import Notification
from ocop.outlets import services
from ocop.outlets.lapses import notify_lapses
from ocop.outlets.tests.conftest import ago

pytestmark = pytest.mark.django_db


@pytest.fixture
def carrying(point, operator, coffee, expired_tea, revoked_honey):
    for product in (coffee, expired_tea, revoked_honey):
        services.carried_product_add(acting_user=operator, point=point, product=product)
    return point


def test_the_operator_and_the_province_officers_are_told_once_per_lapsed_product(
    carrying, operator, province_officer, other_province_officer, central_officer
):
    first = notify_lapses(today=ago(0))
    second = notify_lapses(today=ago(0))

    assert (first.lapsed, first.notifications) == (2, 4)
    assert (second.lapsed, second.notifications) == (2, 0)
    told = sorted(
        (notification.recipient.email, notification.subject)
        for notification in Notification.objects.filter(kind="outlets.lapse")
    )
    assert told == [
        ("diemban@example.test", "Chè xanh Mộ Đức không còn là sản phẩm OCOP tại Quầy OCOP Ga Quảng Ngãi"),
        (
            "diemban@example.test",
            "Mật ong rừng Mộ Đức không còn là sản phẩm OCOP tại Quầy OCOP Ga Quảng Ngãi",
        ),
        (
            "tinh.quangngai@example.test",
            "Chè xanh Mộ Đức không còn là sản phẩm OCOP tại Quầy OCOP Ga Quảng Ngãi",
        ),
        (
            "tinh.quangngai@example.test",
            "Mật ong rừng Mộ Đức không còn là sản phẩm OCOP tại Quầy OCOP Ga Quảng Ngãi",
        ),
    ]
    honey = Notification.objects.get(recipient=operator, subject__startswith="Mật ong")
    assert honey.body.startswith("Giấy chứng nhận OCOP của sản phẩm Mật ong rừng Mộ Đức: Đã thu hồi.")
    assert honey.link == f"/diem-ban/quan-ly/{carrying.pk}/"


def test_the_daily_round_runs_the_check_and_is_idempotent(carrying):
    first, second = StringIO(), StringIO()

    call_command("ocop_daily", stdout=first)
    call_command("ocop_daily", stdout=second)

    assert (
        "Sales points: 2 carried products without a valid certificate, 4 notifications now"
        in first.getvalue()
    )
    assert (
        "Sales points: 2 carried products without a valid certificate, 0 notifications now"
        in second.getvalue()
    )
    assert Notification.objects.filter(kind="outlets.lapse").count() == 4


def test_an_operator_added_later_is_told_too_and_nobody_twice(carrying, other_operator):
    notify_lapses(today=ago(0))
    carrying.operators.add(other_operator)

    later = notify_lapses(today=ago(0))

    assert later.notifications == 2
    assert Notification.objects.filter(kind="outlets.lapse", recipient=other_operator).count() == 2


def test_a_product_still_valid_tells_nobody(point, operator, coffee):
    services.carried_product_add(acting_user=operator, point=point, product=coffee)
    UserFactory(role=Role.PROVINCE_OFFICER)

    assert notify_lapses(today=ago(0)).notifications == 0
    assert not Notification.objects.exists()


def test_the_public_page_lists_lapsed_products_apart(client, carrying):
    html = client.get(f"/diem-ban/{carrying.pk}/").content.decode()

    certified, _, rest = html.partition("Sản phẩm hiện không còn chứng nhận OCOP")
    assert "Cà phê rang xay Mộ Đức" in certified
    assert "OCOP 4★" in certified
    assert "Chè xanh Mộ Đức" not in certified
    assert "Mật ong rừng Mộ Đức" not in certified
    assert "Chè xanh Mộ Đức" in rest
    assert "Mật ong rừng Mộ Đức" in rest


def test_the_operator_landing_shows_each_products_status_and_the_notices(client, carrying, operator):
    notify_lapses(today=ago(0))
    client.force_login(operator)

    html = client.get("/diem-ban/quan-ly/").content.decode()

    assert "<h1>Điểm bán của tôi</h1>" in html
    assert "Giấy chứng nhận OCOP đã hết hiệu lực" in html
    assert "Giấy chứng nhận OCOP đã bị thu hồi" in html
    assert "OCOP 4★, còn hiệu lực đến" in html
    assert "Mật ong rừng Mộ Đức không còn là sản phẩm OCOP tại Quầy OCOP Ga Quảng Ngãi" in html
