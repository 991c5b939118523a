import json
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from ocop.trace.epcis import Batch, Movement, MovementKind, Party, batch_epcis_document

SCHEMA = json.loads((Path(__file__).parent / "data" / "epcis-json-schema.json").read_text())
VALIDATOR = jsonschema.Draft7Validator(SCHEMA, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)
PRODUCER = Party("HTX Nước mắm Sa Huỳnh", "https://ocop.gov.vn/producers/12")
STAMPS = [
    "https://ocop.gov.vn/p/51-21400-901-2025/10/L2026-01/21/Qx7pN2vK9sLm4RtA",
    "https://ocop.gov.vn/p/51-21400-901-2025/10/L2026-01/21/b8Zc-3Yw_eHj6UuD",
]


def make_batch(*, gtin: str | None = None, expires_on: date | None = date(2027, 11, 30)) -> Batch:
    return Batch(
        product_code="51-21400-901-2025",
        gtin=gtin,
        lot="L2026-01",
        produced_on=date(2026, 11, 30),
        expires_on=expires_on,
        quantity=Decimal("500"),
        unit_code=None,
        origin_notes="Cá cơm Sa Huỳnh, ủ chượp 12 tháng",
        commissioned_at=datetime(2026, 12, 1, 1, 30, tzinfo=UTC),
    )


def make_document(batch: Batch, movements: list[Movement], stamp_count: int = 2) -> dict[str, Any]:
    return batch_epcis_document(
        batch=batch,
        producer=PRODUCER,
        stamp_uris=STAMPS,
        stamp_count=stamp_count,
        movements=movements,
        domain="ocop.gov.vn",
        created_at=datetime(2026, 12, 5, 2, 0, tzinfo=UTC),
    )


SHIPPED = Movement(
    kind=MovementKind.SHIPPING,
    occurred_at=datetime(2026, 12, 2, 1, 0, tzinfo=UTC),
    from_party=PRODUCER,
    to_party=Party("Siêu thị Co.opmart Quảng Ngãi"),
    quantity=Decimal("120"),
)
RECEIVED = Movement(
    kind=MovementKind.RECEIVING,
    occurred_at=datetime(2026, 12, 3, 4, 0, tzinfo=UTC),
    from_party=PRODUCER,
    to_party=Party("Siêu thị Co.opmart Quảng Ngãi", "https://ocop.gov.vn/outlets/7"),
    quantity=Decimal("120"),
)


def schema_errors(document: dict[str, Any]) -> list[str]:
    return [error.message for error in VALIDATOR.iter_errors(document)]


@pytest.mark.parametrize("gtin", [None, "08934567890126"])
@pytest.mark.parametrize("movements", [[], [RECEIVED, SHIPPED]])
def test_document_validates_against_the_epcis_schema(gtin: str | None, movements: list[Movement]) -> None:
    assert schema_errors(make_document(make_batch(gtin=gtin), movements)) == []


def test_the_schema_refuses_a_broken_document() -> None:
    # Without this, a schema that accepted anything would make the test above pass.
    document = make_document(make_batch(), [])
    del document["epcisBody"]["eventList"][0]["eventTime"]
    assert schema_errors(document) != []


def test_document_header() -> None:
    document = make_document(make_batch(), [])
    assert document["@context"] == [
        "https://ref.gs1.org/standards/epcis/epcis-context.jsonld",
        {"ocop": "https://ocop.gov.vn/ns/epcis/"},
    ]
    assert document["type"] == "EPCISDocument"
    assert document["schemaVersion"] == "2.0"
    assert document["creationDate"] == "2026-12-05T09:00:00+07:00"


def test_commissioning_without_gtin_uses_the_platform_lot_class() -> None:
    [event] = make_document(make_batch(), [])["epcisBody"]["eventList"]
    assert event == {
        "type": "ObjectEvent",
        "eventTime": "2026-12-01T08:30:00+07:00",
        "eventTimeZoneOffset": "+07:00",
        "action": "ADD",
        "bizStep": "commissioning",
        "disposition": "active",
        "epcList": STAMPS,
        "quantityList": [
            {"epcClass": "https://ocop.gov.vn/p/51-21400-901-2025/10/L2026-01", "quantity": 500}
        ],
        "bizLocation": {"id": "https://ocop.gov.vn/producers/12"},
        "ilmd": {
            "cbvmda:lotNumber": "L2026-01",
            "ocop:productionDate": "2026-11-30",
            "cbvmda:itemExpirationDate": "2027-11-30",
            "ocop:originNotes": "Cá cơm Sa Huỳnh, ủ chượp 12 tháng",
        },
        "ocop:producerName": "HTX Nước mắm Sa Huỳnh",
        "ocop:stampCount": 2,
    }


def test_commissioning_with_gtin_uses_the_lgtin() -> None:
    [event] = make_document(make_batch(gtin="08934567890126", expires_on=None), [])["epcisBody"]["eventList"]
    assert event["quantityList"] == [
        {"epcClass": "https://id.gs1.org/01/08934567890126/10/L2026-01", "quantity": 500}
    ]
    assert "cbvmda:itemExpirationDate" not in event["ilmd"]


def test_a_sample_of_stamps_is_not_written_as_the_epc_list() -> None:
    [event] = make_document(make_batch(), [], stamp_count=500)["epcisBody"]["eventList"]
    assert "epcList" not in event
    assert event["ocop:stampCount"] == 500


def test_movements_in_time_order_with_known_parties_only_in_source_and_destination() -> None:
    _, shipping, receiving = make_document(make_batch(), [RECEIVED, SHIPPED])["epcisBody"]["eventList"]
    assert shipping == {
        "type": "ObjectEvent",
        "eventTime": "2026-12-02T08:00:00+07:00",
        "eventTimeZoneOffset": "+07:00",
        "action": "OBSERVE",
        "bizStep": "shipping",
        "disposition": "in_transit",
        "quantityList": [
            {"epcClass": "https://ocop.gov.vn/p/51-21400-901-2025/10/L2026-01", "quantity": 120}
        ],
        "sourceList": [{"type": "owning_party", "source": "https://ocop.gov.vn/producers/12"}],
        "ocop:fromPartyName": "HTX Nước mắm Sa Huỳnh",
        "ocop:toPartyName": "Siêu thị Co.opmart Quảng Ngãi",
    }
    assert receiving["bizStep"] == "receiving"
    assert receiving["disposition"] == "in_progress"
    assert receiving["eventTime"] == "2026-12-03T11:00:00+07:00"
    assert receiving["destinationList"] == [
        {"type": "owning_party", "destination": "https://ocop.gov.vn/outlets/7"}
    ]


def test_a_naive_time_is_refused() -> None:
    batch = make_batch()
    naive = Batch(**{**batch.__dict__, "commissioned_at": datetime(2026, 12, 1, 8, 30)})
    with pytest.raises(ValueError, match="aware"):
        make_document(naive, [])
