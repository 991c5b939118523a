"""Fixtures for the portal's tests: plain static files, a small registry to search, and a browser."""

import datetime
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone

from ocop.accounts.models import Role, User
from ocop.geo.models import AdministrativeUnit
from ocop.portal.tests.browsing import chromium
from ocop.registry.demo.members import demo_producer_members_link
from ocop.registry.models import Product
from ocop.registry.services import certificate_revoke
from ocop.registry.tests.factories import commune, make_certificate, make_producer, make_product


@pytest.fixture(autouse=True)
def _static_files_without_manifest(settings: Any) -> None:
    """Pages link their CSS through {% static %}; without DEBUG that needs a collectstatic manifest."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def browser() -> Iterator[Any]:
    """Headless chromium for the tests marked ``browser``; skipped where it is not installed."""
    with chromium() as browser:
        yield browser


@dataclass(frozen=True)
class Catalogue:
    today: datetime.date
    coffee: Product  # Cà phê, 4★, valid, Quảng Ngãi
    coffee_expired: Product  # Cà phê, 3★, expired, Lâm Đồng
    speciality_revoked: Product  # Đặc sản, 4★, revoked, Quảng Ngãi
    tea: Product  # Chè, 5★, valid, Lâm Đồng
    cocoa: Product  # Ca cao, 3★, valid, in the coffee and cocoa product set
    uncertified: Product  # no certificate: not public


def ago(today: datetime.date, days: int) -> datetime.date:
    return today - datetime.timedelta(days=days)


@pytest.fixture
def catalogue(db: None) -> Catalogue:
    today = timezone.localdate()
    quang_ngai = commune(21025)  # Phường Cẩm Thành, Quảng Ngãi (51)
    lam_dong = AdministrativeUnit.objects.filter(scheme="current", level="commune", province_code=68).first()
    assert lam_dong is not None
    highland = make_producer(unit=lam_dong, name="Hợp tác xã Nông nghiệp Cầu Đất")
    coast = make_producer(unit=quang_ngai, name="Công ty TNHH Đặc sản Sông Trà")

    coffee = make_product(
        producer=coast, name="Cà phê bột Sông Trà", product_set="I.6", code="51-21025-0001-2024"
    )
    make_certificate(coffee, stars=4, decision_date=ago(today, 100), decision_no="101/QĐ-UBND")

    coffee_expired = make_product(producer=highland, name="Cà phê hạt rang Cầu Đất", product_set="I.6")
    # 36 months from a decision four years ago: expired about a year ago.
    make_certificate(coffee_expired, stars=3, decision_date=ago(today, 4 * 365), decision_no="7/QĐ-UBND")

    speciality_revoked = make_product(producer=coast, name="Đặc sản mạch nha Thi Phổ", product_set="I.3.c")
    certificate = make_certificate(
        speciality_revoked, stars=4, decision_date=ago(today, 300), decision_no="55/QĐ-UBND"
    )
    certificate_revoke(
        acting_user=None,
        certificate=certificate,
        revoked_on=ago(today, 10),
        reason="Không duy trì tiêu chí bắt buộc",
    )

    tea = make_product(producer=highland, name="Chè Shan tuyết Cầu Đất", product_set="I.5.a")
    make_certificate(tea, stars=5, decision_date=ago(today, 50), decision_no="9/QĐ-BNNMT", score=Decimal(91))

    cocoa = make_product(producer=highland, name="Ca cao nguyên chất", product_set="I.6")
    make_certificate(cocoa, stars=3, decision_date=ago(today, 20), decision_no="12/QĐ-UBND")

    uncertified = make_product(producer=coast, name="Cà phê muối chưa đánh giá", product_set="I.6")
    return Catalogue(
        today=today,
        coffee=coffee,
        coffee_expired=coffee_expired,
        speciality_revoked=speciality_revoked,
        tea=tea,
        cocoa=cocoa,
        uncertified=uncertified,
    )


@pytest.fixture
def demo_accounts(monkeypatch: Any, settings: Any) -> dict[Role, User]:
    """The demo accounts as ``make run`` loads them, then the demo producer joining its producer."""
    monkeypatch.delenv("DATABASE_URL", raising=False)  # load_demo_users refuses on what looks deployed
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("load_demo_users", stdout=StringIO())
    mo_duc = commune(21400)  # Xã Mộ Đức, Quảng Ngãi
    coffee = make_producer(unit=mo_duc, name="Công ty TNHH MTV Cà phê Mộ Đức")
    make_certificate(make_product(producer=coffee, name="Cà phê rang xay Mộ Đức"), stars=4)
    demo_producer_members_link()
    accounts: dict[Role, User] = {}
    for user in User.objects.filter(email__endswith="@demo.ocop.vn").order_by("email"):
        accounts.setdefault(Role(user.role), user)
    return accounts
