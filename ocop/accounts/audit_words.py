"""Audit events in words: one function per recorded action says what happened, in Vietnamese (English
through gettext), naming the people and objects with links where the reader may open them.

Each action also has a short name, for the log's filter. An action without a function here still
reads: who did it, to what, and its details as ``key: value`` lines.
``ocop/accounts/tests/test_audit_words.py`` finds every action the code records and fails for any that
has no function, so a new action comes with its sentence.

Numbers are formatted by what they are: quantities (rows, products, bytes) in the reader's language,
with thousand separators; identifiers (a seed, a code, a year, a record's number) as written, never
``2.026``.
"""

import datetime
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.template.defaultfilters import filesizeformat
from django.urls import NoReverseMatch, reverse
from django.utils.formats import number_format
from django.utils.functional import Promise
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ocop.accounts.access import PROVINCE_WIDE_ROLES, acting_user, user_scope_q
from ocop.accounts.models import Role, User
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
        actor = acting_user(self.user)
        if actor is None:
            return False
        if actor.role == Role.CENTRAL_OFFICER:
            return True
        return (
            actor.role in PROVINCE_WIDE_ROLES
            and event.province_code is not None
            and event.province_code == actor.province_code
        )

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


# --- Accounts


def _role(value: object) -> str:
    return str(Role(value).label) if value in Role.values else plain("role", value)


def user_create(e: Event) -> Told:
    role = _role(e.details.get("role"))
    return Told(
        say(_("{actor} đã tạo tài khoản {target} ({role})."), actor=e.actor, target=e.target, role=role)
    )


def user_update(e: Event) -> Told:
    sentence = say(_("{actor} đã sửa thông tin tài khoản {target}."), actor=e.actor, target=e.target)
    return Told(sentence, e.change_lines())


def user_deactivate(e: Event) -> Told:
    return Told(say(_("{actor} đã khóa tài khoản {target}."), actor=e.actor, target=e.target))


def user_reactivate(e: Event) -> Told:
    return Told(say(_("{actor} đã mở lại tài khoản {target}."), actor=e.actor, target=e.target))


def user_admin_create(e: Event) -> Told:
    return Told(
        say(_("{actor} đã tạo tài khoản {target} trong trang quản trị."), actor=e.actor, target=e.target)
    )


def user_admin_change(e: Event) -> Told:
    fields = ", ".join(e.field_label(name) for name in e.details.get("fields", []))
    return Told(
        say(_("{actor} đã sửa tài khoản {target} trong trang quản trị."), actor=e.actor, target=e.target),
        [(_("Trường đã sửa"), fields or "—")],
    )


def user_demo_create(e: Event) -> Told:
    role = _role(e.details.get("role"))
    return Told(say(_("Đã tạo tài khoản mẫu {target} ({role})."), target=e.target, role=role))


def user_demo_restore(e: Event) -> Told:
    fields = ", ".join(e.field_label(name) for name in e.details.get("changed", []))
    return Told(
        say(_("Đã khôi phục tài khoản mẫu {target}."), target=e.target), [(_("Trường đã sửa"), fields)]
    )


def user_password_change(e: Event) -> Told:
    return Told(say(_("{actor} đã đổi mật khẩu."), actor=e.actor))


def user_password_reset_request(e: Event) -> Told:
    return Told(
        say(_("Có yêu cầu gửi liên kết đặt lại mật khẩu cho {target}."), target=e.target),
        [(_("Địa chỉ máy yêu cầu"), str(e.details.get("client_address", "—")))],
    )


def user_password_reset(e: Event) -> Told:
    return Told(say(_("{actor} đã đặt mật khẩu mới qua liên kết gửi bằng thư điện tử."), actor=e.actor))


# --- Administrative units


def units_load(e: Event) -> Told:
    return Told(
        say(
            _(
                "{actor} đã nạp danh mục đơn vị hành chính (phiên bản {version}): {created} đơn vị mới, "
                "{updated} cập nhật, {successions} quan hệ kế thừa mới."
            ),
            actor=e.actor,
            version=identifier(e.details.get("package_version", "—")),
            created=quantity(e.details.get("created", 0)),
            updated=quantity(e.details.get("updated", 0)),
            successions=quantity(e.details.get("successions_created", 0)),
        )
    )


# --- Registry


def producer_create(e: Event) -> Told:
    return Told(say(_("{actor} đã thêm chủ thể {target}."), actor=e.actor, target=e.target))


def producer_update(e: Event) -> Told:
    return Told(
        say(_("{actor} đã sửa thông tin chủ thể {target}."), actor=e.actor, target=e.target), e.change_lines()
    )


def producer_member_add(e: Event) -> Told:
    return Told(
        say(
            _("{actor} đã thêm tài khoản {member} vào chủ thể {target}."),
            actor=e.actor,
            member=e.details.get("user", "—"),
            target=e.target,
        )
    )


def product_create(e: Event) -> Told:
    return Told(say(_("{actor} đã thêm sản phẩm {target}."), actor=e.actor, target=e.target))


def product_update(e: Event) -> Told:
    return Told(
        say(_("{actor} đã sửa thông tin sản phẩm {target}."), actor=e.actor, target=e.target),
        e.change_lines(),
    )


def _image_product(e: Event) -> SafeString:
    product = e.details.get("product")
    return e.object("registry.product", product, _("sản phẩm số {number}").format(number=identifier(product)))


def product_image_add(e: Event) -> Told:
    return Told(
        say(
            _("{actor} đã thêm ảnh thứ {position} cho {product}."),
            actor=e.actor,
            position=identifier(e.details.get("position", "—")),
            product=_image_product(e),
        ),
        [
            (_("Mô tả ảnh"), plain("alt", e.details.get("alt"))),
            (_("Dung lượng tải lên"), filesizeformat(e.details.get("upload_size") or 0)),
        ],
    )


def product_image_remove(e: Event) -> Told:
    return Told(say(_("{actor} đã xóa một ảnh của {product}."), actor=e.actor, product=_image_product(e)))


def product_image_move(e: Event) -> Told:
    before, after = (e.details.get("changes") or {}).get("position", ["—", "—"])
    return Told(
        say(
            _("{actor} đã chuyển một ảnh của {product} từ vị trí {before} sang vị trí {after}."),
            actor=e.actor,
            product=_image_product(e),
            before=identifier(before),
            after=identifier(after),
        )
    )


def certificate_add(e: Event) -> Told:
    return Told(
        say(
            _("{actor} đã thêm giấy chứng nhận {stars} sao {target}, quyết định số {decision} ngày {day}."),
            actor=e.actor,
            stars=identifier(e.details.get("stars", "—")),
            target=e.target,
            decision=e.details.get("decision_no", "—"),
            day=day(e.details.get("decision_date", "—")),
        )
    )


def certificate_revoke(e: Event) -> Told:
    return Told(
        say(
            _("{actor} đã thu hồi giấy chứng nhận {target} từ ngày {day}."),
            actor=e.actor,
            target=e.target,
            day=day(e.details.get("revoked_on", "—")),
        ),
        [(_("Lý do"), plain("reason", e.details.get("reason")))],
    )


def _kind_counts(counts: Mapping[str, int]) -> str:
    return _("{created} mới, {updated} cập nhật, {unchanged} không đổi").format(
        created=quantity(counts.get("created", 0)),
        updated=quantity(counts.get("updated", 0)),
        unchanged=quantity(counts.get("unchanged", 0)),
    )


def recognitions_import(e: Event) -> Told:
    summary = e.details.get("summary") or {}
    products = summary.get("products") or {}
    return Told(
        say(
            _("{actor} đã nhập tệp {file}: {created} sản phẩm mới, {updated} cập nhật."),
            actor=e.actor,
            file=e.object(e.event.object_type, e.event.object_id, str(e.details.get("file_name", "—"))),
            created=quantity(products.get("created", 0)),
            updated=quantity(products.get("updated", 0)),
        ),
        [
            (_("Số dòng"), quantity(summary.get("rows", 0))),
            (_("Chủ thể"), _kind_counts(summary.get("producers") or {})),
            (_("Sản phẩm"), _kind_counts(products)),
            (_("Giấy chứng nhận"), _kind_counts(summary.get("certificates") or {})),
        ],
    )


def demo_load(e: Event) -> Told:
    enriched = e.details.get("enriched") or {}
    return Told(
        say(
            _(
                "{actor} đã nạp sổ đăng ký mẫu (hạt giống {seed}): {products} sản phẩm của {producers} "
                "chủ thể."
            ),
            actor=e.actor,
            seed=identifier(e.details.get("seed", "—")),
            products=quantity(e.details.get("products", 0)),
            producers=quantity(e.details.get("producers", 0)),
        ),
        [
            (_("Số dòng"), quantity(e.details.get("rows", 0))),
            (
                _("Đã bổ sung"),
                _("{producers} chủ thể, {products} sản phẩm, {certificates} giấy chứng nhận").format(
                    producers=quantity(enriched.get("producers", 0)),
                    products=quantity(enriched.get("products", 0)),
                    certificates=quantity(enriched.get("certificates", 0)),
                ),
            ),
        ],
    )


@dataclass(frozen=True)
class Action:
    """A recorded action: its name in the log's filter, and the function that tells one event of it."""

    name: str | Promise
    tell: Callable[[Event], Told]


ACTIONS: dict[str, Action] = {
    "user.create": Action(gettext_lazy("Tạo tài khoản"), user_create),
    "user.update": Action(gettext_lazy("Sửa tài khoản"), user_update),
    "user.deactivate": Action(gettext_lazy("Khóa tài khoản"), user_deactivate),
    "user.reactivate": Action(gettext_lazy("Mở lại tài khoản"), user_reactivate),
    "user.admin_create": Action(gettext_lazy("Tạo tài khoản trong trang quản trị"), user_admin_create),
    "user.admin_change": Action(gettext_lazy("Sửa tài khoản trong trang quản trị"), user_admin_change),
    "user.demo_create": Action(gettext_lazy("Tạo tài khoản mẫu"), user_demo_create),
    "user.demo_restore": Action(gettext_lazy("Khôi phục tài khoản mẫu"), user_demo_restore),
    "user.password_change": Action(gettext_lazy("Đổi mật khẩu"), user_password_change),
    "user.password_reset_request": Action(
        gettext_lazy("Yêu cầu đặt lại mật khẩu"), user_password_reset_request
    ),
    "user.password_reset": Action(gettext_lazy("Đặt lại mật khẩu"), user_password_reset),
    "units.load": Action(gettext_lazy("Nạp danh mục đơn vị hành chính"), units_load),
    "producer.create": Action(gettext_lazy("Thêm chủ thể"), producer_create),
    "producer.update": Action(gettext_lazy("Sửa chủ thể"), producer_update),
    "producer.member_add": Action(gettext_lazy("Thêm tài khoản vào chủ thể"), producer_member_add),
    "product.create": Action(gettext_lazy("Thêm sản phẩm"), product_create),
    "product.update": Action(gettext_lazy("Sửa sản phẩm"), product_update),
    "product_image.add": Action(gettext_lazy("Thêm ảnh sản phẩm"), product_image_add),
    "product_image.remove": Action(gettext_lazy("Xóa ảnh sản phẩm"), product_image_remove),
    "product_image.move": Action(gettext_lazy("Đổi thứ tự ảnh sản phẩm"), product_image_move),
    "certificate.add": Action(gettext_lazy("Thêm giấy chứng nhận"), certificate_add),
    "certificate.revoke": Action(gettext_lazy("Thu hồi giấy chứng nhận"), certificate_revoke),
    "recognitions.import": Action(gettext_lazy("Nhập tệp công nhận"), recognitions_import),
    "demo.load": Action(gettext_lazy("Nạp sổ đăng ký mẫu"), demo_load),
}


def unknown(e: Event) -> Told:
    """An action without words of its own: who, what, to which object, and its details line by line."""
    return Told(
        say(_("{actor}: {action} {target}."), actor=e.actor, action=e.event.action, target=e.target),
        detail_lines(e.details),
    )


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
