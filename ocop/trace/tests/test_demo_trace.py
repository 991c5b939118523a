"""``manage.py load_demo_trace``: the demo producer's stamps answer valid, copied-looking, expired and
revoked, with the same URIs on every fresh load; a second run changes nothing."""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command

from ocop.accounts.tests.factories import MO_DUC
from ocop.core.models import AuditEvent
from ocop.registry.demo.members import demo_producer_members_link
from ocop.registry.tests.factories import commune, make_certificate, make_producer, make_product
from ocop.trace.demo import demo_serial
from ocop.trace.models import Batch, Scan, Shipment, Stamp, StampRun, UnknownScan

JSON = {"HTTP_ACCEPT": "application/json"}


@pytest.fixture
def ready(db, settings, monkeypatch):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    monkeypatch.delenv("DATABASE_URL", raising=False)  # load_demo_users refuses what looks like production
    call_command("load_demo_users", stdout=io.StringIO())
    producer = make_producer(unit=commune(MO_DUC), name="Công ty TNHH MTV Cà phê Mộ Đức")
    product = make_product(producer=producer, name="Cà phê rang xay Mộ Đức", product_set="I.6")
    product.code = "51-533-21424-168-2020"
    product.save(update_fields=["code"])
    make_certificate(product, stars=4, decision_date=datetime.date(2025, 5, 19))
    demo_producer_members_link()


def load() -> list[str]:
    output = io.StringIO()
    call_command("load_demo_trace", stdout=output)
    return [line.split(": ", 1)[1] for line in output.getvalue().splitlines()[1:]]


def everything() -> dict[str, list[int]]:
    return {
        model.__name__: sorted(model.objects.values_list("pk", flat=True))
        for model in (Batch, StampRun, Stamp, Scan, UnknownScan, Shipment, AuditEvent)
    }


def test_the_demo_stamps_answer_each_verdict_and_a_second_run_changes_nothing(ready, client):
    uris = load()
    before = everything()

    assert load() == uris
    assert everything() == before
    valid, copied, expired, revoked = (
        client.get(uri.removeprefix("http://127.0.0.1:8000"), **JSON).json() for uri in uris
    )
    assert uris[0] == (
        f"http://127.0.0.1:8000/p/51-533-21424-168-2020/10/MD-2611-01/21/{demo_serial('MD-2611-01:0')}"
    )
    assert (valid["verdict"], valid["scans"], valid["warning"]) == ("valid", 4, None)
    assert (copied["verdict"], copied["scans"]) == ("valid", 27)
    assert copied["warning"].startswith("Tem này đã được quét 27 lần từ ")
    assert expired["verdict"] == "expired"
    assert revoked["verdict"] == "revoked"
    assert StampRun.objects.get(batch__lot="PP-2610-03").overridden_warning == "expired"
    assert UnknownScan.objects.count() == 3
    assert list(
        Shipment.objects.order_by("shipped_at").values_list(
            "batch__lot", "quantity", "destination_name", "received_quantity"
        )
    ) == [
        ("MD-2611-01", 400, "Siêu thị Co.opmart Quảng Ngãi", 400),
        ("MD-2611-01", 240, "Điểm bán sản phẩm OCOP Đà Nẵng", None),
    ]


def test_without_the_demo_accounts_the_loader_says_what_to_run_and_writes_nothing(db):
    before = everything()

    with pytest.raises(CommandError, match=r"demo accounts missing \(run load_demo_users\)"):
        load()

    assert everything() == before
