"""``load_demo_agreements``: an event in Quảng Ngãi with memoranda and contracts, once."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from ocop.registry.tests.factories import make_producer, make_product
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
