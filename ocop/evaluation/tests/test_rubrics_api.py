"""The public rubrics API against the contract, on every one of the 26 sheets, with expectations read from
the shipped file itself (an independent reading of the sheets, not the tables the loader wrote)."""

import json
from collections import Counter

import pytest
from django.test import Client

from ocop.accounts.models import Role
from ocop.accounts.tests.factories import UserFactory
from ocop.core.models import AuditEvent
from ocop.evaluation.models import RubricStatus, RubricVersion
from ocop.evaluation.rubric_files import RUBRICS_DIR
from ocop.evaluation.services import rubric_draft_create

SHEETS = {
    sheet["product_set"]["annex_I_code"]: sheet
    for sheet in json.loads((RUBRICS_DIR / "qd-26-2026.json").read_text(encoding="utf-8"))["product_sets"]
}
BANDS = ((90, 5), (70, 4), (50, 3), (30, 2), (0, 1))  # the README of the sheets: 90–100 5★ … <30 1★


def raw_criteria(code: str):
    return [
        (part["code"], criterion)
        for part in SHEETS[code]["parts"]
        for group in part["groups"]
        for criterion in group["criteria"]
    ]


def chosen(detail: dict, pick) -> dict[str, int]:
    """One option per criterion of the API's sheet, ``pick`` choosing among its options."""
    return {
        criterion["code"]: pick(criterion["options"], key=lambda option: option["points"])["id"]
        for part in detail["parts"]
        for group in part["groups"]
        for criterion in group["criteria"]
    }


def expected_worst(code: str) -> dict:
    """What the worst answers score, computed from the file's own numbers and the README's rule."""
    lowest = {
        criterion["code"]: min(o["points"] for o in criterion["options"])
        for _, criterion in raw_criteria(code)
    }
    by_part: Counter[str] = Counter()
    for part, criterion in raw_criteria(code):
        by_part[part] += lowest[criterion["code"]]
    total = sum(by_part.values())
    rank = next(stars for least, stars in BANDS if total >= least)
    unmet = sorted(
        (
            {
                "criterion": criterion["code"],
                "stars": int(stars),
                "min_points": least,
                "points": lowest[criterion["code"]],
            }
            for _, criterion in raw_criteria(code)
            for stars, least in sorted((criterion.get("mandatory_for_stars") or {}).items())
            if lowest[criterion["code"]] < least
        ),
        key=lambda item: item["stars"],
    )
    first_unmet = min((item["stars"] for item in unmet), default=rank + 1)
    stars = min(rank, first_unmet - 1)
    return {
        "total": total,
        "by_part": dict(by_part),
        "rank_by_points": rank,
        "stars": stars,
        "recognisable": stars >= 3,
        "unmet_minimums": unmet,
        "missing": [],
    }


def test_every_sheet_is_listed_read_verbatim_and_scored_best_and_worst(rubrics):
    client = Client(enforce_csrf_checks=True)
    listed = client.get("/api/v1/rubrics").json()

    assert sorted(item["product_set"]["code"] for item in listed) == sorted(SHEETS)
    for item in listed:
        code = item["product_set"]["code"]
        raw = SHEETS[code]
        assert item["decision"] == "26/2026/QĐ-TTg"
        assert (item["version"], item["status"], item["valid_from"]) == (1, "active", "2026-05-22")

        detail = client.get(f"/api/v1/rubrics/{item['id']}").json()
        assert list(detail) == [
            "id",
            "decision",
            "version",
            "status",
            "source",
            "product_set",
            "bands",
            "parts",
        ]
        assert detail["bands"] == [
            {"stars": 5, "min_points": 90},
            {"stars": 4, "min_points": 70},
            {"stars": 3, "min_points": 50},
            {"stars": 2, "min_points": 30},
            {"stars": 1, "min_points": 0},
        ]
        assert [(p["code"], p["max_points"]) for p in detail["parts"]] == [("A", 40), ("B", 25), ("C", 35)]
        assert [(p["code"], p["max_points"]) for p in detail["parts"]] == [
            (p["code"], p["max_points"]) for p in raw["parts"]
        ]
        api_criteria = [c for p in detail["parts"] for g in p["groups"] for c in g["criteria"]]
        assert [
            (
                c["code"],
                c["text"],
                c["max_points"],
                [(o["text"], o["points"], o["case"]) for o in c["options"]],
            )
            for c in api_criteria
        ] == [
            (
                c["code"],
                c["text"],
                c["max_points"],
                [(o["text"], o["points"], o.get("case")) for o in c["options"]],
            )
            for _, c in raw_criteria(code)
        ]
        assert [c["mandatory_for_stars"] for c in api_criteria] == [
            c.get("mandatory_for_stars") or {} for _, c in raw_criteria(code)
        ]

        best = client.post(
            f"/api/v1/rubrics/{item['id']}/score",
            {"answers": chosen(detail, max)},
            content_type="application/json",
        )
        assert best.status_code == 200, code
        assert best.json() == {
            "total": 100,
            "by_part": {"A": 40, "B": 25, "C": 35},
            "rank_by_points": 5,
            "stars": 5,
            "recognisable": True,
            "unmet_minimums": [],
            "missing": [],
        }, code

        worst = client.post(
            f"/api/v1/rubrics/{item['id']}/score",
            {"answers": chosen(detail, min)},
            content_type="application/json",
        )
        assert worst.json() == expected_worst(code), code


def test_the_lowest_sheets_read_as_the_file_says(rubrics):
    # Two sheets spelled out, so that the computed expectations above are themselves checked.
    assert expected_worst("I.3.c")["total"] == 16
    assert expected_worst("VI.1")["total"] == 31
    assert expected_worst("VI.1")["rank_by_points"] == 2


@pytest.fixture
def sheet_answers(client, sheet_i3c) -> dict[str, int]:
    return chosen(client.get(f"/api/v1/rubrics/{sheet_i3c.pk}").json(), max)


def score(client, version_id: int, answers: dict) -> tuple[int, dict]:
    response = client.post(
        f"/api/v1/rubrics/{version_id}/score", {"answers": answers}, content_type="application/json"
    )
    return response.status_code, response.json()


def test_a_92_point_answer_missing_one_5_star_minimum_holds_4_stars(client, sheet_i3c, sheet_answers):
    parts = client.get(f"/api/v1/rubrics/{sheet_i3c.pk}").json()["parts"]
    flat = {c["code"]: c for p in parts for g in p["groups"] for c in g["criteria"]}

    def option(code: str, points: int) -> int:
        return next(o["id"] for o in flat[code]["options"] if o["points"] == points)

    # 1.5 (3 points, at least 3 for 5 stars, 2 for 4) answered with 2; 4.3 (5) with 0 and 1.2 (2) with 0,
    # neither with a minimum: 100 - 1 - 5 - 2 = 92.
    answers = {**sheet_answers, "1.5": option("1.5", 2), "4.3": option("4.3", 0), "1.2": option("1.2", 0)}

    status, body = score(client, sheet_i3c.pk, answers)

    assert status == 200
    assert (flat["1.5"]["mandatory_for_stars"], flat["4.3"]["mandatory_for_stars"]) == ({"4": 2, "5": 3}, {})
    assert body == {
        "total": 92,
        "by_part": {"A": 37, "B": 20, "C": 35},
        "rank_by_points": 5,
        "stars": 4,
        "recognisable": True,
        "unmet_minimums": [{"criterion": "1.5", "stars": 5, "min_points": 3, "points": 2}],
        "missing": [],
    }


def test_unanswered_criteria_are_missing_and_not_recognisable(client, sheet_i3c, sheet_answers):
    answers = dict(sheet_answers)
    del answers["1.1"]

    status, body = score(client, sheet_i3c.pk, answers)

    assert status == 200
    assert body["total"] == 97
    assert body["by_part"] == {"A": 37, "B": 25, "C": 35}
    assert body["missing"] == ["1.1"]
    assert body["recognisable"] is False


def test_an_empty_answer_scores_nothing_and_misses_everything(client, sheet_i3c):
    status, body = score(client, sheet_i3c.pk, {})

    assert status == 200
    assert (body["total"], body["stars"], body["rank_by_points"]) == (0, 1, 1)
    assert len(body["missing"]) == len(raw_criteria("I.3.c"))


def test_an_unknown_criterion_and_a_foreign_option_are_422_naming_each(client, sheet_i3c, sheet_answers):
    before = AuditEvent.objects.count()
    answers = dict(sheet_answers)
    answers["1.1"] = sheet_answers["1.2"]
    answers["9.9.9"] = sheet_answers["1.3"]

    status, body = score(client, sheet_i3c.pk, answers)

    assert status == 422
    assert body == {
        "detail": [
            {
                "type": "unknown_option",
                "loc": ["body", "answers", "1.1"],
                "msg": f"Phương án {sheet_answers['1.2']} không phải phương án của tiêu chí 1.1 "
                f"(option {sheet_answers['1.2']} is not an option of criterion 1.1)",
                "ctx": None,
            },
            {
                "type": "unknown_criterion",
                "loc": ["body", "answers", "9.9.9"],
                "msg": "Bộ tiêu chí không có tiêu chí 9.9.9 (the sheet has no criterion 9.9.9)",
                "ctx": None,
            },
        ]
    }
    assert AuditEvent.objects.count() == before


@pytest.mark.parametrize("answer", ["ba", "1", True, 1.0, None, [1]])
def test_an_option_that_is_not_a_number_is_422(client, sheet_i3c, answer):
    status, body = score(client, sheet_i3c.pk, {"1.1": answer})

    assert status == 422
    assert [issue["loc"] for issue in body["detail"]] == [["body", "body", "answers", "1.1"]]


def test_a_criterion_with_cases_takes_an_option_of_one_case(client, rubrics):
    version = next(v for v in rubrics if v.product_set.code == "VI.1")
    detail = client.get(f"/api/v1/rubrics/{version.pk}").json()
    flat = {c["code"]: c for p in detail["parts"] for g in p["groups"] for c in g["criteria"]}
    second_case = [o for o in flat["8"]["options"] if o["case"] == "b. Trường hợp 2: Điểm dịch vụ du lịch"]

    assert flat["8"]["cases"] == [
        "a. Trường hợp 1: Dịch vụ du lịch do cộng đồng cung cấp",
        second_case[0]["case"],
    ]
    status, body = score(client, version.pk, {"8": second_case[1]["id"]})
    assert (status, body["total"], sum(body["by_part"].values())) == (200, 3, 3)


def test_unknown_and_draft_versions_are_404_to_the_public(client, sheet_i3c):
    draft = rubric_draft_create(acting_user=UserFactory(role=Role.CENTRAL_OFFICER), version=sheet_i3c)

    for version_id in (draft.pk, 999_999):
        assert client.get(f"/api/v1/rubrics/{version_id}").status_code == 404
        status, body = score(client, version_id, {})
        assert (status, body) == (404, {"detail": "Không tìm thấy (not found)"})
    assert [item["id"] for item in client.get("/api/v1/rubrics").json()] == [sheet_i3c.pk]


def test_a_retired_version_still_scores_and_is_listed_by_status(client, sheet_i3c, sheet_answers):
    RubricVersion.objects.filter(pk=sheet_i3c.pk).update(status=RubricStatus.RETIRED)

    status, body = score(client, sheet_i3c.pk, sheet_answers)

    assert (status, body["total"], body["stars"]) == (200, 100, 5)
    assert [item["id"] for item in client.get("/api/v1/rubrics", {"status": "retired"}).json()] == [
        sheet_i3c.pk
    ]
    assert client.get("/api/v1/rubrics", {"status": "active"}).json() == []


def test_the_list_filters_by_product_set_in_either_spelling(client, rubrics):
    roman = client.get("/api/v1/rubrics", {"product_set": "I.3.c"}).json()
    arabic = client.get("/api/v1/rubrics", {"product_set": "1.3.c"}).json()

    assert [item["product_set"] for item in roman] == [
        {"code": "I.3.c", "name": "Chế biến từ rau, củ, quả, hạt"}
    ]
    assert arabic == roman
    assert client.get("/api/v1/rubrics", {"product_set": "IX.9"}).json() == []


def test_scoring_is_rate_limited_per_client(client, sheet_i3c, settings):
    settings.NINJA_DEFAULT_THROTTLE_RATES = {**settings.NINJA_DEFAULT_THROTTLE_RATES, "anon": "5/min"}

    statuses = [score(client, sheet_i3c.pk, {})[0] for _ in range(6)]
    other_client = Client(REMOTE_ADDR="10.0.0.2").post(
        f"/api/v1/rubrics/{sheet_i3c.pk}/score", {"answers": {}}, content_type="application/json"
    )

    assert statuses == [200] * 5 + [429]
    assert other_client.status_code == 200


def test_a_body_that_is_not_json_is_400(client, sheet_i3c):
    response = client.post(
        f"/api/v1/rubrics/{sheet_i3c.pk}/score", "{answers", content_type="application/json"
    )

    assert response.status_code == 400
    assert list(response.json()) == ["detail"]
