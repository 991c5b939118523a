"""Who may have the provincial report of which scope.

- A central officer: any scope, the country included.
- A province officer and a commune officer: their current province, and each legacy province whose whole
  area went into it on 1/7/2025 (``ocop.geo``'s successions). A commune officer reports upward through the
  province, so reads the province's report too; council members, producers, buyers and the rest have none.

Anything else does not exist for the user: the view answers 404, as for every out-of-scope object.
"""

from ocop.accounts.access import Actor, acting_user
from ocop.accounts.models import Role
from ocop.geo.models import AdministrativeUnit, Level, Scheme
from ocop.geo.selectors import unit_predecessors, unit_successors
from ocop.reports.selectors import StatisticsScope

REPORT_ROLES = (Role.CENTRAL_OFFICER, Role.PROVINCE_OFFICER, Role.COMMUNE_OFFICER)


def report_province(user: Actor) -> AdministrativeUnit | None:
    """The current province whose reports ``user`` may have; ``None`` for a central officer (every
    province) and for everyone without one."""
    actor = acting_user(user)
    if actor is None or actor.role not in (Role.PROVINCE_OFFICER, Role.COMMUNE_OFFICER):
        return None
    code = actor.province_code
    if code is None:
        return None
    return AdministrativeUnit.objects.filter(scheme=Scheme.CURRENT, level=Level.PROVINCE, code=code).first()


def can_have_report(user: Actor, scope: StatisticsScope) -> bool:
    actor = acting_user(user)
    if actor is None or actor.role not in REPORT_ROLES:
        return False
    if actor.role == Role.CENTRAL_OFFICER:
        return True
    own = actor.province_code
    if scope.province is None or own is None:
        return False
    if scope.scheme == Scheme.CURRENT:
        return scope.province.code == own
    successors = unit_successors(scope.province)
    return bool(successors) and all(linked.unit.code == own and not linked.partial for linked in successors)


def legacy_provinces_in(province: AdministrativeUnit) -> list[AdministrativeUnit]:
    """The legacy provinces whose whole area went into the current ``province``."""
    return [
        linked.unit
        for linked in unit_predecessors(province)
        if linked.unit.level == Level.PROVINCE and not linked.partial
    ]
