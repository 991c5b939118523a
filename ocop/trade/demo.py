"""The trade demo in Quảng Ngãi (``manage.py load_demo_trade``, run by ``make run``): the demo buyer's
distributor, verified by the province, with open demands that demo products fit, and an offer from the
demo producer in Mộ Đức. Run after ``load_demo_users`` and ``load_demo``; a second run changes nothing.

- The buyer "Công ty TNHH Phân phối Nông sản Sông Trà" (nguoimua.quangngai@demo.ocop.vn is its member),
  registered and verified through the services, so the log and the inboxes show it as it would happen.
- Four demands: one shaped on the demo producer's own product (its sector and product set), which the
  producer answers with an offer; Quảng Ngãi food of at least 4★; VietGAP herbal products; handicrafts.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from ocop.accounts.models import User
from ocop.registry.models import Product
from ocop.trade import services
from ocop.trade.matching import (
    Constraints,
    demand_constraints,
    fitting_product_ids,
    match_products,
)
from ocop.trade.models import Buyer, BuyerType, Demand, Frequency, Offer

BUYER_EMAIL = "nguoimua.quangngai@demo.ocop.vn"
PRODUCER_EMAIL = "chuthe.moduc@demo.ocop.vn"
OFFICER_EMAIL = "tinh.quangngai@demo.ocop.vn"
BUYER_NAME = "Công ty TNHH Phân phối Nông sản Sông Trà"
QUANG_NGAI = 51


class DemoNotReadyError(Exception):
    """The demo accounts, or the demo producer's product, are missing."""


@dataclass(frozen=True)
class DemoDemand:
    title: str
    matches: int
    offers: int


def _users() -> tuple[User, User, User]:
    emails = [BUYER_EMAIL, PRODUCER_EMAIL, OFFICER_EMAIL]
    users = {user.email: user for user in User.objects.filter(email__in=emails)}
    if len(users) != len(emails):
        raise DemoNotReadyError("demo accounts missing (run load_demo_users)")
    return users[BUYER_EMAIL], users[PRODUCER_EMAIL], users[OFFICER_EMAIL]


def _buyer(buyer_user: User, officer: User) -> Buyer:
    buyer = Buyer.objects.filter(name=BUYER_NAME, members=buyer_user).first()
    if buyer is None:
        buyer = services.buyer_register(
            acting_user=buyer_user,
            name=BUYER_NAME,
            buyer_type=BuyerType.DISTRIBUTOR,
            tax_code="4300999001",
            province_code=QUANG_NGAI,
            address="Số 12 Lê Trung Đình, phường Cẩm Thành, tỉnh Quảng Ngãi",
            contact_name="Đặng Quốc Bảo",
            phone="0255 3 812 345",
            email=BUYER_EMAIL,
            description="Phân phối đặc sản miền Trung cho 40 cửa hàng tiện lợi và hai chuỗi siêu thị.",
        )
    if not buyer.is_verified:
        buyer = services.buyer_verify(
            acting_user=officer, buyer=buyer, verified=True, note="Đã đối chiếu đăng ký kinh doanh."
        )
    return buyer


def _demand(buyer_user: User, buyer: Buyer, title: str, deadline: datetime.date, **fields: Any) -> Demand:
    existing = Demand.objects.filter(buyer=buyer, title=title).first()
    if existing is not None:
        return existing
    return services.demand_create(
        acting_user=buyer_user, buyer=buyer, title=title, deadline=deadline, **fields
    )


def demo_trade_load(*, today: datetime.date | None = None) -> list[DemoDemand]:
    today = today or timezone.localdate()
    buyer_user, producer_user, officer = _users()
    # A product of the demo producer with a certificate valid today, which the shaped demand fits.
    candidates = Product.objects.filter(producer__members=producer_user, product_set__isnull=False)
    own_ids = list(candidates.values_list("pk", flat=True))
    valid_ids = fitting_product_ids(Constraints(), product_ids=own_ids, on=today)
    own_product = candidates.select_related("product_set").filter(pk__in=valid_ids).order_by("pk").first()
    if own_product is None or own_product.product_set is None:
        raise DemoNotReadyError(f"{PRODUCER_EMAIL} has no product valid today (run load_demo)")
    with transaction.atomic():
        buyer = _buyer(buyer_user, officer)
        own_set = own_product.product_set.code
        shaped = _demand(
            buyer_user,
            buyer,
            f"{own_product.product_set.name}: nguồn hàng cho chuỗi cửa hàng",
            today + datetime.timedelta(days=45),
            sector=own_product.sector,
            product_set=own_set,
            quantity=Decimal("2000"),
            unit="gói",
            frequency=Frequency.MONTHLY,
            min_stars=3,
            price_min_vnd=60_000,
            price_max_vnd=180_000,
        )
        demands = [
            shaped,
            _demand(
                buyer_user,
                buyer,
                "Đặc sản Quảng Ngãi từ 4 sao cho quầy quà tặng",
                today + datetime.timedelta(days=60),
                sector=1,
                quantity=Decimal("500"),
                unit="hộp",
                frequency=Frequency.QUARTERLY,
                min_stars=4,
                provinces=[QUANG_NGAI],
                price_max_vnd=350_000,
            ),
            _demand(
                buyer_user,
                buyer,
                "Sản phẩm thảo dược có chứng nhận VietGAP",
                today + datetime.timedelta(days=30),
                sector=3,
                quantity=Decimal("300"),
                unit="kg",
                frequency=Frequency.MONTHLY,
                certifications=["vietgap"],
            ),
            _demand(
                buyer_user,
                buyer,
                "Hàng thủ công mỹ nghệ cho mùa du lịch",
                today + datetime.timedelta(days=90),
                sector=4,
                quantity=Decimal("1000"),
                unit="sản phẩm",
                frequency=Frequency.ONCE,
                min_stars=3,
            ),
        ]
        if not Offer.objects.filter(demand=shaped, product=own_product).exists() and fitting_product_ids(
            demand_constraints(shaped), product_ids=[own_product.pk], on=today
        ):
            services.offer_create(
                acting_user=producer_user,
                demand=shaped,
                product=own_product,
                quantity=Decimal("800"),
                price_vnd=95_000,
                message="Giao hằng tháng tại kho Quảng Ngãi; có hóa đơn và tem truy xuất cho từng lô.",
            )
    return [
        DemoDemand(
            title=demand.title,
            matches=match_products(demand_constraints(demand), on=today, page_size=1).count,
            offers=demand.offers.count(),
        )
        for demand in demands
    ]
