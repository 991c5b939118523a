"""``manage.py load_demo_outlets``: 33 points in 14 provinces, the demo operator's two in Quảng Ngãi with
real work on them (two lapsed coffees, one about to expire), and a second run that changes nothing."""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from ocop.accounts.models import User
from ocop.accounts.tests.factories import MO_DUC
from ocop.core.models import AuditEvent
from ocop.notifications.models import Notification
from ocop.outlets.demo import EXPIRES_IN_DAYS, EXPIRING_COFFEE, OPERATOR_EMAIL
from ocop.outlets.lapses import EXPIRY_NOTIFICATION_KIND
from ocop.outlets.models import SalesPoint, SalesPointProduct
from ocop.outlets.tests.conftest import ago
from ocop.registry import services as registry_services
from ocop.registry.models import Product, RevocationGround
from ocop.registry.tests.factories import commune, make_certificate, make_product


@pytest.fixture
def ready(db, settings, monkeypatch):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    monkeypatch.delenv("DATABASE_URL", raising=False)  # load_demo_users refuses what looks like production
    call_command("load_demo_users", stdout=io.StringIO())
    mo_duc = commune(MO_DUC)
    make_certificate(
        make_product(unit=mo_duc, name="Cà phê rang xay Mộ Đức"), stars=4, decision_date=ago(300)
    )
    make_certificate(make_product(unit=mo_duc, name="Cà phê bột pha phin Mộ Đức"), decision_date=ago(1240))
    revoked = make_certificate(
        make_product(unit=mo_duc, name="Cà phê sữa đóng chai Mộ Đức"), decision_date=ago(400)
    )
    registry_services.certificate_revoke(
        acting_user=None, certificate=revoked, revoked_on=ago(10), ground=RevocationGround.UNSAFE_FOOD
    )


def load() -> str:
    output = io.StringIO()
    call_command("load_demo_outlets", stdout=output)
    return output.getvalue()


def everything() -> dict[str, list[int]]:
    return {
        model.__name__: sorted(model.objects.values_list("pk", flat=True))
        for model in (SalesPoint, SalesPointProduct, AuditEvent)
    }


def test_the_demo_points_and_a_second_run_changes_nothing(ready):
    assert load() == "33 demo sales points, 26 recognised\n"
    before = everything()

    assert load() == "33 demo sales points, 26 recognised\n"
    assert everything() == before
    assert len(set(SalesPoint.objects.values_list("province_code", flat=True))) == 14
    operated = SalesPoint.objects.filter(operators__email=OPERATOR_EMAIL).order_by("name")
    assert [(point.name, point.status) for point in operated] == [
        ("Quầy OCOP Ga Quảng Ngãi", "submitted"),
        ("Điểm OCOP Cẩm Thành", "recognised"),
    ]
    assert sorted(operated[1].products.values_list("name", flat=True)) == [
        "Cà phê bột pha phin Mộ Đức",
        "Cà phê hạt rang mộc Mộ Đức",
        "Cà phê rang xay Mộ Đức",
        "Cà phê sữa đóng chai Mộ Đức",
    ]


def test_the_demo_operator_is_told_of_the_two_lapsed_coffees(ready):
    load()
    call_command("ocop_daily", stdout=io.StringIO())

    told = Notification.objects.filter(recipient__email=OPERATOR_EMAIL, kind="outlets.lapse")
    assert sorted(notification.subject for notification in told) == [
        "Cà phê bột pha phin Mộ Đức không còn là sản phẩm OCOP tại Điểm OCOP Cẩm Thành",
        "Cà phê sữa đóng chai Mộ Đức không còn là sản phẩm OCOP tại Điểm OCOP Cẩm Thành",
    ]


def test_the_demo_operator_sees_the_fourth_coffee_about_to_expire_and_is_told_once(ready, client):
    load()
    coffee = Product.objects.get(name=EXPIRING_COFFEE)
    last_day = timezone.localdate() + datetime.timedelta(days=EXPIRES_IN_DAYS)
    assert coffee.producer == Product.objects.get(name="Cà phê rang xay Mộ Đức").producer
    certificate = coffee.latest_certificate
    assert certificate is not None
    assert (certificate.stars, certificate.valid_until) == (3, last_day)

    call_command("ocop_daily", stdout=io.StringIO())
    call_command("ocop_daily", stdout=io.StringIO())

    told = Notification.objects.filter(recipient__email=OPERATOR_EMAIL, kind=EXPIRY_NOTIFICATION_KIND)
    assert [notification.subject for notification in told] == [
        f"Cà phê hạt rang mộc Mộ Đức tại Điểm OCOP Cẩm Thành: giấy chứng nhận OCOP sắp hết hạn "
        f"({last_day:%d/%m/%Y})"
    ]
    client.force_login(User.objects.get(email=OPERATOR_EMAIL))
    point = SalesPoint.objects.get(name="Điểm OCOP Cẩm Thành")
    page = client.get(reverse("outlets:point_manage", kwargs={"point_id": point.pk})).content.decode()
    assert f"OCOP 3★, sắp hết hạn: còn hiệu lực đến {last_day:%d/%m/%Y}" in page


def test_without_the_demo_accounts_the_loader_says_what_to_run(db):
    with pytest.raises(CommandError, match="run load_demo_users first"):
        load()
    assert not SalesPoint.objects.exists()
