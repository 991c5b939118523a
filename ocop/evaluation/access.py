"""Who may do what with rubrics and self-assessments.

- Everyone, signed in or not, reads the active and retired versions and scores against them; drafts are a
  central officer's work in progress and exist for nobody else (404).
- Only central officers correct a sheet (copy, edit, publish): the sheets are national law, set by the
  Prime Minister's decision, so no province edits them.
- A producer (chủ thể) saves their own self-assessments and sees only those.

Dossiers (hồ sơ), on the registry's rules of place (``ocop.registry.access.located_scope_q``: a dossier
carries the current province and commune of the commune named in its form 01):

- a producer sees the dossiers of the producers they are a member of, and starts, edits and submits them;
- a commune officer sees their commune's dossiers, a province officer their province's, a central officer
  all of them;
- a council member sees the dossiers of the rounds whose council they sit on (``councils in scope``
  below), and nothing else;
- everyone else (buyers, sales points, anonymous users) sees none: 404, like any record out of scope;
- acting on a dossier is a row of ``ocop.evaluation.workflow.TRANSITIONS`` whose roles include the user's,
  on a dossier they see.
"""

from django.db.models import Q, QuerySet
from django.http import Http404

from ocop.accounts.access import Actor, acting_user, is_central_officer
from ocop.accounts.models import Role
from ocop.evaluation.models import (
    Council,
    CouncilMember,
    Dossier,
    EvaluationRound,
    RoundLevel,
    RubricStatus,
    RubricVersion,
)
from ocop.evaluation.workflow import EDITABLE_STATES, Transition
from ocop.registry.access import located_scope_q
from ocop.registry.models import Producer

PUBLIC_STATUSES = (RubricStatus.ACTIVE, RubricStatus.RETIRED)


def may_correct_rubrics(user: Actor) -> bool:
    return is_central_officer(user)


def may_save_self_assessment(user: Actor) -> bool:
    actor = acting_user(user)
    return actor is not None and actor.role == Role.PRODUCER


def rubric_versions_public() -> QuerySet[RubricVersion]:
    return RubricVersion.objects.filter(status__in=PUBLIC_STATUSES)


def access_rubric_version_by_id(user: Actor, version_id: int) -> RubricVersion:
    """The version, if ``user`` may read it: public ones for everyone, drafts for central officers only."""
    versions = RubricVersion.objects.all() if may_correct_rubrics(user) else rubric_versions_public()
    version = versions.select_related("product_set").filter(pk=version_id).first()
    if version is None:
        raise Http404
    return version


# --- Dossiers

DOSSIER_OFFICER_ROLES = frozenset({Role.CENTRAL_OFFICER, Role.PROVINCE_OFFICER, Role.COMMUNE_OFFICER})


def dossiers_in_scope(user: Actor) -> QuerySet[Dossier]:
    actor = acting_user(user)
    if actor is None:
        return Dossier.objects.none()
    if actor.role == Role.PRODUCER:
        return Dossier.objects.filter(producer__in=Producer.objects.filter(members=actor).values("pk"))
    if actor.role in DOSSIER_OFFICER_ROLES:
        return Dossier.objects.filter(located_scope_q(actor))
    if actor.role == Role.COUNCIL_MEMBER:
        return Dossier.objects.filter(pk__in=Dossier.objects.filter(rounds__council__members__user=actor))
    return Dossier.objects.none()


def access_dossier_by_id(user: Actor, dossier_id: int) -> Dossier:
    """The dossier ``dossier_id`` if ``user`` may see it, else 404."""
    dossier = (
        dossiers_in_scope(user)
        .select_related(
            "producer", "product", "version__product_set", "product_set", "commune", "holder_unit"
        )
        .filter(pk=dossier_id)
        .first()
    )
    if dossier is None:
        raise Http404
    return dossier


def is_member_of_producer(user: Actor, producer: Producer) -> bool:
    actor = acting_user(user)
    return actor is not None and actor.role == Role.PRODUCER and producer.members.filter(pk=actor.pk).exists()


def may_edit_dossier(user: Actor, dossier: Dossier) -> bool:
    """Forms 01 and 02 and the evidence change while the producer holds the dossier, by its producer only."""
    return dossier.state in EDITABLE_STATES and is_member_of_producer(user, dossier.producer)


def may_take(user: Actor, dossier: Dossier, transition: Transition) -> bool:
    """Whether ``user`` may take ``transition`` on ``dossier``: their role is in the row, the dossier is
    in their scope."""
    actor = acting_user(user)
    if actor is None or actor.role not in transition.actors:
        return False
    if actor.role == Role.PRODUCER:
        return is_member_of_producer(actor, dossier.producer)
    return dossiers_in_scope(actor).filter(pk=dossier.pk).exists()


# --- Rounds and councils (``ocop.evaluation.services.councils``)
#
# A province officer sees their province's rounds, a central officer every round, a council member the
# rounds whose council they sit on; the officer who opened a round manages it (council, dossiers,
# sessions); a member sees their own council's sessions and scores. Anything else: 404.


# Who reaches the councils' pages (rounds, councils, sessions): province and central officers, who open the
# rounds, and the members who sit on the councils. Commune officers pass dossiers on but sit on none.
COUNCIL_ROLES = (Role.PROVINCE_OFFICER, Role.CENTRAL_OFFICER, Role.COUNCIL_MEMBER)


def may_see_councils(user: Actor) -> bool:
    actor = acting_user(user)
    return actor is not None and actor.role in COUNCIL_ROLES


def rounds_in_scope(user: Actor) -> QuerySet[EvaluationRound]:
    actor = acting_user(user)
    if actor is None:
        return EvaluationRound.objects.none()
    if actor.role == Role.CENTRAL_OFFICER:
        return EvaluationRound.objects.all()
    mine = Q(council__members__user=actor)
    if actor.role == Role.PROVINCE_OFFICER:
        mine |= Q(level=RoundLevel.PROVINCE, province_code=actor.province_code)
    return EvaluationRound.objects.filter(pk__in=EvaluationRound.objects.filter(mine).values("pk"))


def access_round_by_id(user: Actor, round_id: int) -> EvaluationRound:
    found = rounds_in_scope(user).filter(pk=round_id).first()
    if found is None:
        raise Http404
    return found


def may_manage_round(user: Actor, evaluation_round: EvaluationRound) -> bool:
    actor = acting_user(user)
    return actor is not None and evaluation_round.opened_by_id == actor.pk


def membership_of(user: Actor, council: Council | None) -> CouncilMember | None:
    actor = acting_user(user)
    if actor is None or council is None:
        return None
    return council.members.filter(user=actor).first()
