"""The daily check of carried products that lost their OCOP certificate (run by ``manage.py ocop_daily``).

A product carried by a point whose standing certificate is expired or revoked today, by the registry's one
rule (``selectors.LAPSED_STATUSES``), is no longer shown as OCOP on the point's public page. Its operators
and the province officers of the point's province are told once per point, product and lapsed certificate:
the notification key names all three, and ``notify`` writes nothing for a key a recipient already has. So
the check is safe twice a day, after missed days, and tells again only when a renewed certificate lapses
in its turn.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Q
from django.urls import reverse
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from ocop.accounts.models import Role, User
from ocop.notifications.services import notify
from ocop.outlets.models import SalesPointProduct
from ocop.outlets.selectors import LAPSED_STATUSES, carried_with_status
from ocop.registry.status import CertificateStatus

NOTIFICATION_KIND = "outlets.lapse"


@dataclass(frozen=True)
class LapseReport:
    lapsed: int  # carried products whose certificate has lapsed today
    notifications: int  # written now


def lapse_key(carried: SalesPointProduct) -> str:
    certificate_id = carried.product.latest_certificate_id
    return f"{NOTIFICATION_KIND}:{carried.sales_point_id}:{carried.product_id}:{certificate_id}"


def notify_lapses(*, today: datetime.date) -> LapseReport:
    lapsed = list(
        carried_with_status(today)
        .filter(certificate_status__in=LAPSED_STATUSES)
        .select_related("sales_point")
        .order_by("pk")
    )
    officers_by_province: dict[int, list[User]] = {}
    written = 0
    for carried in lapsed:
        point = carried.sales_point
        if point.province_code not in officers_by_province:
            officers_by_province[point.province_code] = list(
                User.objects.filter(
                    Q(role=Role.PROVINCE_OFFICER, unit__province_code=point.province_code), is_active=True
                )
            )
        recipients = [*point.operators.filter(is_active=True), *officers_by_province[point.province_code]]
        status = CertificateStatus(str(carried.certificate_status))  # expired or revoked: filtered above
        written += len(
            notify(
                recipients=recipients,
                kind=NOTIFICATION_KIND,
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
                link=reverse("outlets:point_manage", kwargs={"point_id": point.pk}),
                key=lapse_key(carried),
            )
        )
    return LapseReport(lapsed=len(lapsed), notifications=written)
