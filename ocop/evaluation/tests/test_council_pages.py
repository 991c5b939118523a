"""The council screens: a round run from the pages up to the chair's decision, blind scoring, and 404 with
nothing changed for a member of another council, another producer and another province's officer."""

import datetime
import re
from decimal import Decimal

import pytest

from ocop.accounts.models import Role
from ocop.accounts.tests.factories import QUANG_NGAI, UserFactory, province
from ocop.core.models import AuditEvent
from ocop.evaluation import services
from ocop.evaluation.answers import ANSWER_PREFIX
from ocop.evaluation.models import (
    Council,
    CouncilSession,
    Decision,
    Dossier,
    DossierState,
    EvaluationRound,
    MemberScore,
)
from ocop.evaluation.tests.council_factories import (
    answers_for,
    council_member,
    province_council,
    ready_for_council,
)
from ocop.evaluation.tests.dossier_factories import people
from ocop.registry.models import Certificate


@pytest.fixture
def crowd(db):
    crowd = people()
    crowd["chair"] = UserFactory(role=Role.PROVINCE_OFFICER, unit=province(QUANG_NGAI))
    return crowd


def _snapshot() -> tuple[object, ...]:
    return (
        list(MemberScore.objects.values_list("pk", "answers", "total", "submitted_at").order_by("pk")),
        list(CouncilSession.objects.values_list("pk", "closed_at").order_by("pk")),
        list(Dossier.objects.values_list("pk", "state").order_by("pk")),
        EvaluationRound.objects.count(),
        Council.objects.count(),
        Decision.objects.count(),
        Certificate.objects.count(),
        AuditEvent.objects.count(),
    )


def _post_sheet(client, session, dossier, answers, version):
    """Every part of the sheet, one screen each, the last one submitted."""
    url = f"/hoi-dong/phien/{session.pk}/ho-so/{dossier.pk}/"
    parts = list(version.parts.order_by("position").values_list("code", flat=True))
    codes_by_part = {
        part: set(version.criteria.filter(group__part__code=part).values_list("code", flat=True))
        for part in parts
    }
    responses = []
    for index, part in enumerate(parts):
        data = {
            f"{ANSWER_PREFIX}{code}": option
            for code, option in answers.items()
            if code in codes_by_part[part]
        }
        if index == len(parts) - 1:
            data["submit"] = "1"
        responses.append(client.post(f"{url}?phan={part}", data))
    return responses


def test_a_round_runs_from_the_pages_to_the_certificate(client, sheet_i3c, crowd):
    dossier = ready_for_council(sheet_i3c, crowd)
    members = [council_member(), council_member()]
    client.force_login(crowd["province"])

    page = client.get("/hoi-dong/")
    assert page.status_code == 200
    today = datetime.date.today()
    proposed = next(
        day
        for day in (
            datetime.date(today.year, 6, 30),
            datetime.date(today.year, 12, 30),
            datetime.date(today.year + 1, 6, 30),
        )
        if day >= today
    )
    assert f'name="closes_on" value="{proposed:%Y-%m-%d}"' in page.content.decode()
    opened = client.post("/hoi-dong/", {"name": "Đợt 2 năm 2026", "closes_on": "2026-12-30"})
    evaluation_round = EvaluationRound.objects.get()
    assert opened["Location"] == f"/hoi-dong/dot/{evaluation_round.pk}/"
    assert (
        client.post(f"/hoi-dong/dot/{evaluation_round.pk}/ho-so", {"dossiers": [dossier.pk]}).status_code
        == 302
    )
    formed = client.post(
        f"/hoi-dong/dot/{evaluation_round.pk}/lap-hoi-dong",
        {"name": "Hội đồng OCOP tỉnh", "chair": crowd["chair"].pk, "members": [user.pk for user in members]},
    )
    assert formed.status_code == 302
    seats = list(Council.objects.get().members.values_list("pk", flat=True))
    assert (
        client.post(
            f"/hoi-dong/dot/{evaluation_round.pk}/phien", {"held_on": "2026-12-01", "present": seats}
        ).status_code
        == 302
    )
    session = CouncilSession.objects.get()

    targets = {crowd["chair"].pk: 74, members[0].pk: 76, members[1].pk: 78}
    for user in (crowd["chair"], *members):
        client.force_login(user)
        responses = _post_sheet(client, session, dossier, answers_for(sheet_i3c, targets[user.pk]), sheet_i3c)
        assert [response.status_code for response in responses] == [302] * len(responses)
    assert sorted(MemberScore.objects.values_list("total", flat=True)) == [
        Decimal(74),
        Decimal(76),
        Decimal(78),
    ]

    client.force_login(crowd["province"])
    assert client.post(f"/hoi-dong/phien/{session.pk}/khoa").status_code == 302
    client.force_login(crowd["chair"])
    form = client.get(f"/ho-so/{dossier.pk}/quyet-dinh")
    assert form.status_code == 200
    assert "Công nhận 4 sao" in form.content.decode()
    decided = client.post(
        f"/ho-so/{dossier.pk}/quyet-dinh",
        {
            "action": "recognise",
            "decision_no": "125/QĐ-UBND",
            "decision_date": "2026-12-10",
            "signer_name": "Nguyễn Văn Ký",
            "signer_title": "Phó Chủ tịch UBND tỉnh",
        },
    )

    assert decided["Location"] == f"/ho-so/{dossier.pk}/"
    certificate = Certificate.objects.get()
    assert (certificate.stars, certificate.decision_no, certificate.valid_until) == (
        4,
        "125/QĐ-UBND",
        datetime.date(2029, 12, 10),
    )
    assert Dossier.objects.get(pk=dossier.pk).state == DossierState.RECOGNISED


def test_a_member_sees_no_other_score_before_submitting(client, sheet_i3c, crowd):
    dossier = ready_for_council(sheet_i3c, crowd)
    setting = province_council(crowd, [dossier])
    first, second, _third = setting.members
    services.member_score_save(
        acting_user=first,
        session=setting.session,
        dossier=dossier,
        answers=answers_for(sheet_i3c, 83),
        submit=True,
    )
    url = f"/hoi-dong/phien/{setting.session.pk}/ho-so/{dossier.pk}/"
    client.force_login(second)

    before = client.get(url).content.decode()

    assert "83" not in re.sub(r'(id|value|for|name)="[^"]*"', "", before)
    assert "Điểm trung bình của hội đồng" not in before
    assert "chỉ hiện sau khi bạn nộp phiếu chấm của mình" in before

    _post_sheet(client, setting.session, dossier, answers_for(sheet_i3c, 75), sheet_i3c)
    after = client.get(url).content.decode()

    assert "Bạn đã nộp phiếu chấm: 75,00 điểm." in after
    assert "(2 phiếu)" in after
    assert "chênh lệch giữa các thành viên: 8" in after


def test_the_member_lands_on_the_dossiers_to_score(client, sheet_i3c, crowd):
    dossier = ready_for_council(sheet_i3c, crowd)
    setting = province_council(crowd, [dossier])
    client.force_login(setting.members[1])

    page = client.get("/hoi-dong/").content.decode()

    assert "<h1>Hồ sơ cần chấm</h1>" in page
    assert f'href="/hoi-dong/phien/{setting.session.pk}/ho-so/{dossier.pk}/"' in page
    assert "Chưa chấm" in page


def test_outsiders_get_404_everywhere_and_nothing_changes(client, sheet_i3c, crowd):
    dossier = ready_for_council(sheet_i3c, crowd)
    setting = province_council(crowd, [dossier])
    for user in setting.members:
        services.member_score_save(
            acting_user=user,
            session=setting.session,
            dossier=dossier,
            answers=answers_for(sheet_i3c, 75),
            submit=True,
        )
    other_dossier = ready_for_council(sheet_i3c, crowd)
    other = province_council(crowd, [other_dossier])  # another council: its members are outsiders here
    outsiders = {
        "member of another council": other.members[1],
        "another producer": crowd["other_producer"],
        "another province's officer": crowd["other_province"],
    }
    round_id, session_id = setting.round.pk, setting.session.pk
    answers = {f"{ANSWER_PREFIX}{code}": option for code, option in answers_for(sheet_i3c, 90).items()}
    requests = [
        ("get", f"/hoi-dong/dot/{round_id}/", {}),
        ("post", f"/hoi-dong/dot/{round_id}/ho-so", {"dossiers": [other_dossier.pk]}),
        ("post", f"/hoi-dong/dot/{round_id}/lap-hoi-dong", {"name": "Khác"}),
        ("post", f"/hoi-dong/dot/{round_id}/phien", {"held_on": "2026-12-02"}),
        ("post", f"/hoi-dong/phien/{session_id}/co-mat", {"present": []}),
        ("post", f"/hoi-dong/phien/{session_id}/khoa", {}),
        ("get", f"/hoi-dong/phien/{session_id}/ho-so/{dossier.pk}/", {}),
        ("post", f"/hoi-dong/phien/{session_id}/ho-so/{dossier.pk}/", {**answers, "submit": "1"}),
        ("get", f"/ho-so/{dossier.pk}/quyet-dinh", {}),
        ("post", f"/ho-so/{dossier.pk}/quyet-dinh", {"action": "recognise", "decision_no": "1/QĐ"}),
    ]
    before = _snapshot()

    for who, user in outsiders.items():
        client.force_login(user)
        for method, url, data in requests:
            response = getattr(client, method)(url, data)
            assert response.status_code == 404, (who, method, url, response.status_code)

    assert _snapshot() == before


def test_a_member_scoring_a_dossier_of_another_round_gets_404(client, sheet_i3c, crowd):
    dossier = ready_for_council(sheet_i3c, crowd)
    setting = province_council(crowd, [dossier])
    elsewhere = ready_for_council(sheet_i3c, crowd)
    client.force_login(setting.members[1])
    before = _snapshot()

    response = client.post(f"/hoi-dong/phien/{setting.session.pk}/ho-so/{elsewhere.pk}/", {"submit": "1"})

    assert response.status_code == 404
    assert _snapshot() == before


def test_a_score_on_a_locked_session_is_refused_on_the_page(client, sheet_i3c, crowd):
    dossier = ready_for_council(sheet_i3c, crowd)
    setting = province_council(crowd, [dossier])
    for user in setting.members:
        services.member_score_save(
            acting_user=user,
            session=setting.session,
            dossier=dossier,
            answers=answers_for(sheet_i3c, 75),
            submit=True,
        )
    services.session_close(acting_user=crowd["province"], session=setting.session)
    client.force_login(setting.members[2])
    before = _snapshot()
    answers = {f"{ANSWER_PREFIX}{code}": option for code, option in answers_for(sheet_i3c, 90).items()}

    response = client.post(f"/hoi-dong/phien/{setting.session.pk}/ho-so/{dossier.pk}/?phan=C", answers)

    assert response.status_code == 400
    assert "Phiên chấm ngày 01/12/2026 đã khóa: không thể chấm hay sửa điểm." in response.content.decode()
    assert _snapshot() == before


def test_the_officer_sees_a_flagged_dossier_and_the_members_do_not(client, sheet_i3c, crowd):
    dossier = ready_for_council(sheet_i3c, crowd)
    setting = province_council(crowd, [dossier])
    for user, target in zip(setting.members[:2], (70, 85), strict=True):
        services.member_score_save(
            acting_user=user,
            session=setting.session,
            dossier=dossier,
            answers=answers_for(sheet_i3c, target),
            submit=True,
        )
    flag = "Chênh lệch vượt mức: cần thảo luận, chấm lại"

    client.force_login(crowd["province"])
    officer_page = client.get(f"/hoi-dong/dot/{setting.round.pk}/").content.decode()
    client.force_login(setting.members[2])
    member_page = client.get(f"/hoi-dong/dot/{setting.round.pk}/").content.decode()

    assert flag in officer_page
    assert flag not in member_page
