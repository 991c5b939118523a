"""The officers' dashboard, ``/thong-ke/bang-dieu-khien/``: who sees it, whose figures, where officers land.

Quảng Ngãi (51) holds three recognised products: a 4★ of Mộ Đức first decided on 1/6/2021, a 5★ of Cẩm
Thành on 1/6/2022 and a 3★ of Mộ Đức on 1 March this year, upgraded to 4★ on 1 April; Đắk Lắk (66) one 3★
of 2023. A contract of each province, and one of Quảng Ngãi that a buyer recorded and its producer has
not confirmed yet.
"""

import datetime

import pytest
from django.test import Client

from ocop.accounts.models import Role
from ocop.accounts.tests.factories import DAK_LAK, UserFactory
from ocop.registry.tests.factories import commune, make_certificate, make_producer, make_product
from ocop.reports.selectors import today
from ocop.trade.models import Agreement, AgreementKind, BuyerType, ProducerAnswer

pytestmark = pytest.mark.django_db

MO_DUC, CAM_THANH, BUON_MA_THUOT = 21400, 21025, 24133
TODAY = today()
URL = "/thong-ke/bang-dieu-khien/"
YEARS = list(range(2019, TODAY.year + 1))


def agreement(province_code: int, value: int, **fields) -> Agreement:
    return Agreement.objects.create(
        kind=AgreementKind.CONTRACT,
        signed_on=datetime.date(TODAY.year, 2, 1),
        identity=f"{province_code}-{value}",
        buyer_name="Siêu thị Thử",
        buyer_type=BuyerType.SUPERMARKET,
        producer_name="Hợp tác xã Thử",
        province_code=province_code,
        value_vnd=value,
        **fields,
    )


@pytest.fixture
def recognised(db) -> None:
    mo_duc = make_producer(unit=commune(MO_DUC), name="Hợp tác xã Mộ Đức")
    make_certificate(
        make_product(producer=mo_duc, name="Tỏi Mộ Đức"), stars=4, decision_date=datetime.date(2021, 6, 1)
    )
    garlic = make_product(producer=mo_duc, name="Mứt gừng Mộ Đức")
    make_certificate(garlic, stars=3, decision_date=datetime.date(TODAY.year, 3, 1))
    make_certificate(garlic, stars=4, decision_date=datetime.date(TODAY.year, 4, 1))
    cam_thanh = make_producer(unit=commune(CAM_THANH), name="Công ty Cẩm Thành")
    make_certificate(
        make_product(producer=cam_thanh, name="Mực Cẩm Thành"),
        stars=5,
        decision_date=datetime.date(2022, 6, 1),
    )
    ea_tu = make_producer(unit=commune(BUON_MA_THUOT), name="Hợp tác xã Ea Tu")
    make_certificate(
        make_product(producer=ea_tu, name="Cà phê Ea Tu"), stars=3, decision_date=datetime.date(2023, 6, 1)
    )
    agreement(51, 400_000_000)
    agreement(51, 90_000_000, producer_answer=ProducerAnswer.PENDING)
    agreement(DAK_LAK, 700_000_000)


def signed_in(role: Role, **fields) -> Client:
    client = Client()
    client.force_login(UserFactory(role=role, **fields))
    return client


def test_a_province_officer_sees_the_province_figures(recognised):
    response = signed_in(Role.PROVINCE_OFFICER).get(URL)

    assert response.status_code == 200
    board = response.context["board"]
    assert board.scope.province.code == 51
    by_year = dict(board.new_by_year)
    assert list(by_year) == YEARS
    assert by_year[2021] == {"3": 0, "4": 1, "5_potential": 0, "5": 0}
    assert by_year[2022] == {"3": 0, "4": 0, "5_potential": 0, "5": 1}
    assert by_year[2023] == {"3": 0, "4": 0, "5_potential": 0, "5": 0}
    assert by_year[TODAY.year] == {"3": 1, "4": 0, "5_potential": 0, "5": 0}
    assert board.flows_this_year == {
        "new": 1,
        "upgraded": 1,
        "renewed": 0,
        "downgraded": 0,
        "revoked": 0,
        "lapsed": 0,
    }
    assert board.trade.contracts == 1
    assert board.trade.contracts_value_vnd == 400_000_000
    assert board.trade.awaiting_confirmation == 1
    html = response.content.decode()
    assert html.count('<svg class="column-chart"') == 1
    assert html.count('<svg class="bar-chart"') == 1  # the flows; no dossier in progress, no chart
    assert '<svg class="tile-map"' not in html
    assert "<caption>Sản phẩm được công nhận mới theo năm</caption>" in html
    assert "400.000.000" in html
    assert "700.000.000" not in html
