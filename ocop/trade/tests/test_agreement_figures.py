"""Trade's figures on the officers' dashboard: memoranda and contracts each officer's lists show, counted by
the trade statistics' rules (trusted documents only, cancelled ones left out), and those awaiting the
producer's confirmation.

Quảng Ngãi (51): a memorandum of 100 million đồng; contracts of 400 million (50 million delivered), 300
million cancelled, 90 million a buyer recorded and its producer has not confirmed, 80 million disputed, 70
million confirmed. Đắk Lắk (66): a contract of 700 million.
"""

import datetime

import pytest

from ocop.accounts.models import Role, User
from ocop.accounts.tests.factories import DAK_LAK, QUANG_NGAI, UserFactory, province
from ocop.trade.agreements.figures import TradeFigures, dashboard_figures
from ocop.trade.models import Agreement, AgreementKind, AgreementStatus, BuyerType, ProducerAnswer

MILLION = 1_000_000


def recorded(province_code: int, kind: AgreementKind, millions: int, **fields) -> None:
    Agreement.objects.create(
        kind=kind,
        signed_on=datetime.date(2026, 3, 1),
        identity=f"{province_code}-{kind}-{millions}",
        buyer_name="Siêu thị Thử",
        buyer_type=BuyerType.SUPERMARKET,
        producer_name="Hợp tác xã Thử",
        province_code=province_code,
        value_vnd=millions * MILLION,
        **fields,
    )


@pytest.fixture
def officers(db) -> dict[str, User]:
    contract, memorandum = AgreementKind.CONTRACT, AgreementKind.MEMORANDUM
    recorded(QUANG_NGAI, memorandum, 100)
    recorded(QUANG_NGAI, contract, 400, delivered_vnd=50 * MILLION, status=AgreementStatus.IN_PROGRESS)
    recorded(QUANG_NGAI, contract, 300, status=AgreementStatus.CANCELLED)
    recorded(QUANG_NGAI, contract, 90, producer_answer=ProducerAnswer.PENDING)
    recorded(QUANG_NGAI, contract, 80, producer_answer=ProducerAnswer.DISPUTED, dispute_reason="Không ký")
    recorded(QUANG_NGAI, contract, 70, producer_answer=ProducerAnswer.CONFIRMED)
    recorded(DAK_LAK, contract, 700)
    return {
        "commune": UserFactory(role=Role.COMMUNE_OFFICER),
        "province": UserFactory(role=Role.PROVINCE_OFFICER, unit=province(QUANG_NGAI)),
        "other_province": UserFactory(role=Role.PROVINCE_OFFICER, unit=province(DAK_LAK)),
        "central": UserFactory(role=Role.CENTRAL_OFFICER),
        "producer": UserFactory(role=Role.PRODUCER),
        "buyer": UserFactory(role=Role.BUYER),
    }


NOTHING = TradeFigures(0, 0, 0, 0, 0, 0)
DAK_LAK_ONLY = TradeFigures(0, 0, 1, 700 * MILLION, 0, 0)


@pytest.mark.parametrize(
    ("who", "province_code", "expected"),
    [
        ("province", None, TradeFigures(1, 100 * MILLION, 2, 470 * MILLION, 50 * MILLION, 1)),
        ("central", None, TradeFigures(1, 100 * MILLION, 3, 1170 * MILLION, 50 * MILLION, 1)),
        ("central", DAK_LAK, DAK_LAK_ONLY),
        ("other_province", None, DAK_LAK_ONLY),
        ("other_province", QUANG_NGAI, NOTHING),
        # Events and agreements are followed by the province: a commune officer's list holds none.
        ("commune", None, NOTHING),
        ("producer", None, NOTHING),
        ("buyer", None, NOTHING),
    ],
)
def test_each_officer_counts_the_trusted_documents_of_their_scope(officers, who, province_code, expected):
    assert dashboard_figures(officers[who], province_code=province_code) == expected
