"""Who sees which notification: its recipient, and nobody else (another's is 404, as if it did not exist).

Every signed-in, active user has an inbox, whatever their role.
"""

from django.db.models import QuerySet
from django.http import Http404

from ocop.accounts.access import Actor, acting_user
from ocop.notifications.models import Notification


def notifications_of(user: Actor) -> QuerySet[Notification]:
    actor = acting_user(user)
    if actor is None:
        return Notification.objects.none()
    return Notification.objects.filter(recipient=actor)


def access_notification_by_id(user: Actor, notification_id: int) -> Notification:
    notification = notifications_of(user).filter(pk=notification_id).first()
    if notification is None:
        raise Http404
    return notification
