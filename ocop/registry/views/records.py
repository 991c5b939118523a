"""The officials' screens: producers and products in the officer's scope, a product's whole history, edits.

Who sees and who changes what is ``ocop.registry.access``; every change is one call to a service of
``ocop.registry.services``, which audits it. Statuses are those of the newest certificate as of today.
"""

import datetime
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Case, Count, F, OuterRef, Q, QuerySet, Subquery
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from ocop.accounts.access import request_actor, role_required
from ocop.accounts.models import OFFICER_ROLES, Role, User
from ocop.core.htmx import is_htmx
from ocop.core.models import AuditEvent
from ocop.core.text import fold
from ocop.geo.models import AdministrativeUnit, Level, Scheme
from ocop.registry import rules, services
from ocop.registry.access import (
    CHANGING_ROLES,
    access_certificate_by_id,
    access_producer_by_id,
    access_product_by_id,
    can_change_producer,
    can_change_product,
    import_batches_in_scope,
    producers_in_scope,
    products_in_scope,
)
from ocop.registry.forms import (
    CertificateAddForm,
    CertificateRevokeForm,
    ProducerFilterForm,
    ProducerForm,
    ProductFilterForm,
    ProductForm,
    ProductImageForm,
)
from ocop.registry.models import (
    Certificate,
    CertificateStatus,
    ImportBatch,
    ManagementCertification,
    Producer,
    Product,
    ProductImage,
    ProductSet,
)
from ocop.registry.status import rank_q, status_expression

OFFICIAL_ROLES = (*sorted(OFFICER_ROLES), Role.COUNCIL_MEMBER)
PER_PAGE = 50
VALID, EXPIRED, REVOKED = CertificateStatus.VALID, CertificateStatus.EXPIRED, CertificateStatus.REVOKED
PRODUCT_ORDERS: dict[str, tuple[Any, ...]] = {
    "name": ("search_name", "pk"),
    "-name": ("-search_name", "-pk"),
    "code": ("code", "search_name", "pk"),
    "decision_date": (F("latest_certificate__decision_date").asc(nulls_last=True), "search_name", "pk"),
    "-decision_date": (F("latest_certificate__decision_date").desc(nulls_last=True), "search_name", "pk"),
}
ACTION_LABELS: dict[str, str | Promise] = {
    "product.create": gettext_lazy("Tạo sản phẩm"),
    "product.update": gettext_lazy("Sửa sản phẩm"),
    "producer.create": gettext_lazy("Tạo chủ thể"),
    "producer.update": gettext_lazy("Sửa chủ thể"),
    "certificate.add": gettext_lazy("Thêm giấy chứng nhận"),
    "certificate.revoke": gettext_lazy("Thu hồi giấy chứng nhận"),
    "product_image.add": gettext_lazy("Thêm ảnh sản phẩm"),
    "product_image.remove": gettext_lazy("Xóa ảnh sản phẩm"),
    "product_image.move": gettext_lazy("Đổi thứ tự ảnh sản phẩm"),
    "recognitions.import": gettext_lazy("Nhập từ tệp"),
}
# Details kept for the record but of no use on the page: which product (the page's own), digests, sizes.
HIDDEN_DETAILS = frozenset({"product", "sha256", "upload_size"})


def _render_list(request: HttpRequest, template: str, context: dict[str, Any]) -> HttpResponse:
    """The whole page, or only its results for htmx; caches must keep the two apart."""
    response = render(request, f"{template}#results" if is_htmx(request) else template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


def status_today(today: datetime.date) -> Case:
    """The status of a product's newest certificate on ``today``, in SQL; ``None`` without certificate."""
    return status_expression("latest_certificate__", today)


def _current_unit_name(level: str, code_field: str) -> Subquery:
    units = AdministrativeUnit.objects.filter(scheme=Scheme.CURRENT, level=level, code=OuterRef(code_field))
    return Subquery(units.values("name")[:1])


def _with_unit_names(records: QuerySet[Any]) -> QuerySet[Any]:
    return records.annotate(
        province_name=_current_unit_name(Level.PROVINCE, "province_code"),
        commune_name=_current_unit_name(Level.COMMUNE, "commune_code"),
    )


def _in_unit(records: QuerySet[Any], filters: ProductFilterForm | ProducerFilterForm) -> QuerySet[Any]:
    unit = filters.value("unit")
    if unit is None:
        return records
    return (
        records.filter(province_code=unit) if filters.unit_is_province else records.filter(commune_code=unit)
    )


def _filters_active(filters: ProductFilterForm | ProducerFilterForm) -> bool:
    """Whether a filter other than the text and the order is set, so the page shows them unfolded."""
    return any(filters.value(name) for name in filters.fields if name not in ("q", "sort"))


# --- Products


@role_required(*OFFICIAL_ROLES)
@require_GET
def product_list(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    today = timezone.localdate()
    filters = ProductFilterForm(request.GET, actor=actor)
    filters.is_valid()  # invalid filters are shown with their error and left out
    products = products_in_scope(actor).annotate(status_today=status_today(today))
    if text := fold(filters.value("q") or ""):
        products = products.filter(search_name__contains=text)
    if sector := filters.value("sector"):
        products = products.filter(sector=sector)
    if product_set := filters.value("product_set"):
        products = products.filter(
            product_set__code=product_set, product_set__classification__code=rules.CURRENT_CLASSIFICATION
        )
    if rank := filters.value("rank"):
        products = products.filter(rank_q(rank))
    products = _in_unit(products, filters)
    # Counted before the status filter, so each status shows how many it would leave.
    counts = products.aggregate(
        **{status: Count("pk", filter=Q(status_today=status)) for status in (VALID, EXPIRED, REVOKED)},
        uncertified=Count("pk", filter=Q(latest_certificate__isnull=True)),
    )
    if status := filters.value("status"):
        products = products.filter(status_today=status)
    products = _with_unit_names(products).select_related("producer", "product_set", "latest_certificate")
    sort = filters.value("sort") or "name"
    page = Paginator(products.order_by(*PRODUCT_ORDERS[sort]), PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "filters": filters,
        "filters_active": _filters_active(filters),
        "page": page,
        "counts": counts,
        "status": filters.value("status"),
        "sort": sort,
        # What the column headings switch to: the other direction of the same key, or its usual one.
        "name_sort": "-name" if sort == "name" else "name",
        "date_sort": "decision_date" if sort == "-decision_date" else "-decision_date",
    }
    return _render_list(request, "registry/product_list.html", context)


@dataclass(frozen=True)
class Location:
    """Where a record lies in both schemes; a unit is ``None`` where the mapping cannot say."""

    recorded: AdministrativeUnit
    province: AdministrativeUnit | None
    commune: AdministrativeUnit | None
    legacy_province: AdministrativeUnit | None
    legacy_district: AdministrativeUnit | None
    legacy_commune: AdministrativeUnit | None


def _location(record: Product | Producer) -> Location:
    """The units of a located record, in one query."""
    wanted: dict[str, tuple[str, str, int | None]] = {
        "province": (Scheme.CURRENT, Level.PROVINCE, record.province_code),
        "commune": (Scheme.CURRENT, Level.COMMUNE, record.commune_code),
        "legacy_province": (Scheme.LEGACY, Level.PROVINCE, record.legacy_province_code),
        "legacy_district": (Scheme.LEGACY, Level.DISTRICT, record.legacy_district_code),
        "legacy_commune": (Scheme.LEGACY, Level.COMMUNE, record.legacy_commune_code),
    }
    query = Q(pk__in=[])
    for scheme, level, code in wanted.values():
        if code is not None:
            query |= Q(scheme=scheme, level=level, code=code)
    units = {(u.scheme, u.level, u.code): u for u in AdministrativeUnit.objects.filter(query)}
    found = {name: units.get((scheme, level, code or 0)) for name, (scheme, level, code) in wanted.items()}
    return Location(recorded=record.unit, **found)


@dataclass(frozen=True)
class AuditEntry:
    event: AuditEvent
    label: str | Promise
    lines: list[str]
    # What the label names, and where to read it when the reader may: an import's file and batch page.
    link_text: str = ""
    link_url: str = ""


@dataclass(frozen=True)
class ImportsOfProduct:
    """The imports that wrote a product or its certificates, from the rows its page reads anyway."""

    certificates: dict[int, list[str]]  # batch id → the certificates it wrote, in words
    visible: frozenset[int]  # the batches whose page the reader may open

    @property
    def query(self) -> Q:
        return Q(
            action="recognitions.import",
            object_type=ImportBatch._meta.label_lower,
            object_id__in=[str(batch_id) for batch_id in self.certificates],
        )


def _imports_of(actor: User, product: Product, certificates: list[Certificate]) -> ImportsOfProduct:
    written: dict[int, list[str]] = {}
    if product.import_batch_id is not None:
        written[product.import_batch_id] = []
    for certificate in certificates:
        if certificate.import_batch_id is not None:
            written.setdefault(certificate.import_batch_id, []).append(
                f"{_('Giấy chứng nhận')}: {certificate.stars}★ {certificate.decision_no} "
                f"({certificate.decision_date:%d/%m/%Y})"
            )
    visible = import_batches_in_scope(actor).filter(pk__in=written) if written else ImportBatch.objects.none()
    return ImportsOfProduct(written, frozenset(visible.values_list("pk", flat=True)))


def _import_entry(event: AuditEvent, imports: ImportsOfProduct) -> AuditEntry:
    """An import in a product's history: from which file, linked to its batch where the reader may see it."""
    batch_id = int(event.object_id)
    url = reverse("registry:import_detail", args=[batch_id]) if batch_id in imports.visible else ""
    return AuditEntry(
        event,
        ACTION_LABELS["recognitions.import"],
        imports.certificates.get(batch_id, []),
        link_text=(event.details or {}).get("file_name", event.object_repr),
        link_url=url,
    )


def _audit_trail(
    query: Q, field_names: dict[str, str], imports: ImportsOfProduct | None = None
) -> list[AuditEntry]:
    """The audit events matching ``query``, newest first, with their changes in words."""
    if imports is not None:
        query |= imports.query
    events = list(AuditEvent.objects.filter(query).select_related("actor"))
    # Services record a changed product set by its id; say which set it was. One query.
    set_ids = {
        value
        for event in events
        for value in (event.details or {}).get("changes", {}).get("product_set", [])
        if value is not None
    }
    set_codes = dict(ProductSet.objects.filter(pk__in=set_ids).values_list("pk", "code"))

    def shown(name: str, value: Any) -> str:
        if value in ("", None, []):
            return "—"
        if name == "product_set":
            return set_codes.get(value, str(value))
        return ", ".join(map(str, value)) if isinstance(value, list) else str(value)

    field_order = {name: position for position, name in enumerate(field_names)}
    entries = []
    for event in events:
        details = event.details or {}
        if imports is not None and event.action == "recognitions.import":
            entries.append(_import_entry(event, imports))
            continue
        if "changes" in details:
            # In the model's field order: PostgreSQL's jsonb keeps no key order of its own.
            changes = sorted(
                details["changes"].items(), key=lambda item: field_order.get(item[0], len(field_order))
            )
            lines = [
                f"{field_names.get(name, name)}: {shown(name, old)} → {shown(name, new)}"
                for name, (old, new) in changes
            ]
        else:
            shown_details = sorted(
                (item for item in details.items() if item[0] not in HIDDEN_DETAILS),
                key=lambda item: field_order.get(item[0], len(field_order)),
            )
            lines = [f"{field_names.get(key, key)}: {shown(key, value)}" for key, value in shown_details]
        entries.append(AuditEntry(event, ACTION_LABELS.get(event.action, event.action), lines))
    return entries


def _field_names(*models: type[Any]) -> dict[str, str]:
    names: dict[str, str] = {}
    for model in models:
        names.update({field.name: str(field.verbose_name) for field in model._meta.fields})
    names["reason"] = _("lý do")  # of a revocation: shown after its date
    return names


@role_required(*OFFICIAL_ROLES)
@require_GET
def product_detail(request: HttpRequest, product_id: int) -> HttpResponse:
    actor = request_actor(request)
    product = access_product_by_id(actor, product_id)
    return render(request, "registry/product_detail.html", product_page_context(actor, product))


def product_page_context(actor: User, product: Product, **overrides: Any) -> dict[str, Any]:
    """What the product page shows; the image views render it again with their form and its errors."""
    today = timezone.localdate()
    certificates = list(product.certificates.select_related("rule_set").order_by("decision_date", "id"))
    later = [*certificates[1:], None] if certificates else []
    history = [
        (certificate, certificate.status_on(today, superseded_by=newer))
        for certificate, newer in zip(certificates, later, strict=True)
    ][::-1]
    events = (
        Q(object_type=Product._meta.label_lower, object_id=str(product.pk))
        | Q(object_type=Certificate._meta.label_lower, object_id__in=[str(c.pk) for c in certificates])
        # Removed images are gone from the table: their events are found by the product they name.
        | Q(object_type=ProductImage._meta.label_lower, details__product=product.pk)
    )
    can_change = can_change_product(actor, product)
    return {
        "product": product,
        "history": history,
        "status": history[0][1] if history else None,
        "location": _location(product),
        "audit_trail": _audit_trail(
            events,
            _field_names(Product, Certificate, ProductImage),
            _imports_of(actor, product, certificates),
        ),
        "can_change": can_change,
        "today": today,
        **images_context(product, can_change=can_change),
        **overrides,
    }


def images_context(product: Product, *, can_change: bool, **overrides: Any) -> dict[str, Any]:
    """The images section of the product page (``product_detail.html#images``)."""
    images = list(product.images.order_by("position", "id"))
    limit = settings.PRODUCT_IMAGES_PER_PRODUCT
    return {
        "images": images,
        "image_limit": limit,
        "image_form": ProductImageForm() if can_change and len(images) < limit else None,
        **overrides,
    }


def _add_service_errors(form: BaseForm, error: ValidationError) -> None:
    """Errors the service found after the form's own checks (a concurrent change), next to their field."""
    for field, field_messages in error.message_dict.items():
        form.add_error(field if field in form.fields else None, field_messages)


@role_required(*CHANGING_ROLES)
@require_http_methods(["GET", "POST"])
def product_edit(request: HttpRequest, product_id: int) -> HttpResponse:
    actor = request_actor(request)
    product = access_product_by_id(actor, product_id, for_change=True)
    form = ProductForm(request.POST if request.method == "POST" else None, instance=product)
    if form.is_valid():
        changes = {name: form.cleaned_data[name] for name in form.Meta.fields}
        product_set = changes["product_set"]
        changes["sector"] = product_set.sector if product_set is not None else product.sector
        try:
            services.product_update(acting_user=actor, product=product, **changes)
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            messages.success(request, _("Đã lưu sản phẩm."))
            return redirect("registry:product_detail", product_id=product.pk)
    return render(request, "registry/product_form.html", {"form": form, "product": product})


@role_required(*CHANGING_ROLES)
@require_http_methods(["GET", "POST"])
def certificate_add(request: HttpRequest, product_id: int) -> HttpResponse:
    actor = request_actor(request)
    product = access_product_by_id(actor, product_id, for_change=True)
    today = timezone.localdate()
    data = request.POST if request.method == "POST" else None
    form = CertificateAddForm(data, product=product, today=today)
    if form.is_valid():
        try:
            services.certificate_add(acting_user=actor, product=product, **form.cleaned_data)
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            messages.success(request, _("Đã thêm giấy chứng nhận."))
            return redirect("registry:product_detail", product_id=product.pk)
    return render(request, "registry/certificate_form.html", {"form": form, "product": product})


@role_required(*CHANGING_ROLES)
@require_http_methods(["GET", "POST"])
def certificate_revoke(request: HttpRequest, certificate_id: int) -> HttpResponse:
    actor = request_actor(request)
    certificate = access_certificate_by_id(actor, certificate_id, for_change=True)
    data = request.POST if request.method == "POST" else None
    form = CertificateRevokeForm(data, certificate=certificate)
    if form.is_valid():
        try:
            services.certificate_revoke(
                acting_user=actor,
                certificate=certificate,
                revoked_on=form.cleaned_data["revoked_on"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            _add_service_errors(form, error)
        except ValueError:  # revoked by someone else since the form was checked
            form.add_error(None, _("Giấy chứng nhận này đã bị thu hồi."))
        else:
            messages.success(request, _("Đã thu hồi giấy chứng nhận."))
            return redirect("registry:product_detail", product_id=certificate.product_id)
    context = {"form": form, "certificate": certificate, "product": certificate.product}
    return render(request, "registry/certificate_revoke.html", context)


# --- Producers


@role_required(*OFFICIAL_ROLES)
@require_GET
def producer_list(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    filters = ProducerFilterForm(request.GET, actor=actor)
    filters.is_valid()
    producers = producers_in_scope(actor)
    if text := fold(filters.value("q") or ""):
        producers = producers.filter(search_name__contains=text)
    if producer_type := filters.value("producer_type"):
        producers = producers.filter(producer_type=producer_type)
    if filters.value("women_led"):
        producers = producers.filter(women_led=True)
    if filters.value("ethnic_minority_led"):
        producers = producers.filter(ethnic_minority_led=True)
    producers = _in_unit(producers, filters)
    product_count = products_in_scope(actor).filter(producer=OuterRef("pk")).order_by().values("producer")
    producers = _with_unit_names(producers).annotate(
        product_count=Subquery(product_count.annotate(n=Count("pk")).values("n")[:1])
    )
    page = Paginator(producers.order_by("search_name", "pk"), PER_PAGE).get_page(request.GET.get("page"))
    context = {"filters": filters, "filters_active": _filters_active(filters), "page": page}
    return _render_list(request, "registry/producer_list.html", context)


@role_required(*OFFICIAL_ROLES)
@require_GET
def producer_detail(request: HttpRequest, producer_id: int) -> HttpResponse:
    actor = request_actor(request)
    producer = access_producer_by_id(actor, producer_id)
    today = timezone.localdate()
    products = (
        products_in_scope(actor)
        .filter(producer=producer)
        .annotate(status_today=status_today(today))
        .select_related("product_set", "latest_certificate")
        .order_by("search_name", "pk")
    )
    events = Q(object_type=Producer._meta.label_lower, object_id=str(producer.pk))
    context = {
        "producer": producer,
        "products": products,
        "certifications": [
            ManagementCertification(value).label
            for value in producer.management_certifications
            if value in ManagementCertification.values
        ],
        "location": _location(producer),
        "audit_trail": _audit_trail(events, _field_names(Producer)),
        "can_change": can_change_producer(actor, producer),
    }
    return render(request, "registry/producer_detail.html", context)


@role_required(*CHANGING_ROLES)
@require_http_methods(["GET", "POST"])
def producer_edit(request: HttpRequest, producer_id: int) -> HttpResponse:
    actor = request_actor(request)
    producer = access_producer_by_id(actor, producer_id, for_change=True)
    form = ProducerForm(request.POST if request.method == "POST" else None, instance=producer)
    if form.is_valid():
        changes = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            services.producer_update(acting_user=actor, producer=producer, **changes)
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            messages.success(request, _("Đã lưu chủ thể."))
            return redirect("registry:producer_detail", producer_id=producer.pk)
    return render(request, "registry/producer_form.html", {"form": form, "producer": producer})
