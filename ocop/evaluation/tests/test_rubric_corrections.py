"""A central officer corrects a sheet from the screens: copy the active version to a draft, edit options and
criteria, publish (the old version retired, in one audited step). Nobody else reaches these screens, and a
score keeps the version it was made with."""

import pytest
from django.test import Client

from ocop.accounts.models import Role
from ocop.accounts.tests.factories import UserFactory
from ocop.core.models import AuditEvent
from ocop.evaluation import scoring
from ocop.evaluation.models import Criterion, Option, RubricStatus, RubricVersion, SelfAssessment
from ocop.evaluation.services import rubric_draft_create, rubric_option_update, self_assessment_create


@pytest.fixture
def central(db):
    return UserFactory(role=Role.CENTRAL_OFFICER, email="trunguong@example.test")


@pytest.fixture
def officer_client(central) -> Client:
    client = Client()
    client.force_login(central)
    return client


@pytest.fixture
def draft(sheet_i3c, central) -> RubricVersion:
    return rubric_draft_create(acting_user=central, version=sheet_i3c)


def state() -> list[object]:
    """Everything the screens could change, to compare before and after a refusal."""
    return [
        *RubricVersion.objects.order_by("pk").values_list("pk", "status", "version"),
        *Criterion.objects.order_by("pk").values_list(
            "pk", "text", "mandatory_for_stars", "notes", "max_points"
        ),
        *Option.objects.order_by("pk").values_list("pk", "text", "points", "min_for_stars"),
        AuditEvent.objects.count(),
    ]


def test_copying_the_active_version_makes_a_full_draft_numbered_next(officer_client, sheet_i3c):
    response = officer_client.post(f"/evaluation/rubrics/{sheet_i3c.pk}/copy")

    draft = RubricVersion.objects.get(status=RubricStatus.DRAFT)
    assert response["Location"] == f"/evaluation/rubrics/{draft.pk}/"
    assert (draft.version, draft.based_on, draft.product_set, draft.published_at) == (
        2,
        sheet_i3c,
        sheet_i3c.product_set,
        None,
    )

    def sheet(version):
        return [
            (
                c.code,
                c.text,
                c.max_points,
                c.mandatory_for_stars,
                c.notes,
                [(o.text, o.points, o.case) for o in c.options.all()],
            )
            for c in version.criteria.order_by("position").prefetch_related("options")
        ]

    assert sheet(draft) == sheet(sheet_i3c)
    assert list(draft.bands.values_list("stars", "min_points")) == list(
        sheet_i3c.bands.values_list("stars", "min_points")
    )
    assert AuditEvent.objects.get(action="rubric.draft_create").object_id == str(draft.pk)
    officer_client.post(f"/evaluation/rubrics/{sheet_i3c.pk}/copy")
    assert RubricVersion.objects.filter(status=RubricStatus.DRAFT).count() == 1


def test_an_option_and_a_criterion_are_corrected_then_published(officer_client, draft, sheet_i3c, central):
    option = Option.objects.get(criterion__version=draft, criterion__code="1.1", points=1)
    criterion = Criterion.objects.get(version=draft, code="1.5")

    edited_option = officer_client.post(
        f"/evaluation/options/{option.pk}/edit",
        {"text": "Nguyên liệu trên địa bàn cấp xã dưới 50%", "points": "1"},
    )
    edited_criterion = officer_client.post(
        f"/evaluation/criteria/{criterion.pk}/edit",
        {
            "text": "Liên kết sản xuất (đã sửa)",
            "min_3": "",
            "min_4": "1",
            "min_5": "3",
            "notes": "Ghi chú một\n\nGhi chú hai",
        },
    )
    published = officer_client.post(f"/evaluation/rubrics/{draft.pk}/publish")

    assert edited_option.status_code == edited_criterion.status_code == published.status_code == 302
    option.refresh_from_db()
    criterion.refresh_from_db()
    assert option.text == "Nguyên liệu trên địa bàn cấp xã dưới 50%"
    assert (criterion.text, criterion.mandatory_for_stars, criterion.notes) == (
        "Liên kết sản xuất (đã sửa)",
        {"4": 1, "5": 3},
        ["Ghi chú một", "Ghi chú hai"],
    )
    assert list(criterion.options.values_list("points", "min_for_stars")) == [
        (0, None),
        (1, 4),
        (2, None),
        (3, 5),
    ]
    draft.refresh_from_db()
    sheet_i3c.refresh_from_db()
    assert (draft.status, draft.published_by) == (RubricStatus.ACTIVE, central)
    assert sheet_i3c.status == RubricStatus.RETIRED
    assert list(AuditEvent.objects.filter(action__startswith="rubric.").values_list("action", flat=True)) == [
        "rubric.publish",
        "rubric.criterion_update",
        "rubric.option_update",
        "rubric.draft_create",
        "rubric.load",
    ]
    assert AuditEvent.objects.get(action="rubric.publish").details == {
        "version": 2,
        "retired": [sheet_i3c.pk],
    }
    listed = Client().get("/api/v1/rubrics", {"product_set": "I.3.c"}).json()
    assert [(item["id"], item["version"], item["status"]) for item in listed] == [
        (sheet_i3c.pk, 1, "retired"),
        (draft.pk, 2, "active"),
    ]


def test_a_score_keeps_the_version_it_was_made_with(central, sheet_i3c):
    producer = UserFactory(role=Role.PRODUCER)
    old_sheet = scoring.sheet_of(sheet_i3c)
    answers = {c.code: max(c.options, key=lambda o: o.points).id for c in old_sheet.criteria}
    kept = self_assessment_create(acting_user=producer, version=sheet_i3c, answers=answers)
    draft = rubric_draft_create(acting_user=central, version=sheet_i3c)
    # 1.1's best answer gives 2 instead of 3, 1.3's gives 4: group 1 still adds up to 18.
    for code, points in (("1.1", 2), ("1.3", 4)):
        option = Option.objects.get(criterion__version=draft, criterion__code=code, points=3)
        rubric_option_update(acting_user=central, option=option, text=option.text, points=points)
    client = Client()
    client.force_login(central)
    client.post(f"/evaluation/rubrics/{draft.pk}/publish")

    kept.refresh_from_db()
    assert (kept.version, kept.total, kept.stars) == (sheet_i3c, 100, 5)
    retired_score = Client().post(
        f"/api/v1/rubrics/{sheet_i3c.pk}/score", {"answers": answers}, content_type="application/json"
    )
    assert (retired_score.status_code, retired_score.json()["total"]) == (200, 100)
    assert RubricVersion.objects.get(pk=draft.pk).status == RubricStatus.ACTIVE
    new_best = {c.code: max(c.options, key=lambda o: o.points) for c in scoring.sheet_of(draft).criteria}
    assert (new_best["1.1"].points, new_best["1.3"].points) == (2, 4)
    assert SelfAssessment.objects.get().version_id == sheet_i3c.pk


def test_a_draft_that_no_longer_adds_up_is_not_published(officer_client, draft, sheet_i3c):
    option = Option.objects.get(criterion__version=draft, criterion__code="1.1", points=3)
    officer_client.post(f"/evaluation/options/{option.pk}/edit", {"text": option.text, "points": "2"})
    before = state()

    response = officer_client.post(f"/evaluation/rubrics/{draft.pk}/publish", follow=True)

    assert [str(message) for message in response.context["messages"]][-1] == (
        "Nhóm 1: các tiêu chí cộng lại 17 điểm, nhóm có 18 điểm."
    )
    assert state() == before
    assert response.context["problems"] == ["Nhóm 1: các tiêu chí cộng lại 17 điểm, nhóm có 18 điểm."]


def test_a_minimum_that_an_options_new_points_leave_behind_stops_publishing(officer_client, draft):
    # 1.5 needs 3 points for 5 stars: its 3-point option made worth 4 leaves no option at 3.
    three = Option.objects.get(criterion__version=draft, criterion__code="1.5", points=3)
    officer_client.post(f"/evaluation/options/{three.pk}/edit", {"text": three.text, "points": "4"})
    before = state()

    response = officer_client.post(f"/evaluation/rubrics/{draft.pk}/publish", follow=True)

    assert response.context["problems"] == [
        "Nhóm 1: các tiêu chí cộng lại 19 điểm, nhóm có 18 điểm.",
        "Tiêu chí 1.5: điểm tối thiểu 3 cho 5 sao không còn là điểm của phương án nào.",
    ]
    assert state() == before
    assert list(Option.objects.filter(criterion=three.criterion).values_list("points", "min_for_stars")) == [
        (0, None),
        (1, None),
        (2, 4),
        (4, None),
    ]


def test_a_minimum_that_is_no_options_points_is_refused(officer_client, draft):
    criterion = Criterion.objects.get(version=draft, code="1.5")
    before = state()

    response = officer_client.post(
        f"/evaluation/criteria/{criterion.pk}/edit",
        {"text": criterion.text, "min_3": "", "min_4": "2", "min_5": "7", "notes": ""},
    )

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "Điểm tối thiểu 7 cho 5 sao không phải điểm của phương án nào."
    ]
    assert state() == before


def test_a_published_version_has_no_edit_pages(officer_client, sheet_i3c):
    option = Option.objects.filter(criterion__version=sheet_i3c).earliest("pk")
    criterion = Criterion.objects.filter(version=sheet_i3c).earliest("pk")
    before = state()

    assert (
        officer_client.post(f"/evaluation/options/{option.pk}/edit", {"text": "x", "points": "0"}).status_code
        == 404
    )
    assert officer_client.get(f"/evaluation/criteria/{criterion.pk}/edit").status_code == 404
    assert officer_client.post(f"/evaluation/rubrics/{sheet_i3c.pk}/publish", follow=True).status_code == 200
    assert state() == before


@pytest.mark.parametrize(
    "role", [Role.PROVINCE_OFFICER, Role.COMMUNE_OFFICER, Role.COUNCIL_MEMBER, Role.PRODUCER, Role.BUYER]
)
def test_nobody_but_central_officers_reaches_the_rubric_screens(client, draft, sheet_i3c, role):
    client.force_login(UserFactory(role=role))
    option = Option.objects.filter(criterion__version=draft).earliest("pk")
    criterion = Criterion.objects.filter(version=draft).earliest("pk")
    before = state()

    answers = [
        client.get("/evaluation/rubrics/").status_code,
        client.get(f"/evaluation/rubrics/{sheet_i3c.pk}/").status_code,
        client.post(f"/evaluation/rubrics/{sheet_i3c.pk}/copy").status_code,
        client.post(f"/evaluation/rubrics/{draft.pk}/publish").status_code,
        client.post(f"/evaluation/options/{option.pk}/edit", {"text": "x", "points": "0"}).status_code,
        client.post(f"/evaluation/criteria/{criterion.pk}/edit", {"text": "x"}).status_code,
    ]

    assert answers == [404] * 6
    assert state() == before
    assert "Bộ tiêu chí" not in [str(item.label) for item in client.get("/").context["navigation"]]


def test_anonymous_visitors_are_sent_to_sign_in(client, draft):
    before = state()

    response = client.post(f"/evaluation/rubrics/{draft.pk}/publish")

    assert response["Location"] == f"/accounts/login/?next=/evaluation/rubrics/{draft.pk}/publish"
    assert state() == before


def test_the_central_officer_sees_every_version_and_the_menu_entry(officer_client, sheet_i3c, draft):
    response = officer_client.get("/evaluation/rubrics/")

    assert [(v.product_set.code, v.version, v.status) for v in response.context["versions"]] == [
        ("I.3.c", 2, "draft"),
        ("I.3.c", 1, "active"),
    ]
    assert "Bộ tiêu chí" in [str(item.label) for item in response.context["navigation"]]
