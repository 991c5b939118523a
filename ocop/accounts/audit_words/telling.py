"""How an audit event is told: numbers formatted by what they are, the reader and what they may open,
and the event as the sentence functions of ``sentences`` read it."""

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.urls import NoReverseMatch, reverse
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from ocop.accounts.access import can_act_in_province, user_scope_q
from ocop.accounts.models import User
from ocop.core.models import AuditEvent

# The pages that show each kind of object, by URL name: names only, so accounts imports no app above it;
# a page that is not installed gives no link. Certificates have no page of their own.
OBJECT_PAGES = {
    "accounts.user": ("accounts:user_detail", "user_id"),
    "registry.product": ("registry:product_detail", "product_id"),
    "registry.producer": ("registry:producer_detail", "producer_id"),
    "registry.importbatch": ("registry:import_detail", "batch_id"),
}
# Detail keys whose numbers name something (a record, a seed, a code, a year) rather than count it.
IDENTIFIER_KEYS = frozenset({"seed", "code", "year", "product", "producer", "unit", "image", "position"})
IDENTIFIER_SUFFIXES = ("_code", "_id", "_no", "_year", "_version")


@dataclass(frozen=True)
class Told:
    """An event in words: one sentence, and detail lines (label, value) already formatted."""

    sentence: SafeString
    lines: list[tuple[str, str]] = field(default_factory=list)


# --- Formatting values


def quantity(value: int | float) -> str:
    """A count or amount, in the reader's language: 14.165 in Vietnamese, 14,165 in English."""
    return number_format(value, force_grouping=True)


def identifier(value: object) -> str:
    """A number that names something: never grouped, whatever the language."""
    return str(value)


def day(value: object) -> str:
    """A date (or its ISO text, as events store it) as dd/mm/yyyy; anything else as it is."""
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    try:
        return datetime.date.fromisoformat(str(value)).strftime("%d/%m/%Y")
    except ValueError:
        return str(value)


def is_identifier(key: str) -> bool:
    return key in IDENTIFIER_KEYS or key.endswith(IDENTIFIER_SUFFIXES)


def plain(key: str, value: Any) -> str:
    """A detail value by its type: yes/no, quantities grouped, identifiers and dates as such, lists and
    mappings spelled out."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("có") if value else _("không")
    if isinstance(value, int | float):
        return identifier(value) if is_identifier(key) else quantity(value)
    if isinstance(value, str):
        return day(value) if _looks_like_day(value) else value
    if isinstance(value, Mapping):
        return "; ".join(f"{name}: {plain(name, item)}" for name, item in value.items())
    if isinstance(value, Iterable):
        return ", ".join(plain(key, item) for item in value)
    return str(value)


def _looks_like_day(value: str) -> bool:
    return len(value) == 10 and value[4] == "-" and value[7] == "-" and value.replace("-", "").isdigit()


def detail_lines(details: Mapping[str, Any]) -> list[tuple[str, str]]:
    """Details as ``key: value`` lines, for actions without words of their own, by key: PostgreSQL's
    jsonb keeps no order of its own."""
    return [(key, plain(key, details[key])) for key in sorted(details)]


# --- The reader, and what they may open


class Reader:
    """Who reads the log: decides which people and objects are links (the rest are plain names)."""

    def __init__(self, reader: User, events: Iterable[AuditEvent]) -> None:
        self.user = reader
        actor_ids = {event.actor_id for event in events if event.actor_id is not None}
        user_ids = actor_ids | {
            int(event.object_id)
            for event in events
            if event.object_type == "accounts.user" and event.object_id.isdigit()
        }
        self.visible_users = set(
            User.objects.filter(user_scope_q(reader), pk__in=user_ids).values_list("pk", flat=True)
        )

    def may_open(self, event: AuditEvent) -> bool:
        """Registry records by the event's province: everything for central officers, their province
        for province-wide roles; commune officers' communes are not on the event, so no links for them."""
        return can_act_in_province(self.user, event.province_code)

    def link(self, object_type: str, object_id: object, text: str, *, event: AuditEvent) -> SafeString:
        page = OBJECT_PAGES.get(object_type)
        allowed = (
            int(str(object_id)) in self.visible_users
            if object_type == "accounts.user" and str(object_id).isdigit()
            else self.may_open(event)
        )
        if page is None or not allowed or not str(object_id).isdigit():
            return format_html("{}", text)
        try:
            url = reverse(page[0], kwargs={page[1]: int(str(object_id))})
        except NoReverseMatch:
            return format_html("{}", text)
        return format_html('<a href="{}">{}</a>', url, text)


# --- One event


@dataclass(frozen=True)
class Event:
    """What the sentence functions read: the event, its details, and its people and object in HTML."""

    event: AuditEvent
    reader: Reader

    @property
    def details(self) -> dict[str, Any]:
        return self.event.details or {}

    @property
    def actor(self) -> SafeString:
        actor = self.event.actor
        if actor is None:
            return format_html("{}", _("Hệ thống"))
        return self.reader.link("accounts.user", actor.pk, actor.full_name, event=self.event)

    @property
    def target(self) -> SafeString:
        text = self.event.object_repr or f"{self.event.object_type} #{self.event.object_id}"
        return self.reader.link(self.event.object_type, self.event.object_id, text, event=self.event)

    def object(self, object_type: str, object_id: object, text: str) -> SafeString:
        return self.reader.link(object_type, object_id, text, event=self.event)

    def _field(self, name: str) -> Any:
        try:
            return apps.get_model(self.event.object_type)._meta.get_field(name)
        except (LookupError, ValueError, FieldDoesNotExist):
            return None

    def _field_position(self, name: str) -> tuple[int, str]:
        try:
            names = [each.name for each in apps.get_model(self.event.object_type)._meta.get_fields()]
        except (LookupError, ValueError):
            names = []
        return (names.index(name) if name in names else len(names), name)

    def field_label(self, name: str) -> str:
        model_field = self._field(name)
        return str(model_field.verbose_name).capitalize() if model_field is not None else name

    def field_value(self, name: str, value: Any) -> str:
        """A recorded field value: the label of a choice (a role as "Chủ thể OCOP"), else by its type."""
        choices = dict(getattr(self._field(name), "flatchoices", None) or ())
        return str(choices[value]) if value in choices else plain(name, value)

    def change_lines(self) -> list[tuple[str, str]]:
        """``{"changes": {field: [before, after]}}`` as lines "Field: before → after", in the order of
        the model's fields (PostgreSQL's jsonb keeps no order of its own)."""
        changes = self.details.get("changes") or {}
        return [
            (self.field_label(name), f"{self.field_value(name, before)} → {self.field_value(name, after)}")
            for name, (before, after) in sorted(
                changes.items(), key=lambda item: self._field_position(item[0])
            )
        ]


def say(template: str, **values: object) -> SafeString:
    """A translated sentence with its values escaped (links stay links)."""
    return format_html(template, **values)
