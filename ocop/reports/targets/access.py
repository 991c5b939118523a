"""Who sets targets for which scope.

Central officers set every target: national ones and any province's. A province officer sets the targets
of their current province and of the legacy provinces that went, whole or in part, into it on 1 July 2025
(a 2021–2025 plan is the old province's, and its officers now work in the new one). Everyone else reads
targets only where figures are public: the API, the statistics and the dashboards.
"""

from django.db.models import Q, QuerySet

from ocop.accounts.access import acting_user, is_central_officer
from ocop.accounts.models import Role, User
from ocop.geo.models import Level, Scheme, UnitSuccession
from ocop.reports.models import Target
from ocop.reports.selectors import StatisticsScope

SETTER_ROLES = frozenset({Role.CENTRAL_OFFICER, Role.PROVINCE_OFFICER})


def may_set_targets(user: object) -> bool:
    actor = acting_user(user)  # type: ignore[arg-type]
    return actor is not None and actor.role in SETTER_ROLES


def legacy_provinces_of(province_code: int) -> list[int]:
    """The codes of the legacy provinces that went, whole or in part, into current province
    ``province_code``."""
    return sorted(
        UnitSuccession.objects.filter(
            current__scheme=Scheme.CURRENT, current__level=Level.PROVINCE, current__code=province_code
        ).values_list("legacy__code", flat=True)
    )


def may_set_scope(user: object, scope: StatisticsScope) -> bool:
    """Whether ``user`` may set targets for ``scope``."""
    actor = acting_user(user)  # type: ignore[arg-type]
    if actor is None or actor.role not in SETTER_ROLES:
        return False
    if is_central_officer(actor):
        return True
    if scope.province is None or actor.province_code is None:
        return False
    if scope.scheme == Scheme.CURRENT:
        return scope.province.code == actor.province_code
    return scope.province.code in legacy_provinces_of(actor.province_code)


def targets_settable_by(user: User) -> QuerySet[Target]:
    """The targets ``user`` may change: every one for a central officer, their province's for a province
    officer (current and legacy), none for anyone else."""
    actor = acting_user(user)
    if actor is None or actor.role not in SETTER_ROLES:
        return Target.objects.none()
    if is_central_officer(actor):
        return Target.objects.all()
    if actor.province_code is None:
        return Target.objects.none()
    return Target.objects.filter(
        Q(scheme=Scheme.CURRENT, province__code=actor.province_code)
        | Q(scheme=Scheme.LEGACY, province__code__in=legacy_provinces_of(actor.province_code))
    )


def targets_visible_to(actor: User) -> QuerySet[Target]:
    """The targets ``actor`` works with: those they set, and the ones they read (national ones for a
    province officer, their province's for a commune officer)."""
    if actor.role == Role.CENTRAL_OFFICER:
        return Target.objects.all()
    if actor.province_code is None:
        return Target.objects.none()
    province = Q(scheme=Scheme.CURRENT, province__code=actor.province_code) | Q(
        scheme=Scheme.LEGACY, province__code__in=legacy_provinces_of(actor.province_code)
    )
    if actor.role == Role.PROVINCE_OFFICER:
        return Target.objects.filter(province | Q(province__isnull=True))
    if actor.role == Role.COMMUNE_OFFICER:
        return Target.objects.filter(province)
    return Target.objects.none()


def targets_of_area(scope: StatisticsScope) -> QuerySet[Target]:
    """The targets of the area ``scope`` covers: the country's for the national scope; a current province's
    own and those of the legacy provinces that went into it; a legacy province's own."""
    if scope.province is None:
        return Target.objects.filter(province__isnull=True)
    if scope.scheme == Scheme.LEGACY:
        return Target.objects.filter(scheme=Scheme.LEGACY, province=scope.province)
    code = scope.province.code
    return Target.objects.filter(
        Q(scheme=Scheme.CURRENT, province__code=code)
        | Q(scheme=Scheme.LEGACY, province__code__in=legacy_provinces_of(code))
    )
