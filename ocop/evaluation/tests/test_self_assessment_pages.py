"""The public self-assessment: one part a screen with the earlier answers carried in the form, the result
and what stands before the next star, and saving it (a producer; anonymous visitors after signing in)."""

from urllib.parse import urlencode

import pytest
from django.test import Client

from ocop.accounts.models import Role
from ocop.accounts.tests.factories import TEST_PASSWORD, UserFactory
from ocop.core.models import AuditEvent
from ocop.evaluation.models import Criterion, Option, SelfAssessment
from ocop.evaluation.services import rubric_draft_create


def best(version) -> dict[str, int]:
    return {
        criterion.code: max(criterion.options.all(), key=lambda option: option.points).pk
        for criterion in Criterion.objects.filter(version=version).prefetch_related("options")
    }


def option(version, code: str, points: int) -> int:
    return Option.objects.get(criterion__version=version, criterion__code=code, points=points).pk


def ninety_two(version) -> dict[str, int]:
    """I.3.c: 1.5 answered 2 (5 stars need 3), 4.3 and 1.2 answered 0: 92 points, 4 stars."""
    return {
        **best(version),
        "1.5": option(version, "1.5", 2),
        "4.3": option(version, "4.3", 0),
        "1.2": option(version, "1.2", 0),
    }


def sheet_url(version, answers: dict[str, int], step: str | None = None) -> str:
    query = {f"t-{code}": str(value) for code, value in answers.items()}
    if step:
        query["phan"] = step
    return f"/tu-danh-gia/{version.pk}/?{urlencode(query)}"


def test_the_start_lists_every_product_set_under_its_sector(client, rubrics):
    response = client.get("/tu-danh-gia/")

    assert response.status_code == 200
    sectors = response.context["sectors"]
    assert list(sectors) == [
        "Sản phẩm thực phẩm",
        "Sản phẩm đồ uống",
        "Sản phẩm dược liệu và sản phẩm từ dược liệu",
        "Sản phẩm hàng thủ công mỹ nghệ",
        "Sản phẩm sinh vật cảnh",
        "Sản phẩm dịch vụ du lịch cộng đồng, du lịch sinh thái và điểm du lịch",
    ]
    assert sum(len(versions) for versions in sectors.values()) == 26
    assert [version.product_set.code for version in sectors["Sản phẩm đồ uống"]] == [
        "II.1.a",
        "II.1.b",
        "II.2.a",
        "II.2.b",
    ]
    assert "Tự đánh giá" in [str(item.label) for item in response.context["navigation"]]


def test_each_part_is_a_screen_carrying_the_answers_of_the_others(client, sheet_i3c):
    answers = best(sheet_i3c)
    part_a = {code: value for code, value in answers.items() if code[0] in "123"}

    first = client.get(f"/tu-danh-gia/{sheet_i3c.pk}/")
    second = client.get(sheet_url(sheet_i3c, part_a, "B"))

    assert first.status_code == 200
    assert first.context["step"] == "A"
    assert 'name="t-1.1"' in first.content.decode()
    assert 'name="t-4.1"' not in first.content.decode()
    assert second.status_code == 200
    assert second.context["step"] == "B"
    page = second.content.decode()
    for code, value in part_a.items():
        assert f'<input type="hidden" name="t-{code}" value="{value}">' in page
    assert f'id="o-{answers["4.1"]}" name="t-4.1"' in page
    assert '<button type="submit" name="phan" value="C" class="button">Tiếp: phần C</button>' in page
    assert 'name="phan" value="A" class="button button-secondary">Quay lại phần A</button>' in page


def test_the_answers_of_a_part_are_checked_when_it_is_shown_again(client, rubrics):
    # The last sheet loaded: its option ids pass 1,000, which the page must not write as "2.581".
    tourism = next(version for version in rubrics if version.product_set.code == "VI.1")
    answers = best(tourism)
    assert answers["1.1"] > 1000

    page = client.get(sheet_url(tourism, answers, "B")).content.decode()

    assert f'<input type="hidden" name="t-1.1" value="{answers["1.1"]}">' in page
    back = client.get(sheet_url(tourism, answers, "A")).content.decode()
    assert f'id="o-{answers["1.1"]}" name="t-1.1" value="{answers["1.1"]}" checked>' in back


def test_the_result_shows_points_stars_and_what_stands_before_the_next_star(client, sheet_i3c):
    response = client.get(sheet_url(sheet_i3c, ninety_two(sheet_i3c), "ket-qua"))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Tổng điểm: <strong>92</strong>/100" in page
    assert "Hạng 4 sao — tổng điểm đủ 5 sao nhưng còn tiêu chí chưa đạt mức tối thiểu" in page
    assert "Để lên 5 sao" in page
    assert "Tổng điểm đã đủ mức 5 sao." in page
    assert "Tiêu chí 1.5 cần ít nhất 3 điểm cho hạng 5 sao (hiện có 2)." in page
    assert [(part.code, points) for part, points in response.context["part_rows"]] == [
        ("A", 37),
        ("B", 20),
        ("C", 35),
    ]


def test_a_low_result_says_how_many_points_the_next_band_needs(client, sheet_i3c):
    worst = {
        criterion.code: min(criterion.options.all(), key=lambda option: option.points).pk
        for criterion in Criterion.objects.filter(version=sheet_i3c).prefetch_related("options")
    }

    page = client.get(sheet_url(sheet_i3c, worst, "ket-qua")).content.decode()

    assert "Tổng điểm: <strong>16</strong>/100" in page
    assert "Cần thêm 14 điểm để tổng điểm đạt mức 2 sao." in page


def test_unanswered_criteria_are_listed_by_part_with_a_way_back(client, sheet_i3c):
    answers = best(sheet_i3c)
    del answers["4.2"], answers["7"]

    response = client.get(sheet_url(sheet_i3c, answers, "ket-qua"))

    assert response.context["missing_by_part"] == [("B", ["4.2"]), ("C", ["7"])]
    assert "Còn tiêu chí chưa trả lời" in response.content.decode()


def test_an_answer_that_is_no_option_of_its_criterion_is_named_and_dropped(client, sheet_i3c):
    answers = best(sheet_i3c)
    answers["1.1"] = answers["1.2"]

    response = client.get(sheet_url(sheet_i3c, answers, "ket-qua") + "&t-1.3=abc")

    assert response.status_code == 400
    assert response.context["problems"] == [
        "Câu trả lời cho tiêu chí 1.3 không hợp lệ.",
        "Phương án đã chọn không thuộc tiêu chí 1.1.",
    ]
    assert response.context["score"].missing == ("1.1", "1.3")


def test_a_draft_is_not_public(client, sheet_i3c):
    draft = rubric_draft_create(acting_user=UserFactory(role=Role.CENTRAL_OFFICER), version=sheet_i3c)

    assert client.get(f"/tu-danh-gia/{draft.pk}/").status_code == 404


@pytest.fixture
def producer(db):
    return UserFactory(role=Role.PRODUCER, email="chuthe@example.test")


def save_form(version, answers: dict[str, int]) -> dict[str, str]:
    return {f"t-{code}": str(value) for code, value in answers.items()}


def test_a_producer_saves_the_result_as_the_start_of_a_dossier(client, sheet_i3c, producer):
    client.force_login(producer)
    answers = ninety_two(sheet_i3c)

    response = client.post(f"/tu-danh-gia/{sheet_i3c.pk}/luu", save_form(sheet_i3c, answers))

    saved = SelfAssessment.objects.get()
    assert (saved.user, saved.version, saved.answers, saved.total, saved.stars) == (
        producer,
        sheet_i3c,
        answers,
        92,
        4,
    )
    assert saved.result["unmet_minimums"] == [{"criterion": "1.5", "stars": 5, "min_points": 3, "points": 2}]
    event = AuditEvent.objects.get(action="self_assessment.create")
    assert (event.actor, event.object_id, event.details) == (
        producer,
        str(saved.pk),
        {"version": sheet_i3c.pk, "total": "92", "stars": 4},
    )
    assert response.status_code == 302
    assert response["Location"].startswith(f"/tu-danh-gia/{sheet_i3c.pk}/?phan=ket-qua&t-")


def test_an_unfinished_self_assessment_is_not_saved(client, sheet_i3c, producer):
    client.force_login(producer)
    answers = best(sheet_i3c)
    del answers["7"]

    response = client.post(f"/tu-danh-gia/{sheet_i3c.pk}/luu", save_form(sheet_i3c, answers), follow=True)

    assert SelfAssessment.objects.count() == 0
    assert "Chưa trả lời các tiêu chí: 7." in [str(message) for message in response.context["messages"]]


def test_anonymous_answers_survive_signing_in_and_are_saved_once_confirmed(sheet_i3c, producer):
    client = Client(enforce_csrf_checks=False)
    answers = ninety_two(sheet_i3c)

    asked = client.post(f"/tu-danh-gia/{sheet_i3c.pk}/luu", save_form(sheet_i3c, answers))
    assert asked.status_code == 302
    assert asked["Location"] == "/accounts/login/?next=/tu-danh-gia/luu/"
    assert SelfAssessment.objects.count() == 0

    signed_in = client.post(
        "/accounts/login/?next=/tu-danh-gia/luu/", {"email": producer.email, "password": TEST_PASSWORD}
    )
    assert signed_in["Location"] == "/tu-danh-gia/luu/"
    confirm = client.get("/tu-danh-gia/luu/")
    assert confirm.status_code == 200
    assert "Tổng điểm 92/100, hạng 4 sao." in confirm.content.decode()
    assert SelfAssessment.objects.count() == 0  # a GET changes nothing

    client.post("/tu-danh-gia/luu/")

    saved = SelfAssessment.objects.get()
    assert (saved.user, saved.answers, saved.stars) == (producer, answers, 4)
    assert client.get("/tu-danh-gia/luu/")["Location"] == "/tu-danh-gia/"


@pytest.mark.parametrize(
    "role", [Role.CENTRAL_OFFICER, Role.PROVINCE_OFFICER, Role.COUNCIL_MEMBER, Role.BUYER]
)
def test_only_producers_save_a_self_assessment(client, sheet_i3c, role):
    client.force_login(UserFactory(role=role))

    response = client.post(
        f"/tu-danh-gia/{sheet_i3c.pk}/luu", save_form(sheet_i3c, best(sheet_i3c)), follow=True
    )

    assert SelfAssessment.objects.count() == 0
    assert AuditEvent.objects.filter(action="self_assessment.create").count() == 0
    assert "Chỉ tài khoản chủ thể OCOP lưu được bản tự đánh giá." in [
        str(message) for message in response.context["messages"]
    ]


def test_saving_needs_the_csrf_token(sheet_i3c, producer):
    client = Client(enforce_csrf_checks=True)
    client.force_login(producer)

    response = client.post(f"/tu-danh-gia/{sheet_i3c.pk}/luu", save_form(sheet_i3c, best(sheet_i3c)))

    assert response.status_code == 403
    assert SelfAssessment.objects.count() == 0
