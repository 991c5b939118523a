"""Who may do what with rubrics and self-assessments.

- Everyone, signed in or not, reads the active and retired versions and scores against them; drafts are a
  central officer's work in progress and exist for nobody else (404).
- Only central officers correct a sheet (copy, edit, publish): the sheets are national law, set by the
  Prime Minister's decision, so no province edits them.
- A producer (chủ thể) saves their own self-assessments and sees only those.
"""

from django.db.models import QuerySet
from django.http import Http404

from ocop.accounts.access import Actor, acting_user, is_central_officer
from ocop.accounts.models import Role
from ocop.evaluation.models import RubricStatus, RubricVersion

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
