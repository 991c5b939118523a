"""The inbox in the shell: beside the account menu of every signed-in user, with how many are unread."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import SimpleLazyObject

from ocop.accounts.models import User
from ocop.notifications.selectors import unread_count


@dataclass(frozen=True)
class Inbox:
    url: str
    # Counted when a page shows it, once however often it does (the wide menu and the phone's menu).
    unread: SimpleLazyObject


def inbox_of(actor: User | None) -> Inbox | None:
    """The acting user's inbox link; ``None`` for anonymous and inactive users."""
    if actor is None:
        return None
    return Inbox(url=reverse("notifications:inbox"), unread=SimpleLazyObject(lambda: unread_count(actor)))
