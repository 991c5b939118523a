import datetime

import pytest
from django.utils import timezone

from ocop.trade.schemas import MatchListOut
from ocop.trade.tests.labelled import labelled_products

URL = "/api/v1/trade/matches"


@pytest.mark.django_db
def test_the_answer_has_the_contract_shape(client):
    products = labelled_products()
    response = client.get(URL, {"sector": 1, "min_stars": 4, "certifications": "vietgap,organic"})
    assert response.status_code == 200
    body = response.json()
    MatchListOut.model_validate(body)
    honey = products["Mật ong 5 sao"]
    assert body == {
        "count": 2,
        "items": [
            {
                "product": {
                    "code": honey.code,
                    "name": "Mật ong 5 sao",
                    "url": f"http://testserver/san-pham/{honey.pk}/mat-ong-5-sao/",
                },
                "producer": {
                    "name": "Chủ thể Mật ong 5 sao",
                    "type": "hop_tac_xa",
                    "province": {"code": 51, "name": "Tỉnh Quảng Ngãi"},
                },
                "stars": 5,
                "potential_five_star": False,
                "certificate": {
                    "status": "valid",
                    "valid_until": honey.certificates.get().valid_until.isoformat(),
                },
                "certifications": ["vietgap", "organic", "haccp"],
                "score": 0.8,
                "reasons": [
                    f"5★ còn hiệu lực đến {honey.certificates.get().valid_until:%d/%m/%Y}",
                    "VietGAP",
                    "Hữu cơ (Organic)",
                    "HACCP",
                    "Còn hiệu lực trên một năm",
                ],
            },
            body["items"][1],
        ],
    }
    assert body["items"][1]["product"]["name"] == "Nước mắm 4 sao"
    assert body["items"][1]["score"] == 0.5


@pytest.mark.django_db
def test_every_constraint_is_met_and_count_is_exact(client):
    labelled_products()
    assert client.get(URL).json()["count"] == 7
    assert client.get(URL, {"province": 66}).json()["count"] == 1
    assert client.get(URL, {"min_stars": 5}).json()["count"] == 2
    assert client.get(URL, {"product_set": "2.1"}).json()["count"] == 1  # Arabic sector numbers too
    assert client.get(URL, {"q": "nuoc mam"}).json()["count"] == 1
    past = (timezone.localdate() - datetime.timedelta(days=1100)).isoformat()
    assert [item["product"]["name"] for item in client.get(URL, {"on": past}).json()["items"]] == [
        "Chè hết hạn"
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("parameters", "named"),
    [
        ({"sector": 7}, "sector"),
        ({"sector": "một"}, "sector"),
        ({"min_stars": 2}, "min_stars"),
        ({"certifications": "vietgap,iso"}, "certifications"),
        ({"province": 999}, "province"),
        ({"legacy_province": 999}, "legacy_province"),
        ({"product_set": "X.9"}, "product_set"),
        ({"on": "31/12/2026"}, "on"),
        ({"page": 0}, "page"),
    ],
)
def test_a_malformed_parameter_is_422_naming_it(client, parameters, named):
    response = client.get(URL, parameters)
    assert response.status_code == 422
    assert [issue["loc"] for issue in response.json()["detail"]] == [["query", named]]


@pytest.mark.django_db
def test_the_last_day_there_is_answers(client):
    labelled_products()
    assert client.get(URL, {"on": "9999-12-31"}).json() == {"count": 0, "items": []}


@pytest.mark.django_db
def test_no_contacts_are_in_the_answer(client):
    products = labelled_products()
    producer = products["Mật ong 5 sao"].producer
    producer.phone, producer.email, producer.representative = (
        "0912345678",
        "mat.ong@example.test",
        "Bà Lê Thị Ong",
    )
    producer.save()
    text = client.get(URL).content.decode()
    for contact in ("0912345678", "mat.ong@example.test", "Lê Thị Ong"):
        assert contact not in text


@pytest.mark.django_db
def test_matching_is_rate_limited_per_client(client, settings):
    settings.NINJA_DEFAULT_THROTTLE_RATES = {**settings.NINJA_DEFAULT_THROTTLE_RATES, "anon": "3/min"}
    statuses = [client.get(URL).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
