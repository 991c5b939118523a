"""Acceptance: the published Trà Vinh example, imported, answers every figure of its expected reference."""

import json
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from ocop.registry.importing import recognitions_import

pytestmark = pytest.mark.django_db

DATA = Path(settings.BASE_DIR).parent / "shared" / "data"


@pytest.fixture
def expected() -> dict[str, Any]:
    return json.loads((DATA / "tra-vinh-2019-2022.expected.json").read_text(encoding="utf-8"))


@pytest.fixture
def imported() -> None:
    content = (DATA / "tra-vinh-2019-2022.csv").read_bytes()
    result = recognitions_import(acting_user=None, file_name="tra-vinh-2019-2022.csv", content=content)
    assert result.ok, result.errors


def test_tra_vinh_matches_the_reference(client: Client, imported: None, expected: dict[str, Any]) -> None:
    reference = expected["reference"]
    response = client.get("/api/v1/stats", expected["query"])
    assert response.status_code == 200
    body = response.json()

    assert body["as_of"] == "2022-12-31"
    assert body["scope"] == {"scheme": "legacy", "level": "province", "code": 84, "name": "Tỉnh Trà Vinh"}
    products = body["products"]
    assert products["recognized"] == reference["products"]["recognized"] == 184
    assert products["valid"] == reference["products"]["valid"] == 169
    assert products["by_rank"] == reference["products"]["by_rank"]
    assert products["valid_by_rank"] == reference["products"]["valid_by_rank"]
    # The reference leaves out sectors without products; the endpoint says 0 for them.
    assert products["by_group"] == {"5": 0, **reference["products"]["by_group"]}
    assert products["by_producer_type"] == reference["products"]["by_producer_type"]
    assert body["producers"] == reference["producers"]
    assert body["units"] == {
        **reference["units"],
        "districts_total": 9,
        "communes_total": 104,
    }
    assert {row["name"]: row["recognized"] for row in body["by_unit"]} == reference["by_district"]
    recognized = [row["recognized"] for row in body["by_unit"]]
    assert recognized == sorted(recognized, reverse=True)
    assert sum(row["valid"] for row in body["by_unit"]) == 169
    assert body["by_region"] is None


def test_tra_vinh_in_the_current_scheme_and_nationally(client: Client, imported: None) -> None:
    # Legacy Trà Vinh is part of current Vĩnh Long (86), which holds no other product here.
    day = "2022-12-31"
    current = client.get("/api/v1/stats", {"province": "86", "as_of": day}).json()
    legacy = client.get("/api/v1/stats", {"legacy_province": "84", "as_of": day}).json()
    assert current["products"] == legacy["products"]
    assert current["producers"] == legacy["producers"]
    assert sum(row["recognized"] for row in current["by_unit"]) == 184

    national = client.get("/api/v1/stats", {"scheme": "legacy", "as_of": day}).json()
    assert national["by_unit"][0] == {"code": 84, "name": "Tỉnh Trà Vinh", "recognized": 184, "valid": 169}
    assert national["by_region"]["dong_bang_song_cuu_long"] == 184
    assert sum(national["by_region"].values()) == 184

    # Before the first decision nothing is recognised.
    early = client.get("/api/v1/stats", {"legacy_province": "84", "as_of": "2018-12-31"}).json()
    assert early["products"]["recognized"] == 0
