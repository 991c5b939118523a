from django.db.models import Q, QuerySet

from ocop.accounts.access import Actor, user_scope_q
from ocop.accounts.models import Role, User
from ocop.core.models import AuditEvent


def user_list_for(user: Actor, *, search: str = "", role: str = "") -> QuerySet[User]:
    """The users ``user`` may see, optionally narrowed by a name or e-mail fragment and a role."""
    users = User.objects.filter(user_scope_q(user)).select_related("unit").order_by("full_name", "email")
    if search:
        users = users.filter(Q(full_name__icontains=search) | Q(email__icontains=search))
    if role:
        users = users.filter(role=role)
    return users


def user_history(target: User, *, limit: int = 20) -> QuerySet[AuditEvent]:
    """The latest audit events about ``target``; callers have already checked that it is in scope."""
    events = AuditEvent.objects.filter(object_type=User._meta.label_lower, object_id=str(target.pk))
    return events.select_related("actor")[:limit]


def province_officers(province_code: int) -> QuerySet[User]:
    """The active officers of a province: who is told of what happens there (a buyer waiting to be
    verified, a counterfeit alert, a lapsed product at a sales point, a disputed agreement)."""
    return User.objects.filter(role=Role.PROVINCE_OFFICER, unit__province_code=province_code, is_active=True)
