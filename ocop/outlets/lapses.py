"""The daily checks of carried products' certificates (run by ``manage.py ocop_daily``): the ones about to
expire, and the ones lost.

A carried product whose standing certificate is valid but runs out within ``EXPIRY_NOTICE_DAYS`` (and
whose renewal is not decided yet) is "sắp hết hạn": its point's operators and the province officers of
the point's province hear of it in advance, so the shelf is not caught out. One whose standing certificate
is expired or revoked today, by the registry's one rule (``selectors.LAPSED_STATUSES``), is no longer shown
as OCOP on the point's public page, and the same people are told that too.

Each is told once per point, product and certificate: the notification key names all three, and
``notify`` writes nothing for a key a recipient already has. So the checks are safe twice a day and after
missed days, and tell again only about a renewed certificate in its turn. A renewal standing today moves
``Product.latest_certificate`` (``ocop.registry.standing``, run first in the daily round), so the old
certificate's expiry is no longer anyone's concern.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from ocop.accounts.models import User
from ocop.accounts.selectors import province_officers
from ocop.notifications.services import notify
from ocop.outlets.models import SalesPointProduct
from ocop.outlets.selectors import LAPSED_STATUSES, carried_with_status
from ocop.registry.status import CertificateStatus

NOTIFICATION_KIND = "outlets.lapse"
EXPIRY_NOTIFICATION_KIND = "outlets.expiring"
# What the operators' landing lists among its notices.
NOTIFICATION_KINDS = (EXPIRY_NOTIFICATION_KIND, NOTIFICATION_KIND)


@dataclass(frozen=True)
class LapseReport:
    lapsed: int  # carried products whose certificate has lapsed today
    notifications: int  # written now


@dataclass(frozen=True)
class ExpiryReport:
    expiring: int  # carried products whose certificate runs out within EXPIRY_NOTICE_DAYS
    notifications: int  # written now


def lapse_key(carried: SalesPointProduct) -> str:
    return _key(NOTIFICATION_KIND, carried)


def expiry_key(carried: SalesPointProduct) -> str:
    return _key(EXPIRY_NOTIFICATION_KIND, carried)


def _key(kind: str, carried: SalesPointProduct) -> str:
    certificate_id = carried.product.latest_certificate_id
    return f"{kind}:{carried.sales_point_id}:{carried.product_id}:{certificate_id}"


def notify_expiring(*, today: datetime.date) -> ExpiryReport:
    expiring = list(
        carried_with_status(today)
        .filter(certificate_expiring=True)
        .select_related("sales_point", "product__producer")
        .order_by("pk")
    )
    written = 0
    recipients = _Recipients()
    for carried in expiring:
        point = carried.sales_point
        certificate = carried.product.latest_certificate
        if certificate is None:  # never: only a standing certificate is valid
            continue
        written += _tell(
            carried,
            recipients=recipients.of(carried),
            kind=EXPIRY_NOTIFICATION_KIND,
            key=expiry_key(carried),
            subject=format_lazy(
                _("{product} tại {point}: giấy chứng nhận OCOP sắp hết hạn ({valid_until})"),
                product=carried.product.name,
                point=point.name,
                valid_until=f"{certificate.valid_until:%d/%m/%Y}",
            ),
            body=format_lazy(
                _(
                    "Giấy chứng nhận OCOP {stars} sao của sản phẩm {product} còn hiệu lực đến hết ngày "
                    "{valid_until}. Nếu sản phẩm không được công nhận lại trước ngày đó, trang công khai "
                    "của {point} sẽ không còn giới thiệu sản phẩm này là sản phẩm OCOP. Hãy hỏi {producer} "
                    "về việc đánh giá lại."
                ),
                stars=certificate.stars,
                product=carried.product.name,
                valid_until=f"{certificate.valid_until:%d/%m/%Y}",
                point=point.name,
                producer=carried.product.producer.name,
            ),
        )
    return ExpiryReport(expiring=len(expiring), notifications=written)


def notify_lapses(*, today: datetime.date) -> LapseReport:
    lapsed = list(
        carried_with_status(today)
        .filter(certificate_status__in=LAPSED_STATUSES)
        .select_related("sales_point")
        .order_by("pk")
    )
    written = 0
    recipients = _Recipients()
    for carried in lapsed:
        point = carried.sales_point
        status = CertificateStatus(str(carried.certificate_status))  # expired or revoked: filtered above
        written += _tell(
            carried,
            recipients=recipients.of(carried),
            kind=NOTIFICATION_KIND,
            key=lapse_key(carried),
            subject=format_lazy(
                _("{product} không còn là sản phẩm OCOP tại {point}"),
                product=carried.product.name,
                point=point.name,
            ),
            body=format_lazy(
                _(
                    "Giấy chứng nhận OCOP của sản phẩm {product}: {status}. Trang công khai của {point} "
                    "không còn giới thiệu sản phẩm này là sản phẩm OCOP. Hãy gỡ sản phẩm khỏi quầy "
                    "hoặc chờ giấy chứng nhận mới."
                ),
                product=carried.product.name,
                status=status.label,
                point=point.name,
            ),
        )
    return LapseReport(lapsed=len(lapsed), notifications=written)


class _Recipients:
    """A carried product's people: its point's active operators and its province's active officers, the
    officers read once per province."""

    def __init__(self) -> None:
        self.officers_by_province: dict[int, list[User]] = {}

    def of(self, carried: SalesPointProduct) -> list[User]:
        point = carried.sales_point
        if point.province_code not in self.officers_by_province:
            self.officers_by_province[point.province_code] = list(province_officers(point.province_code))
        return [*point.operators.filter(is_active=True), *self.officers_by_province[point.province_code]]


def _tell(
    carried: SalesPointProduct,
    *,
    recipients: Iterable[User],
    kind: str,
    key: str,
    subject: Promise,
    body: Promise,
) -> int:
    """One notice about ``carried``, linked to its point's back-office page; how many were written now."""
    link = reverse("outlets:point_manage", kwargs={"point_id": carried.sales_point_id})
    return len(notify(recipients=recipients, kind=kind, subject=subject, body=body, link=link, key=key))
