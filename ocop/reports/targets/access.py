"""Who sets targets for which scope.

Central officers set every target: national ones and any province's. A province officer sets the targets
of their current province and of the legacy provinces that went, whole or in part, into it on 1 July 2025
(a 2021–2025 plan is the old province's, and its officers now work in the new one). Everyone else reads
targets only where figures are public: the API, the statistics and the dashboards.

The rule is written once, as areas (``TargetArea``): ``area_visible_to`` and ``area_settable_by`` say
where a user's targets are, ``targets_in`` turns an area into the targets in it, and ``TargetArea.covers``
tells whether a scope lies in it. The pages offer the scopes of the same areas (``scope_options`` takes an
area's fields), so what an officer is offered, shown and allowed to change cannot drift apart.
"""

import functools
import operator
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from ocop.accounts.access import Actor, acting_user
from ocop.accounts.models import Role, User
from ocop.geo.models import Level, Scheme, UnitSuccession
from ocop.reports.models import Target
from ocop.reports.selectors import StatisticsScope

SETTER_ROLES = frozenset({Role.CENTRAL_OFFICER, Role.PROVINCE_OFFICER})


@dataclass(frozen=True)
class TargetArea:
    """Where targets lie: the country's own if ``national``, and the current and legacy provinces given by
    code (``None``: every province of that scheme; ``[]``: none). The fields are ``scope_options``'s
    arguments."""

    national: bool
    current: list[int] | None
    legacy: list[int] | None

    def covers(self, scope: StatisticsScope) -> bool:
        """Whether ``scope`` (the country, or one province in its scheme) lies in the area."""
        if scope.province is None:
            return self.national
        codes = self.current if scope.scheme == Scheme.CURRENT else self.legacy
        return codes is None or scope.province.code in codes


EVERYWHERE = TargetArea(national=True, current=None, legacy=None)
NOWHERE = TargetArea(national=False, current=[], legacy=[])


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


def _province_area(province_code: int, *, national: bool) -> TargetArea:
    """A current province with the legacy provinces that went into it, and the country's if ``national``."""
    return TargetArea(national=national, current=[province_code], legacy=legacy_provinces_of(province_code))


def area_visible_to(user: Actor) -> TargetArea:
    """Where the targets ``user`` works with lie: everywhere for a central officer; their province (current
    and legacy) and the country for a province officer; their province for a commune officer; nowhere for
    anyone else."""
    actor = acting_user(user)
    if actor is None:
        return NOWHERE
    if actor.role == Role.CENTRAL_OFFICER:
        return EVERYWHERE
    code = actor.province_code
    if code is None or actor.role not in (Role.PROVINCE_OFFICER, Role.COMMUNE_OFFICER):
        return NOWHERE
    return _province_area(code, national=actor.role == Role.PROVINCE_OFFICER)


def area_settable_by(user: Actor) -> TargetArea:
    """Where ``user`` may set targets: everywhere for a central officer, their province (current and
    legacy) for a province officer, nowhere for anyone else."""
    actor = acting_user(user)
    if actor is None or actor.role not in SETTER_ROLES:
        return NOWHERE
    if actor.role == Role.CENTRAL_OFFICER:
        return EVERYWHERE
    code = actor.province_code
    if code is None:
        return NOWHERE
    return _province_area(code, national=False)


def area_of(scope: StatisticsScope) -> TargetArea:
    """The area ``scope`` covers: the country's for the national scope; a current province's own and those
    of the legacy provinces that went into it; a legacy province's own."""
    if scope.province is None:
        return TargetArea(national=True, current=[], legacy=[])
    if scope.scheme == Scheme.LEGACY:
        return TargetArea(national=False, current=[], legacy=[scope.province.code])
    return _province_area(scope.province.code, national=False)


def targets_in(area: TargetArea) -> QuerySet[Target]:
    """The targets in ``area``."""
    if area == EVERYWHERE:
        return Target.objects.all()  # every target is the country's or a province's of one scheme
    places = [Q(province__isnull=True)] if area.national else []
    for scheme, codes in ((Scheme.CURRENT, area.current), (Scheme.LEGACY, area.legacy)):
        if codes is None:
            places.append(Q(scheme=scheme, province__isnull=False))
        elif codes:
            places.append(Q(scheme=scheme, province__code__in=codes))
    if not places:
        return Target.objects.none()
    return Target.objects.filter(functools.reduce(operator.or_, places))


def may_set_scope(user: object, scope: StatisticsScope) -> bool:
    """Whether ``user`` may set targets for ``scope``: whether it lies in their ``area_settable_by``."""
    return area_settable_by(user).covers(scope)  # type: ignore[arg-type]


def targets_settable_by(user: User) -> QuerySet[Target]:
    """The targets ``user`` may change (``area_settable_by``)."""
    return targets_in(area_settable_by(user))


def targets_visible_to(actor: User) -> QuerySet[Target]:
    """The targets ``actor`` works with (``area_visible_to``): those they set, and the ones they read
    (national ones for a province officer, their province's for a commune officer)."""
    return targets_in(area_visible_to(actor))


def targets_of_area(scope: StatisticsScope) -> QuerySet[Target]:
    """The targets of the area ``scope`` covers (``area_of``)."""
    return targets_in(area_of(scope))
