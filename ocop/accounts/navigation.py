"""What accounts puts in the site's menu, and the shape in which every app declares its own entries.

Each app with pages says what it offers in its ``navigation.py``: ``ENTRIES`` (label, URL name, who sees
them) and, where an app holds a role's daily work, ``LANDINGS`` (the page that role lands on after
signing in). ``ocop.portal.shell``, at the top, imports them by name and composes the menu; nothing is
registered or discovered. The shape lives here, in the lowest app that knows roles, so that core stays
below every app.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from ocop.accounts.models import OFFICER_ROLES, Role, User

# Who sees an entry, from the acting user (``None``: anonymous or inactive).
type Audience = Callable[[User | None], bool]


@dataclass(frozen=True)
class Entry:
    label: str | Promise
    url_name: str
    shown_to: Audience


@dataclass(frozen=True)
class Landing:
    """The page a role lands on after signing in, named in the menu with ``label``."""

    label: str | Promise
    url_name: str
    roles: frozenset[Role]


def everyone(actor: User | None) -> bool:
    return True


def roles(*allowed: Role) -> Audience:
    """Signed-in users acting in one of ``allowed``."""
    return lambda actor: actor is not None and actor.role in allowed


ENTRIES = (
    Entry(_("Người dùng"), "accounts:user_list", shown_to=roles(*OFFICER_ROLES)),
    Entry(_("Nhật ký"), "audit:log", shown_to=roles(Role.CENTRAL_OFFICER)),
)
