"""Rounds, councils, sessions and scores: the council's mean and spread, the flag, the quorum, the lock, and
every refusal leaving nothing changed."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from ocop.accounts.models import Role
from ocop.accounts.tests.factories import QUANG_NGAI, UserFactory, province
from ocop.core.models import AuditEvent
from ocop.evaluation import council_rules, services
from ocop.evaluation.models import Council, CouncilSession, EvaluationRound, MemberScore, Option
from ocop.evaluation.tests.council_factories import (
    DAY,
    answers_for,
    province_council,
    ready_for_council,
)
from ocop.evaluation.tests.dossier_factories import best_answers, make_dossier, people
from ocop.notifications.models import Notification


def _snapshot() -> tuple[object, ...]:
    return (
        list(MemberScore.objects.values_list("pk", "answers", "total", "submitted_at").order_by("pk")),
        list(CouncilSession.objects.values_list("pk", "closed_at").order_by("pk")),
        EvaluationRound.objects.count(),
        Council.objects.count(),
        AuditEvent.objects.count(),
    )


@pytest.fixture
def crowd(db):
    crowd = people()
    crowd["chair"] = UserFactory(role=Role.PROVINCE_OFFICER, unit=province(QUANG_NGAI))
    return crowd


# --- The arithmetic


@pytest.mark.parametrize(
    ("points", "mean", "spread"),
    [
        # 3 members: 70 + 80 + 81 = 231 / 3 = 77.00; 1 + 2 + 2 = 5 / 3 = 1.666… → 1.67
        ([(70, 1), (80, 2), (81, 2)], {"A": "77.00", "B": "1.67"}, "12"),
        # 4 members: 0.5 exactly rounds half up: 1 + 1 + 0 + 0 = 2 / 4 = 0.50; 9 / 4 = 2.25
        ([(1, 3), (1, 2), (0, 2), (0, 2)], {"A": "0.50", "B": "2.25"}, "2"),
        # 6 members: 1/6 = 0.1666… → 0.17; 5/6 = 0.8333… → 0.83
        ([(1, 0), (0, 1), (0, 1), (0, 1), (0, 1), (0, 1)], {"A": "0.17", "B": "0.83"}, "0"),
        # 7 members: 100/7 = 14.2857… → 14.29; 3/7 = 0.428… → 0.43
        ([(15, 1), (15, 1), (14, 1), (14, 0), (14, 0), (14, 0), (14, 0)], {"A": "14.29", "B": "0.43"}, "2"),
        # 8 members: 101/8 = 12.625 → 12.63 (half up, not to even)
        (
            [(13, 0), (13, 0), (13, 0), (13, 0), (13, 0), (12, 0), (12, 0), (12, 0)],
            {"A": "12.63", "B": "0.00"},
            "1",
        ),
        # 9 members: 2/9 = 0.222… → 0.22; 50 + 8 × 60 = 530 / 9 = 58.888… → 58.89
        ([(50, 2)] + [(60, 0)] * 8, {"A": "58.89", "B": "0.22"}, "8"),
    ],
    ids=["3", "4", "6", "7", "8", "9"],
)
def test_the_mean_per_criterion_has_two_decimals_rounded_half_up(points, mean, spread):
    by_member = [{"A": a, "B": b} for a, b in points]

    assert council_rules.mean_points(by_member) == {code: Decimal(value) for code, value in mean.items()}
    assert council_rules.spread([a + b for a, b in points]) == Decimal(spread)


def test_five_members_mean():
    by_member = [
        {"A": 33, "B": 4},
        {"A": 35, "B": 5},
        {"A": 30, "B": 3},
        {"A": 34, "B": 4},
        {"A": 32, "B": 5},
    ]

    assert council_rules.mean_points(by_member) == {"A": Decimal("32.80"), "B": Decimal("4.20")}
    assert council_rules.spread([37, 40, 33, 38, 37]) == Decimal(7)


@pytest.mark.parametrize(
    ("totals", "flagged"),
    [
        ([Decimal(70), Decimal(80)], False),  # exactly the limit of 10 points
        ([Decimal(70), Decimal("80.01")], True),
        ([Decimal(70), Decimal(75), Decimal(81)], True),
        ([Decimal(70)], False),
    ],
)
def test_a_spread_above_the_limit_flags(totals, flagged):
    assert council_rules.is_flagged(totals) is flagged


@pytest.mark.parametrize(
    ("present", "members", "chair", "quorum"),
    [
        (3, 4, True, True),
        (37, 50, True, False),
        (38, 50, True, True),
        (2, 3, True, False),
        (3, 3, False, False),
    ],
    ids=["75%", "74%", "76%", "67%", "chair absent"],
)
def test_quorum_is_three_quarters_with_the_chair(present, members, chair, quorum):
    assert council_rules.has_quorum(present=present, members=members, chair_present=chair) is quorum


def test_the_next_closing_day_follows_the_decision():
    assert council_rules.next_closing_date("province", datetime.date(2026, 7, 1)) == datetime.date(
        2026, 12, 30
    )
    assert council_rules.next_closing_date("province", datetime.date(2026, 6, 30)) == datetime.date(
        2026, 6, 30
    )
    assert council_rules.next_closing_date("central", datetime.date(2026, 10, 1)) == datetime.date(
        2027, 3, 30
    )
    assert council_rules.rules().decision == "26/2026/QĐ-TTg"


# --- Rounds and councils


def test_a_round_closes_by_the_next_closing_day(crowd):
    before = _snapshot()
    with pytest.raises(ValidationError) as refused:
        services.round_open(
            acting_user=crowd["province"], name="Đợt 2", closes_on=datetime.date(2027, 1, 5), today=DAY
        )
    assert refused.value.message_dict == {
        "closes_on": ["Đợt đánh giá phải kết thúc từ hôm nay đến hạn 30/12/2026 (26/2026/QĐ-TTg)."]
    }
    assert _snapshot() == before

    opened = services.round_open(
        acting_user=crowd["province"], name="Đợt 2", closes_on=datetime.date(2026, 12, 30), today=DAY
    )
    assert (opened.level, opened.province_code, opened.opened_by) == (
        "province",
        QUANG_NGAI,
        crowd["province"],
    )


def test_only_dossiers_ready_for_the_council_are_assigned(sheet_i3c, crowd):
    draft = make_dossier(sheet_i3c)
    evaluation_round = services.round_open(
        acting_user=crowd["province"], name="Đợt 2", closes_on=datetime.date(2026, 12, 30), today=DAY
    )
    before = _snapshot()

    with pytest.raises(ValidationError) as refused:
        services.round_assign(
            acting_user=crowd["province"], evaluation_round=evaluation_round, dossiers=[draft]
        )

    assert refused.value.messages == [
        f"Hồ sơ #{draft.pk} đang ở trạng thái “Đang soạn”, không chờ hội đồng của đợt này."
    ]
    assert _snapshot() == before
    assert list(evaluation_round.dossiers.all()) == []


def test_another_officer_neither_assigns_nor_forms(sheet_i3c, crowd):
    dossier = ready_for_council(sheet_i3c, crowd)
    evaluation_round = services.round_open(
        acting_user=crowd["province"], name="Đợt 2", closes_on=datetime.date(2026, 12, 30), today=DAY
    )
    before = _snapshot()
    for outsider in (crowd["other_province"], crowd["chair"], crowd["council"]):
        with pytest.raises(PermissionDenied):
            services.round_assign(acting_user=outsider, evaluation_round=evaluation_round, dossiers=[dossier])
        with pytest.raises(PermissionDenied):
            services.council_form(
                acting_user=outsider,
                evaluation_round=evaluation_round,
                name="Hội đồng",
                chair=crowd["chair"],
                members=[crowd["council"]],
            )
    assert _snapshot() == before


def test_the_chair_of_a_province_council_is_an_officer_of_the_province(sheet_i3c, crowd):
    evaluation_round = services.round_open(
        acting_user=crowd["province"], name="Đợt 2", closes_on=datetime.date(2026, 12, 30), today=DAY
    )
    crowd["council"].full_name = "Lê Văn Chấm"
    crowd["council"].save()
    crowd["other_province"].full_name = "Trần Thị Xa"
    crowd["other_province"].save()
    before = _snapshot()

    with pytest.raises(ValidationError) as refused:
        services.council_form(
            acting_user=crowd["province"],
            evaluation_round=evaluation_round,
            name="Hội đồng",
            chair=crowd["council"],
            members=[crowd["other_province"]],
        )

    assert refused.value.messages == [
        "Lê Văn Chấm không thể làm chủ tịch hội đồng: chủ tịch là cán bộ của cấp mở đợt.",
        "Trần Thị Xa không thể là thành viên hội đồng của đợt này.",
    ]
    assert _snapshot() == before


# --- Scoring


def test_the_council_score_is_the_classified_mean(sheet_i3c, crowd):
    dossier = ready_for_council(sheet_i3c, crowd)
    setting = province_council(crowd, [dossier])
    for member, target in zip(setting.members, (72, 75, 79), strict=True):
        services.member_score_save(
            acting_user=member,
            session=setting.session,
            dossier=dossier,
            answers=answers_for(sheet_i3c, target),
            submit=True,
        )

    result = services.council_result(setting.session, dossier)

    totals = [score.total for score in MemberScore.objects.filter(dossier=dossier).order_by("member_id")]
    assert totals == [Decimal(72), Decimal(75), Decimal(79)]
    assert result.members == 3
    # Each criterion's mean is kept to 2 decimals before they are added up: the criteria where members
    # differ give two thirds (x.67, rounded up), so the council's total is 75.34, not 226 / 3 = 75.33.
    assert sum(result.mean.values()) == result.score.total == Decimal("75.34")
    assert sorted({str(value)[-3:] for value in result.mean.values()}) == [".00", ".67"]
    assert (result.score.stars, result.spread, result.flagged) == (4, Decimal(7), False)


def test_a_flagged_dossier_is_scored_again_and_an_unflagged_one_is_not(sheet_i3c, crowd):
    dossier = ready_for_council(sheet_i3c, crowd)
    setting = province_council(crowd, [dossier])
    first, second, third = setting.members
    for member, target in ((first, 70), (second, 72), (third, 90)):
        services.member_score_save(
            acting_user=member,
            session=setting.session,
            dossier=dossier,
            answers=answers_for(sheet_i3c, target),
            submit=True,
        )
    assert services.council_result(setting.session, dossier).flagged is True

    rescored = services.member_score_save(
        acting_user=third,
        session=setting.session,
        dossier=dossier,
        answers=answers_for(sheet_i3c, 76),
        submit=True,
    )

    assert rescored.total == Decimal(76)
    result = services.council_result(setting.session, dossier)
    assert (result.spread, result.flagged) == (Decimal(6), False)
    before = _snapshot()
    with pytest.raises(ValidationError) as refused:
        services.member_score_save(
            acting_user=first, session=setting.session, dossier=dossier, answers=answers_for(sheet_i3c, 80)
        )
    assert refused.value.messages == [
        f"Bạn đã nộp phiếu chấm hồ sơ #{dossier.pk}; chỉ được chấm lại khi hồ sơ bị đánh dấu chênh lệch."
    ]
    assert _snapshot() == before


def test_an_answer_outside_its_criterion_or_dossier_is_refused(sheet_i3c, crowd):
    dossier = ready_for_council(sheet_i3c, crowd)
    elsewhere = ready_for_council(sheet_i3c, crowd)
    setting = province_council(crowd, [dossier])
    criteria = list(sheet_i3c.criteria.order_by("position")[:2])
    foreign_option = Option.objects.filter(criterion=criteria[1]).first()
    assert foreign_option is not None
    before = _snapshot()

    with pytest.raises(ValidationError) as wrong_option:
        services.member_score_save(
            acting_user=setting.chair,
            session=setting.session,
            dossier=dossier,
            answers={criteria[0].code: foreign_option.pk},
        )
    with pytest.raises(ValidationError) as wrong_dossier:
        services.member_score_save(
            acting_user=setting.chair,
            session=setting.session,
            dossier=elsewhere,
            answers=best_answers(sheet_i3c),
        )
    with pytest.raises(PermissionDenied):
        services.member_score_save(
            acting_user=crowd["council"],
            session=setting.session,
            dossier=dossier,
            answers=best_answers(sheet_i3c),
        )

    assert wrong_option.value.message_dict == {
        "answers": [f"Phương án đã chọn không thuộc tiêu chí {criteria[0].code}."]
    }
    assert wrong_dossier.value.messages == [
        f"Hồ sơ #{elsewhere.pk} không thuộc đợt đánh giá của hội đồng này."
    ]
    assert _snapshot() == before


def test_submitting_needs_every_criterion(sheet_i3c, crowd):
    dossier = ready_for_council(sheet_i3c, crowd)
    setting = province_council(crowd, [dossier])
    answers = best_answers(sheet_i3c)
    first_code = next(iter(answers))
    answers.pop(first_code)
    before = _snapshot()

    with pytest.raises(ValidationError) as refused:
        services.member_score_save(
            acting_user=setting.chair, session=setting.session, dossier=dossier, answers=answers, submit=True
        )

    assert refused.value.message_dict == {"answers": [f"Phiếu chấm chưa trả lời các tiêu chí: {first_code}."]}
    assert _snapshot() == before


# --- Closing


def _score_all(setting, dossier, answers):
    for seat in setting.session.present.select_related("user"):
        services.member_score_save(
            acting_user=seat.user, session=setting.session, dossier=dossier, answers=answers, submit=True
        )


def test_closing_locks_every_score(sheet_i3c, crowd):
    dossier = ready_for_council(sheet_i3c, crowd)
    setting = province_council(crowd, [dossier])
    _score_all(setting, dossier, answers_for(sheet_i3c, 75))

    closed = services.session_close(acting_user=crowd["province"], session=setting.session)

    assert closed.closed_at is not None
    event = AuditEvent.objects.get(action="council.session_close")
    assert event.details["totals"] == {str(dossier.pk): "75.00"}
    before = _snapshot()
    for member in setting.members:
        with pytest.raises(ValidationError) as refused:
            services.member_score_save(
                acting_user=member,
                session=closed,
                dossier=dossier,
                answers=answers_for(sheet_i3c, 90),
                submit=True,
            )
        assert refused.value.messages == ["Phiên chấm ngày 01/12/2026 đã khóa: không thể chấm hay sửa điểm."]
    with pytest.raises(ValidationError):
        services.session_attendance_update(acting_user=crowd["province"], session=closed, present=[])
    with pytest.raises(ValidationError):
        services.session_close(acting_user=crowd["province"], session=closed)
    assert _snapshot() == before


def test_closing_without_the_chair_is_refused(sheet_i3c, crowd):
    dossier = ready_for_council(sheet_i3c, crowd)
    setting = province_council(crowd, [dossier], size=4, chair_present=False)
    _score_all(setting, dossier, answers_for(sheet_i3c, 75))
    before = _snapshot()

    with pytest.raises(ValidationError) as refused:
        services.session_close(acting_user=crowd["province"], session=setting.session)

    assert refused.value.messages == [
        "Phiên chấm chưa đủ túc số: có mặt 3/4 thành viên, cần từ 75% và có chủ tịch hội đồng."
    ]
    assert _snapshot() == before


def test_three_of_four_close_and_two_of_four_do_not(sheet_i3c, crowd):
    dossier = ready_for_council(sheet_i3c, crowd)
    setting = province_council(crowd, [dossier], size=4, absent=2)
    _score_all(setting, dossier, answers_for(sheet_i3c, 75))
    before = _snapshot()
    with pytest.raises(ValidationError) as refused:
        services.session_close(acting_user=crowd["province"], session=setting.session)
    assert refused.value.messages == [
        "Phiên chấm chưa đủ túc số: có mặt 2/4 thành viên, cần từ 75% và có chủ tịch hội đồng."
    ]
    assert _snapshot() == before

    late = setting.council.members.exclude(pk__in=setting.session.present.all()).earliest("id")
    services.session_attendance_update(
        acting_user=crowd["province"], session=setting.session, present=[*setting.session.present.all(), late]
    )
    with pytest.raises(ValidationError) as unsubmitted:
        services.session_close(acting_user=crowd["province"], session=setting.session)
    assert unsubmitted.value.messages == [f"{late.user.full_name} chưa nộp phiếu chấm hồ sơ #{dossier.pk}."]
    services.member_score_save(
        acting_user=late.user,
        session=setting.session,
        dossier=dossier,
        answers=answers_for(sheet_i3c, 75),
        submit=True,
    )

    assert (
        services.session_close(acting_user=crowd["province"], session=setting.session).closed_at is not None
    )


def test_the_members_present_are_told_once_when_a_session_opens(sheet_i3c, crowd):
    dossier = ready_for_council(sheet_i3c, crowd)
    setting = province_council(crowd, [dossier], size=4, absent=1)

    told = Notification.objects.filter(key=f"session:{setting.session.pk}:open")

    present = sorted(setting.session.present.values_list("user_id", flat=True))
    assert len(present) == 3
    assert sorted(told.values_list("recipient_id", flat=True)) == present
    assert {(n.kind, n.subject, n.body, n.link) for n in told} == {
        (
            "council",
            "Phiên chấm của Hội đồng OCOP tỉnh đã mở",
            "Phiên chấm ngày 01/12/2026: 1 hồ sơ cần bạn chấm.",
            "/hoi-dong/",
        )
    }


def test_only_officers_open_rounds(client, crowd):
    before = _snapshot()
    for key in ("council", "other_producer", "commune"):
        with pytest.raises(PermissionDenied):
            services.round_open(
                acting_user=crowd[key], name="Đợt 2", closes_on=datetime.date(2026, 12, 30), today=DAY
            )
    client.force_login(crowd["council"])
    assert client.post("/hoi-dong/", {"name": "Đợt 2", "closes_on": "2026-12-30"}).status_code == 404
    client.force_login(crowd["other_producer"])
    assert client.get("/hoi-dong/").status_code == 404

    assert _snapshot() == before
