"""The chair's decision: exactly one certificate with its rank, number and validity through the registry, a
first-time dossier's product with its 26/2026 code, 90 points and more to the central council and its two
outcomes, and every refused decision leaving nothing changed."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from ocop.accounts.models import Role
from ocop.accounts.tests.factories import MO_DUC, QUANG_NGAI, UserFactory, province
from ocop.core.models import AuditEvent
from ocop.evaluation import services
from ocop.evaluation.models import Decision, Dossier, DossierState
from ocop.evaluation.tests.council_factories import DAY, answers_for, province_council, ready_for_council
from ocop.evaluation.tests.dossier_factories import best_answers, people
from ocop.notifications.models import Notification
from ocop.registry.models import Certificate, Product

DECIDED = datetime.date(2026, 12, 10)
SIGNER = {"signer_name": "Nguyễn Văn Ký", "signer_title": "Phó Chủ tịch UBND tỉnh"}


@pytest.fixture
def crowd(db):
    crowd = people()
    crowd["chair"] = UserFactory(role=Role.PROVINCE_OFFICER, unit=province(QUANG_NGAI))
    crowd["central_chair"] = UserFactory(role=Role.CENTRAL_OFFICER)
    return crowd


def _snapshot(dossier: Dossier) -> tuple[object, ...]:
    return (
        Dossier.objects.values_list("state", "product", "holder_level").get(pk=dossier.pk),
        Certificate.objects.count(),
        Product.objects.count(),
        Decision.objects.count(),
        Notification.objects.count(),
        AuditEvent.objects.count(),
    )


def scored(crowd, dossier, answers, *, close=True):
    setting = province_council(crowd, [dossier])
    for member in setting.members:
        services.member_score_save(
            acting_user=member, session=setting.session, dossier=dossier, answers=answers, submit=True
        )
    if close:
        services.session_close(acting_user=crowd["province"], session=setting.session)
    return setting


def decide(user, dossier, action, number="125/QĐ-UBND", day=DECIDED, **extra):
    return services.decision_record(
        acting_user=user,
        dossier=dossier,
        action=action,
        decision_no=number,
        decision_date=day,
        **{**SIGNER, **extra},
    )


def test_a_4_star_decision_issues_one_certificate_and_the_product(sheet_i3c, crowd):
    dossier = ready_for_council(sheet_i3c, crowd)
    setting = scored(crowd, dossier, answers_for(sheet_i3c, 75))

    decision = decide(crowd["chair"], dossier, "recognise")

    certificate = Certificate.objects.get()
    assert decision.certificate == certificate
    assert (certificate.stars, certificate.potential_five_star, certificate.score) == (
        4,
        False,
        Decimal("75.00"),
    )
    assert certificate.number == "51-2026-000001"
    assert (certificate.decision_no, certificate.decision_date, certificate.valid_until) == (
        "125/QĐ-UBND",
        DECIDED,
        datetime.date(2029, 12, 10),  # 36 months (26/2026)
    )
    assert (certificate.signer_name, certificate.signer_title) == ("Nguyễn Văn Ký", "Phó Chủ tịch UBND tỉnh")
    product = Product.objects.get()
    assert (product.code, product.name, product.producer) == (
        f"51-{MO_DUC}-1-2026",
        "Mứt gừng Mộ Đức",
        dossier.producer,
    )
    dossier.refresh_from_db()
    assert (dossier.state, dossier.product, dossier.holder_level) == (DossierState.RECOGNISED, product, "")
    assert dossier.steps.latest("id").decision == decision
    told = Notification.objects.filter(key=f"decision:{decision.pk}")
    assert sorted(told.values_list("recipient", flat=True)) == sorted(
        [dossier.producer.members.get().pk, *(member.pk for member in setting.members)]
    )
    assert told.earliest("id").subject == f"Quyết định về hồ sơ #{dossier.pk}"


def test_below_50_points_is_not_recognised(sheet_i3c, crowd):
    dossier = ready_for_council(sheet_i3c, crowd)
    scored(crowd, dossier, answers_for(sheet_i3c, 40, keep_minimums_of=0))
    before = _snapshot(dossier)

    with pytest.raises(ValidationError) as refused:
        decide(crowd["chair"], dossier, "recognise")
    assert refused.value.message_dict["action"][0].endswith(
        "dẫn đến “not_recognise”, không phải “recognise”."
    )
    assert _snapshot(dossier) == before

    decision = decide(crowd["chair"], dossier, "not_recognise")

    dossier.refresh_from_db()
    assert (dossier.state, decision.stars, decision.certificate) == (DossierState.NOT_RECOGNISED, 0, None)
    assert Certificate.objects.count() == 0


def test_90_points_go_central_as_potential_5_stars_then_5_stars(sheet_i3c, crowd):
    dossier = ready_for_council(sheet_i3c, crowd)
    scored(crowd, dossier, best_answers(sheet_i3c))

    decide(crowd["chair"], dossier, "forward_central")

    dossier.refresh_from_db()
    potential = Certificate.objects.get()
    assert (dossier.state, dossier.holder_level) == (DossierState.CENTRAL_SCORING, "central")
    assert (potential.stars, potential.potential_five_star, potential.rank) == (4, True, "5_potential")

    central = services.round_open(
        acting_user=crowd["central"], name="Đợt Trung ương", closes_on=datetime.date(2027, 3, 30), today=DAY
    )
    services.round_assign(acting_user=crowd["central"], evaluation_round=central, dossiers=[dossier])
    members = [UserFactory(role=Role.COUNCIL_MEMBER, unit=province(QUANG_NGAI)) for _ in range(2)]
    council = services.council_form(
        acting_user=crowd["central"],
        evaluation_round=central,
        name="Hội đồng Trung ương",
        chair=crowd["central_chair"],
        members=members,
    )
    session = services.session_open(
        acting_user=crowd["central"], council=council, held_on=DAY, present=list(council.members.all())
    )
    for user in (crowd["central_chair"], *members):
        services.member_score_save(
            acting_user=user, session=session, dossier=dossier, answers=best_answers(sheet_i3c), submit=True
        )
    services.session_close(acting_user=crowd["central"], session=session)
    before = _snapshot(dossier)
    with pytest.raises(PermissionDenied):  # the province's chair does not sign for the Ministry
        decide(crowd["chair"], dossier, "recognise", number="7/QĐ-BNN", day=datetime.date(2027, 3, 1))
    assert _snapshot(dossier) == before

    decide(crowd["central_chair"], dossier, "recognise", number="7/QĐ-BNN", day=datetime.date(2027, 3, 1))

    dossier.refresh_from_db()
    five = Certificate.objects.latest("id")
    assert dossier.state == DossierState.RECOGNISED
    assert (five.stars, five.potential_five_star, five.issuing_level, five.number) == (
        5,
        False,
        "central",
        "51-2027-000001",
    )
    assert list(Product.objects.get().certificates.order_by("id")) == [potential, five]


def test_the_central_council_sends_it_back_and_the_province_grants_4_stars(sheet_i3c, crowd):
    dossier = ready_for_council(sheet_i3c, crowd)
    scored(crowd, dossier, best_answers(sheet_i3c))
    decide(crowd["chair"], dossier, "forward_central")
    central = services.round_open(
        acting_user=crowd["central"], name="Đợt Trung ương", closes_on=datetime.date(2027, 3, 30), today=DAY
    )
    services.round_assign(acting_user=crowd["central"], evaluation_round=central, dossiers=[dossier])
    council = services.council_form(
        acting_user=crowd["central"],
        evaluation_round=central,
        name="Hội đồng Trung ương",
        chair=crowd["central_chair"],
        members=[],
    )
    session = services.session_open(
        acting_user=crowd["central"], council=council, held_on=DAY, present=list(council.members.all())
    )
    services.member_score_save(
        acting_user=crowd["central_chair"],
        session=session,
        dossier=dossier,
        answers=answers_for(sheet_i3c, 85),
        submit=True,
    )
    services.session_close(acting_user=crowd["central"], session=session)

    decide(
        crowd["central_chair"], dossier, "back_to_province", number="8/QĐ-BNN", day=datetime.date(2027, 3, 1)
    )
    dossier.refresh_from_db()
    assert (dossier.state, dossier.holder_level) == (DossierState.BACK_TO_PROVINCE, "province")
    assert Certificate.objects.count() == 1

    decide(crowd["chair"], dossier, "recognise", number="30/QĐ-UBND", day=datetime.date(2027, 3, 15))

    dossier.refresh_from_db()
    latest = Certificate.objects.latest("id")
    assert dossier.state == DossierState.RECOGNISED
    assert (latest.stars, latest.potential_five_star, latest.decision_no) == (4, False, "30/QĐ-UBND")


def test_a_decision_without_a_closed_session_with_quorum_is_refused(sheet_i3c, crowd):
    dossier = ready_for_council(sheet_i3c, crowd)
    scored(crowd, dossier, answers_for(sheet_i3c, 75), close=False)
    before = _snapshot(dossier)

    with pytest.raises(ValidationError) as refused:
        decide(crowd["chair"], dossier, "recognise")

    assert refused.value.messages == [
        f"Hồ sơ #{dossier.pk} chưa có phiên chấm đã khóa đủ túc số: chưa thể ra quyết định."
    ]
    assert _snapshot(dossier) == before


def test_only_the_chair_decides_and_the_decision_is_complete(sheet_i3c, crowd):
    dossier = ready_for_council(sheet_i3c, crowd)
    setting = scored(crowd, dossier, answers_for(sheet_i3c, 75))
    before = _snapshot(dossier)
    for outsider in (crowd["province"], setting.members[1], crowd["other_province"], crowd["central"]):
        with pytest.raises(PermissionDenied):
            decide(outsider, dossier, "recognise")
    with pytest.raises(ValidationError) as incomplete:
        decide(crowd["chair"], dossier, "recognise", number=" ", signer_name="")
    with pytest.raises(ValidationError) as unexplained:
        decide(crowd["chair"], dossier, "not_recognise")

    assert incomplete.value.message_dict == {
        "decision_no": ["Hãy ghi số quyết định."],
        "signer_name": ["Hãy ghi họ tên người ký."],
    }
    assert unexplained.value.message_dict == {
        "note": ["Hãy ghi lý do không công nhận khác với điểm của hội đồng."]
    }
    assert _snapshot(dossier) == before


def test_a_decided_dossier_is_not_scored_again_in_a_later_session(sheet_i3c, crowd):
    dossier = ready_for_council(sheet_i3c, crowd)
    waiting = ready_for_council(sheet_i3c, crowd)
    setting = province_council(crowd, [dossier, waiting])
    for member in setting.members:
        for scored_dossier in (dossier, waiting):
            services.member_score_save(
                acting_user=member,
                session=setting.session,
                dossier=scored_dossier,
                answers=answers_for(sheet_i3c, 75),
                submit=True,
            )
    services.session_close(acting_user=crowd["province"], session=setting.session)
    decide(crowd["chair"], dossier, "recognise")
    later = services.session_open(
        acting_user=crowd["province"],
        council=setting.council,
        held_on=datetime.date(2026, 12, 15),
        present=list(setting.council.members.all()),
    )
    before = _snapshot(dossier)

    with pytest.raises(ValidationError) as refused:
        services.member_score_save(
            acting_user=setting.chair, session=later, dossier=dossier, answers=answers_for(sheet_i3c, 90)
        )

    assert refused.value.messages == [f"Hồ sơ #{dossier.pk} đã có quyết định, không còn chờ hội đồng chấm."]
    assert _snapshot(dossier) == before
    with pytest.raises(ValidationError) as unsubmitted:  # the one still waiting is scored again
        services.session_close(acting_user=crowd["province"], session=later)
    assert len(unsubmitted.value.messages) == 3
    assert all(f"hồ sơ #{waiting.pk}." in message for message in unsubmitted.value.messages)
