"""Rounds, councils, sessions and the members' scores (Decision 26/2026/QĐ-TTg; rules in
``ocop.evaluation.council_rules``).

- A province officer opens a province round, a central officer a central one; the officer who opened it
  assigns the dossiers waiting for its council (province rounds: their province's dossiers ready for
  council scoring; central rounds: those forwarded at 90 points or more), forms the council and runs its
  sessions.
- The chair of a province council is a province officer of that province, of a central council a central
  officer: the chair's decision issues certificates, which only they may do (``services.decisions``).
  Members are council members (``Role.COUNCIL_MEMBER``) or officers of the round's scope.
- Each member present scores each dossier of the round on their own; nobody sees another's score before
  submitting theirs (``council_result`` is read only after). A spread above the allowed limit flags the
  dossier and reopens scoring to its members until the session closes. Closing needs the quorum and every
  member present having submitted every dossier; it locks every score for good.

Every refusal raises ``PermissionDenied`` (out of scope: the views answer 404) or ``ValidationError``
naming what is wrong; either way nothing is written.
"""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ocop.accounts.access import Actor, acting_user
from ocop.accounts.models import Role, User
from ocop.core.services import audit_record
from ocop.evaluation import council_rules, scoring
from ocop.evaluation.access import may_manage_round, membership_of
from ocop.evaluation.answers import score_or_refuse
from ocop.evaluation.models import (
    Council,
    CouncilMember,
    CouncilRole,
    CouncilSession,
    Dossier,
    DossierState,
    EvaluationRound,
    MemberScore,
    RoundLevel,
)
from ocop.notifications.services import notify

NOTIFICATION_KIND = "council"
# The state a dossier waits in for each level's council.
WAITING_STATE = {
    RoundLevel.PROVINCE: DossierState.COUNCIL_SCORING,
    RoundLevel.CENTRAL: DossierState.CENTRAL_SCORING,
}


def _user(actor: Actor) -> User:
    user = acting_user(actor)
    if user is None:
        raise PermissionDenied
    return user


def dossiers_to_score(evaluation_round: EvaluationRound) -> QuerySet[Dossier]:
    """The round's dossiers still waiting for its council: those decided after an earlier session are
    not scored again."""
    return evaluation_round.dossiers.filter(state=WAITING_STATE[RoundLevel(evaluation_round.level)])


# --- Rounds


@transaction.atomic
def round_open(
    *, acting_user: Actor, name: str, closes_on: datetime.date, today: datetime.date | None = None
) -> EvaluationRound:
    """A round of the acting officer's level, closing on or before the next closing day of the rules."""
    actor = _user(acting_user)
    if actor.role == Role.PROVINCE_OFFICER and actor.province_code is not None:
        level, province_code = RoundLevel.PROVINCE, actor.province_code
    elif actor.role == Role.CENTRAL_OFFICER:
        level, province_code = RoundLevel.CENTRAL, None
    else:
        raise PermissionDenied
    today = today or timezone.localdate()
    latest = council_rules.next_closing_date(level, today)
    if not today <= closes_on <= latest:
        raise ValidationError(
            {
                "closes_on": _("Đợt đánh giá phải kết thúc từ hôm nay đến hạn %(day)s (%(decision)s).")
                % {"day": f"{latest:%d/%m/%Y}", "decision": council_rules.rules().decision}
            }
        )
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Hãy đặt tên cho đợt đánh giá.")})
    evaluation_round = EvaluationRound(
        level=level, province_code=province_code, name=name, closes_on=closes_on, opened_by=actor
    )
    evaluation_round.full_clean()
    evaluation_round.save()
    audit_record(
        actor=actor,
        action="council.round_open",
        target=evaluation_round,
        province_code=province_code,
        details={"level": level, "name": name, "closes_on": closes_on.isoformat()},
    )
    return evaluation_round


def _locked_round(acting_user: Actor, evaluation_round: EvaluationRound) -> EvaluationRound:
    locked = EvaluationRound.objects.select_for_update().get(pk=evaluation_round.pk)
    if not may_manage_round(acting_user, locked):
        raise PermissionDenied
    return locked


@transaction.atomic
def round_assign(
    *, acting_user: Actor, evaluation_round: EvaluationRound, dossiers: Sequence[Dossier]
) -> EvaluationRound:
    """Put ``dossiers`` in the round: each waiting for this level's council, in its scope, in no other round
    of the level."""
    locked = _locked_round(acting_user, evaluation_round)
    if not dossiers:
        raise ValidationError({"dossiers": _("Hãy chọn ít nhất một hồ sơ.")})
    rows = list(Dossier.objects.select_for_update().filter(pk__in=[dossier.pk for dossier in dossiers]))
    problems = []
    for dossier in rows:
        if locked.level == RoundLevel.PROVINCE and dossier.province_code != locked.province_code:
            raise PermissionDenied
        if dossier.state != WAITING_STATE[RoundLevel(locked.level)]:
            problems.append(
                _("Hồ sơ #%(number)s đang ở trạng thái “%(state)s”, không chờ hội đồng của đợt này.")
                % {"number": dossier.pk, "state": DossierState(dossier.state).label}
            )
        elif dossier.rounds.filter(level=locked.level).exclude(pk=locked.pk).exists():
            problems.append(_("Hồ sơ #%(number)s đã thuộc một đợt đánh giá khác.") % {"number": dossier.pk})
    if problems:
        raise ValidationError({"dossiers": problems})
    new = [dossier for dossier in rows if not locked.dossiers.filter(pk=dossier.pk).exists()]
    locked.dossiers.add(*new)
    audit_record(
        actor=acting_user,
        action="council.round_assign",
        target=locked,
        province_code=locked.province_code,
        details={"dossiers": sorted(dossier.pk for dossier in new)},
    )
    return locked


# --- Councils


def _may_sit(user: User, evaluation_round: EvaluationRound) -> bool:
    if evaluation_round.level == RoundLevel.CENTRAL:
        return user.role in (Role.CENTRAL_OFFICER, Role.COUNCIL_MEMBER)
    return (
        user.role in (Role.PROVINCE_OFFICER, Role.COUNCIL_MEMBER)
        and user.province_code == evaluation_round.province_code
    )


def _may_chair(user: User, evaluation_round: EvaluationRound) -> bool:
    if evaluation_round.level == RoundLevel.CENTRAL:
        return user.role == Role.CENTRAL_OFFICER
    return user.role == Role.PROVINCE_OFFICER and user.province_code == evaluation_round.province_code


@transaction.atomic
def council_form(
    *,
    acting_user: Actor,
    evaluation_round: EvaluationRound,
    name: str,
    chair: User,
    members: Sequence[User],
    secretary: User | None = None,
) -> Council:
    """The round's council: a chair (an officer of the round's level, who signs its decisions), members
    and an optional secretary, each a different active person of the round's scope."""
    locked = _locked_round(acting_user, evaluation_round)
    if Council.objects.filter(round=locked).exists():
        raise ValidationError(_("Đợt đánh giá này đã có hội đồng."))
    seats = [(chair, CouncilRole.CHAIR), *((user, CouncilRole.MEMBER) for user in members)]
    if secretary is not None:
        seats.append((secretary, CouncilRole.SECRETARY))
    problems = []
    if not _may_chair(chair, locked):
        problems.append(
            _("%(name)s không thể làm chủ tịch hội đồng: chủ tịch là cán bộ của cấp mở đợt.")
            % {"name": chair.full_name or chair.email}
        )
    seen: set[int] = set()
    for user, _role in seats:
        if user.pk in seen:
            problems.append(
                _("%(name)s có tên hai lần trong hội đồng.") % {"name": user.full_name or user.email}
            )
        seen.add(user.pk)
        if not user.is_active or not _may_sit(user, locked):
            problems.append(
                _("%(name)s không thể là thành viên hội đồng của đợt này.")
                % {"name": user.full_name or user.email}
            )
    if not name.strip():
        problems.append(_("Hãy đặt tên cho hội đồng."))
    if problems:
        raise ValidationError(problems)
    council = Council.objects.create(round=locked, name=name.strip(), formed_by=_user(acting_user))
    CouncilMember.objects.bulk_create(
        [CouncilMember(council=council, user=user, role=role) for user, role in seats]
    )
    audit_record(
        actor=acting_user,
        action="council.form",
        target=council,
        province_code=locked.province_code,
        details={"round": locked.pk, "members": [[user.pk, str(role)] for user, role in seats]},
    )
    return council


# --- Sessions


def _locked_session_to_manage(acting_user: Actor, session: CouncilSession) -> CouncilSession:
    locked = CouncilSession.objects.select_for_update().select_related("council__round").get(pk=session.pk)
    if not may_manage_round(acting_user, locked.council.round):
        raise PermissionDenied
    if locked.is_closed:
        raise ValidationError(
            _("Phiên chấm ngày %(day)s đã khóa: không thể thay đổi.") % _session_day(locked)
        )
    return locked


def _session_day(session: CouncilSession) -> dict[str, str]:
    return {"day": f"{session.held_on:%d/%m/%Y}"}


def _check_present(council: Council, present: Sequence[CouncilMember]) -> list[CouncilMember]:
    strangers = [member for member in present if member.council_id != council.pk]
    if strangers:
        raise ValidationError({"present": _("Chỉ ghi có mặt những thành viên của hội đồng này.")})
    return list(present)


@transaction.atomic
def session_open(
    *, acting_user: Actor, council: Council, held_on: datetime.date, present: Sequence[CouncilMember]
) -> CouncilSession:
    """A session of ``council`` on ``held_on`` with its attendance; one open session at a time."""
    Council.objects.select_for_update().get(pk=council.pk)
    if not may_manage_round(acting_user, council.round):
        raise PermissionDenied
    if council.sessions.filter(closed_at__isnull=True).exists():
        raise ValidationError(_("Hội đồng đang có một phiên chấm chưa khóa."))
    attending = _check_present(council, present)
    session = CouncilSession.objects.create(council=council, held_on=held_on)
    session.present.set(attending)
    notify(
        recipients=[member.user for member in attending],
        kind=NOTIFICATION_KIND,
        subject=format_lazy(gettext_lazy("Phiên chấm của {council} đã mở"), council=council.name),
        body=format_lazy(
            gettext_lazy("Phiên chấm ngày {day}: {count} hồ sơ cần bạn chấm."),
            day=f"{held_on:%d/%m/%Y}",
            count=dossiers_to_score(council.round).count(),
        ),
        link=reverse("evaluation:council_home"),
        key=f"session:{session.pk}:open",
    )
    audit_record(
        actor=acting_user,
        action="council.session_open",
        target=session,
        province_code=council.round.province_code,
        details={"held_on": held_on.isoformat(), "present": sorted(member.user_id for member in attending)},
    )
    return session


@transaction.atomic
def session_attendance_update(
    *, acting_user: Actor, session: CouncilSession, present: Sequence[CouncilMember]
) -> CouncilSession:
    locked = _locked_session_to_manage(acting_user, session)
    attending = _check_present(locked.council, present)
    before = sorted(member.user_id for member in locked.present.all())
    locked.present.set(attending)
    after = sorted(member.user_id for member in attending)
    if before != after:
        audit_record(
            actor=acting_user,
            action="council.session_attendance",
            target=locked,
            province_code=locked.council.round.province_code,
            details={"present": [before, after]},
        )
    return locked


@transaction.atomic
def session_close(*, acting_user: Actor, session: CouncilSession) -> CouncilSession:
    """Lock every score of the session, once the quorum is present and every member present has submitted
    every dossier of the round."""
    locked = _locked_session_to_manage(acting_user, session)
    council = locked.council
    present = list(locked.present.all())
    if not session_has_quorum(locked):
        raise ValidationError(
            _(
                "Phiên chấm chưa đủ túc số: có mặt %(present)s/%(members)s thành viên, cần từ %(share)s%% "
                "và có chủ tịch hội đồng."
            )
            % {
                "present": len(present),
                "members": council.members.count(),
                "share": int(council_rules.rules().quorum_share * 100),
            }
        )
    missing = []
    for dossier in dossiers_to_score(council.round).order_by("pk"):
        submitted = set(
            locked.scores.filter(dossier=dossier, submitted_at__isnull=False).values_list(
                "member_id", flat=True
            )
        )
        for member in present:
            if member.pk not in submitted:
                missing.append(
                    _("%(name)s chưa nộp phiếu chấm hồ sơ #%(number)s.")
                    % {"name": member.user.full_name or member.user.email, "number": dossier.pk}
                )
    if missing:
        raise ValidationError(missing)
    locked.closed_at = timezone.now()
    locked.closed_by = _user(acting_user)
    locked.save(update_fields=["closed_at", "closed_by", "updated_at"])
    results = {
        str(dossier.pk): str(council_result(locked, dossier).score.total)
        for dossier in dossiers_to_score(council.round).order_by("pk")
    }
    audit_record(
        actor=acting_user,
        action="council.session_close",
        target=locked,
        province_code=council.round.province_code,
        details={"present": sorted(member.user_id for member in present), "totals": results},
    )
    return locked


def session_has_quorum(session: CouncilSession) -> bool:
    present = list(session.present.all())
    return council_rules.has_quorum(
        present=len(present),
        members=session.council.members.count(),
        chair_present=any(member.role == CouncilRole.CHAIR for member in present),
    )


# --- Scores


@transaction.atomic
def member_score_save(
    *,
    acting_user: Actor,
    session: CouncilSession,
    dossier: Dossier,
    answers: dict[str, int],
    submit: bool = False,
) -> MemberScore:
    """A member's answers for ``dossier`` in ``session``, merged into their draft; ``submit`` hands it in
    (every criterion answered). A submitted score changes again only while the dossier is flagged for its
    spread, until the session closes."""
    locked = CouncilSession.objects.select_for_update().select_related("council__round").get(pk=session.pk)
    member = membership_of(acting_user, locked.council)
    if member is None:
        raise PermissionDenied
    if locked.is_closed:
        raise ValidationError(
            _("Phiên chấm ngày %(day)s đã khóa: không thể chấm hay sửa điểm.") % _session_day(locked)
        )
    if not locked.council.round.dossiers.filter(pk=dossier.pk).exists():
        raise ValidationError(
            _("Hồ sơ #%(number)s không thuộc đợt đánh giá của hội đồng này.") % {"number": dossier.pk}
        )
    if not dossiers_to_score(locked.council.round).filter(pk=dossier.pk).exists():
        raise ValidationError(
            _("Hồ sơ #%(number)s đã có quyết định, không còn chờ hội đồng chấm.") % {"number": dossier.pk}
        )
    if not locked.present.filter(pk=member.pk).exists():
        raise ValidationError(_("Bạn chưa được ghi có mặt trong phiên chấm này."))
    score, _created = MemberScore.objects.get_or_create(session=locked, member=member, dossier=dossier)
    if score.submitted_at is not None and not council_result(locked, dossier).flagged:
        raise ValidationError(
            _("Bạn đã nộp phiếu chấm hồ sơ #%(number)s; chỉ được chấm lại khi hồ sơ bị đánh dấu chênh lệch.")
            % {"number": dossier.pk}
        )
    merged = {**score.answers, **answers}
    result = score_or_refuse(scoring.sheet_of(dossier.version), merged)
    if submit and result.missing:
        raise ValidationError(
            {
                "answers": _("Phiếu chấm chưa trả lời các tiêu chí: %(codes)s.")
                % {"codes": ", ".join(result.missing)}
            }
        )
    before = str(score.total) if score.submitted_at else None
    score.answers = merged
    score.total = Decimal(result.total)
    if submit:
        score.submitted_at = timezone.now()
    score.save()
    if submit:
        audit_record(
            actor=acting_user,
            action="council.score_submit",
            target=score,
            province_code=locked.council.round.province_code,
            details={"dossier": dossier.pk, "session": locked.pk, "total": [before, str(score.total)]},
        )
    return score


@dataclass(frozen=True)
class CouncilResult:
    """The council's score of a dossier in a session: the members' mean per criterion, classified."""

    members: int  # the submitted scores it is the mean of
    mean: dict[str, Decimal]
    score: scoring.Score
    totals: tuple[Decimal, ...]
    spread: Decimal
    flagged: bool


def council_result(session: CouncilSession, dossier: Dossier) -> CouncilResult:
    """The mean of the submitted scores, classified by ``scoring.classify`` on the dossier's version."""
    submitted = list(session.scores.filter(dossier=dossier, submitted_at__isnull=False))
    sheet = scoring.sheet_of(dossier.version)
    points = [_points(sheet, score.answers) for score in submitted]
    mean = council_rules.mean_points(points)
    totals = tuple(score.total for score in submitted)
    return CouncilResult(
        members=len(submitted),
        mean=mean,
        score=scoring.classify(sheet, mean),
        totals=totals,
        spread=council_rules.spread(totals),
        flagged=council_rules.is_flagged(totals),
    )


def _points(sheet: scoring.Sheet, answers: dict[str, int]) -> dict[str, scoring.Points]:
    by_id = {option.id: option.points for criterion in sheet.criteria for option in criterion.options}
    return {code: by_id[option_id] for code, option_id in answers.items()}
