"""Every change to a dossier: starting one, forms 01 and 02, evidence, and the one function that moves it
through the workflow (``dossier_transition``). Each checks ``ocop.evaluation.access``, locks the dossier's
row where two people could act at once, and writes an audit event in its transaction.

A refusal raises ``PermissionDenied`` (out of scope: the views answer 404) or ``ValidationError`` with a
message naming what is wrong; either way nothing is written.
"""

import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ocop.accounts.access import Actor
from ocop.accounts.models import User
from ocop.core import private_files
from ocop.core.services import audit_record
from ocop.evaluation import scoring, workdays
from ocop.evaluation.access import is_member_of_producer, may_edit_dossier, may_take
from ocop.evaluation.answers import score_or_refuse
from ocop.evaluation.models import (
    AdvisoryReview,
    CommuneCheck,
    Criterion,
    Dossier,
    DossierEvidence,
    DossierKind,
    DossierState,
    DossierStep,
    HolderLevel,
    Option,
    RubricStatus,
    RubricVersion,
    SelfAssessment,
)
from ocop.evaluation.workflow import FINAL_STATES, KEEP_DEADLINE, Form, Transition, transition_for
from ocop.geo.models import AdministrativeUnit, Level, Scheme
from ocop.registry.models import Producer, Product

# Form 01's fields a producer fills in, in the order of the form.
REGISTRATION_FIELDS = (
    "product_name",
    "commune",
    "description",
    "packaging",
    "standards",
    "raw_materials_origin",
    "local_workers",
    "idea_origin",
    "local_identity",
    "annual_capacity",
    "business_plan",
)
# What a dossier needs in form 01 before it is submitted.
REQUIRED_TO_SUBMIT = ("product_name", "commune", "description", "raw_materials_origin", "idea_origin")


def _user(actor: Actor) -> User | None:
    return actor if isinstance(actor, User) else None


def _place(dossier: Dossier, commune: AdministrativeUnit) -> None:
    if commune.scheme != Scheme.CURRENT or commune.level != Level.COMMUNE:
        raise ValidationError({"commune": _("Hãy chọn một xã, phường hiện hành.")})
    dossier.commune = commune
    dossier.commune_code = commune.code
    dossier.province_code = commune.province_code


def _score(dossier: Dossier, answers: dict[str, int]) -> None:
    """Form 02: ``answers`` scored on the dossier's version by the one scoring module."""
    score = score_or_refuse(scoring.sheet_of(dossier.version), answers)
    dossier.answers = answers
    dossier.total = Decimal(score.total)
    dossier.stars = score.stars


# --- Starting a dossier


@transaction.atomic
def dossier_start_first_time(
    *,
    acting_user: Actor,
    producer: Producer,
    self_assessment: SelfAssessment,
    product_name: str,
    commune: AdministrativeUnit,
) -> Dossier:
    """A first-time dossier (lần đầu) of ``producer``, its form 02 the producer's saved self-assessment."""
    actor = _user(acting_user)
    if actor is None or not is_member_of_producer(actor, producer) or self_assessment.user_id != actor.pk:
        raise PermissionDenied
    dossier = Dossier(
        kind=DossierKind.FIRST_TIME,
        producer=producer,
        version=self_assessment.version,
        self_assessment=self_assessment,
        created_by=actor,
        holder_level=HolderLevel.PRODUCER,
        product_name=product_name.strip(),
        product_set=self_assessment.version.product_set,
    )
    _place(dossier, commune)
    _score(dossier, dict(self_assessment.answers))
    dossier.full_clean()
    dossier.save()
    audit_record(
        actor=actor,
        action="dossier.create",
        target=dossier,
        province_code=dossier.province_code,
        details={"kind": dossier.kind, "self_assessment": self_assessment.pk, "version": dossier.version_id},
    )
    return dossier


@transaction.atomic
def dossier_start_follow_up(*, acting_user: Actor, product: Product, kind: str) -> Dossier:
    """An upgrade (nâng hạng) or re-evaluation (đánh giá lại) of ``product``: a copy of its last dossier.

    Form 01, the answers of form 02 and the evidence references are carried over (the files are shared,
    not copied); the producer changes what changed. The copy is scored on the product set's active sheet:
    an answer is carried when the active sheet has the same criterion with an option of the same text.
    A product without a dossier on the platform (recognised before it) starts from its registry record.
    """
    actor = _user(acting_user)
    if actor is None or not is_member_of_producer(actor, product.producer):
        raise PermissionDenied
    if kind not in (DossierKind.UPGRADE, DossierKind.REEVALUATION):
        raise ValidationError({"kind": _("Loại hồ sơ không hợp lệ: %(kind)s.") % {"kind": kind}})
    Product.objects.select_for_update().get(pk=product.pk)  # two starts at once make one dossier
    open_dossier = Dossier.objects.filter(product=product).exclude(state__in=FINAL_STATES).first()
    if open_dossier is not None:
        raise ValidationError(
            _("Sản phẩm này đã có hồ sơ #%(number)s đang xử lý.") % {"number": open_dossier.pk}
        )
    version = RubricVersion.objects.filter(
        product_set=product.product_set, status=RubricStatus.ACTIVE
    ).first()
    if version is None:
        raise ValidationError(_("Bộ sản phẩm của sản phẩm này chưa có bộ tiêu chí đang áp dụng."))
    last = Dossier.objects.filter(product=product).order_by("-created_at", "-id").first()
    dossier = Dossier(
        kind=kind,
        producer=product.producer,
        product=product,
        version=version,
        copied_from=last,
        created_by=actor,
        holder_level=HolderLevel.PRODUCER,
        product_set=product.product_set,
    )
    if last is not None:
        for name in REGISTRATION_FIELDS:
            setattr(dossier, name, getattr(last, name))
        _place(dossier, last.commune)
        _score(dossier, _carried_answers(last, version))
    else:
        commune = (
            AdministrativeUnit.objects.filter(
                scheme=Scheme.CURRENT, level=Level.COMMUNE, code=product.commune_code
            ).first()
            if product.commune_code is not None
            else None
        )
        if commune is None:
            raise ValidationError(_("Sản phẩm chưa ghi xã, phường hiện hành; hãy nhờ cán bộ tỉnh cập nhật."))
        dossier.product_name = product.name
        dossier.description = product.description
        dossier.packaging = product.packaging
        dossier.standards = product.standards
        _place(dossier, commune)
        _score(dossier, {})
    dossier.full_clean()
    dossier.save()
    carried = 0
    if last is not None:
        copies = [
            DossierEvidence(
                dossier=dossier,
                criterion_code=item.criterion_code,
                file_id=item.file_id,
                name=item.name,
                added_by=item.added_by,
            )
            for item in last.evidence.all()
        ]
        carried = len(DossierEvidence.objects.bulk_create(copies))
    audit_record(
        actor=actor,
        action="dossier.create",
        target=dossier,
        province_code=dossier.province_code,
        details={
            "kind": kind,
            "product": product.pk,
            "copied_from": last.pk if last else None,
            "answers": len(dossier.answers),
            "evidence": carried,
        },
    )
    return dossier


def _carried_answers(last: Dossier, version: RubricVersion) -> dict[str, int]:
    if last.version_id == version.pk:
        return dict(last.answers)
    chosen = Option.objects.filter(pk__in=list(last.answers.values())).select_related("criterion")
    texts = {(option.criterion.code, option.text) for option in chosen}
    carried: dict[str, int] = {}
    for option in Option.objects.filter(criterion__version=version).select_related("criterion"):
        if (option.criterion.code, option.text) in texts:
            carried[option.criterion.code] = option.pk
    return carried


# --- Forms 01 and 02, evidence


def _locked_for_edit(acting_user: Actor, dossier: Dossier) -> Dossier:
    locked = Dossier.objects.select_for_update().select_related("producer", "version").get(pk=dossier.pk)
    if not may_edit_dossier(acting_user, locked):
        raise PermissionDenied
    return locked


@transaction.atomic
def dossier_registration_update(*, acting_user: Actor, dossier: Dossier, **fields: Any) -> Dossier:
    """Form 01: the fields of ``REGISTRATION_FIELDS`` given, while the producer holds the dossier."""
    locked = _locked_for_edit(acting_user, dossier)
    unknown = set(fields) - set(REGISTRATION_FIELDS)
    if unknown:
        raise ValueError(f"not fields of form 01: {sorted(unknown)}")
    changes: dict[str, list[Any]] = {}
    for name, value in fields.items():
        before = getattr(locked, name)
        if name == "commune":
            _place(locked, value)
        else:
            setattr(locked, name, value.strip() if isinstance(value, str) else value)
        after = getattr(locked, name)
        if before != after:
            changes[name] = [str(before), str(after)] if name == "commune" else [before, after]
    locked.full_clean()
    locked.save()
    if changes:
        audit_record(
            actor=acting_user,
            action="dossier.update",
            target=locked,
            province_code=locked.province_code,
            details={"changes": changes},
        )
    return locked


@transaction.atomic
def dossier_answers_update(*, acting_user: Actor, dossier: Dossier, answers: dict[str, int]) -> Dossier:
    """Form 02: the answers given replace those of the same criteria; scored again on the dossier's sheet."""
    locked = _locked_for_edit(acting_user, dossier)
    merged = {**locked.answers, **answers}
    before = (str(locked.total), locked.stars)
    _score(locked, merged)
    changed = sorted(code for code, option in answers.items() if dossier.answers.get(code) != option)
    locked.save(update_fields=["answers", "total", "stars", "updated_at"])
    if changed:
        audit_record(
            actor=acting_user,
            action="dossier.answers_update",
            target=locked,
            province_code=locked.province_code,
            details={
                "criteria": changed,
                "total": [before[0], str(locked.total)],
                "stars": [before[1], locked.stars],
            },
        )
    return locked


def dossier_evidence_add(
    *, acting_user: Actor, dossier: Dossier, criterion_code: str, checked: private_files.CheckedFile
) -> DossierEvidence:
    """Keep a checked file (``private_files.check_upload``, done before: no transaction waits on it) as
    evidence for ``criterion_code`` ("" for the dossier as a whole)."""
    if not may_edit_dossier(acting_user, dossier):
        raise PermissionDenied
    if criterion_code and not Criterion.objects.filter(version=dossier.version, code=criterion_code).exists():
        raise ValidationError(
            {"criterion_code": _("Bộ tiêu chí không có tiêu chí %(code)s.") % {"code": criterion_code}}
        )
    with transaction.atomic():
        locked = _locked_for_edit(acting_user, dossier)
        if locked.evidence.filter(criterion_code=criterion_code, file__sha256=checked.sha256).exists():
            raise ValidationError(
                {"file": _("Tệp “%(name)s” đã có trong minh chứng này.") % {"name": checked.name}}
            )
        stored = private_files.store(checked)
        item = DossierEvidence.objects.create(
            dossier=locked,
            criterion_code=criterion_code,
            file=stored,
            name=checked.name,
            added_by=_user(acting_user),
        )
        audit_record(
            actor=acting_user,
            action="dossier.evidence_add",
            target=locked,
            province_code=locked.province_code,
            details={"criterion": criterion_code, "name": checked.name, "sha256": checked.sha256},
        )
    return item


@transaction.atomic
def dossier_evidence_remove(*, acting_user: Actor, item: DossierEvidence) -> None:
    """Take a file out of the dossier; the file itself stays (other dossiers may refer to it)."""
    locked = _locked_for_edit(acting_user, item.dossier)
    item = DossierEvidence.objects.get(pk=item.pk, dossier=locked)
    audit_record(
        actor=acting_user,
        action="dossier.evidence_remove",
        target=locked,
        province_code=locked.province_code,
        details={"criterion": item.criterion_code, "name": item.name, "sha256": item.file.sha256},
    )
    item.delete()


# --- The workflow


def _refuse_transition(dossier: Dossier, action: str) -> ValidationError:
    return ValidationError(
        _("Hồ sơ đang ở trạng thái “%(state)s”: không thể thực hiện thao tác “%(action)s”.")
        % {"state": DossierState(dossier.state).label, "action": action}
    )


def dossier_transition(
    *, acting_user: Actor, dossier: Dossier, action: str, today: datetime.date | None = None, **data: Any
) -> Dossier:
    """Apply the row of ``workflow.TRANSITIONS`` for ``action`` out of the dossier's state; the decision
    rows are refused here: a decision issues its certificate, so it goes through
    ``services.decisions.decision_record`` alone (which applies its row with ``dossier_decision_transition``).
    """
    return _transition(
        acting_user=acting_user, dossier=dossier, action=action, today=today, decision=False, **data
    )


def dossier_decision_transition(
    *, acting_user: Actor, dossier: Dossier, action: str, today: datetime.date | None = None, **data: Any
) -> Dossier:
    """Apply a decision row (``Form.DECISION``) of the table: for ``services.decisions`` only, inside the
    transaction in which it records the decision and issues its certificate."""
    return _transition(
        acting_user=acting_user, dossier=dossier, action=action, today=today, decision=True, **data
    )


@transaction.atomic
def _transition(
    *,
    acting_user: Actor,
    dossier: Dossier,
    action: str,
    today: datetime.date | None,
    decision: bool,
    **data: Any,
) -> Dossier:
    """Apply the row of ``workflow.TRANSITIONS`` for ``action`` out of the dossier's state.

    Locks the dossier's row, checks the table and the actor's scope, then writes the state, who holds it
    and until when, the step with what its form records (form 03, the advisory review and its photos), and
    an audit event. ``data`` is the step's form: ``note``; for form 03 ``meeting_date``, ``report`` and the
    five ``*_confirmed`` answers; for the advisory review ``notes``, ``field_visit_date``,
    ``field_visit_notes`` and ``photos`` (``private_files.CheckedFile``, checked before).
    """
    locked = (
        Dossier.objects.select_for_update()
        .select_related("producer", "version", "commune")
        .get(pk=dossier.pk)
    )
    transition = transition_for(locked.state, action)
    if transition is None:
        raise _refuse_transition(locked, action)
    if not may_take(acting_user, locked, transition):
        raise PermissionDenied
    if (transition.form == Form.DECISION) != decision:
        raise ValidationError(
            _("Thao tác “%(action)s” là quyết định của chủ tịch hội đồng: hãy ghi ở trang quyết định.")
            % {"action": action}
            if transition.form == Form.DECISION
            else _refuse_transition(locked, action)
        )
    today = today or timezone.localdate()
    note = str(data.get("note", "")).strip()
    if transition.form == Form.DOSSIER:
        _check_ready_to_submit(locked)
    if transition.next_state == DossierState.RETURNED and not note:
        raise ValidationError({"note": _("Hãy ghi lý do trả lại hồ sơ để chủ thể biết cần bổ sung gì.")})
    previous_state = locked.state
    _move(locked, transition, today)
    step = DossierStep.objects.create(
        dossier=locked,
        action=action,
        from_state=previous_state,
        to_state=transition.next_state,
        actor=_user(acting_user),
        holder_level=locked.holder_level,
        deadline=locked.deadline,
        note=note,
    )
    if transition.form == Form.COMMUNE_CHECK:
        _record_commune_check(step, data)
    elif transition.form == Form.ADVISORY_REVIEW:
        _record_advisory_review(step, data)
    audit_record(
        actor=acting_user,
        action="dossier.transition",
        target=locked,
        province_code=locked.province_code,
        details={
            "action": action,
            "from": previous_state,
            "to": locked.state,
            "holder": locked.holder_level,
            "deadline": locked.deadline.isoformat() if locked.deadline else None,
            "note": note,
        },
    )
    return locked


def _check_ready_to_submit(dossier: Dossier) -> None:
    problems = [
        _("Phiếu đăng ký (mẫu 01) còn thiếu: %(field)s.") % {"field": _field_label(name)}
        for name in REQUIRED_TO_SUBMIT
        if getattr(dossier, name) in ("", None)
    ]
    score = scoring.score_answers(scoring.sheet_of(dossier.version), dossier.answers)
    if score.missing:
        problems.append(
            _("Phiếu tự đánh giá (mẫu 02) chưa trả lời các tiêu chí: %(codes)s.")
            % {"codes": ", ".join(score.missing)}
        )
    if problems:
        raise ValidationError(problems)


def _field_label(name: str) -> str:
    field = Dossier._meta.get_field(name)
    return str(getattr(field, "verbose_name", name))


def _move(dossier: Dossier, transition: Transition, today: datetime.date) -> None:
    """The state, who holds the dossier and until when, as the row says."""
    if transition.form == Form.DOSSIER:
        dossier.submitted_at = timezone.now()
        if dossier.kind == DossierKind.REEVALUATION and dossier.decide_by is None:
            dossier.decide_by = workdays.time_limit("reevaluation_total").due(today)
    dossier.state = transition.next_state
    dossier.holder_level = transition.holder or ""
    dossier.holder_unit = _holder_unit(dossier, transition.holder)
    if transition.deadline != KEEP_DEADLINE:
        limit = workdays.time_limit(transition.deadline) if transition.deadline else None
        dossier.deadline = limit.due(today) if limit else None
        dossier.deadline_key = transition.deadline or ""
    dossier.save()


def _holder_unit(dossier: Dossier, level: HolderLevel | None) -> AdministrativeUnit | None:
    if level == HolderLevel.COMMUNE:
        return dossier.commune
    if level == HolderLevel.PROVINCE:
        return AdministrativeUnit.objects.get(
            scheme=Scheme.CURRENT, level=Level.PROVINCE, code=dossier.province_code
        )
    return None


def _required_text(data: dict[str, Any], name: str, message: str) -> str:
    value = str(data.get(name) or "").strip()
    if not value:
        raise ValidationError({name: message})
    return value


def _record_commune_check(step: DossierStep, data: dict[str, Any]) -> None:
    meeting_date = data.get("meeting_date")
    if not isinstance(meeting_date, datetime.date):
        raise ValidationError({"meeting_date": _("Hãy ghi ngày họp của xã (mẫu 03).")})
    check = CommuneCheck(
        step=step,
        meeting_date=meeting_date,
        product_origin_confirmed=bool(data.get("product_origin_confirmed")),
        raw_materials_confirmed=bool(data.get("raw_materials_confirmed")),
        local_labour_confirmed=bool(data.get("local_labour_confirmed")),
        idea_origin_confirmed=bool(data.get("idea_origin_confirmed")),
        local_identity_confirmed=bool(data.get("local_identity_confirmed")),
        report=_required_text(data, "report", _("Hãy ghi báo cáo đánh giá của xã (mẫu 03).")),
    )
    check.full_clean()
    check.save()


def _record_advisory_review(step: DossierStep, data: dict[str, Any]) -> None:
    review = AdvisoryReview(
        step=step,
        notes=_required_text(data, "notes", _("Hãy ghi nhận xét của tổ tư vấn.")),
        field_visit_date=data.get("field_visit_date"),
        field_visit_notes=str(data.get("field_visit_notes") or "").strip(),
    )
    photos: list[private_files.CheckedFile] = list(data.get("photos") or [])
    if (photos or review.field_visit_notes) and review.field_visit_date is None:
        raise ValidationError({"field_visit_date": _("Hãy ghi ngày khảo sát thực tế.")})
    review.full_clean()
    review.save()
    step.files.add(*[private_files.store(photo) for photo in photos])
