"""The officials' screens: officers' and council members' reads (their lists, a record's page and
history), within the scope of the actor each read is given."""

import datetime
import functools
from dataclasses import dataclass
from typing import Any

from django.db.models import (
    Case,
    Count,
    DateField,
    F,
    Model,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext, gettext_lazy

from ocop.accounts.access import is_central_officer
from ocop.accounts.audit_words.sentences import ACTIONS as AUDIT_ACTIONS
from ocop.accounts.models import User
from ocop.core.models import AuditEvent
from ocop.core.text import fold
from ocop.geo.models import AdministrativeUnit, Level, Scheme
from ocop.registry import rules
from ocop.registry.access import (
    access_producer_by_id,
    access_product_by_id,
    can_change_producer,
    can_change_product,
    import_batches_in_scope,
    producers_in_scope,
    products_in_scope,
)
from ocop.registry.models import (
    Certificate,
    CertificateStatus,
    ImportBatch,
    Producer,
    Product,
    ProductImage,
    ProductSet,
    RevocationEvidence,
    certification_labels,
)
from ocop.registry.status import (
    STANDING_STATUSES,
    rank_q,
    status_expression,
)

# --- The officials' screens: officers' and council members' reads, in the actor's scope
#
# Each read starts from the scope of ``ocop.registry.access`` for the actor it is given
# (``products_in_scope``, ``producers_in_scope``, ``import_batches_in_scope``, ``access_*_by_id``), so no
# caller reads past it: the views check their filters, call one of these and render. Statuses are the one
# rule's (``ocop.registry.status``) on the day given.

OFFICIAL_PRODUCT_ORDERS: dict[str, tuple[Any, ...]] = {
    "name": ("search_name", "pk"),
    "-name": ("-search_name", "-pk"),
    "code": ("code", "search_name", "pk"),
    "decision_date": (F("latest_certificate__decision_date").asc(nulls_last=True), "search_name", "pk"),
    "-decision_date": (F("latest_certificate__decision_date").desc(nulls_last=True), "search_name", "pk"),
}
# A product's history names an import by its file: "Nhập từ tệp tra-vinh-2019-2022.csv".
IMPORTED_FROM = gettext_lazy("Nhập từ tệp")
# Details kept for the record but of no use on the page: which product (the page's own), digests, sizes.
HIDDEN_DETAILS = frozenset({"product", "sha256", "upload_size"})


@dataclass(frozen=True)
class OfficialProductFilters:
    """What the officers' product list is narrowed to; an empty value leaves its filter out."""

    text: str = ""
    sector: int | None = None
    product_set: str | None = None  # a code of the current classification
    rank: str | None = None
    status: str | None = None  # today's
    unit: int | None = None  # a current province for central officers, a current commune for the others
    import_batch: int | None = None  # the products it last wrote, themselves or through a certificate
    sort: str = "name"  # a key of OFFICIAL_PRODUCT_ORDERS


@dataclass(frozen=True)
class OfficialProducerFilters:
    text: str = ""
    producer_type: str | None = None
    women_led: bool = False
    ethnic_minority_led: bool = False
    unit: int | None = None  # as for products


@dataclass(frozen=True)
class OfficialProductList:
    # Annotated with ``status_today``, ``province_name`` and ``commune_name``; ordered, not yet paged.
    products: QuerySet[Product]
    # The products before the status filter, annotated with ``status_today``: what ``counts`` counts.
    unfiltered_by_status: QuerySet[Product]

    @functools.cached_property
    def counts(self) -> dict[str, int]:
        """How many products each status leaves (valid, expired, revoked) and how many have no
        certificate, counted before the status filter; one query, asked only by the screen that shows
        them (the export reads the products alone)."""
        return self.unfiltered_by_status.aggregate(
            **{status: Count("pk", filter=Q(status_today=status)) for status in STANDING_STATUSES},
            uncertified=Count("pk", filter=Q(latest_certificate__isnull=True)),
        )


@dataclass(frozen=True)
class Location:
    """Where a record lies in both schemes; a unit is ``None`` where the mapping cannot say."""

    recorded: AdministrativeUnit
    province: AdministrativeUnit | None
    commune: AdministrativeUnit | None
    legacy_province: AdministrativeUnit | None
    legacy_district: AdministrativeUnit | None
    legacy_commune: AdministrativeUnit | None


@dataclass(frozen=True)
class AuditEntry:
    event: AuditEvent
    label: str | Promise
    lines: list[str]
    # What the label names, and where to read it when the reader may: an import's file and batch page,
    # and the officers' product list narrowed to what that import wrote.
    link_text: str = ""
    link_url: str = ""
    products_url: str = ""


@dataclass(frozen=True)
class OfficialProductRecord:
    product: Product
    # Its certificates, newest first, each with its status today.
    history: list[tuple[Certificate, CertificateStatus]]
    status: CertificateStatus | None  # of the standing certificate (§2); None without any certificate
    location: Location
    audit_trail: list[AuditEntry]
    can_change: bool


@dataclass(frozen=True)
class OfficialProducerRecord:
    producer: Producer
    products: QuerySet[Product]  # those in the actor's scope, with ``status_today``
    certifications: list[str | Promise]
    location: Location
    audit_trail: list[AuditEntry]
    can_change: bool


def _current_unit_name(level: str, code_field: str) -> Subquery:
    units = AdministrativeUnit.objects.filter(scheme=Scheme.CURRENT, level=level, code=OuterRef(code_field))
    return Subquery(units.values("name")[:1])


def _with_unit_names[Located: (Product, Producer)](records: QuerySet[Located]) -> QuerySet[Located]:
    return records.annotate(
        province_name=_current_unit_name(Level.PROVINCE, "province_code"),
        commune_name=_current_unit_name(Level.COMMUNE, "commune_code"),
    )


def _in_unit[Located: (Product, Producer)](
    actor: User, records: QuerySet[Located], unit: int | None
) -> QuerySet[Located]:
    """Records of a unit within the actor's scope: a province for central officers, else a commune."""
    if unit is None:
        return records
    return (
        records.filter(province_code=unit) if is_central_officer(actor) else records.filter(commune_code=unit)
    )


def with_announcement(products: QuerySet[Product]) -> QuerySet[Product]:
    """``announced_from``: for a product that stands on no certificate yet but has one dated after
    today, that certificate's day ("Công nhận từ ngày …"); ``None`` for every other product.

    Annotate it after counting: it is for the rows shown, not for the whole scope.
    """
    # Standing on none, by the rule of ``ocop.registry.standing``, every certificate it has is dated later.
    first = Certificate.objects.filter(product=OuterRef("pk")).order_by("decision_date", "pk")
    return products.annotate(
        announced_from=Case(
            When(latest_certificate__isnull=True, then=Subquery(first.values("decision_date")[:1])),
            default=Value(None),
            output_field=DateField(),
        )
    )


def written_by_import_q(batches: QuerySet[ImportBatch]) -> Q:
    """Products one of ``batches`` last wrote: their own fields, or one of their certificates.

    The same rows as ``importing.batches.products_written_by`` reads, and through the same indexes
    (``Product.import_batch``, ``Certificate.import_batch``).
    """
    certified = Certificate.objects.filter(import_batch__in=batches).values("product_id")
    return Q(import_batch__in=batches) | Q(pk__in=certified)


def product_list_for_officials(
    *, actor: User, filters: OfficialProductFilters, today: datetime.date
) -> OfficialProductList:
    """The products ``actor`` may see, narrowed by ``filters``, with their status on ``today``.

    An import batch the actor may not look at (``import_batches_in_scope``) leaves nothing.
    """
    products: QuerySet[Product] = products_in_scope(actor).annotate(
        status_today=status_expression("latest_certificate__", today)
    )
    if text := fold(filters.text):
        products = products.filter(search_name__contains=text)
    if filters.sector is not None:
        products = products.filter(sector=filters.sector)
    if filters.product_set:
        products = products.filter(
            product_set__code=filters.product_set,
            product_set__classification__code=rules.CURRENT_CLASSIFICATION,
        )
    if filters.rank:
        products = products.filter(rank_q(filters.rank))
    products = _in_unit(actor, products, filters.unit)
    if filters.import_batch is not None:
        batches = import_batches_in_scope(actor).filter(pk=filters.import_batch)
        products = products.filter(written_by_import_q(batches))
    unfiltered_by_status = products
    if filters.status:
        products = products.filter(Q(status_today=filters.status))  # annotated above
    products = _with_unit_names(with_announcement(products)).select_related(
        "producer", "product_set", "latest_certificate"
    )
    return OfficialProductList(
        products.order_by(*OFFICIAL_PRODUCT_ORDERS[filters.sort]), unfiltered_by_status
    )


def producer_list_for_officials(*, actor: User, filters: OfficialProducerFilters) -> QuerySet[Producer]:
    """The producers ``actor`` may see, narrowed by ``filters``, by name, each with ``product_count``
    (its products in the actor's scope) and its current units' names."""
    producers = producers_in_scope(actor)
    if text := fold(filters.text):
        producers = producers.filter(search_name__contains=text)
    if filters.producer_type:
        producers = producers.filter(producer_type=filters.producer_type)
    if filters.women_led:
        producers = producers.filter(women_led=True)
    if filters.ethnic_minority_led:
        producers = producers.filter(ethnic_minority_led=True)
    producers = _in_unit(actor, producers, filters.unit)
    product_count = products_in_scope(actor).filter(producer=OuterRef("pk")).order_by().values("producer")
    producers = _with_unit_names(producers).annotate(
        product_count=Subquery(product_count.annotate(n=Count("pk")).values("n")[:1])
    )
    return producers.order_by("search_name", "pk")


def location_of(record: Product | Producer) -> Location:
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
class _ImportsOfProduct:
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


def _imports_of(actor: User, product: Product, certificates: list[Certificate]) -> _ImportsOfProduct:
    written: dict[int, list[str]] = {}
    if product.import_batch_id is not None:
        written[product.import_batch_id] = []
    for certificate in certificates:
        if certificate.import_batch_id is not None:
            written.setdefault(certificate.import_batch_id, []).append(
                f"{gettext('Giấy chứng nhận')}: {certificate.stars}★ {certificate.decision_no} "
                f"({certificate.decision_date:%d/%m/%Y})"
            )
    visible = import_batches_in_scope(actor).filter(pk__in=written) if written else ImportBatch.objects.none()
    return _ImportsOfProduct(written, frozenset(visible.values_list("pk", flat=True)))


def _import_entry(event: AuditEvent, imports: _ImportsOfProduct) -> AuditEntry:
    """An import in a product's history: from which file, linked to its batch and to the products it
    wrote where the reader may look at the batch."""
    batch_id = int(event.object_id)
    visible = batch_id in imports.visible
    return AuditEntry(
        event,
        IMPORTED_FROM,
        imports.certificates.get(batch_id, []),
        link_text=(event.details or {}).get("file_name", event.object_repr),
        link_url=reverse("registry:import_detail", args=[batch_id]) if visible else "",
        products_url=f"{reverse('registry:product_list')}?import_batch={batch_id}" if visible else "",
    )


def _audit_trail(
    query: Q, field_names: dict[str, str], imports: _ImportsOfProduct | None = None
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
        action = AUDIT_ACTIONS.get(event.action)
        entries.append(AuditEntry(event, action.name if action else event.action, lines))
    return entries


def _field_names(*models: type[Model]) -> dict[str, str]:
    names: dict[str, str] = {}
    for model in models:
        names.update({field.name: str(field.verbose_name) for field in model._meta.fields})
    names["reason"] = gettext("lý do")  # of a revocation: shown after its date
    return names


def _product_history(actor: User, product: Product, certificates: list[Certificate]) -> list[AuditEntry]:
    events = (
        Q(object_type=Product._meta.label_lower, object_id=str(product.pk))
        | Q(object_type=Certificate._meta.label_lower, object_id__in=[str(c.pk) for c in certificates])
        # Removed images are gone from the table: their events are found by the product they name.
        | Q(object_type=ProductImage._meta.label_lower, details__product=product.pk)
    )
    return _audit_trail(
        events,
        _field_names(Product, Certificate, ProductImage),
        _imports_of(actor, product, certificates),
    )


def product_history(*, actor: User, product_id: int) -> list[AuditEntry]:
    """What happened to a product ``actor`` may see, newest first: edits, certificates, images, and every
    import that wrote it or its certificates ("Nhập từ tệp …"); 404 outside the actor's scope."""
    product = access_product_by_id(actor, product_id)
    return _product_history(actor, product, list(product.certificates.order_by("decision_date", "id")))


def product_record_for_officials(
    *, actor: User, product_id: int, today: datetime.date
) -> OfficialProductRecord:
    """A product ``actor`` may see, as its officials' page shows it; 404 outside the actor's scope."""
    product = access_product_by_id(actor, product_id)
    certificates = list(
        product.certificates.select_related("rule_set")
        .prefetch_related(Prefetch("revocation_evidence", RevocationEvidence.objects.select_related("file")))
        .order_by("decision_date", "id")
    )
    later = [*certificates[1:], None] if certificates else []
    history = [
        (certificate, certificate.status_on(today, superseded_by=newer))
        for certificate, newer in zip(certificates, later, strict=True)
    ][::-1]
    # The standing certificate's status; a product whose every certificate is dated after today is not
    # yet recognised: "not yet issued", announced with its first certificate's day.
    standing = [status for certificate, status in history if certificate.pk == product.latest_certificate_id]
    return OfficialProductRecord(
        product=product,
        history=history,
        status=standing[0] if standing else (CertificateStatus.NOT_YET_ISSUED if history else None),
        location=location_of(product),
        audit_trail=_product_history(actor, product, certificates),
        can_change=can_change_product(actor, product),
    )


def producer_record_for_officials(
    *, actor: User, producer_id: int, today: datetime.date
) -> OfficialProducerRecord:
    """A producer ``actor`` may see, with its products in the actor's scope; 404 outside the scope."""
    producer = access_producer_by_id(actor, producer_id)
    products = with_announcement(
        products_in_scope(actor)
        .filter(producer=producer)
        .annotate(status_today=status_expression("latest_certificate__", today))
        .select_related("product_set", "latest_certificate")
        .order_by("search_name", "pk")
    )
    events = Q(object_type=Producer._meta.label_lower, object_id=str(producer.pk))
    return OfficialProducerRecord(
        producer=producer,
        products=products,
        certifications=certification_labels(producer.management_certifications),
        location=location_of(producer),
        audit_trail=_audit_trail(events, _field_names(Producer)),
        can_change=can_change_producer(actor, producer),
    )
