"""``GET /api/v1/targets`` through HTTP (contract ``targets.md`` §2): every metric, every status, the
parameters, over the small cast of ``test_flows_api`` (legacy Hà Nam 35, now Ninh Bình 37).

What the cast gives, worked out by hand from its table:
- first certificates from 2021 on: D (potential 5★, 1/6/2021), E (4★), F (3★), G (4★), P (3★), Q (4★),
  A (3★, 2023), H (potential 5★, 2024), K (3★ then 5★ the same day, 2024), O (4★, 31/12/2024): 10 by the end
  of 2024, 6 of them with 4 stars or more (a potential 5★ has 4), 2 potential 5★, 7 by 30/6/2023;
- upgrades from 2021 to mid-2025: B and C 3→4, K 3→5, D 4→5;
- recognised on 31/12/2024: 13 (A B C D E F I K M N O P Q; G, H and J are revoked), of which B C D K O Q have
  4 stars or more: 6/13;
- first recognised 2018–2020: B C I J M N; valid on 31/12/2024: B C N, so 3/6 kept.
"""

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from ocop.accounts.models import Role
from ocop.accounts.tests.factories import UserFactory
from ocop.reports.models import Target
from ocop.reports.targets.definition import definition_from_text
from ocop.reports.targets.services import manual_figure_record, target_create
from ocop.reports.tests.test_flows_api import cast  # noqa: F401 - the fixture

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("cast")]

HA_NAM_PLAN = "Đề án OCOP tỉnh Hà Nam 2021–2025"
HA_NAM_SCOPE = {"scheme": "legacy", "level": "province", "code": 35, "name": "Tỉnh Hà Nam"}


def target(**columns: str) -> Target:
    values = {
        "scope": "legacy_province:35",
        "from": "2021-01-01",
        "to": "2025-12-31",
        "decision": HA_NAM_PLAN,
        "label": columns.get("metric", "") + " " + columns.get("min", ""),
        **columns,
    }
    return target_create(acting_user=None, definition=definition_from_text(values))


def targets(client: Client, **params: str | int) -> list[dict[str, Any]]:
    response = client.get("/api/v1/targets", params)
    assert response.status_code == 200, response.content
    body: list[dict[str, Any]] = response.json()
    return body


def standing(client: Client, made: Target, as_of: str) -> dict[str, Any]:
    """The figures of ``made`` on ``as_of``: what changes with the day."""
    found = next(one for one in targets(client, as_of=as_of) if one["id"] == made.pk)
    return {name: found[name] for name in ("achieved", "projection", "status")}


def test_a_target_in_full(client: Client) -> None:
    made = target(metric="new", min="20", label="20 sản phẩm OCOP mới đạt 3 sao trở lên")
    assert targets(client, as_of="2024-12-31") == [
        {
            "id": made.pk,
            "label": "20 sản phẩm OCOP mới đạt 3 sao trở lên",
            "decision": HA_NAM_PLAN,
            "scope": HA_NAM_SCOPE,
            "from": "2021-01-01",
            "to": "2025-12-31",
            "metric": "new",
            "min_stars": 3,
            "step": None,
            "cohort_from": None,
            "cohort_to": None,
            "target": {"min": 20, "max": None},
            "achieved": 10,
            # 10 in the 1,461 days from 1/1/2021 to 31/12/2024, scaled to the plan's 1,826 days: 12.498…
            "projection": 12.5,
            "status": "behind",
            "as_of": "2024-12-31",
            "evidence": None,
        }
    ]


def test_new_counts_first_certificates_from_the_least_rank(client: Client) -> None:
    three, four, five = (target(metric="new", min="1", min_stars=stars) for stars in ("3", "4", "5"))
    potential = target(metric="new_potential_5", min="3", max="5")
    on = {one["id"]: one["achieved"] for one in targets(client, as_of="2024-12-31")}
    # K's first certificate is its 3★ (recorded before its 5★ of the same day): K counts at 3 stars only.
    assert (on[three.pk], on[four.pk], on[five.pk], on[potential.pk]) == (10, 6, 0, 2)
    # 7 in the 911 days to 30/6/2023, scaled to 1,826: 14.03…
    assert standing(client, three, "2023-06-30") == {"achieved": 7, "projection": 14, "status": "met"}


def test_upgraded_in_all_and_by_step(client: Client) -> None:
    every = target(metric="upgraded", min="4")
    three_four = target(metric="upgraded", min="5", step="3→4")
    # 4 in the 1,642 days to 30/6/2025, scaled to 1,826: 4.448…
    assert standing(client, every, "2025-06-30") == {"achieved": 4, "projection": 4.4, "status": "met"}
    assert standing(client, three_four, "2025-06-30") == {
        "achieved": 2,
        "projection": 2.2,
        "status": "behind",
    }


def test_recognized_and_the_share_at_four_stars_or_more(client: Client) -> None:
    recognized = target(metric="recognized", min="13")
    share = target(metric="share_4_plus", min="0.15")
    assert standing(client, recognized, "2024-12-31") == {"achieved": 13, "projection": 13, "status": "met"}
    assert standing(client, share, "2024-12-31") == {
        "achieved": 6 / 13,
        "projection": 6 / 13,
        "status": "met",
    }


def test_kept_share_of_a_cohort(client: Client) -> None:
    kept = target(metric="kept_share", min="1", cohort_from="2018-01-01", cohort_to="2020-12-31")
    empty = target(metric="kept_share", min="1", cohort_from="2016-01-01", cohort_to="2017-12-31")
    assert standing(client, kept, "2024-12-31") == {"achieved": 0.5, "projection": 0.5, "status": "behind"}
    # On the last day of the plan a target not met is missed; an empty cohort keeps 0.
    assert standing(client, kept, "2025-12-31")["status"] == "missed"
    assert standing(client, empty, "2024-12-31") == {"achieved": 0, "projection": 0, "status": "behind"}


def test_each_status_by_the_day(client: Client) -> None:
    made = target(metric="new", min="12")
    assert standing(client, made, "2020-12-31") == {"achieved": 0, "projection": 0, "status": "not_started"}
    # 10 by the end of 2024 projects to 12.5 ≥ 12: on track, not yet met.
    assert standing(client, made, "2024-12-31") == {"achieved": 10, "projection": 12.5, "status": "on_track"}
    # After the last day the figures stay those of the last day: no new product since O.
    assert standing(client, made, "2026-06-01") == {"achieved": 10, "projection": 10, "status": "missed"}
    short = target(metric="new", min="3", to="2021-06-01")
    # E and Q in 151 of the 152 days: 2.013… rounds to 2.0, below 3.
    assert standing(client, short, "2021-05-31") == {"achieved": 2, "projection": 2, "status": "behind"}
    assert standing(client, short, "2021-06-01") == {"achieved": 3, "projection": 3, "status": "met"}


def test_a_manual_figure_with_its_evidence(client: Client) -> None:
    made = target(metric="manual", min="30", label="30 chủ thể tham gia chuỗi giá trị")
    officer = UserFactory(role=Role.CENTRAL_OFFICER)
    assert standing(client, made, "2024-06-30") == {"achieved": 0, "projection": 0, "status": "behind"}
    for as_of, value, evidence in (
        ("2023-12-31", "12", "Báo cáo 45/BC-SNN ngày 5/1/2024"),
        ("2024-12-31", "31.5", "Báo cáo 12/BC-SNN ngày 6/1/2025"),
    ):
        manual_figure_record(
            acting_user=officer,
            target=made,
            as_of=datetime.date.fromisoformat(as_of),
            value=Decimal(value),
            evidence=evidence,
        )
    found = {one["id"]: one for one in targets(client, as_of="2024-06-30")}[made.pk]
    assert (found["achieved"], found["status"]) == (12, "behind")
    assert found["evidence"] == {
        "as_of": "2023-12-31",
        "text": "Báo cáo 45/BC-SNN ngày 5/1/2024",
        "has_file": False,
    }
    found = {one["id"]: one for one in targets(client, as_of="2025-01-10")}[made.pk]
    assert (found["achieved"], found["status"], found["evidence"]["as_of"]) == (31.5, "met", "2024-12-31")


def test_the_scope_parameters_choose_targets_by_their_exact_scope(client: Client) -> None:
    legacy = target(metric="new", min="5")
    current = target(metric="new", min="5", scope="province:37", **{"from": "2026-01-01", "to": "2030-12-31"})
    national = target(metric="recognized", min="18000", scope="national")
    assert [one["id"] for one in targets(client)] == [national.pk, legacy.pk, current.pk]
    assert [one["id"] for one in targets(client, legacy_province=35)] == [legacy.pk]
    assert [one["id"] for one in targets(client, province=37)] == [current.pk]
    assert targets(client, province=51) == []
    found = {one["id"]: one for one in targets(client, as_of="2024-12-31")}
    assert found[national.pk]["scope"] == {
        "scheme": "current",
        "level": "country",
        "code": None,
        "name": "Việt Nam",
    }
    # Nationally every product counts: the cast's 13 and Trà Vinh's.
    assert found[national.pk]["achieved"] == 14
    assert found[current.pk]["status"] == "not_started"


@pytest.mark.parametrize(
    ("params", "named"),
    [
        ({"province": "abc"}, "province: expected a province code"),
        ({"province": "99"}, "province: no current province with code 99"),
        ({"legacy_province": "99"}, "legacy_province: no pre-2025 (legacy) province with code 99"),
        ({"province": "37", "legacy_province": "35"}, "province, legacy_province: give one scope"),
        ({"as_of": "2025-13-01"}, "as_of: expected a date as YYYY-MM-DD"),
    ],
)
def test_bad_parameters_are_named(client: Client, params: dict[str, str], named: str) -> None:
    response = client.get("/api/v1/targets", params)
    assert response.status_code == 400
    assert response.json()["detail"].startswith(named)
