import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from ocop.accounts.models import Role
from ocop.accounts.tests.factories import DAK_LAK, MO_DUC, QUANG_NGAI, UserFactory, province
from ocop.outlets import services
from ocop.outlets.models import RecognitionStatus, SalesPoint, SalesPointKind
from ocop.registry import services as registry_services
from ocop.registry.models import RevocationGround
from ocop.registry.tests.factories import commune, make_certificate, make_producer, make_product


@pytest.fixture(autouse=True)
def _plain_static_storage(settings):
    # With DEBUG off the manifest storage fails on files that collectstatic has not seen.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


def ago(days: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=days)


@pytest.fixture
def operator(db):
    return UserFactory(
        role=Role.SALES_POINT_OPERATOR, full_name="Lê Thị Điểm Bán", email="diemban@example.test"
    )


@pytest.fixture
def other_operator(db):
    return UserFactory(role=Role.SALES_POINT_OPERATOR, email="diemban-khac@example.test")


@pytest.fixture
def province_officer(db):
    return UserFactory(role=Role.PROVINCE_OFFICER, email="tinh.quangngai@example.test")


@pytest.fixture
def other_province_officer(db):
    return UserFactory(role=Role.PROVINCE_OFFICER, unit=province(DAK_LAK), email="tinh.daklak@example.test")


@pytest.fixture
def central_officer(db):
    return UserFactory(role=Role.CENTRAL_OFFICER, email="trunguong@example.test")


@pytest.fixture
def coffee(db):
    """4★, recognised a year ago: valid today."""
    producer = make_producer(unit=commune(MO_DUC), name="Hợp tác xã Cà phê Mộ Đức")
    product = make_product(producer=producer, name="Cà phê rang xay Mộ Đức", product_set="I.6")
    product.code = "51-21400-901-2025"
    product.save(update_fields=["code"])
    make_certificate(product, stars=4, decision_date=ago(365))
    product.refresh_from_db()
    return product


@pytest.fixture
def expired_tea(db):
    """3★, recognised 40 months ago: its 36 months are over."""
    product = make_product(unit=commune(MO_DUC), name="Chè xanh Mộ Đức", product_set="I.5.a")
    make_certificate(product, stars=3, decision_date=ago(40 * 31))
    product.refresh_from_db()
    return product


@pytest.fixture
def revoked_honey(db, province_officer):
    """Recognised 14 months ago, revoked 10 days ago."""
    product = make_product(unit=commune(MO_DUC), name="Mật ong rừng Mộ Đức", product_set="I.3.c")
    certificate = make_certificate(product, stars=3, decision_date=ago(14 * 30))
    registry_services.certificate_revoke(
        acting_user=None,
        certificate=certificate,
        revoked_on=ago(10),
        ground=RevocationGround.UNSAFE_FOOD,
        decision_no="1875/QĐ-UBND",
        decision_date=ago(10),
        reason="Mẫu kiểm nghiệm vượt ngưỡng vi sinh.",
    )
    product.refresh_from_db()
    return product


def point_fields(**overrides) -> dict:
    fields = {
        "name": "Quầy OCOP Ga Quảng Ngãi",
        "kind": SalesPointKind.STATION,
        "province_code": QUANG_NGAI,
        "commune_code": None,
        "address": "204 Nguyễn Chí Thanh, Quảng Ngãi",
        "latitude": Decimal("15.110950"),
        "longitude": Decimal("108.797840"),
        "opening_hours": "Mo-Su 07:00-21:00",
        "phone": "0255 3822 123",
    }
    return {**fields, **overrides}


@pytest.fixture
def point(operator) -> SalesPoint:
    """A point of Quảng Ngãi, submitted (so public), operated by ``operator``."""
    made = services.sales_point_create(acting_user=operator, **point_fields())
    SalesPoint.objects.filter(pk=made.pk).update(status=RecognitionStatus.SUBMITTED)
    made.refresh_from_db()
    return made


@pytest.fixture
def dak_lak_point(db) -> SalesPoint:
    made = services.sales_point_create(
        acting_user=None,
        **point_fields(
            name="Cửa hàng OCOP Buôn Ma Thuột",
            kind=SalesPointKind.SHOPPING,
            province_code=DAK_LAK,
            address="Chợ Buôn Ma Thuột",
            latitude=Decimal("12.682600"),
            longitude=Decimal("108.038300"),
        ),
    )
    return services.sales_point_transition(acting_user=None, point=made, to=RecognitionStatus.SUBMITTED)
