"""Which certificate each product stands on today: ``Product.latest_certificate``, kept as the days turn.

A product stands on its latest certificate issued by the day (contract §2), whatever that one's status:
``status.standing_certificate`` says which. The services and the import point a product at it when they
write. A certificate dated in the future becomes the standing one on its day without anyone writing to
the registry, so ``refresh_standing(today)`` moves the products whose standing has changed since the day
it last ran (``StandingDay``). It reads only products with a certificate dated after that day, less one
(an index look-up on the decision date): those whose day has come, those still waiting for theirs, and,
when the clock goes back, those whose day has not come after all. The day of overlap mends a write that
straddled midnight on PostgreSQL (begun on the eve, committed after the new day's refresh had read): at
the latest the next day. SQLite's immediate transactions serialise it with every write anyway. On a day
already done it reads one row and returns.

Who calls it, for a national deployment with several gunicorn workers and no guaranteed cron:

- ``manage.py refresh_standing`` from cron just after midnight, Vietnam time (README, deployment);
- ``StandingMiddleware``, so that ``make run`` on a laptop, or a deployment without cron, is right too:
  each worker process compares the local date with the day it last refreshed (two dates in memory, on
  every request) and, on the first request of a new day, calls ``refresh_standing``, which in every
  process but the first finds the day done. A middleware rather than the readers' entry points because
  every reader (catalogue, API, search, officials' lists, dashboards, exports, sitemaps) answers a
  request, and a reader added later cannot forget to ask.

Moving a product writes its ``latest_certificate_id``, which the search index's triggers follow on both
engines, and its ``updated_at`` (its public page changed: the sitemap says so). A refresh that moved any
product counts one more ``StandingDay.moves``, which the registry's version reads, so the statistics
snapshot, the cached answers, the open-data files and the sitemap's ETag move with it. It is not audited:
nobody decided anything, the day came; each certificate's decision was audited when it was recorded.
"""

import datetime
import logging
import threading
from collections import defaultdict
from collections.abc import Collection, Iterator, Sequence
from typing import Any

from django.db import DatabaseError, transaction
from django.db.models import Case, IntegerField, Value, When
from django.http import HttpRequest, HttpResponseBase
from django.utils import timezone

from ocop.registry.models import Certificate, Product, StandingDay
from ocop.registry.status import standing_certificate

logger = logging.getLogger(__name__)

CHUNK = 900  # ids per query: under SQLite's old limit of 999 parameters per statement
UPDATE_CHUNK = 300  # products moved per statement: three parameters each
# A write begun before midnight and committed after the new day's refresh read the registry is mended by
# the next one: each refresh looks at certificates dated from the day before its last.
OVERLAP = datetime.timedelta(days=1)


def refresh_products(
    product_ids: Collection[int], *, today: datetime.date | None = None
) -> dict[int, int | None]:
    """Point each of ``product_ids`` at the certificate it stands on ``today``; the moved ones, by id."""
    return _move(sorted(product_ids), today or timezone.localdate())


@transaction.atomic
def refresh_standing(*, today: datetime.date | None = None) -> int:
    """Bring every product's standing certificate up to ``today`` (default: the local date); how many moved.

    Idempotent: a second call for the same day reads one row. The first call on a database reads every
    product (a database from before this rule kept the newest certificate even when dated after today).
    """
    today = today or timezone.localdate()
    # One refresh at a time: the others wait, then find the day done.
    marker, _ = StandingDay.objects.select_for_update().get_or_create(pk=1)
    if marker.day == today:
        return 0
    product_ids = None
    if marker.day is not None:
        since = min(marker.day, today) - OVERLAP
        dated_after = Certificate.objects.filter(decision_date__gt=since).order_by()
        product_ids = sorted(set(dated_after.values_list("product_id", flat=True)))
    moved = _move(product_ids, today)
    marker.day = today
    marker.moves += 1 if moved else 0
    marker.save()
    if moved:
        logger.info("standing certificates for %s: %d products moved", today, len(moved))
    return len(moved)


_lock = threading.Lock()
_refreshed_on: datetime.date | None = None  # in this process


def refresh_standing_once_a_day(*, today: datetime.date | None = None) -> None:
    """``refresh_standing`` the first time this process sees a new local date; else nothing at all.

    A database error is logged, not raised: the page is served with yesterday's standing, and the next
    request tries again.
    """
    global _refreshed_on  # one per process, shared by its threads
    today = today or timezone.localdate()
    if today == _refreshed_on:
        return
    with _lock:
        if today == _refreshed_on:
            return
        try:
            refresh_standing(today=today)
        except DatabaseError:
            logger.exception("could not refresh the standing certificates for %s", today)
            return
        _refreshed_on = today


class StandingMiddleware:
    """Before each request, the products' standing certificates of the local date (once a day a process)."""

    def __init__(self, get_response: Any) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        refresh_standing_once_a_day()
        response: HttpResponseBase = self.get_response(request)
        return response


def _move(product_ids: Sequence[int] | None, today: datetime.date) -> dict[int, int | None]:
    """Point the products (all when ``None``) at their standing certificate where they do not already."""
    histories: dict[int, list[tuple[datetime.date, int]]] = defaultdict(list)
    current: dict[int, int | None] = {}
    scopes = [None] if product_ids is None else list(_chunks(product_ids, CHUNK))
    for scope in scopes:
        certificates = Certificate.objects.order_by()
        products = Product.objects.order_by()
        if scope is not None:
            certificates = certificates.filter(product_id__in=scope)
            products = products.filter(pk__in=scope)
        for product_id, decided, pk in certificates.values_list("product_id", "decision_date", "pk"):
            histories[product_id].append((decided, pk))
        current.update(products.values_list("pk", "latest_certificate_id"))
    moved = {
        pk: standing
        for pk, latest in current.items()
        if (standing := standing_certificate(histories.get(pk, ()), today)) != latest
    }
    now = timezone.now()
    for chunk in _chunks(sorted(moved), UPDATE_CHUNK):
        standing_of = Case(*(When(pk=pk, then=Value(moved[pk])) for pk in chunk), output_field=IntegerField())
        Product.objects.filter(pk__in=chunk).update(latest_certificate_id=standing_of, updated_at=now)
    return moved


def _chunks(ids: Sequence[int], size: int) -> Iterator[Sequence[int]]:
    for start in range(0, len(ids), size):
        yield ids[start : start + size]
