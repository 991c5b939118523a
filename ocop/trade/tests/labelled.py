"""The labelled matching set: products that must and must not match one demand, and their order.

The demand: food (sector 1), at least 4★, VietGAP required, from a buyer in Quảng Ngãi (51).
Points (``ocop.trade.matching``): rank 20/30/35/40, 10 a certification up to 30, 20 for the buyer's
province, 10 for a certificate valid a year more.
"""

import datetime
from typing import Any

from django.utils import timezone

from ocop.accounts.tests.factories import BUON_MA_THUOT, MO_DUC
from ocop.registry.models import Product
from ocop.registry.tests.factories import commune, make_certificate, make_producer, make_product

QUANG_NGAI = 51


def _days_ago(days: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=days)


def _product(
    name: str,
    *,
    stars: int,
    certifications: list[str],
    place: int = MO_DUC,
    product_set: str = "I.3.c",
    decided_days_ago: int = 100,
    **certificate: Any,
) -> Product:
    producer = make_producer(
        unit=commune(place), name=f"Chủ thể {name}", management_certifications=certifications
    )
    product = make_product(producer=producer, name=name, product_set=product_set)
    make_certificate(product, stars=stars, decision_date=_days_ago(decided_days_ago), **certificate)
    product.refresh_from_db()
    return product


def labelled_products() -> dict[str, Product]:
    """Every product of the set by its name; the names say what is expected of them."""
    return {
        product.name: product
        for product in [
            # Must match, in this order:
            _product("Mật ong 5 sao", stars=5, certifications=["vietgap", "organic", "haccp"]),  # 100
            _product(
                "Nước mắm 4 sao", stars=4, certifications=["vietgap", "organic"], decided_days_ago=1000
            ),  # 70
            _product(
                "Cà phê tiềm năng",
                stars=4,
                potential_five_star=True,
                certifications=["vietgap"],
                place=BUON_MA_THUOT,
            ),  # 35 + 10 + 0 + 10 = 55
            # Must not match:
            _product("Bánh 3 sao", stars=3, certifications=["vietgap"]),
            _product("Gạo không VietGAP", stars=4, certifications=["organic", "haccp"]),
            _product("Chè hết hạn", stars=4, certifications=["vietgap"], decided_days_ago=1200),
            _product("Tương bị thu hồi", stars=4, certifications=["vietgap"], revoked_on=_days_ago(10)),
            _product("Rượu ngành khác", stars=5, certifications=["vietgap"], product_set="II.1.a"),
            _product("Nấm GlobalGAP", stars=4, certifications=["globalgap"]),
        ]
    }


MUST_MATCH_IN_ORDER = [("Mật ong 5 sao", 1.0), ("Nước mắm 4 sao", 0.7), ("Cà phê tiềm năng", 0.55)]
