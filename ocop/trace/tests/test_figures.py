"""Traceability's figures on the officers' dashboard: scans of the last 30 days and counterfeit alerts, each
officer counting what the batch and alert lists show them.

Stamps of three products: Mộ Đức and Cẩm Thành (Quảng Ngãi 51), Buôn Ma Thuột (Đắk Lắk 66). Scans, unknown
serials and alerts fall inside and outside the 30 days; one alert is handled.
"""

import datetime

import pytest
from django.utils import timezone

from ocop.accounts.models import Role, User
from ocop.accounts.tests.factories import BUON_MA_THUOT, DAK_LAK, QUANG_NGAI, UserFactory, province
from ocop.accounts.tests.factories import commune as current_commune
from ocop.registry.models import Product
from ocop.registry.tests.factories import commune, make_certificate, make_product
from ocop.trace import links, services
from ocop.trace.alerts import alert_raise, alert_resolve
from ocop.trace.figures import TraceFigures, dashboard_figures
from ocop.trace.models import AlertKind, Stamp
from ocop.trace.scan import scan_record

CAM_THANH = 21025
NOW = timezone.now()
DAY = datetime.timedelta(days=1)


def stamp_of(product: Product) -> Stamp:
    batch = services.batch_create(
        acting_user=None, product=product, lot="L1", produced_on=datetime.date(2026, 1, 5)
    )
    return services.stamps_issue(acting_user=None, batch=batch, count=1).stamps.get()


def scanned(stamp: Stamp, *moments: datetime.datetime, serial: str | None = None) -> None:
    product = stamp.batch.product
    path = links.StampPath(
        gtin=product.gtin, code=product.code, lot=stamp.batch.lot, serial=serial or stamp.serial
    )
    for moment in moments:
        scan_record(path, now=moment)


def certified(code: str, commune_code: int) -> Product:
    product = make_product(unit=commune(commune_code), product_set="I.6")
    product.code = code
    product.save(update_fields=["code"])
    make_certificate(product, stars=4, decision_date=timezone.localdate() - 100 * DAY)
    product.refresh_from_db()
    return product


@pytest.fixture
def officers(product) -> dict[str, User]:
    officers = {
        "commune": UserFactory(role=Role.COMMUNE_OFFICER, unit=current_commune(21400)),
        "province": UserFactory(role=Role.PROVINCE_OFFICER, unit=province(QUANG_NGAI)),
        "other_province": UserFactory(role=Role.PROVINCE_OFFICER, unit=province(DAK_LAK)),
        "central": UserFactory(role=Role.CENTRAL_OFFICER),
        "producer": UserFactory(role=Role.PRODUCER),
        "buyer": UserFactory(role=Role.BUYER),
    }
    cam_thanh = certified("51-21025-902-2025", CAM_THANH)
    ea_tu = certified("66-24133-903-2025", BUON_MA_THUOT)
    mo_duc_stamp, cam_thanh_stamp, ea_tu_stamp = stamp_of(product), stamp_of(cam_thanh), stamp_of(ea_tu)
    scanned(mo_duc_stamp, NOW - 31 * DAY, NOW - DAY, NOW)
    scanned(mo_duc_stamp, NOW, serial="KHONGCOSERIALNAY")
    scanned(cam_thanh_stamp, NOW)
    scanned(ea_tu_stamp, NOW, NOW, NOW)
    scanned(ea_tu_stamp, NOW, serial="KHONGCOSERIALNAY")
    scanned(ea_tu_stamp, NOW - 40 * DAY, serial="SERIALCUQUA")
    alert_raise(kind=AlertKind.MANY_SCANS, key="a", product_id=product.pk, now=NOW)
    handled = alert_raise(kind=AlertKind.FAR_APART, key="b", product_id=product.pk, now=NOW - 2 * DAY)
    assert handled is not None
    alert_resolve(acting_user=officers["province"], alert=handled)
    alert_raise(kind=AlertKind.UNKNOWN_BURST, key="c", product_id=cam_thanh.pk, now=NOW - 40 * DAY)
    alert_raise(kind=AlertKind.MANY_SCANS, key="d", product_id=ea_tu.pk, now=NOW)
    return officers


def alerts(many: tuple[int, int] = (0, 0), far: tuple[int, int] = (0, 0), burst: tuple[int, int] = (0, 0)):
    """(open, raised in 30 days) by kind, in the order of ``AlertKind``."""
    return [
        ("many_scans", "Một tem bị quét quá nhiều lần", *many),
        ("far_apart", "Một tem được quét ở hai nơi cách xa nhau", *far),
        ("unknown_burst", "Nhiều lượt quét mã không do nền tảng phát hành", *burst),
    ]


@pytest.mark.parametrize(
    ("who", "province_code", "scans", "unknown", "by_kind"),
    [
        ("commune", None, 2, 1, alerts(many=(1, 1), far=(0, 1))),
        ("province", None, 3, 1, alerts(many=(1, 1), far=(0, 1), burst=(1, 0))),
        ("other_province", None, 3, 1, alerts(many=(1, 1))),
        ("central", None, 6, 2, alerts(many=(2, 2), far=(0, 1), burst=(1, 0))),
        ("central", DAK_LAK, 3, 1, alerts(many=(1, 1))),
        ("other_province", QUANG_NGAI, 0, 0, alerts()),
        ("producer", None, 0, 0, alerts()),
        ("buyer", None, 0, 0, alerts()),
    ],
)
def test_each_officer_counts_the_scans_and_alerts_of_their_scope(
    officers, who, province_code, scans, unknown, by_kind
):
    figures = dashboard_figures(officers[who], now=NOW, province_code=province_code)

    raised = sum(count for *_kind, count in by_kind)
    assert figures == TraceFigures(
        since=NOW - 30 * DAY, scans=scans, unknown_scans=unknown, alerts_raised=raised, alerts_by_kind=by_kind
    )
    assert figures.alerts_open == sum(count for _kind, _label, count, _raised in by_kind)
