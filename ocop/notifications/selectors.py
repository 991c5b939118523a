"""Reading one's inbox: newest first, and how many are unread (one indexed count, for every page's header)."""

from django.db.models import QuerySet

from ocop.accounts.access import Actor
from ocop.notifications.access import notifications_of
from ocop.notifications.models import Notification


def inbox(user: Actor) -> QuerySet[Notification]:
    return notifications_of(user).order_by("-created_at", "-id")


def unread_count(user: Actor) -> int:
    return notifications_of(user).filter(read_at=None).count()
