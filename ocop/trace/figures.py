"""Traceability's figures on the officers' dashboard (``ocop.reports``): scans and counterfeit signals.

Scans are counted on the batches ``ocop.trace.access`` shows the officer, scans of serials the platform
never issued on the products it shows them, alerts on ``alerts.alerts_visible`` (the alert list's own
scope); ``province_code`` narrows each to the products of one current province, for a central officer.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q

from ocop.accounts.access import Actor
from ocop.trace.access import batches_in_scope, trace_products_in_scope
from ocop.trace.alerts import alerts_visible
from ocop.trace.models import AlertKind, Scan, UnknownScan

RECENT_DAYS = 30


@dataclass(frozen=True)
class TraceFigures:
    since: datetime.datetime  # the start of the last ``RECENT_DAYS`` days
    scans: int  # of genuine stamps, since ``since``
    unknown_scans: int  # of serials never issued under a known product, since ``since``
    alerts_raised: int  # since ``since``, handled or not
    # (kind, its name, open alerts, alerts raised since ``since``) for every kind
    alerts_by_kind: list[tuple[str, str, int, int]]

    @property
    def alerts_open(self) -> int:
        return sum(open_count for _kind, _label, open_count, _raised in self.alerts_by_kind)


def dashboard_figures(
    actor: Actor, *, now: datetime.datetime, province_code: int | None = None
) -> TraceFigures:
    since = now - datetime.timedelta(days=RECENT_DAYS)
    batches = batches_in_scope(actor)
    products = trace_products_in_scope(actor)
    alerts = alerts_visible(actor)
    if province_code is not None:
        batches = batches.filter(product__province_code=province_code)
        products = products.filter(province_code=province_code)
        alerts = alerts.filter(product__province_code=province_code)
    scans = Scan.objects.filter(stamp__batch__in=batches.values("pk"), scanned_at__gte=since).count()
    unknown = UnknownScan.objects.filter(product__in=products.values("pk"), scanned_at__gte=since).count()
    counted = {
        kind: (open_count, raised)
        for kind, open_count, raised in alerts.order_by()
        .values("kind")
        .annotate(
            open=Count("pk", filter=Q(resolved_at__isnull=True)),
            raised=Count("pk", filter=Q(created_at__gte=since)),
        )
        .values_list("kind", "open", "raised")
    }
    by_kind = [(kind.value, str(kind.label), *counted.get(kind.value, (0, 0))) for kind in AlertKind]
    return TraceFigures(
        since=since,
        scans=scans,
        unknown_scans=unknown,
        alerts_raised=sum(raised for _kind, _label, _open, raised in by_kind),
        alerts_by_kind=by_kind,
    )
