"""The trade statistics of contracts/trade.md §3: memoranda and contracts by status, province and event.

One reading serves the API (``GET /api/v1/trade/stats``) and the report page, so the two never disagree.
Cancelled documents are left out of every count and value, and counted only in ``contracts.by_status``;
a memorandum without a value counts 0.

Only trusted documents count anywhere (``Agreement.objects.trusted()``, issue #12): those recorded by
officers or from the agreements file, and those a buyer recorded once their producer confirmed them. A
buyer's record waiting for the producer, or disputed by it, counts nowhere, so no buyer can raise a
province's public figures alone; ``awaiting_confirmation`` tells the page how many wait.
"""

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import BigIntegerField, Count, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce, TruncMonth

from ocop.geo.models import Scheme
from ocop.geo.selectors import province_names
from ocop.registry.importing.validation import CellError, read_date
from ocop.trade.models import Agreement, AgreementKind, AgreementStatus, ConnectionEvent, ProducerAnswer


class TradeStatisticsQueryError(ValueError):
    """A parameter the statistics cannot take; the message starts with its name."""

    def __init__(self, parameter: str, message: str) -> None:
        super().__init__(f"{parameter}: {message}")
        self.parameter = parameter


@dataclass(frozen=True)
class TradeStatisticsQuery:
    province: int | None = None
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    event: int | None = None


def trade_statistics_query(
    *, province: str | None, date_from: str | None, date_to: str | None, event: str | None
) -> TradeStatisticsQuery:
    """The parameters as given (text), checked: unknown codes and malformed dates name their parameter."""
    province_code = None
    if province not in (None, ""):
        if not province.isdigit() or (Scheme.CURRENT, int(province)) not in province_names():
            raise TradeStatisticsQueryError(
                "province", f"không có tỉnh, thành phố hiện hành mã {province!r} (no current province)"
            )
        province_code = int(province)
    event_id = None
    if event not in (None, ""):
        if not event.isdigit() or not ConnectionEvent.objects.filter(pk=int(event)).exists():
            raise TradeStatisticsQueryError("event", f"không có hội nghị mã {event!r} (no such event)")
        event_id = int(event)
    start, end = _day("from", date_from), _day("to", date_to)
    if start is not None and end is not None and end < start:
        said = f"ngày cuối {end:%d/%m/%Y} trước ngày đầu {start:%d/%m/%Y} (the period ends before it starts)"
        raise TradeStatisticsQueryError("to", said)
    return TradeStatisticsQuery(province=province_code, date_from=start, date_to=end, event=event_id)


def _day(parameter: str, text: str | None) -> datetime.date | None:
    if text in (None, ""):
        return None
    try:
        return read_date(text)
    except CellError as error:
        raise TradeStatisticsQueryError(parameter, str(error)) from None


def selected_agreements(query: TradeStatisticsQuery) -> QuerySet[Agreement]:
    """The trusted documents ``query`` selects: every figure starts here."""
    return _in_query(Agreement.objects.trusted(), query)


def awaiting_confirmation(query: TradeStatisticsQuery) -> dict[str, int]:
    """The documents of ``query``, not cancelled, that buyers recorded and their producers have not yet
    confirmed: not counted, and the report page says so."""
    pending = _in_query(Agreement.objects.filter(producer_answer=ProducerAnswer.PENDING), query)
    totals = pending.aggregate(count=Count("pk", filter=_STANDING), value_vnd=_money("value_vnd", _STANDING))
    return {"count": totals["count"], "value_vnd": int(totals["value_vnd"])}


def _in_query(agreements: QuerySet[Agreement], query: TradeStatisticsQuery) -> QuerySet[Agreement]:
    if query.province is not None:
        agreements = agreements.filter(province_code=query.province)
    if query.date_from is not None:
        agreements = agreements.filter(signed_on__gte=query.date_from)
    if query.date_to is not None:
        agreements = agreements.filter(signed_on__lte=query.date_to)
    if query.event is not None:
        agreements = agreements.filter(event_id=query.event)
    return agreements.order_by()


_STANDING = ~Q(status=AgreementStatus.CANCELLED)
_MEMORANDUM = Q(kind=AgreementKind.MEMORANDUM) & _STANDING
_CONTRACT = Q(kind=AgreementKind.CONTRACT) & _STANDING
_ZERO = Value(0, output_field=BigIntegerField())


def _money(field: str, condition: Q) -> Coalesce:
    """A sum of đồng; PostgreSQL sums bigints as numeric, so the caller makes it ``int`` again."""
    return Coalesce(Sum(field, filter=condition), _ZERO, output_field=BigIntegerField())


def _totals() -> dict[str, Any]:
    return {
        "memoranda": Count("pk", filter=_MEMORANDUM),
        "contracts": Count("pk", filter=_CONTRACT),
        "value_vnd": _money("value_vnd", _STANDING),
    }


def trade_statistics(query: TradeStatisticsQuery) -> dict[str, Any]:
    """The answer of §3 for ``query``: every key present, zeros where nothing is recorded."""
    agreements = selected_agreements(query)
    totals = agreements.aggregate(
        memoranda_count=Count("pk", filter=_MEMORANDUM),
        memoranda_value=_money("value_vnd", _MEMORANDUM),
        contracts_count=Count("pk", filter=_CONTRACT),
        contracts_value=_money("value_vnd", _CONTRACT),
        contracts_delivered=_money("delivered_vnd", _CONTRACT),
    )
    by_status = dict.fromkeys(AgreementStatus.values, 0)
    for status, count in (
        agreements.filter(kind=AgreementKind.CONTRACT).values_list("status").annotate(n=Count("pk"))
    ):
        by_status[status] = count
    names = province_names()
    by_province = [
        {
            "code": row["province_code"],
            "name": names.get((Scheme.CURRENT, row["province_code"]), str(row["province_code"])),
            "memoranda": row["memoranda"],
            "contracts": row["contracts"],
            "value_vnd": int(row["value_vnd"]),
        }
        for row in _rows(agreements.filter(_STANDING).values("province_code").annotate(**_totals()))
    ]
    by_province.sort(key=lambda row: (-row["value_vnd"], row["code"]))
    by_event_rows = _rows(
        agreements.filter(_STANDING, event__isnull=False).values("event_id").annotate(**_totals())
    )
    events = ConnectionEvent.objects.in_bulk([row["event_id"] for row in by_event_rows])
    by_event = [
        {
            "id": row["event_id"],
            "name": events[row["event_id"]].name,
            "date": _iso(events[row["event_id"]].date),
            "memoranda": row["memoranda"],
            "contracts": row["contracts"],
            "value_vnd": int(row["value_vnd"]),
        }
        for row in by_event_rows
    ]
    by_event.sort(key=lambda row: (-row["value_vnd"], row["id"]))
    return {
        "scope": {
            "province": query.province,
            "from": _iso(query.date_from),
            "to": _iso(query.date_to),
            "event": query.event,
        },
        "memoranda": {"count": totals["memoranda_count"], "value_vnd": int(totals["memoranda_value"])},
        "contracts": {
            "count": totals["contracts_count"],
            "value_vnd": int(totals["contracts_value"]),
            "delivered_vnd": int(totals["contracts_delivered"]),
            "by_status": by_status,
        },
        "by_province": by_province,
        "by_event": by_event,
    }


def trade_statistics_by_month(query: TradeStatisticsQuery) -> list[dict[str, Any]]:
    """The report page's period view: the documents of ``query`` that are not cancelled, by signing month."""
    rows = _rows(
        selected_agreements(query)
        .filter(_STANDING)
        .annotate(month=TruncMonth("signed_on"))
        .values("month")
        .annotate(**_totals())
        .order_by("month")
    )
    return [
        {
            "month": row["month"].strftime("%m/%Y"),
            "memoranda": row["memoranda"],
            "contracts": row["contracts"],
            "value_vnd": int(row["value_vnd"]),
        }
        for row in rows
    ]


def _rows(query: Any) -> list[dict[str, Any]]:
    return list(query)


def _iso(day: datetime.date | None) -> str | None:
    return day.isoformat() if day else None
