"""Audit events in words: one function per recorded action says what happened, in Vietnamese (English
through gettext), naming the people and objects with links where the reader may open them.

The functions and each action's short name (for the log's filter) are in ``sentences``; how values,
people and objects are put into words, in ``telling``. An action without a function still reads: who
did it, to what, and its details as ``key: value`` lines. ``ocop/accounts/tests/test_audit_words.py``
finds every action the code records and fails for any that has no function, so a new action comes
with its sentence.

Numbers are formatted by what they are: quantities (rows, products, bytes) in the reader's language,
with thousand separators; identifiers (a seed, a code, a year, a record's number) as written, never
``2.026``.
"""

from collections.abc import Iterable

from django.apps import apps

from ocop.accounts.audit_words.sentences import ACTIONS, unknown
from ocop.accounts.audit_words.telling import Event, Reader, Told
from ocop.accounts.models import User
from ocop.core.models import AuditEvent

__all__ = ["ACTIONS", "Reader", "Told", "action_name", "object_type_name", "tell", "told_events"]


def tell(event: AuditEvent, reader: Reader) -> Told:
    action = ACTIONS.get(event.action)
    return (action.tell if action else unknown)(Event(event, reader))


def object_type_name(object_type: str) -> str:
    """A kind of object by its model's name ("Người dùng"); a kind no installed model has keeps its code."""
    try:
        return str(apps.get_model(object_type)._meta.verbose_name).capitalize()
    except (LookupError, ValueError):
        return object_type


def action_name(action: str) -> str:
    """The name of an action in the log's filter; an action without words keeps its code."""
    known = ACTIONS.get(action)
    return str(known.name) if known else action


def told_events(events: Iterable[AuditEvent], *, reader: User) -> list[tuple[AuditEvent, Told]]:
    """Each event with its words, for ``reader`` (one query for which people they may open)."""
    events = list(events)
    known = Reader(reader, events)
    return [(event, tell(event, known)) for event in events]
