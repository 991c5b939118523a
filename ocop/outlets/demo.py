"""The sales-point demo (``manage.py load_demo_outlets``, run by ``make run`` after the registry's and the
traceability demos): 33 points in 14 provinces at the real places they stand for (airports, stations,
markets, craft villages, a fair centre, post offices), most recognised, each carrying up to four demo
products of its province.

The demo operator (diemban.quangngai@demo.ocop.vn) runs two points in Quảng Ngãi, one recognised and one
waiting for the province's visit, so the province officer (tinh.quangngai@demo.ocop.vn) has one to review.
The first carries the traceability demo's three coffees of Mộ Đức when they are there (valid, expired,
revoked), so the daily round tells them of two lapses, and a fourth coffee of the same producer whose
certificate runs out in two weeks: their pages mark it "sắp hết hạn" and the daily round tells them
before it lapses. A second run finds every point by its name and changes nothing.
"""

import datetime
from decimal import Decimal
from typing import NamedTuple

from django.db import transaction
from django.utils import timezone

from ocop.accounts.models import User
from ocop.outlets import services
from ocop.outlets.models import RecognitionStatus, SalesPoint
from ocop.outlets.models import SalesPointKind as Kind
from ocop.registry import rules
from ocop.registry.demo.products import recognised_product
from ocop.registry.models import Product

OPERATOR_EMAIL = "diemban.quangngai@demo.ocop.vn"
QUANG_NGAI = 51
MO_DUC_COFFEES = ("Cà phê rang xay Mộ Đức", "Cà phê bột pha phin Mộ Đức", "Cà phê sữa đóng chai Mộ Đức")
EXPIRING_COFFEE = "Cà phê hạt rang mộc Mộ Đức"
EXPIRES_IN_DAYS = 14
CARRIED_PER_POINT = 4


class DemoPoint(NamedTuple):
    province_code: int
    name: str
    kind: Kind
    address: str
    latitude: str
    longitude: str
    recognised: bool


HOURS = "Mo-Su 07:00-21:00"
POINTS = [
    DemoPoint(
        51,
        "Điểm OCOP Cẩm Thành",
        Kind.TRADE_CENTRE,
        "Đường Hùng Vương, phường Cẩm Thành",
        "15.121400",
        "108.804400",
        True,
    ),
    DemoPoint(
        51,
        "Quầy OCOP Ga Quảng Ngãi",
        Kind.STATION,
        "204 Nguyễn Chí Thanh, phường Trương Quang Trọng",
        "15.110950",
        "108.797840",
        False,
    ),
    DemoPoint(
        51,
        "Cửa hàng OCOP biển Mỹ Khê",
        Kind.TOURISM,
        "Khu du lịch Mỹ Khê, xã Tịnh Khê",
        "15.175000",
        "108.898000",
        True,
    ),
    DemoPoint(
        51,
        "Trạm dừng nghỉ Dung Quất",
        Kind.REST_STOP,
        "Quốc lộ 1, xã Bình Sơn",
        "15.297000",
        "108.748000",
        True,
    ),
    DemoPoint(
        51,
        "Điểm OCOP chợ Kon Tum",
        Kind.SHOPPING,
        "Chợ Kon Tum, phường Kon Tum",
        "14.350000",
        "108.000000",
        True,
    ),
    DemoPoint(
        48,
        "Quầy OCOP Sân bay Đà Nẵng",
        Kind.STATION,
        "Nhà ga quốc nội, sân bay Đà Nẵng",
        "16.055000",
        "108.203000",
        True,
    ),
    DemoPoint(
        48,
        "Gian hàng OCOP chợ Hàn",
        Kind.SHOPPING,
        "119 Trần Phú, phường Hải Châu",
        "16.068000",
        "108.224000",
        True,
    ),
    DemoPoint(
        48,
        "Điểm OCOP làng đá Non Nước",
        Kind.CRAFT_VILLAGE,
        "Làng đá mỹ nghệ Non Nước, phường Ngũ Hành Sơn",
        "16.004000",
        "108.263000",
        False,
    ),
    DemoPoint(
        48,
        "Cửa hàng OCOP phố cổ Hội An",
        Kind.TOURISM,
        "Đường Trần Phú, phường Hội An",
        "15.879000",
        "108.335000",
        True,
    ),
    DemoPoint(
        1,
        "Quầy OCOP Sân bay Nội Bài",
        Kind.STATION,
        "Nhà ga T1, sân bay Nội Bài",
        "21.218700",
        "105.804200",
        True,
    ),
    DemoPoint(
        1,
        "Điểm OCOP làng gốm Bát Tràng",
        Kind.CRAFT_VILLAGE,
        "Chợ gốm Bát Tràng, xã Bát Tràng",
        "20.976000",
        "105.913000",
        True,
    ),
    DemoPoint(
        1,
        "Gian hàng OCOP Giảng Võ",
        Kind.FAIR,
        "148 Giảng Võ, phường Giảng Võ",
        "21.027000",
        "105.820000",
        True,
    ),
    DemoPoint(
        1,
        "Điểm OCOP Bưu điện Hà Nội",
        Kind.POST_OFFICE,
        "75 Đinh Tiên Hoàng, phường Hoàn Kiếm",
        "21.026000",
        "105.854000",
        False,
    ),
    DemoPoint(
        79,
        "Quầy OCOP Sân bay Tân Sơn Nhất",
        Kind.STATION,
        "Nhà ga quốc nội, sân bay Tân Sơn Nhất",
        "10.818000",
        "106.658000",
        True,
    ),
    DemoPoint(
        79,
        "Gian hàng OCOP chợ Bến Thành",
        Kind.SHOPPING,
        "Chợ Bến Thành, phường Bến Thành",
        "10.772500",
        "106.698000",
        True,
    ),
    DemoPoint(
        79, "Điểm OCOP SECC", Kind.FAIR, "799 Nguyễn Văn Linh, phường Tân Mỹ", "10.729000", "106.721000", True
    ),
    DemoPoint(
        79,
        "Điểm OCOP Bưu điện Sài Gòn",
        Kind.POST_OFFICE,
        "2 Công xã Paris, phường Sài Gòn",
        "10.779800",
        "106.699900",
        False,
    ),
    DemoPoint(
        66,
        "Cửa hàng OCOP Buôn Ma Thuột",
        Kind.SHOPPING,
        "Chợ Buôn Ma Thuột, phường Buôn Ma Thuột",
        "12.682600",
        "108.038300",
        True,
    ),
    DemoPoint(
        66,
        "Điểm OCOP Buôn Đôn",
        Kind.TOURISM,
        "Khu du lịch Buôn Đôn, xã Buôn Đôn",
        "12.883000",
        "107.792000",
        True,
    ),
    DemoPoint(
        68,
        "Gian hàng OCOP chợ Đà Lạt",
        Kind.SHOPPING,
        "Chợ Đà Lạt, phường Xuân Hương - Đà Lạt",
        "11.943000",
        "108.437000",
        True,
    ),
    DemoPoint(
        68,
        "Quầy OCOP Sân bay Liên Khương",
        Kind.STATION,
        "Sân bay Liên Khương, xã Đức Trọng",
        "11.750000",
        "108.367000",
        False,
    ),
    DemoPoint(
        46,
        "Gian hàng OCOP chợ Đông Ba",
        Kind.SHOPPING,
        "Chợ Đông Ba, phường Phú Xuân",
        "16.473000",
        "107.588000",
        True,
    ),
    DemoPoint(
        46,
        "Điểm OCOP làng hương Thủy Xuân",
        Kind.CRAFT_VILLAGE,
        "Làng hương Thủy Xuân, phường Thủy Xuân",
        "16.433000",
        "107.578000",
        True,
    ),
    DemoPoint(
        56,
        "Quầy OCOP Sân bay Cam Ranh",
        Kind.STATION,
        "Nhà ga quốc nội, sân bay Cam Ranh",
        "11.998000",
        "109.219000",
        True,
    ),
    DemoPoint(
        56,
        "Gian hàng OCOP chợ Đầm",
        Kind.SHOPPING,
        "Chợ Đầm, phường Nha Trang",
        "12.254000",
        "109.192000",
        False,
    ),
    DemoPoint(
        22,
        "Điểm OCOP chợ đêm Hạ Long",
        Kind.TOURISM,
        "Khu du lịch Bãi Cháy, phường Bãi Cháy",
        "20.951000",
        "107.080000",
        True,
    ),
    DemoPoint(
        22,
        "Trung tâm OCOP Móng Cái",
        Kind.TRADE_CENTRE,
        "Khu kinh tế cửa khẩu Móng Cái",
        "21.525000",
        "107.966000",
        True,
    ),
    DemoPoint(
        92,
        "Điểm OCOP chợ nổi Cái Răng",
        Kind.TOURISM,
        "Bến chợ nổi Cái Răng, phường Cái Răng",
        "10.004000",
        "105.747000",
        True,
    ),
    DemoPoint(
        92,
        "Gian hàng OCOP bến Ninh Kiều",
        Kind.TOURISM,
        "Bến Ninh Kiều, phường Ninh Kiều",
        "10.034000",
        "105.788000",
        False,
    ),
    DemoPoint(
        15,
        "Điểm OCOP Sa Pa",
        Kind.TOURISM,
        "Quảng trường Sa Pa, phường Sa Pa",
        "22.336000",
        "103.844000",
        True,
    ),
    DemoPoint(
        40, "Quầy OCOP Ga Vinh", Kind.STATION, "Ga Vinh, phường Vinh Phú", "18.680000", "105.672000", True
    ),
    DemoPoint(
        37,
        "Trạm dừng nghỉ Quốc lộ 1 Ninh Bình",
        Kind.REST_STOP,
        "Quốc lộ 1, xã Gia Viễn",
        "20.200000",
        "105.930000",
        True,
    ),
    DemoPoint(
        91,
        "Gian hàng OCOP chợ Châu Đốc",
        Kind.SHOPPING,
        "Chợ Châu Đốc, phường Châu Đốc",
        "10.705000",
        "105.117000",
        True,
    ),
]
OPERATED_BY_DEMO_OPERATOR = ("Điểm OCOP Cẩm Thành", "Quầy OCOP Ga Quảng Ngãi")


class DemoNotReadyError(Exception):
    """The demo operator's account is missing: run ``load_demo_users`` first."""


@transaction.atomic
def demo_outlets_load() -> list[SalesPoint]:
    """The demo points, made now or found from an earlier run."""
    operator = User.objects.filter(email=OPERATOR_EMAIL).first()
    if operator is None:
        raise DemoNotReadyError(f"{OPERATOR_EMAIL} is missing: run load_demo_users first")
    existing = {point.name: point for point in SalesPoint.objects.filter(name__in=[p.name for p in POINTS])}
    points = []
    for demo in POINTS:
        point = existing.get(demo.name)
        if point is None:
            point = _create(demo, operator)
        points.append(point)
    return points


def _create(demo: DemoPoint, operator: User) -> SalesPoint:
    operators = [operator] if demo.name in OPERATED_BY_DEMO_OPERATOR else []
    point = services.sales_point_create(
        acting_user=None,
        operators=operators,
        name=demo.name,
        kind=demo.kind,
        province_code=demo.province_code,
        address=demo.address,
        latitude=Decimal(demo.latitude),
        longitude=Decimal(demo.longitude),
        opening_hours=HOURS,
        phone="",
    )
    since = timezone.localdate() - datetime.timedelta(days=200)
    for product in _products_for(demo):
        services.carried_product_add(acting_user=None, point=point, product=product, since=since)
    services.checklist_submit(
        acting_user=None,
        point=point,
        location_met=True,
        location_note=f"{demo.kind.label}: {demo.address}.",
        products_met=True,
        products_note="Sản phẩm OCOP 3 sao trở lên của tỉnh.",
        facilities_met=True,
        facilities_note="Kệ trưng bày, biển hiệu theo Quyết định 3041/QĐ-BCT.",
    )
    if demo.recognised:
        services.sales_point_transition(acting_user=None, point=point, to=RecognitionStatus.RECOGNISED)
    point.refresh_from_db()
    return point


def _products_for(demo: DemoPoint) -> list[Product]:
    certified = Product.objects.filter(province_code=demo.province_code, latest_certificate__isnull=False)
    chosen: list[Product] = []
    if demo.name == OPERATED_BY_DEMO_OPERATOR[0]:
        chosen = list(certified.filter(name__in=MO_DUC_COFFEES).order_by("name"))
        expiring = _expiring_coffee(timezone.localdate())
        chosen += [expiring] if expiring is not None else []
    # The coffees are the Cẩm Thành point's alone: its lapse and expiry notices are the ones the demo shows.
    others = certified.exclude(name__in=[*MO_DUC_COFFEES, EXPIRING_COFFEE]).order_by("pk")
    offset = POINTS.index(demo) * CARRIED_PER_POINT
    picked = list(others[offset : offset + CARRIED_PER_POINT]) or list(others[:CARRIED_PER_POINT])
    return [*chosen, *picked][: max(CARRIED_PER_POINT, len(chosen))]


def _expiring_coffee(today: datetime.date) -> Product | None:
    """The Mộ Đức coffees' producer's fourth, its certificate valid until ``EXPIRES_IN_DAYS`` from today.

    Decided the validity's months (the rule set's, 36) before that day; ``None`` without the coffees."""
    sibling = Product.objects.filter(name=MO_DUC_COFFEES[0]).select_related("producer").first()
    if sibling is None:
        return None
    last_day = today + datetime.timedelta(days=EXPIRES_IN_DAYS)
    months = rules.rule_set_on(today).certificate_validity_months
    return recognised_product(
        sibling.producer,
        EXPIRING_COFFEE,
        decision_date=rules.add_months(last_day, -months),
        decision_no="1012/QĐ-UBND",
        product_set_code="I.6",
        fields={"packaging": "Túi 500 g", "description": "Cà phê Robusta hạt rang mộc của các hộ ở Mộ Đức."},
    )
