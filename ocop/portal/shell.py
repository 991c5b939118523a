"""The site's shell, composed at the top from what each app declares in its ``navigation.py``.

The portal depends on every other app, so it is where they meet: the menu is their entries in the order
below, with the acting user's landing after the public pages; each app decides who sees its own entries.
"""

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import Promise

from ocop.accounts import navigation as accounts_navigation
from ocop.accounts.access import acting_user
from ocop.accounts.models import User
from ocop.accounts.navigation import Entry, Landing
from ocop.evaluation import navigation as evaluation_navigation
from ocop.notifications.navigation import inbox_of
from ocop.outlets import navigation as outlets_navigation
from ocop.portal import navigation as portal_navigation
from ocop.registry import navigation as registry_navigation
from ocop.reports import navigation as reports_navigation
from ocop.trace import navigation as trace_navigation
from ocop.trade import navigation as trade_navigation
from ocop.trade import navigation_agreements as trade_agreements_navigation

PUBLIC_ENTRIES: tuple[Entry, ...] = (
    *portal_navigation.ENTRIES,
    *evaluation_navigation.PUBLIC_ENTRIES,
    *reports_navigation.ENTRIES,
    *outlets_navigation.PUBLIC_ENTRIES,
)
WORK_ENTRIES: tuple[Entry, ...] = (
    *registry_navigation.ENTRIES,
    *evaluation_navigation.ENTRIES,
    *trace_navigation.ENTRIES,
    *trade_navigation.ENTRIES,
    *trade_agreements_navigation.ENTRIES,
    *outlets_navigation.ENTRIES,
    *reports_navigation.WORK_ENTRIES,
    *accounts_navigation.ENTRIES,
)
LANDINGS: tuple[Landing, ...] = (
    *reports_navigation.LANDINGS,
    *registry_navigation.LANDINGS,
    *evaluation_navigation.LANDINGS,
    *trace_navigation.LANDINGS,
    *trade_navigation.LANDINGS,
    *outlets_navigation.LANDINGS,
    *portal_navigation.LANDINGS,
)


@dataclass(frozen=True)
class NavigationItem:
    label: str | Promise
    url: str
    current: bool = False


def landing_of(actor: User | None) -> Landing | None:
    """The page ``actor`` lands on after signing in; ``None`` for anonymous and inactive users."""
    if actor is None:
        return None
    return next((landing for landing in LANDINGS if actor.role in landing.roles), None)


def menu(actor: User | None, path: str) -> list[NavigationItem]:
    """The entries ``actor`` sees, the one whose address is the longest prefix of ``path`` marked current."""
    links = [(entry.label, reverse(entry.url_name)) for entry in PUBLIC_ENTRIES if entry.shown_to(actor)]
    if (landing := landing_of(actor)) is not None:
        links.append((landing.label, reverse(landing.url_name)))
    links += [(entry.label, reverse(entry.url_name)) for entry in WORK_ENTRIES if entry.shown_to(actor)]
    matching = [url for _label, url in links if path == url or (url != "/" and path.startswith(url))]
    current = max(matching, key=len, default=None)
    return [NavigationItem(label, url, url == current) for label, url in links]


def navigation(request: HttpRequest) -> dict[str, Any]:
    """Context processor: the menu of the request's user, and their inbox, given to every page rendered
    with a request."""
    user = getattr(request, "user", None)
    actor = acting_user(user) if user is not None else None
    return {"navigation": menu(actor, request.path), "inbox": inbox_of(actor)}
