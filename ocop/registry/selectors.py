"""Reads of the registry: the public catalogue, one product, one producer, the open-data export; and, in
the last section, the officials' screens (their lists, a record's page and history), within the scope of
the actor each read is given.

Only products with at least one certificate are public. Their status is read from the newest certificate
as of the day asked, by the one rule of ``ocop.registry.status``: the catalogue says "expired" or
"revoked" in so many words, because expired and revoked stars stay on packaging and shelves and nobody
can tell otherwise.
"""

import datetime
import functools
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Protocol

from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.db.models import (
    Case,
    Count,
    DateField,
    F,
    Max,
    Model,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Greatest
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.text import slugify
from django.utils.translation import gettext, gettext_lazy

from ocop.accounts.access import is_central_officer
from ocop.accounts.audit_words.sentences import ACTIONS as AUDIT_ACTIONS
from ocop.accounts.models import User
from ocop.core.models import AuditEvent
from ocop.core.text import fold
from ocop.geo.models import AdministrativeUnit, Level, Scheme
from ocop.geo.selectors import ProvinceNames, province_names
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
    IssuingLevel,
    ManagementCertification,
    Producer,
    Product,
    ProductImage,
    ProductSet,
    Sector,
)
from ocop.registry.search import (
    RANKS,
    STATUSES,
    VALID,
    ProductFilters,
    facet_counts,
    product_search,
    respelled_query,
)
from ocop.registry.status import (
    STANDING_STATUSES,
    Rank,
    certificate_status,
    rank_q,
    status_expression,
)

RANK_LABELS: dict[str, str | Promise] = dict(Rank.choices)
STATUS_LABELS: dict[str, str | Promise] = dict(CertificateStatus.choices)
_PROVINCE_TYPE_WORDS = ("Tỉnh ", "Thành phố ")
# 34 provinces and no districts from this day (DOMAIN.md: the July 2025 reform).
REFORM_DAY = datetime.date(2025, 7, 1)
# The Ministry of Agriculture and Rural Development and the Ministry of Natural Resources and Environment
# merged into the Ministry of Agriculture and Environment on this day.
MINISTRY_MERGER_DAY = datetime.date(2025, 3, 1)


class CatalogueQueryError(ValueError):
    """A filter the registry cannot apply; ``argument`` names the parameter at fault."""

    def __init__(self, argument: str, message: str) -> None:
        super().__init__(f"{argument}: {message}")
        self.argument = argument


class CertificateTerms(Protocol):
    """What a reader of a product's standing sees of its certificate: a ``Certificate``, or the
    ``ListedCertificate`` a list reads without building one."""

    @property
    def stars(self) -> int: ...
    @property
    def potential_five_star(self) -> bool: ...
    @property
    def decision_no(self) -> str: ...
    @property
    def decision_date(self) -> datetime.date: ...
    @property
    def valid_until(self) -> datetime.date: ...
    @property
    def revoked_on(self) -> datetime.date | None: ...
    @property
    def rank(self) -> Rank: ...


@dataclass(frozen=True)
class Standing:
    """Where a product's OCOP recognition stands on a day: its newest certificate and that one's status."""

    certificate: CertificateTerms
    status: str  # a CertificateStatus: valid, expired, revoked, or not yet issued

    @property
    def rank(self) -> str:
        return self.certificate.rank

    @property
    def rank_label(self) -> str | Promise:
        return RANK_LABELS[self.rank]

    @property
    def status_label(self) -> str | Promise:
        return STATUS_LABELS[self.status]

    @property
    def stars_text(self) -> str:
        return "★" * self.certificate.stars

    @property
    def expired_from(self) -> datetime.date:
        """The first day the certificate no longer holds: the day after its last valid day."""
        return self.certificate.valid_until + datetime.timedelta(days=1)


@dataclass(frozen=True, slots=True)
class ListedCertificate:
    """The terms of a listed product's standing certificate, as the list reads them."""

    stars: int
    potential_five_star: bool
    decision_no: str
    decision_date: datetime.date
    valid_until: datetime.date
    revoked_on: datetime.date | None

    @property
    def rank(self) -> Rank:
        return Rank.of(stars=self.stars, potential_five_star=self.potential_five_star)


@dataclass(frozen=True, slots=True)
class ListedProducer:
    pk: int
    name: str
    producer_type: str


@dataclass(frozen=True, slots=True)
class ListedUnit:
    scheme: str
    code: int
    name: str
    province_code: int


@dataclass(frozen=True, slots=True)
class ListedProduct:
    """A product in a list (the catalogue, a producer's page, the API and its open data): the columns of
    ``LIST_COLUMNS``, read as tuples. Twenty products built as models, with their producers, units,
    product sets and certificates, took 1.5 of the 9 ms of a search request on PostgreSQL."""

    pk: int
    code: str
    name: str
    sector: int
    province_code: int
    product_set_code: str | None
    producer: ListedProducer
    unit: ListedUnit
    latest_certificate: ListedCertificate


@dataclass(frozen=True)
class CatalogueEntry:
    product: ListedProduct
    standing: Standing
    province_name: str  # current province, full name
    main_image: ProductImage | None = None  # filled where the entry is shown with its thumbnail

    @property
    def slug(self) -> str:
        return public_slug(self.product.name)


@dataclass(frozen=True)
class FacetOption:
    value: str
    label: str | Promise
    count: int | None
    selected: bool


@dataclass(frozen=True)
class ProductPage:
    entries: list[CatalogueEntry]
    count: int
    page: int
    page_size: int
    approximate: bool
    today: datetime.date
    province_names: ProvinceNames
    facets: dict[str, list[FacetOption]] = field(default_factory=dict)
    partial: bool = False  # every product lacks one of the words searched for
    # The query as also searched for, other spellings written as the registry writes them; else "".
    respelled: str = ""

    @property
    def page_count(self) -> int:
        return max(1, -(-self.count // self.page_size))

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.page_count


@dataclass(frozen=True)
class CertificateEntry:
    certificate: Certificate
    status: str  # a CertificateStatus value: valid, expired, revoked, superseded, not_yet_issued
    issuer: str  # the body that recognised the product, e.g. "Ủy ban nhân dân tỉnh Quảng Ngãi"

    @property
    def status_label(self) -> str | Promise:
        return CertificateStatus(self.status).label


@dataclass(frozen=True)
class ProductDetail:
    product: Product
    standing: Standing
    history: list[CertificateEntry]  # newest first
    sector_name: str
    province_name: str
    legacy_province_name: str
    images: list[ProductImage]  # the main image first


@dataclass(frozen=True)
class ProducerDetail:
    producer: Producer
    entries: list[CatalogueEntry]
    province_name: str


def short_province_name(name: str) -> str:
    """``"Tỉnh Quảng Ngãi"`` → ``"Quảng Ngãi"``, for lists of provinces."""
    for words in _PROVINCE_TYPE_WORDS:
        if name.startswith(words):
            return name[len(words) :]
    return name


def _lower_first(name: str) -> str:
    return name[:1].lower() + name[1:]


def issuer_name(
    certificate: Certificate, *, province_name: str, district_name: str, commune_name: str
) -> str:
    """Who recognised the product: the ministry for 5★, else the People's Committee of the level.

    The Ministry of Agriculture and Rural Development became the Ministry of Agriculture and Environment
    on 1/3/2025. The place names are those of the unit on the decision date (``product_get_public``).
    """
    if certificate.issuing_level == IssuingLevel.CENTRAL:
        if certificate.decision_date < MINISTRY_MERGER_DAY:
            return "Bộ Nông nghiệp và Phát triển nông thôn"
        return "Bộ Nông nghiệp và Môi trường"
    place = {
        IssuingLevel.PROVINCE: province_name,
        IssuingLevel.DISTRICT: district_name,
        IssuingLevel.COMMUNE: commune_name,
    }.get(IssuingLevel(certificate.issuing_level), "")
    return f"Ủy ban nhân dân {_lower_first(place)}" if place else "Ủy ban nhân dân"


def public_filters(
    *,
    sector: int | None = None,
    product_set: str | None = None,
    rank: str | None = None,
    province: int | None = None,
    legacy_province: int | None = None,
    status: str | None = None,
    valid: bool | None = None,
) -> ProductFilters:
    """The filters, checked; ``CatalogueQueryError`` names the first that cannot apply."""
    if sector is not None and not 1 <= sector <= 6:
        raise CatalogueQueryError("sector", f"no sector {sector}; sectors are numbered 1 to 6")
    product_set_ids = None
    if product_set:
        set_code = rules.normalise_product_set_code(product_set)
        if set_code is None:
            raise CatalogueQueryError("set", f"{product_set!r} is not a product set code such as I.3.c")
        product_set_ids = tuple(ProductSet.objects.filter(code=set_code).values_list("id", flat=True))
        if not product_set_ids:
            raise CatalogueQueryError("set", f"no product set {set_code}")
    if rank is not None and rank not in RANKS:
        raise CatalogueQueryError("rank", f"unknown rank {rank!r}; use {', '.join(RANKS)}")
    if status is not None and status not in STATUSES:
        raise CatalogueQueryError("status", f"unknown status {status!r}; use {', '.join(STATUSES)}")
    for argument, scheme, code in (
        ("province", Scheme.CURRENT, province),
        ("legacy_province", Scheme.LEGACY, legacy_province),
    ):
        if code is None:
            continue
        if not AdministrativeUnit.objects.filter(scheme=scheme, level=Level.PROVINCE, code=code).exists():
            raise CatalogueQueryError(argument, f"no {scheme} province with code {code}")
    return ProductFilters(
        sector=sector,
        product_set_ids=product_set_ids,
        rank=rank,
        province=province,
        legacy_province=legacy_province,
        status=status,
        valid=valid,
    )


def _public_products() -> QuerySet[Product]:
    return Product.objects.filter(latest_certificate__isnull=False).select_related(
        "producer", "product_set", "unit", "latest_certificate"
    )


# What a list entry shows (the catalogue, a producer's page, the API and its open data), in the order of
# ``ListedProduct``'s fields: a product page reads the rest.
LIST_COLUMNS = (
    "id",
    "code",
    "name",
    "sector",
    "province_code",
    "product_set__code",
    "producer_id",
    "producer__name",
    "producer__producer_type",
    "unit__scheme",
    "unit__code",
    "unit__name",
    "unit__province_code",
    "latest_certificate__stars",
    "latest_certificate__potential_five_star",
    "latest_certificate__decision_no",
    "latest_certificate__decision_date",
    "latest_certificate__valid_until",
    "latest_certificate__revoked_on",
)


def _listed_rows(products: QuerySet[Product]) -> QuerySet[Any, tuple[Any, ...]]:
    return products.filter(latest_certificate__isnull=False).values_list(*LIST_COLUMNS)


def _listed(row: tuple[Any, ...]) -> ListedProduct:
    (pk, code, name, sector, province_code, set_code, producer_id, producer_name, producer_type) = row[:9]
    return ListedProduct(
        pk=pk,
        code=code,
        name=name,
        sector=sector,
        province_code=province_code,
        product_set_code=set_code,
        producer=ListedProducer(pk=producer_id, name=producer_name, producer_type=producer_type),
        unit=ListedUnit(*row[9:13]),
        latest_certificate=ListedCertificate(*row[13:]),
    )


def _listed_by_id(ids: list[int]) -> dict[int, ListedProduct]:
    """The public products of ``ids`` as list entries, by id: one query."""
    if not ids:
        return {}
    with connection.cursor() as cursor:
        cursor.execute(_listed_by_id_sql(len(ids), connection.vendor), ids)
        return {row[0]: _listed(row) for row in cursor.fetchall()}


@functools.cache
def _listed_by_id_sql(count: int, vendor: str) -> str:
    """The SQL of ``_listed_rows`` for ``count`` ids, made by the ORM once per process, engine and count
    (a page holds 1 to 100): building the query of nineteen columns over four joins was 0.9 of the 1.8 ms
    of reading a page's products. Both engines give the columns their Python types unconverted."""
    placeholders = list(range(1, count + 1))
    products = _listed_rows(Product.objects.filter(pk__in=placeholders)).order_by()
    sql, params = products.query.sql_with_params()
    if list(params) != placeholders:  # the ids are its only parameters, in order, or it cannot be reused
        raise ImproperlyConfigured(f"the listed products' query takes other parameters: {params!r}")
    return sql


def _main_images(ids: list[int]) -> dict[int, ProductImage]:
    """The main image (the first in order) of each product of ``ids`` that has one: one query. Every image
    of the page's products is read (at most PRODUCT_IMAGES_PER_PRODUCT each), not the first alone: a window
    over them took longer to build than to read them."""
    main: dict[int, ProductImage] = {}
    for image in ProductImage.objects.filter(product_id__in=ids).order_by("product_id", "position", "id"):
        main.setdefault(image.product_id, image)
    return main


def standing_on(certificate: Certificate, today: datetime.date) -> Standing:
    return Standing(certificate=certificate, status=certificate.status_on(today).value)


def _standing(product: Product, today: datetime.date) -> Standing:
    certificate = product.latest_certificate
    if certificate is None:  # _public_products() has none such
        raise Product.DoesNotExist(f"product {product.pk} has no certificate: it is not public")
    return standing_on(certificate, today)


def _entry(
    product: ListedProduct,
    today: datetime.date,
    names: ProvinceNames,
    main_image: ProductImage | None = None,
) -> CatalogueEntry:
    certificate = product.latest_certificate
    status = certificate_status(
        decision_date=certificate.decision_date,
        valid_until=certificate.valid_until,
        revoked_on=certificate.revoked_on,
        day=today,
    )
    return CatalogueEntry(
        product=product,
        standing=Standing(certificate=certificate, status=status.value),
        province_name=names.get((Scheme.CURRENT, product.province_code), ""),
        main_image=main_image,
    )


def product_list_public(
    *,
    q: str = "",
    filters: ProductFilters | None = None,
    page: int = 1,
    page_size: int = 20,
    with_facets: bool = False,
    with_images: bool = True,
    today: datetime.date | None = None,
) -> ProductPage:
    """One page of the public catalogue: best match first, valid before expired before revoked.

    The same few queries whatever the page size: the search's (``product_search``), then the page's
    products, their images unless ``with_images`` is false (the API lists none) and the province names;
    with facets, the sector names too.
    """
    today = today or timezone.localdate()
    filters = filters or ProductFilters()
    result = product_search(
        q=q,
        filters=filters,
        today=today,
        offset=(page - 1) * page_size,
        limit=page_size,
        with_facets=with_facets,
    )
    by_id = _listed_by_id(result.ids)
    images = _main_images(result.ids) if with_images else {}
    names = province_names()
    entries = [_entry(by_id[pk], today, names, images.get(pk)) for pk in result.ids if pk in by_id]
    facets = _facet_options(result.facet_groups, filters, names) if with_facets else {}
    return ProductPage(
        entries=entries,
        count=result.count,
        page=page,
        page_size=page_size,
        approximate=result.approximate,
        partial=result.partial,
        respelled=respelled_query(q) if result.respelled else "",
        today=today,
        province_names=names,
        facets=facets,
    )


def _facet_options(
    groups: Any, filters: ProductFilters, names: ProvinceNames
) -> dict[str, list[FacetOption]]:
    counts = facet_counts(groups, filters)
    sector_names = dict(
        Sector.objects.filter(classification__code=rules.CURRENT_CLASSIFICATION).values_list("number", "name")
    )
    provinces = sorted(
        (
            (code, short_province_name(name))
            for (scheme, code), name in names.items()
            if scheme == Scheme.CURRENT
        ),
        key=lambda item: fold(item[1]),
    )
    status_selected = filters.status or (VALID if filters.valid else None)
    return {
        "sector": [
            FacetOption(str(number), name, counts["sector"].get(number, 0), number == filters.sector)
            for number, name in sorted(sector_names.items())
        ],
        "rank": [
            FacetOption(rank, RANK_LABELS[rank], counts["rank"].get(rank, 0), rank == filters.rank)
            for rank in RANKS
        ],
        "province": [
            FacetOption(str(code), name, counts["province"].get(code, 0), code == filters.province)
            for code, name in provinces
        ],
        "status": [
            FacetOption(
                status, STATUS_LABELS[status], counts["status"].get(status, 0), status == status_selected
            )
            for status in STATUSES
        ],
    }


def legacy_province_options(selected: int | None) -> list[FacetOption]:
    names = AdministrativeUnit.objects.filter(scheme=Scheme.LEGACY, level=Level.PROVINCE).values_list(
        "code", "name"
    )
    options = [(code, short_province_name(name)) for code, name in names]
    return [
        FacetOption(str(code), name, None, code == selected)
        for code, name in sorted(options, key=lambda item: fold(item[1]))
    ]


def product_set_options(selected: str | None) -> list[FacetOption]:
    chosen = rules.normalise_product_set_code(selected or "")
    product_sets = ProductSet.objects.filter(classification__code=rules.CURRENT_CLASSIFICATION)
    return [
        FacetOption(
            product_set.code, f"{product_set.code} {product_set.name}", None, product_set.code == chosen
        )
        for product_set in product_sets.order_by("sector", "code")
    ]


def product_get_public(*, product_id: int, today: datetime.date | None = None) -> ProductDetail:
    """A public product with its certificate history; ``Product.DoesNotExist`` for any other id."""
    today = today or timezone.localdate()
    product = _public_products().select_related("unit__parent", "producer__unit").get(pk=product_id)
    certificates = list(product.certificates.select_related("rule_set").order_by("decision_date", "id"))
    names = province_names()
    district_name = ""
    if product.legacy_district_code and any(c.issuing_level == IssuingLevel.DISTRICT for c in certificates):
        district = AdministrativeUnit.objects.filter(
            scheme=Scheme.LEGACY, level=Level.DISTRICT, code=product.legacy_district_code
        ).first()
        district_name = district.name if district else ""

    def issuer(certificate: Certificate) -> str:
        # Before 1/7/2025 the province and commune were those of the legacy scheme.
        legacy = certificate.decision_date < REFORM_DAY
        province_code = product.legacy_province_code if legacy else product.province_code
        return issuer_name(
            certificate,
            province_name=names.get((Scheme.LEGACY if legacy else Scheme.CURRENT, province_code or 0), ""),
            district_name=district_name,
            commune_name=product.unit.name if (product.unit_scheme == Scheme.LEGACY) == legacy else "",
        )

    history = [
        CertificateEntry(
            certificate=certificate,
            status=certificate.status_on(
                today, superseded_by=certificates[index + 1] if index + 1 < len(certificates) else None
            ),
            issuer=issuer(certificate),
        )
        for index, certificate in enumerate(certificates)
    ]
    return ProductDetail(
        product=product,
        standing=_standing(product, today),
        history=history[::-1],
        sector_name=Sector.objects.filter(classification=product.classification_id, number=product.sector)
        .values_list("name", flat=True)
        .first()
        or "",
        province_name=names.get((Scheme.CURRENT, product.province_code), ""),
        legacy_province_name=names.get((Scheme.LEGACY, product.legacy_province_code or 0), ""),
        images=list(product.images.order_by("position", "id")),
    )


def producer_get_public(*, producer_id: int, today: datetime.date | None = None) -> ProducerDetail:
    """A producer with its public products; ``Producer.DoesNotExist`` when it has none."""
    today = today or timezone.localdate()
    producer = Producer.objects.select_related("unit").get(pk=producer_id)
    products = [_listed(row) for row in _listed_rows(producer.products.all()).order_by("search_name", "id")]
    if not products:
        raise Producer.DoesNotExist(f"producer {producer_id} has no certified product")
    images = _main_images([product.pk for product in products])
    names = province_names()
    return ProducerDetail(
        producer=producer,
        entries=[_entry(product, today, names, images.get(product.pk)) for product in products],
        province_name=names.get((Scheme.CURRENT, producer.province_code), ""),
    )


def product_count_public() -> int:
    return Product.objects.filter(latest_certificate__isnull=False).count()


def product_export_public(*, today: datetime.date, chunk_size: int = 2000) -> Iterator[CatalogueEntry]:
    """Every public product, by id, read ``chunk_size`` rows at a time."""
    names = province_names()
    for row in _listed_rows(Product.objects.order_by("id")).iterator(chunk_size=chunk_size):
        yield _entry(_listed(row), today, names)


def product_pages_public() -> QuerySet[Any, Any]:
    """Every public product's ``id``, ``name`` and ``changed_at`` (the product or its newest certificate,
    whichever changed last), by id: the addresses of the product pages, for the sitemap."""
    return (
        _public_products()
        .annotate(changed_at=Greatest(F("updated_at"), F("latest_certificate__updated_at")))
        .values_list("id", "name", "changed_at", named=True)
        .order_by("id")
    )


def producer_pages_public() -> QuerySet[Any, Any]:
    """Every producer with a public product: ``id``, ``name`` and ``changed_at`` (the producer, one of its
    public products or their newest certificates, whichever changed last), by id."""
    public = Q(products__latest_certificate__isnull=False)
    return (
        Producer.objects.filter(public)
        .annotate(
            changed_at=Greatest(
                F("updated_at"),
                Max("products__updated_at", filter=public),
                Max("products__latest_certificate__updated_at", filter=public),
            )
        )
        .values_list("id", "name", "changed_at", named=True)
        .order_by("id")
    )


def public_slug(name: str) -> str:
    """The readable part of a public page's address: ``"Cà phê Đặc sản"`` → ``"ca-phe-dac-san"``."""
    return slugify(fold(name))[:80].strip("-") or "san-pham"


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
    # How many products each status leaves (valid, expired, revoked) and how many have no certificate,
    # counted before the status filter.
    counts: dict[str, int]


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
    counts = products.aggregate(
        **{status: Count("pk", filter=Q(status_today=status)) for status in STANDING_STATUSES},
        uncertified=Count("pk", filter=Q(latest_certificate__isnull=True)),
    )
    if filters.status:
        products = products.filter(Q(status_today=filters.status))  # annotated above
    products = _with_unit_names(with_announcement(products)).select_related(
        "producer", "product_set", "latest_certificate"
    )
    return OfficialProductList(products.order_by(*OFFICIAL_PRODUCT_ORDERS[filters.sort]), counts)


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
    certificates = list(product.certificates.select_related("rule_set").order_by("decision_date", "id"))
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
        certifications=[
            ManagementCertification(value).label
            for value in producer.management_certifications
            if value in ManagementCertification.values
        ],
        location=location_of(producer),
        audit_trail=_audit_trail(events, _field_names(Producer)),
        can_change=can_change_producer(actor, producer),
    )
