"""``manage.py load_demo_trade``: the demo buyer is verified, its demands match demo products, the demo
producer has offered; a second run changes nothing."""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from ocop.accounts.tests.factories import MO_DUC
from ocop.core.models import AuditEvent
from ocop.registry.demo.members import demo_producer_members_link
from ocop.registry.tests.factories import commune, make_certificate, make_producer, make_product
from ocop.trade.demo import BUYER_EMAIL, BUYER_NAME, PRODUCER_EMAIL
from ocop.trade.models import Buyer, Demand, Offer, Verification


@pytest.fixture
def ready(db, settings, monkeypatch):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    monkeypatch.delenv("DATABASE_URL", raising=False)  # load_demo_users refuses what looks like production
    call_command("load_demo_users", stdout=io.StringIO())
    producer = make_producer(unit=commune(MO_DUC), name="Công ty TNHH MTV Cà phê Mộ Đức")
    product = make_product(producer=producer, name="Cà phê rang xay Mộ Đức", product_set="I.6")
    make_certificate(product, stars=4, decision_date=datetime.date(2025, 5, 19))
    demo_producer_members_link()


def load() -> str:
    output = io.StringIO()
    call_command("load_demo_trade", stdout=output)
    return output.getvalue()


def everything() -> dict[str, list[int]]:
    return {
        model.__name__: sorted(model.objects.values_list("pk", flat=True))
        for model in (Buyer, Demand, Offer, AuditEvent)
    }


def test_the_demo_buyer_lands_on_real_work_and_a_second_run_changes_nothing(ready):
    printed = load()
    before = everything()
    assert load() == printed
    assert everything() == before

    buyer = Buyer.objects.get(name=BUYER_NAME)
    assert buyer.verification == Verification.VERIFIED
    assert list(buyer.members.values_list("email", flat=True)) == [BUYER_EMAIL]
    assert buyer.demands.count() == 4
    assert Offer.objects.get().product.name == "Cà phê rang xay Mộ Đức"
    assert "Sản phẩm cà phê, ca cao: nguồn hàng cho chuỗi cửa hàng: 1 matching products, 1 offers" in printed

    client = Client()
    client.force_login(buyer.members.get())
    page = client.get("/giao-thuong/").content.decode()
    assert "Cà phê rang xay Mộ Đức" in page
    producer_client = Client()
    producer_client.force_login(Offer.objects.get().product.producer.members.get(email=PRODUCER_EMAIL))
    assert (
        "nguồn hàng cho chuỗi cửa hàng"
        in producer_client.get("/giao-thuong/nhu-cau-phu-hop/").content.decode()
    )


def test_without_the_demo_accounts_it_says_so(db):
    with pytest.raises(CommandError, match="load_demo_users"):
        load()
