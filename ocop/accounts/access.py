"""Who may see and act on what: the scope every view, endpoint and service goes through.

Scope rules, on current administrative units (since 1/7/2025):

- A central officer (cán bộ Trung ương) sees and acts everywhere.
- A province officer (cán bộ cấp tỉnh) and a council member (thành viên hội đồng đánh giá) act in the
  province of their unit: records whose current province code is theirs.
- A commune officer (cán bộ cấp xã) acts in their commune only: records whose commune is their unit. A
  kind of record with no commune is outside every commune officer's scope, and a commune officer does
  not act "in the province" (``can_act_in_province`` is false for them).
- Producers, buyers and sales-point operators have no administrative scope: through these helpers they
  see nothing. The apps that own their records grant them their own records by ownership.
- Anonymous and inactive users see nothing.

An object outside the scope does not exist for the user: views answer 404, never 403, so nobody learns
which identifiers exist elsewhere. ``role_required`` follows the same rule for pages of other roles.

User management (``/accounts/users/``):

- Central officers see every user and manage every role, central officers included.
- Province officers see the users whose unit lies in their province, and create, deactivate and
  reactivate commune officers, council members, producers, buyers and sales-point operators there. They
  never create or change province or central officers, so nobody can raise their own reach.
- Commune officers see only their own account and manage nobody: accounts in a commune are opened by the
  province, which knows the people it appoints.
- Nobody deactivates their own account.
"""

from collections.abc import Callable
from functools import wraps
from typing import Concatenate

from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.views import redirect_to_login
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404

from ocop.accounts.models import OFFICER_ROLES, Role, User
from ocop.geo.models import AdministrativeUnit, Level, Scheme

type Actor = User | AnonymousUser

# Matches no row of any model; combining it with other conditions keeps them empty.
NOTHING = Q(pk__in=[])

PROVINCE_WIDE_ROLES = frozenset({Role.PROVINCE_OFFICER, Role.COUNCIL_MEMBER})
ROLES_MANAGED_BY_PROVINCE_OFFICERS = (
    Role.COMMUNE_OFFICER,
    Role.COUNCIL_MEMBER,
    Role.PRODUCER,
    Role.BUYER,
    Role.SALES_POINT_OPERATOR,
)


def acting_user(user: Actor) -> User | None:
    """The user if they may act at all (signed in and active), else ``None``."""
    if not user.is_authenticated or not user.is_active:
        return None
    return user


def is_central_officer(user: Actor) -> bool:
    actor = acting_user(user)
    return actor is not None and actor.role == Role.CENTRAL_OFFICER


def is_central_staff(user: Actor) -> bool:
    """May use the Django admin: a central officer with the staff flag."""
    actor = acting_user(user)
    return actor is not None and actor.is_staff and actor.role == Role.CENTRAL_OFFICER


def is_officer(user: Actor) -> bool:
    actor = acting_user(user)
    return actor is not None and actor.role in OFFICER_ROLES


def scope_q(user: Actor, *, province_field: str, commune_field: str | None) -> Q:
    """The records ``user`` may see, as a filter on a model.

    ``province_field`` is the lookup of the record's current province code (an integer, e.g.
    ``"province_code"`` or ``"producer__commune__province_code"``); ``commune_field`` the lookup of its
    current commune (a foreign key to ``AdministrativeUnit``, e.g. ``"commune"``), or ``None`` when the
    record has no commune.
    """
    actor = acting_user(user)
    if actor is None:
        return NOTHING
    if actor.role == Role.CENTRAL_OFFICER:
        return Q()
    if actor.role in PROVINCE_WIDE_ROLES and actor.province_code is not None:
        return Q(**{province_field: actor.province_code})
    if actor.role == Role.COMMUNE_OFFICER and commune_field is not None and actor.unit_id is not None:
        return Q(**{commune_field: actor.unit_id})
    return NOTHING


def can_act_in_province(user: Actor, province_code: int | None) -> bool:
    """Whether ``user`` acts for the whole current province ``province_code``."""
    actor = acting_user(user)
    if actor is None:
        return False
    if actor.role == Role.CENTRAL_OFFICER:
        return True
    return (
        actor.role in PROVINCE_WIDE_ROLES
        and province_code is not None
        and actor.province_code == province_code
    )


def can_act_in_unit(user: Actor, unit: AdministrativeUnit | None) -> bool:
    """Whether ``user`` acts for the current province or commune ``unit``."""
    actor = acting_user(user)
    if actor is None or unit is None or unit.scheme != Scheme.CURRENT:
        return False
    if actor.role == Role.COMMUNE_OFFICER:
        return unit.level == Level.COMMUNE and unit.pk == actor.unit_id
    return can_act_in_province(actor, unit.province_code)


def role_required[**P](
    *roles: Role,
) -> Callable[[Callable[Concatenate[HttpRequest, P], HttpResponse]], Callable[..., HttpResponse]]:
    """A view for some roles only: anonymous users go to sign in, everyone else gets 404."""

    def decorator(view: Callable[Concatenate[HttpRequest, P], HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: P.args, **kwargs: P.kwargs) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if acting_user(request.user) is None or request.user.role not in roles:
                raise Http404
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


# --- User management


def user_scope_q(user: Actor) -> Q:
    """The users ``user`` may see in user management (see the module docstring)."""
    actor = acting_user(user)
    if actor is None:
        return NOTHING
    if actor.role == Role.CENTRAL_OFFICER:
        return Q()
    if actor.role == Role.PROVINCE_OFFICER and actor.province_code is not None:
        return Q(unit__province_code=actor.province_code)
    if actor.role == Role.COMMUNE_OFFICER:
        return Q(pk=actor.pk)
    return NOTHING


def roles_creatable_by(user: Actor) -> list[Role]:
    """The roles ``user`` may give to a new account, in display order."""
    actor = acting_user(user)
    if actor is None:
        return []
    if actor.role == Role.CENTRAL_OFFICER:
        return list(Role)
    if actor.role == Role.PROVINCE_OFFICER:
        return list(ROLES_MANAGED_BY_PROVINCE_OFFICERS)
    return []


def units_assignable_by(user: Actor) -> QuerySet[AdministrativeUnit]:
    """The current units ``user`` may give to an account: any for central officers, their province's else."""
    units = AdministrativeUnit.objects.filter(scheme=Scheme.CURRENT)
    actor = acting_user(user)
    if actor is None:
        return units.none()
    if actor.role == Role.CENTRAL_OFFICER:
        return units
    if actor.role == Role.PROVINCE_OFFICER and actor.province_code is not None:
        return units.filter(province_code=actor.province_code)
    return units.none()


def can_create_user(user: Actor, *, role: str, unit: AdministrativeUnit | None) -> bool:
    """Whether ``user`` may open an account with ``role`` for ``unit``.

    A province officer's accounts always carry a unit in their province, so they stay in their scope.
    """
    actor = acting_user(user)
    if actor is None or role not in roles_creatable_by(actor):
        return False
    if actor.role == Role.CENTRAL_OFFICER:
        return unit is None or unit.scheme == Scheme.CURRENT
    return unit is not None and can_act_in_unit(actor, unit)


def can_manage_user(user: Actor, target: User) -> bool:
    """Whether ``user`` may deactivate or reactivate ``target``."""
    actor = acting_user(user)
    if actor is None or actor.pk == target.pk or target.role not in roles_creatable_by(actor):
        return False
    if actor.role == Role.CENTRAL_OFFICER:
        return True
    return target.province_code is not None and target.province_code == actor.province_code


def access_user_by_id(user: Actor, user_id: int) -> User:
    """The user ``user_id`` if ``user`` may see it in user management, else 404."""
    users = User.objects.filter(user_scope_q(user)).select_related("unit")
    return get_object_or_404(users, pk=user_id)


def access_user_for_change_by_id(user: Actor, user_id: int) -> User:
    """The user ``user_id`` if ``user`` may deactivate or reactivate it, else 404."""
    target = access_user_by_id(user, user_id)
    if not can_manage_user(user, target):
        raise Http404
    return target


def request_actor(request: HttpRequest) -> User:
    """The signed-in, active user of a request that ``role_required`` let through; 404 otherwise."""
    actor = acting_user(request.user)
    if actor is None:
        raise Http404
    return actor
