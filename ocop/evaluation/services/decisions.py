"""The chair's decision on a dossier after the council's locked scores (Decision 26/2026/QĐ-TTg).

The outcome follows the council's classified score (``services.councils.council_result``, stars by
``scoring.classify``), applied through the workflow's decision rows (``workflow.TRANSITIONS``):

- a province council: 3★ or 4★ → ``recognise``, a certificate of that rank; 5★ (90 points or more with
  every 5★ minimum met) → ``forward_central``: the province recognises the product 4★ "potential 5★" (the
  registry's ``potential_five_star``, DOMAIN.md) and the dossier goes to the central council; below 3★ →
  ``not_recognise``;
- the central council: 5★ → ``recognise`` 5★, signed for the Ministry; otherwise ``back_to_province``;
- back at the province, its council's score decides 3★ or 4★ (never above 4★), or not recognised.

The chair may always decide ``not_recognise`` instead (a knock-out the sheet cannot score), with a reason.
Certificates are issued by ``ocop.registry.services.certificate_add`` (its number, validity and, for a
first-time dossier, the product with its 26/2026 code); the producer's members and the council's members
are told in one ``notify`` call. A decision without a session closed with quorum is refused.
"""

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ocop.accounts.access import Actor, acting_user
from ocop.accounts.models import User
from ocop.core.services import audit_record
from ocop.evaluation.models import (
    CouncilRole,
    CouncilSession,
    Decision,
    Dossier,
    DossierState,
    EvaluationRound,
    RoundLevel,
)
from ocop.evaluation.services.councils import CouncilResult, council_result, session_has_quorum
from ocop.evaluation.services.dossiers import dossier_decision_transition
from ocop.geo.mapping import UnitIndex
from ocop.notifications.services import notify
from ocop.registry import rules
from ocop.registry.models import Certificate, IssuingLevel
from ocop.registry.services import NewProduct, certificate_add

# The level whose council decides a dossier in each state.
DECIDING_LEVEL = {
    DossierState.COUNCIL_SCORING: RoundLevel.PROVINCE,
    DossierState.BACK_TO_PROVINCE: RoundLevel.PROVINCE,
    DossierState.CENTRAL_SCORING: RoundLevel.CENTRAL,
}
NOTIFICATION_KIND = "decision"


def deciding_round(dossier: Dossier) -> EvaluationRound | None:
    level = DECIDING_LEVEL.get(DossierState(dossier.state))
    if level is None:
        return None
    return dossier.rounds.filter(level=level).select_related("council").first()


def deciding_session(dossier: Dossier) -> CouncilSession | None:
    """The latest closed session of the deciding round's council that scored ``dossier``."""
    evaluation_round = deciding_round(dossier)
    council = getattr(evaluation_round, "council", None)
    if council is None:
        return None
    return (
        council.sessions.filter(closed_at__isnull=False, scores__dossier=dossier)
        .distinct()
        .order_by("-closed_at")
        .first()
    )


def outcome_of(state: str, result: CouncilResult) -> tuple[str, int]:
    """The decision row and the stars the council's score leads to out of ``state``: who recognises which
    rank is the rule set's (``issuing_level_by_stars``), never written here."""
    rule_set = rules.rule_set_on(timezone.localdate())
    central = rules.highest_stars_issued_at(rule_set, IssuingLevel.CENTRAL)
    province = rules.highest_stars_issued_at(rule_set, IssuingLevel.PROVINCE)
    stars = result.score.stars if result.score.recognisable else 0
    if state == DossierState.CENTRAL_SCORING:
        return ("recognise", central) if stars >= central else ("back_to_province", 0)
    if state == DossierState.COUNCIL_SCORING and stars >= central:
        return "forward_central", province
    if not result.score.recognisable:
        return "not_recognise", 0
    return "recognise", min(stars, province)


@transaction.atomic
def decision_record(
    *,
    acting_user: Actor,
    dossier: Dossier,
    action: str,
    decision_no: str,
    decision_date: datetime.date,
    signer_name: str,
    signer_title: str,
    note: str = "",
) -> Decision:
    """The chair's decision on ``dossier``: ``action`` is the outcome of the council's score
    (``outcome_of``) or ``not_recognise``; a recognition issues its certificate."""
    locked = (
        Dossier.objects.select_for_update()
        .select_related("producer", "version", "commune")
        .get(pk=dossier.pk)
    )
    actor = acting_user_or_refuse(acting_user)
    evaluation_round = deciding_round(locked)
    council = getattr(evaluation_round, "council", None)
    if council is None or not council.members.filter(user=actor, role=CouncilRole.CHAIR).exists():
        raise PermissionDenied
    session = deciding_session(locked)
    if session is None or not session_has_quorum(session):
        raise ValidationError(
            _("Hồ sơ #%(number)s chưa có phiên chấm đã khóa đủ túc số: chưa thể ra quyết định.")
            % {"number": locked.pk}
        )
    result = council_result(session, locked)
    expected, stars = outcome_of(locked.state, result)
    if action not in (expected, "not_recognise"):
        raise ValidationError(
            {
                "action": _("Điểm của hội đồng (%(total)s) dẫn đến “%(expected)s”, không phải “%(action)s”.")
                % {"total": result.score.total, "expected": expected, "action": action}
            }
        )
    if action != expected and not note.strip():
        raise ValidationError({"note": _("Hãy ghi lý do không công nhận khác với điểm của hội đồng.")})
    problems = {
        name: message
        for name, value, message in (
            ("decision_no", decision_no, _("Hãy ghi số quyết định.")),
            ("signer_name", signer_name, _("Hãy ghi họ tên người ký.")),
            ("signer_title", signer_title, _("Hãy ghi chức vụ người ký.")),
        )
        if not value.strip()
    }
    if problems:
        raise ValidationError(problems)
    certificate = None
    if action in ("recognise", "forward_central"):
        certificate = certificate_add(
            acting_user=actor,
            product=locked.product or _new_product(locked),
            stars=stars,
            potential_five_star=action == "forward_central",
            score=Decimal(result.score.total),
            decision_no=decision_no.strip(),
            decision_date=decision_date,
            signer_name=signer_name.strip(),
            signer_title=signer_title.strip(),
        )
        if locked.product_id is None:
            Dossier.objects.filter(pk=locked.pk).update(product=certificate.product)
            locked.product = certificate.product
    moved = dossier_decision_transition(
        acting_user=actor, dossier=locked, action=action, today=decision_date, note=note
    )
    decision = Decision.objects.create(
        step=moved.steps.latest("id"),
        session=session,
        total=result.score.total,
        stars=certificate.stars if certificate else 0,
        decision_no=decision_no.strip(),
        decision_date=decision_date,
        signer_name=signer_name.strip(),
        signer_title=signer_title.strip(),
        certificate=certificate,
    )
    audit_record(
        actor=actor,
        action="council.decision",
        target=moved,
        province_code=moved.province_code,
        details={
            "action": action,
            "total": str(result.score.total),
            "stars": decision.stars,
            "decision_no": decision.decision_no,
            "certificate": certificate.number if certificate else None,
        },
    )
    _tell(moved, decision, certificate, [member.user for member in council.members.select_related("user")])
    return decision


def acting_user_or_refuse(actor: Actor) -> User:
    user = acting_user(actor)
    if user is None:
        raise PermissionDenied
    return user


def _new_product(dossier: Dossier) -> NewProduct:
    """The product a first-time dossier's recognition creates, from its form 01."""
    return NewProduct(
        producer=dossier.producer,
        unit=dossier.commune,
        coordinates=UnitIndex().coordinates(dossier.commune),
        name=dossier.product_name,
        product_set=dossier.product_set,
        fields={
            "description": dossier.description,
            "packaging": dossier.packaging,
            "standards": dossier.standards,
        },
    )


def _tell(dossier: Dossier, decision: Decision, certificate: Certificate | None, members: list[User]) -> None:
    outcome = DossierState(dossier.state).label
    body = format_lazy(
        gettext_lazy("Hồ sơ #{number} “{name}”: {outcome}. Quyết định số {decision_no} ngày {day}."),
        number=dossier.pk,
        name=dossier.product_name,
        outcome=outcome,
        decision_no=decision.decision_no,
        day=f"{decision.decision_date:%d/%m/%Y}",
    )
    notify(
        recipients=[*dossier.producer.members.all(), *members],
        kind=NOTIFICATION_KIND,
        subject=format_lazy(gettext_lazy("Quyết định về hồ sơ #{number}"), number=dossier.pk),
        body=body,
        link=reverse("evaluation:dossier_detail", args=[dossier.pk]),
        key=f"decision:{decision.pk}",
    )
