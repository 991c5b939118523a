"""Who may have the provincial report of which scope.

- A central officer: any scope, the country included.
- A province officer and a commune officer: their current province, and each legacy province that went
  into it on 1/7/2025 (``targets.access.legacy_provinces_of``, the rule the targets follow too). A commune
  officer reports upward through the province, so reads the province's report too; council members,
  producers, buyers and the rest have none.

Anything else does not exist for the user: the view answers 404, as for every out-of-scope object.
"""

from ocop.accounts.access import Actor, acting_user
from ocop.accounts.models import Role
from ocop.geo.models import AdministrativeUnit, Level, Scheme
from ocop.reports.selectors import StatisticsScope
from ocop.reports.targets.access import legacy_provinces_of

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
    return scope.province.code in legacy_provinces_of(own)


def legacy_provinces_in(province: AdministrativeUnit) -> list[AdministrativeUnit]:
    """The legacy provinces that went into the current ``province``, by code."""
    codes = legacy_provinces_of(province.code)
    units = AdministrativeUnit.objects.filter(scheme=Scheme.LEGACY, level=Level.PROVINCE, code__in=codes)
    return list(units.order_by("code"))
