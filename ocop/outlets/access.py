"""Who sees which sales points in the back office.

- An operator (tài khoản điểm bán) sees and manages the points they operate, nothing else.
- A province officer sees, manages and reviews the points of their province; a central officer all.
- Everyone else (commune officers, council members, producers, buyers) sees none here: the public
  directory shows them the published points.

Out of scope is 404, for reading and for acting alike.
"""

from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from ocop.accounts.access import Actor, acting_user
from ocop.accounts.models import Role
from ocop.outlets.models import SalesPoint, SalesPointProduct
from ocop.outlets.services import may_review_point

OUTLET_ROLES = (Role.SALES_POINT_OPERATOR, Role.PROVINCE_OFFICER, Role.CENTRAL_OFFICER)


def points_in_scope(user: Actor) -> QuerySet[SalesPoint]:
    actor = acting_user(user)
    if actor is None or actor.role not in OUTLET_ROLES:
        return SalesPoint.objects.none()
    if actor.role == Role.SALES_POINT_OPERATOR:
        return SalesPoint.objects.filter(operators=actor)
    if actor.role == Role.PROVINCE_OFFICER:
        if actor.province_code is None:
            return SalesPoint.objects.none()
        return SalesPoint.objects.filter(province_code=actor.province_code)
    return SalesPoint.objects.all()


def access_point_by_id(user: Actor, point_id: int, *, for_review: bool = False) -> SalesPoint:
    point = get_object_or_404(points_in_scope(user), pk=point_id)
    if for_review and not may_review_point(user, point.province_code):
        raise Http404
    return point


def access_carried_by_id(user: Actor, point: SalesPoint, carried_id: int) -> SalesPointProduct:
    return get_object_or_404(
        SalesPointProduct.objects.select_related("product"), pk=carried_id, sales_point=point
    )
