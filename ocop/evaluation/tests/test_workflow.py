"""The workflow table applied by ``dossier_transition``: every row allowed to the roles it names, in their
scope, writing state, holder, deadline, step and audit event; every other state and action refused with a
message naming both, and any other actor refused, with nothing changed."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from ocop.accounts.models import Role
from ocop.accounts.tests.factories import MO_DUC, QUANG_NGAI
from ocop.core.models import AuditEvent
from ocop.evaluation.models import CommuneCheck, Dossier, DossierState, DossierStep
from ocop.evaluation.services import dossier_transition
from ocop.evaluation.services.dossiers import dossier_decision_transition
from ocop.evaluation.tests.dossier_factories import make_dossier, people
from ocop.evaluation.workflow import TRANSITIONS, Form, Transition

# A Wednesday before Tết 2027: the commune's 15 working days run past Tết (4–10/2) to Wednesday 3/3.
TODAY = datetime.date(2027, 2, 3)
RUNNING = datetime.date(2027, 2, 20)  # a deadline set before, which "receive" keeps

# (state, action) -> (holder level, holder unit: commune or province code, deadline)
EXPECTED = {
    ("draft", "submit"): ("commune", MO_DUC, datetime.date(2027, 3, 3)),
    ("returned", "submit"): ("commune", MO_DUC, datetime.date(2027, 3, 3)),
    ("submitted", "receive"): ("commune", MO_DUC, RUNNING),
    ("commune_check", "forward"): ("province", QUANG_NGAI, None),
    ("commune_check", "return"): ("producer", None, None),
    ("province_check", "return"): ("producer", None, None),
    ("province_check", "accept"): ("province", QUANG_NGAI, None),
    ("advisory_review", "ready"): ("province", QUANG_NGAI, None),
    ("council_scoring", "recognise"): ("", None, None),
    ("council_scoring", "not_recognise"): ("", None, None),
    ("council_scoring", "forward_central"): ("central", None, None),
    ("central_scoring", "recognise"): ("", None, None),
    ("central_scoring", "back_to_province"): ("province", QUANG_NGAI, None),
    ("back_to_province", "recognise"): ("", None, None),
    ("back_to_province", "not_recognise"): ("", None, None),
}
ACTIONS = sorted({row.action for row in TRANSITIONS})
ROLE_KEY = {
    Role.PRODUCER: "owner",
    Role.COMMUNE_OFFICER: "commune",
    Role.PROVINCE_OFFICER: "province",
    Role.CENTRAL_OFFICER: "central",
}


def _data(row: Transition) -> dict[str, object]:
    data: dict[str, object] = {"note": "Bổ sung giấy chứng nhận an toàn thực phẩm."}
    if row.form == Form.COMMUNE_CHECK:
        data.update(
            meeting_date=datetime.date(2027, 2, 2),
            product_origin_confirmed=True,
            raw_materials_confirmed=True,
            local_labour_confirmed=False,
            idea_origin_confirmed=True,
            local_identity_confirmed=True,
            report="Đã kiểm tra tại cơ sở.",
        )
    if row.form == Form.ADVISORY_REVIEW:
        data["notes"] = "Hồ sơ đầy đủ."
    return data


@pytest.fixture
def setting(sheet_i3c):
    crowd = people()
    dossier = make_dossier(sheet_i3c)
    crowd["owner"] = dossier.producer.members.get()
    return dossier, crowd


def _put(dossier: Dossier, state: str) -> Dossier:
    # Test setup: the dossier as the earlier steps would have left it.
    Dossier.objects.filter(pk=dossier.pk).update(state=state, deadline=RUNNING, deadline_key="commune_check")
    return Dossier.objects.get(pk=dossier.pk)


def _snapshot(dossier: Dossier) -> tuple[object, ...]:
    row = Dossier.objects.values("state", "holder_level", "holder_unit", "deadline", "updated_at").get(
        pk=dossier.pk
    )
    return (
        tuple(row.values()),
        DossierStep.objects.count(),
        CommuneCheck.objects.count(),
        AuditEvent.objects.count(),
    )


@pytest.mark.parametrize("row", TRANSITIONS, ids=lambda row: f"{row.state}-{row.action}")
def test_every_row_is_allowed_to_its_role(setting, row):
    dossier, crowd = setting
    dossier = _put(dossier, row.state)
    actor = crowd[ROLE_KEY[next(iter(row.actors))]]
    events = AuditEvent.objects.count()

    # The decision rows are the chair's decision service's (``services.decisions``), tested there too.
    apply = dossier_decision_transition if row.form == Form.DECISION else dossier_transition
    moved = apply(acting_user=actor, dossier=dossier, action=row.action, today=TODAY, **_data(row))

    level, unit_code, deadline = EXPECTED[row.state, row.action]
    moved.refresh_from_db()
    assert (moved.state, moved.holder_level, moved.deadline) == (row.next_state, level, deadline)
    assert (moved.holder_unit.code if moved.holder_unit else None) == unit_code
    step = moved.steps.get()
    assert (step.action, step.from_state, step.to_state, step.actor) == (
        row.action,
        row.state,
        row.next_state,
        actor,
    )
    assert step.deadline == deadline
    event = AuditEvent.objects.get(action="dossier.transition")
    assert AuditEvent.objects.count() == events + 1
    assert event.details["from"] == row.state
    assert event.details["to"] == row.next_state
    assert event.province_code == QUANG_NGAI
    if row.form == Form.COMMUNE_CHECK:
        check = step.commune_check
        assert (check.meeting_date, check.local_labour_confirmed, check.report) == (
            datetime.date(2027, 2, 2),
            False,
            "Đã kiểm tra tại cơ sở.",
        )
    if row.form == Form.ADVISORY_REVIEW:
        assert step.advisory_review.notes == "Hồ sơ đầy đủ."


def test_the_table_has_the_rows_expected():
    assert {(row.state, row.action) for row in TRANSITIONS} == set(EXPECTED)


@pytest.mark.parametrize("state", list(DossierState))
def test_every_other_action_is_refused_naming_state_and_action(setting, state):
    dossier, crowd = setting
    dossier = _put(dossier, state)
    allowed = {row.action for row in TRANSITIONS if row.state == state}
    for action in [*ACTIONS, "delete"]:
        if action in allowed:
            continue
        before = _snapshot(dossier)
        with pytest.raises(ValidationError) as refused:
            dossier_transition(acting_user=crowd["central"], dossier=dossier, action=action, today=TODAY)
        assert refused.value.messages == [
            f"Hồ sơ đang ở trạng thái “{DossierState(state).label}”: không thể thực hiện thao tác “{action}”."
        ]
        assert _snapshot(dossier) == before


@pytest.mark.parametrize("row", TRANSITIONS, ids=lambda row: f"{row.state}-{row.action}")
def test_every_row_is_refused_to_everyone_else(setting, row):
    dossier, crowd = setting
    dossier = _put(dossier, row.state)
    allowed = {ROLE_KEY[role] for role in row.actors}
    for key in ["owner", "commune", "province", "central", "other_province", "other_producer", "council"]:
        if key in allowed:
            continue
        before = _snapshot(dossier)
        with pytest.raises(PermissionDenied):
            dossier_transition(
                acting_user=crowd[key], dossier=dossier, action=row.action, today=TODAY, **_data(row)
            )
        assert _snapshot(dossier) == before, key


@pytest.mark.parametrize(
    "row",
    [row for row in TRANSITIONS if row.form == Form.DECISION],
    ids=lambda row: f"{row.state}-{row.action}",
)
def test_a_decision_row_is_not_taken_without_the_decision(setting, row):
    dossier, crowd = setting
    dossier = _put(dossier, row.state)
    actor = crowd[ROLE_KEY[next(iter(row.actors))]]
    before = _snapshot(dossier)

    with pytest.raises(ValidationError) as refused:
        dossier_transition(acting_user=actor, dossier=dossier, action=row.action, today=TODAY, **_data(row))

    assert refused.value.messages == [
        f"Thao tác “{row.action}” là quyết định của chủ tịch hội đồng: hãy ghi ở trang quyết định."
    ]
    assert _snapshot(dossier) == before


def test_returning_needs_a_reason_and_changes_nothing_without_one(setting):
    dossier, crowd = setting
    dossier = _put(dossier, DossierState.PROVINCE_CHECK)
    before = _snapshot(dossier)
    with pytest.raises(ValidationError) as refused:
        dossier_transition(acting_user=crowd["province"], dossier=dossier, action="return", note="  ")
    assert refused.value.message_dict == {
        "note": ["Hãy ghi lý do trả lại hồ sơ để chủ thể biết cần bổ sung gì."]
    }
    assert _snapshot(dossier) == before


def test_form_03_without_a_meeting_date_changes_nothing(setting):
    dossier, crowd = setting
    dossier = _put(dossier, DossierState.COMMUNE_CHECK)
    before = _snapshot(dossier)
    with pytest.raises(ValidationError) as refused:
        dossier_transition(acting_user=crowd["commune"], dossier=dossier, action="forward", report="Đạt.")
    assert refused.value.message_dict == {"meeting_date": ["Hãy ghi ngày họp của xã (mẫu 03)."]}
    assert _snapshot(dossier) == before


def test_an_incomplete_dossier_is_not_submitted(sheet_i3c):
    dossier = make_dossier(sheet_i3c, idea_origin="")
    owner = dossier.producer.members.get()
    Dossier.objects.filter(pk=dossier.pk).update(answers={})
    before = _snapshot(dossier)
    with pytest.raises(ValidationError) as refused:
        dossier_transition(acting_user=owner, dossier=dossier, action="submit")
    assert refused.value.messages[0] == "Phiếu đăng ký (mẫu 01) còn thiếu: nguồn gốc ý tưởng sản phẩm."
    assert refused.value.messages[1].startswith("Phiếu tự đánh giá (mẫu 02) chưa trả lời các tiêu chí: 1.1, ")
    assert _snapshot(dossier) == before


def test_a_reevaluation_is_due_45_days_after_it_is_filed(sheet_i3c):
    dossier = make_dossier(sheet_i3c)
    owner = dossier.producer.members.get()
    Dossier.objects.filter(pk=dossier.pk).update(kind="reevaluation")
    moved = dossier_transition(
        acting_user=owner, dossier=dossier, action="submit", today=datetime.date(2026, 12, 1)
    )
    assert (moved.deadline, moved.decide_by) == (datetime.date(2026, 12, 22), datetime.date(2027, 1, 15))
