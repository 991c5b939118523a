"""Reads of rubrics (the public list, one whole sheet, the product sets that have an active sheet) and of
dossiers (the ones an officer holds, overdue first; the ones a user sees; a dossier's history)."""

import datetime
from collections import defaultdict

from django.db.models import BooleanField, Case, F, Prefetch, Q, QuerySet, Value, When

from ocop.accounts.access import Actor, acting_user
from ocop.accounts.models import Role
from ocop.evaluation.access import dossiers_in_scope, rubric_versions_public
from ocop.evaluation.models import (
    Criterion,
    Dossier,
    DossierStep,
    HolderLevel,
    RubricPart,
    RubricStatus,
    RubricVersion,
)
from ocop.registry.rules import normalise_product_set_code


def rubric_list_public(*, product_set: str | None, status: str | None) -> list[dict[str, object]]:
    versions = rubric_versions_public().select_related("product_set").order_by("product_set__code", "version")
    if product_set is not None:
        versions = versions.filter(product_set__code=normalise_product_set_code(product_set) or product_set)
    if status is not None:
        versions = versions.filter(status=status)
    return [
        {
            "id": version.pk,
            "decision": version.decision,
            "version": version.version,
            "status": version.status,
            "valid_from": version.valid_from,
            "product_set": {"code": version.product_set.code, "name": version.product_set.name},
        }
        for version in versions
    ]


def rubric_parts(version: RubricVersion) -> list[RubricPart]:
    """The parts of ``version`` with their groups, criteria and options, read in four queries."""
    criteria = Criterion.objects.order_by("position").prefetch_related("options")
    return list(
        version.parts.prefetch_related("groups", Prefetch("groups__criteria", queryset=criteria)).order_by(
            "position"
        )
    )


def rubric_sheet(version: RubricVersion) -> dict[str, object]:
    """The whole sheet in the contract's shape (``GET /api/v1/rubrics/{id}``)."""
    return {
        "id": version.pk,
        "decision": version.decision,
        "version": version.version,
        "status": version.status,
        "source": version.source,
        "product_set": {"code": version.product_set.code, "name": version.product_set.name},
        "bands": [
            {"stars": band.stars, "min_points": band.min_points} for band in version.bands.order_by("-stars")
        ],
        "parts": [
            {
                "code": part.code,
                "name": part.name,
                "max_points": part.max_points,
                "groups": [
                    {
                        "code": group.code,
                        "name": group.name,
                        "max_points": group.max_points,
                        "criteria": [
                            {
                                "code": criterion.code,
                                "text": criterion.text,
                                "max_points": criterion.max_points,
                                "mandatory_for_stars": criterion.mandatory_for_stars,
                                "notes": criterion.notes,
                                "cases": criterion.cases,
                                "options": [
                                    {
                                        "id": option.pk,
                                        "text": option.text,
                                        "points": option.points,
                                        "case": option.case or None,
                                    }
                                    for option in criterion.options.all()
                                ],
                            }
                            for criterion in group.criteria.all()
                        ],
                    }
                    for group in part.groups.all()
                ],
            }
            for part in rubric_parts(version)
        ],
    }


def active_rubrics_by_sector() -> dict[str, list[RubricVersion]]:
    """The active sheets, grouped under their sector's name, in the order of Appendix I."""
    grouped: dict[str, list[RubricVersion]] = defaultdict(list)
    active: QuerySet[RubricVersion] = RubricVersion.objects.filter(status=RubricStatus.ACTIVE).select_related(
        "product_set__classification"
    )
    sectors = {}
    for version in sorted(active, key=lambda version: (version.product_set.sector, version.product_set.code)):
        product_set = version.product_set
        if product_set.sector not in sectors:
            sectors[product_set.sector] = product_set.classification.sectors.get(
                number=product_set.sector
            ).name
        grouped[sectors[product_set.sector]].append(version)
    return dict(grouped)


# --- Dossiers

# The level whose dossiers an officer holds.
HOLDER_LEVEL_BY_ROLE = {
    Role.COMMUNE_OFFICER: HolderLevel.COMMUNE,
    Role.PROVINCE_OFFICER: HolderLevel.PROVINCE,
    Role.CENTRAL_OFFICER: HolderLevel.CENTRAL,
}


def dossiers_held(user: Actor, *, today: datetime.date) -> list[Dossier]:
    """The dossiers in ``user``'s scope that their level holds: overdue ones first, then by deadline (none
    last), each with ``overdue`` set."""
    actor = acting_user(user)
    level = HOLDER_LEVEL_BY_ROLE.get(Role(actor.role)) if actor is not None else None
    if actor is None or level is None:
        return []
    overdue = Q(deadline__lt=today) | Q(decide_by__lt=today)
    dossiers = (
        dossiers_in_scope(actor)
        .filter(holder_level=level)
        .annotate(
            overdue=Case(When(overdue, then=Value(True)), default=Value(False), output_field=BooleanField())
        )
        .select_related("producer", "holder_unit", "product_set")
        .order_by("-overdue", F("deadline").asc(nulls_last=True), "id")
    )
    return list(dossiers)


def dossiers_visible(user: Actor, *, today: datetime.date, limit: int = 200) -> list[Dossier]:
    """The dossiers ``user`` sees, newest first, each with ``overdue`` set (a producer's own list)."""
    overdue = (Q(deadline__lt=today) | Q(decide_by__lt=today)) & ~Q(holder_level="")
    dossiers = (
        dossiers_in_scope(user)
        .annotate(
            overdue=Case(When(overdue, then=Value(True)), default=Value(False), output_field=BooleanField())
        )
        .select_related("producer", "holder_unit", "product_set")
        .order_by("-created_at", "-id")
    )
    return list(dossiers[:limit])


def dossier_steps(dossier: Dossier) -> list[DossierStep]:
    return list(
        dossier.steps.select_related(
            "actor", "commune_check", "advisory_review", "decision__certificate"
        ).prefetch_related("files")
    )
