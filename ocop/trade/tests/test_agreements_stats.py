"""``GET /api/v1/trade/stats`` (contracts/trade.md §3) against figures worked out by hand.

Nine documents, two events (the first with producers of two provinces), each status, memoranda with and
without a value, and signing days on both bounds of 2024.
"""

import datetime
import itertools

import pytest
from django.test import Client

from ocop.trade.agreements.statistics import TradeStatisticsQuery, trade_statistics_by_month
from ocop.trade.models import Agreement, ConnectionEvent
from ocop.trade.tests.agreements_helpers import DAK_LAK, QUANG_NGAI

pytestmark = pytest.mark.django_db
URL = "/api/v1/trade/stats"
_numbers = itertools.count(1)


def document(kind: str, province: int, event, signed_on: str, value, status: str, delivered: int = 0):
    number = next(_numbers)
    return Agreement.objects.create(
        kind=kind,
        document_no=f"VB-{number}",
        identity=f"test:{number}",
        signed_on=datetime.date.fromisoformat(signed_on),
        event=event,
        buyer_name="Siêu thị Thử",
        buyer_type="supermarket",
        producer_name="HTX Thử",
        province_code=province,
        value_vnd=value,
        status=status,
        delivered_vnd=delivered,
    )


@pytest.fixture
def events():
    first = ConnectionEvent.objects.create(
        name="Hội nghị Quảng Ngãi",
        search_name="hoi nghi quang ngai",
        date="2024-09-12",
        province_code=QUANG_NGAI,
    )
    second = ConnectionEvent.objects.create(
        name="Hội nghị Đắk Lắk", search_name="hoi nghi dak lak", date="2024-10-05", province_code=DAK_LAK
    )
    document("mou", QUANG_NGAI, first, "2024-01-01", None, "signed")
    document("mou", QUANG_NGAI, first, "2024-09-12", 500, "signed")
    document("contract", QUANG_NGAI, first, "2024-09-12", 1000, "in_progress", 400)
    document("contract", QUANG_NGAI, first, "2024-09-12", 9999, "cancelled")
    document("contract", DAK_LAK, first, "2024-12-31", 3000, "fulfilled", 3000)
    document("mou", DAK_LAK, second, "2024-10-05", 200, "cancelled")
    document("contract", DAK_LAK, second, "2024-10-05", 700, "signed")
    document("contract", QUANG_NGAI, None, "2025-01-01", 50, "signed")
    document("mou", DAK_LAK, second, "2023-12-31", 10, "signed")
    return first, second


def stats(query: str = ""):
    response = Client().get(URL + query)
    assert response.status_code == 200, response.content
    return response.json()


def test_everything(events):
    first, second = events
    assert stats() == {
        "scope": {"province": None, "from": None, "to": None, "event": None},
        "memoranda": {"count": 3, "value_vnd": 510},
        "contracts": {
            "count": 4,
            "value_vnd": 4750,
            "delivered_vnd": 3400,
            "by_status": {"signed": 2, "in_progress": 1, "fulfilled": 1, "cancelled": 1},
        },
        "by_province": [
            {"code": DAK_LAK, "name": "Tỉnh Đắk Lắk", "memoranda": 1, "contracts": 2, "value_vnd": 3710},
            {"code": QUANG_NGAI, "name": "Tỉnh Quảng Ngãi", "memoranda": 2, "contracts": 2,
             "value_vnd": 1550},
        ],
        "by_event": [
            {"id": first.pk, "name": "Hội nghị Quảng Ngãi", "date": "2024-09-12", "memoranda": 2,
             "contracts": 2, "value_vnd": 4500},
            {"id": second.pk, "name": "Hội nghị Đắk Lắk", "date": "2024-10-05", "memoranda": 1,
             "contracts": 1, "value_vnd": 710},
        ],
    }  # fmt: skip


def test_a_period_counts_both_bounds(events):
    first, second = events
    answer = stats("?from=2024-01-01&to=2024-12-31")
    assert answer["scope"] == {"province": None, "from": "2024-01-01", "to": "2024-12-31", "event": None}
    assert answer["memoranda"] == {"count": 2, "value_vnd": 500}
    assert answer["contracts"] == {
        "count": 3,
        "value_vnd": 4700,
        "delivered_vnd": 3400,
        "by_status": {"signed": 1, "in_progress": 1, "fulfilled": 1, "cancelled": 1},
    }
    assert [
        (row["code"], row["memoranda"], row["contracts"], row["value_vnd"]) for row in answer["by_province"]
    ] == [
        (DAK_LAK, 0, 2, 3700),
        (QUANG_NGAI, 2, 1, 1500),
    ]
    assert [
        (row["id"], row["memoranda"], row["contracts"], row["value_vnd"]) for row in answer["by_event"]
    ] == [
        (first.pk, 2, 2, 4500),
        (second.pk, 0, 1, 700),
    ]


def test_a_province_holds_only_its_documents_of_each_event(events):
    first, _second = events
    answer = stats(f"?province={QUANG_NGAI}")
    assert answer["memoranda"] == {"count": 2, "value_vnd": 500}
    assert answer["contracts"] == {
        "count": 2,
        "value_vnd": 1050,
        "delivered_vnd": 400,
        "by_status": {"signed": 1, "in_progress": 1, "fulfilled": 0, "cancelled": 1},
    }
    assert answer["by_province"] == [
        {"code": QUANG_NGAI, "name": "Tỉnh Quảng Ngãi", "memoranda": 2, "contracts": 2, "value_vnd": 1550}
    ]
    assert answer["by_event"] == [
        {"id": first.pk, "name": "Hội nghị Quảng Ngãi", "date": "2024-09-12", "memoranda": 2, "contracts": 1,
         "value_vnd": 1500}
    ]  # fmt: skip


def test_an_event(events):
    _first, second = events
    answer = stats(f"?event={second.pk}")
    assert answer["scope"]["event"] == second.pk
    assert answer["memoranda"] == {"count": 1, "value_vnd": 10}
    assert answer["contracts"]["by_status"] == {"signed": 1, "in_progress": 0, "fulfilled": 0, "cancelled": 0}
    assert [(row["code"], row["value_vnd"]) for row in answer["by_province"]] == [(DAK_LAK, 710)]
    assert [(row["id"], row["value_vnd"]) for row in answer["by_event"]] == [(second.pk, 710)]


def test_nothing_recorded_still_answers_every_key():
    assert stats("?province=1&from=01/01/2024") == {
        "scope": {"province": 1, "from": "2024-01-01", "to": None, "event": None},
        "memoranda": {"count": 0, "value_vnd": 0},
        "contracts": {
            "count": 0,
            "value_vnd": 0,
            "delivered_vnd": 0,
            "by_status": {"signed": 0, "in_progress": 0, "fulfilled": 0, "cancelled": 0},
        },
        "by_province": [],
        "by_event": [],
    }


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("?province=99", "province"),
        ("?province=Quang%20Ngai", "province"),
        ("?province=-1", "province"),
        ("?from=2024-13-01", "from"),
        ("?to=31/02/2024", "to"),
        ("?from=yesterday", "from"),
        ("?event=999999", "event"),
        ("?event=abc", "event"),
        ("?from=2025-01-02&to=2025-01-01", "to"),
    ],
)
def test_unknown_codes_and_malformed_dates_name_the_parameter(query, parameter):
    response = Client().get(URL + query)
    assert response.status_code == 400
    assert response.json()["detail"].startswith(f"{parameter}: ")


def test_a_period_of_one_day_counts_that_day(events):
    answer = stats("?from=2024-09-12&to=2024-09-12")
    assert answer["scope"] == {"province": None, "from": "2024-09-12", "to": "2024-09-12", "event": None}
    assert (answer["memoranda"], answer["contracts"]) == (
        {"count": 1, "value_vnd": 500},
        {
            "count": 1,
            "value_vnd": 1000,
            "delivered_vnd": 400,
            "by_status": {"signed": 0, "in_progress": 1, "fulfilled": 0, "cancelled": 1},
        },
    )


def test_the_report_page_shows_the_same_figures_and_the_months(events):
    assert trade_statistics_by_month(TradeStatisticsQuery(province=QUANG_NGAI)) == [
        {"month": "01/2024", "memoranda": 1, "contracts": 0, "value_vnd": 0},
        {"month": "09/2024", "memoranda": 1, "contracts": 1, "value_vnd": 1500},
        {"month": "01/2025", "memoranda": 0, "contracts": 1, "value_vnd": 50},
    ]
    html = Client().get(f"/ket-noi/bao-cao/?province={QUANG_NGAI}").content.decode()
    assert "/api/v1/trade/stats?province=51" in html
    assert html.count("<svg") == 3


def test_the_report_page_refuses_a_period_that_ends_before_it_starts(events):
    response = Client().get("/ket-noi/bao-cao/?from=2024-09-12&to=2024-09-11")
    assert response.status_code == 400
    assert response.context["form"].errors == {"to": ["Ngày cuối phải từ ngày đầu trở đi."]}
