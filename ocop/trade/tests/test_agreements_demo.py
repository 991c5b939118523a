"""``load_demo_agreements``: an event in Quảng Ngãi with memoranda and contracts, once."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from ocop.accounts.tests.factories import MO_DUC
from ocop.core.models import AuditEvent
from ocop.notifications.models import Notification
from ocop.registry.demo.members import demo_producer_members_link
from ocop.registry.tests.factories import commune, make_producer, make_product
from ocop.trade.models import Agreement, AgreementImport, Buyer, BuyerType, ConnectionEvent, Meeting

pytestmark = pytest.mark.django_db


def test_the_demo_loads_once_and_finds_a_buyer_made_by_another_loader(capsys):
    with pytest.raises(CommandError, match="load_demo"):
        call_command("load_demo_agreements")
    for number in range(3):
        producer = make_producer(tax_code=f"43000000{number:02d}")
        make_product(producer=producer, code=f"QNG-DEMO-{number}")
    existing = Buyer.objects.create(
        name="siêu thị co.opmart quảng ngãi", buyer_type=BuyerType.OTHER, province_code=51
    )
    call_command("load_demo_agreements")
    assert "7 documents created, 0 unchanged" in capsys.readouterr().out
    event = ConnectionEvent.objects.get()
    assert (event.province_code, event.organiser) == (51, "Sở Công Thương tỉnh Quảng Ngãi")
    assert Buyer.objects.count() == 2
    assert Agreement.objects.filter(buyer=existing).count() == 4
    assert Agreement.objects.filter(kind="contract", status="cancelled").count() == 1
    assert Agreement.objects.filter(producer__isnull=True).count() == 0
    call_command("load_demo_agreements")
    assert "0 documents created, 7 unchanged" in capsys.readouterr().out
    assert (Agreement.objects.count(), AgreementImport.objects.count(), Meeting.objects.count()) == (7, 1, 2)


def test_with_the_demo_accounts_the_demo_producer_lands_on_a_confirmation_to_give(db, settings, monkeypatch):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    monkeypatch.delenv("DATABASE_URL", raising=False)  # load_demo_users refuses what looks like production
    call_command("load_demo_users", stdout=io.StringIO())
    own = make_producer(unit=commune(MO_DUC), name="Công ty TNHH MTV Cà phê Mộ Đức", tax_code="4300000900")
    make_product(producer=own, name="Cà phê rang xay Mộ Đức", code="QNG-CP-01")
    demo_producer_members_link()
    for number in range(2):
        producer = make_producer(tax_code=f"43000000{number:02d}")
        make_product(producer=producer, code=f"QNG-DEMO-{number}")
    call_command("load_demo_agreements", stdout=io.StringIO())
    waiting = Agreement.objects.get(producer_answer="pending")
    assert (waiting.kind, waiting.document_no, str(waiting.buyer), waiting.producer, waiting.buyer_name) == (
        "mou",
        "09/2026/BBGN-ST",
        "Công ty TNHH Phân phối Nông sản Sông Trà",
        own,
        "Công ty TNHH Phân phối Nông sản Sông Trà",
    )
    asked = Notification.objects.filter(recipient__email="chuthe.moduc@demo.ocop.vn", kind="trade.agreement")
    assert asked.count() == 1
    page = Client().get("/ket-noi/bao-cao/").content.decode()
    assert "1 văn bản do bên mua ghi (giá trị 0 đồng) đang chờ chủ thể xác nhận và chưa được tính." in page
    stats = Client().get("/api/v1/trade/stats").json()
    assert (stats["memoranda"]["count"], stats["contracts"]["count"]) == (3, 3)  # the pending one left out
    counts = (Agreement.objects.count(), Meeting.objects.count(), AuditEvent.objects.count())
    call_command("load_demo_agreements", stdout=io.StringIO())
    assert (Agreement.objects.count(), Meeting.objects.count(), AuditEvent.objects.count()) == counts
    assert counts[:2] == (8, 3)
    assert asked.count() == 1
