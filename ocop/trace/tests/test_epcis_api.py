import json
from pathlib import Path

import jsonschema

from ocop.trace import services

SCHEMA = json.loads((Path(__file__).parent / "data" / "epcis-json-schema.json").read_text())


def test_a_batch_history_is_an_epcis_document_without_its_serials(client, batch):
    run = services.stamps_issue(acting_user=None, batch=batch, count=4)
    serials = list(run.stamps.values_list("serial", flat=True))

    response = client.get(f"/api/v1/trace/batches/{batch.pk}/epcis")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/ld+json"
    document = response.json()
    jsonschema.validate(document, SCHEMA)
    [commissioning] = document["epcisBody"]["eventList"]
    assert (commissioning["bizStep"], commissioning["action"], "epcList" in commissioning) == (
        "commissioning",
        "ADD",
        False,
    )
    assert commissioning["quantityList"] == [
        {"epcClass": "http://127.0.0.1:8000/p/51-21400-901-2025/10/L2026-01", "quantity": 4}
    ]
    assert commissioning["ilmd"]["cbvmda:lotNumber"] == "L2026-01"
    assert not any(serial in response.content.decode() for serial in serials)


def test_an_unknown_batch_is_404(client, db):
    assert client.get("/api/v1/trace/batches/999999/epcis").status_code == 404
