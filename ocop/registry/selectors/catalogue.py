"""The public catalogue's reads: a page of products, one product, one producer, the open-data export and
the sitemap's addresses.

Only products with at least one certificate are public. Their status is read from the newest certificate
as of the day asked, by the one rule of ``ocop.registry.status``: the catalogue says "expired" or
"revoked" in so many words, because expired and revoked stars stay on packaging and shelves and nobody
can tell otherwise.
"""

import datetime
import functools
import json
from collections.abc import Iterator
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.db.models import (
    F,
    Max,
    Q,
    QuerySet,
)
from django.db.models.functions import Greatest
from django.utils import timezone

from ocop.core.text import fold
from ocop.geo.models import AdministrativeUnit, Level, Scheme
from ocop.geo.selectors import ProvinceNames, province_names
from ocop.registry import rules
from ocop.registry.models import (
    Certificate,
    IssuingLevel,
    Producer,
    Product,
    ProductImage,
    ProductSet,
    Sector,
    certification_labels,
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
from ocop.registry.selectors.entries import (
    RANK_LABELS,
    REFORM_DAY,
    STATUS_LABELS,
    CatalogueEntry,
    CatalogueQueryError,
    CertificateEntry,
    CertificateVerification,
    FacetOption,
    ListedCertificate,
    ListedProducer,
    ListedProduct,
    ListedUnit,
    ProducerDetail,
    ProductDetail,
    ProductPage,
    Standing,
    issuer_name,
    short_province_name,
)
from ocop.registry.status import (
    certificate_status,
)


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
    "latest_certificate__revocation_ground",
    "latest_certificate__number",
    "gtin",
    "producer__management_certifications",
)


def _listed_rows(products: QuerySet[Product]) -> QuerySet[Any, tuple[Any, ...]]:
    return products.filter(latest_certificate__isnull=False).values_list(*LIST_COLUMNS)


def _listed(row: tuple[Any, ...]) -> ListedProduct:
    (pk, code, name, sector, province_code, set_code, producer_id, producer_name, producer_type) = row[:9]
    gtin, certifications = row[21:]
    return ListedProduct(
        pk=pk,
        code=code,
        name=name,
        sector=sector,
        province_code=province_code,
        product_set_code=set_code,
        gtin=gtin,
        producer=ListedProducer(
            pk=producer_id,
            name=producer_name,
            producer_type=producer_type,
            certifications=_json_list(certifications),
        ),
        unit=ListedUnit(*row[9:13]),
        latest_certificate=ListedCertificate(*row[13:21]),
    )


def _json_list(value: list[str] | str | None) -> list[str]:
    """A JSON list column as read by the ORM (decoded) or by ``_listed_by_id``'s own cursor (the text: Django
    has both engines' drivers hand JSON over undecoded)."""
    if isinstance(value, str):
        return list(json.loads(value))
    return list(value or [])


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


def certificate_history(
    product: Product, *, today: datetime.date, names: ProvinceNames | None = None
) -> list[CertificateEntry]:
    """Every certificate of ``product``, oldest first, with its status on ``today`` (each replaced by the
    next) and the body that issued it; ``product`` comes with its ``unit``."""
    certificates = list(product.certificates.select_related("rule_set").order_by("decision_date", "id"))
    names = names if names is not None else province_names()
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

    return [
        CertificateEntry(
            certificate=certificate,
            status=certificate.status_on(
                today, superseded_by=certificates[index + 1] if index + 1 < len(certificates) else None
            ),
            issuer=issuer(certificate),
        )
        for index, certificate in enumerate(certificates)
    ]


def certificate_verify_public(*, number: str, today: datetime.date | None = None) -> CertificateVerification:
    """The certificate numbered ``number``, what it says on ``today`` and what replaced it, for the public
    verification page (its QR code); ``Certificate.DoesNotExist`` for a number no certificate has.

    Every certificate answers, whatever its status: one dated after today says from when it holds, one
    revoked says since when and on what ground. Its product may not be public (recognised from a later
    day, or standing on no certificate): the page then does not link to it.
    """
    today = today or timezone.localdate()
    found = Certificate.objects.only("id", "product_id").get(number=number)
    product = Product.objects.select_related("unit__parent", "producer__unit", "product_set").get(
        pk=found.product_id
    )
    names = province_names()
    history = certificate_history(product, today=today, names=names)
    index = next(index for index, entry in enumerate(history) if entry.certificate.pk == found.pk)
    return CertificateVerification(
        entry=history[index],
        successor=history[index + 1] if index + 1 < len(history) else None,
        product=product,
        product_is_public=product.latest_certificate_id is not None,
        province_name=names.get((Scheme.CURRENT, product.province_code), ""),
    )


def product_get_public(*, product_id: int, today: datetime.date | None = None) -> ProductDetail:
    """A public product with its certificate history; ``Product.DoesNotExist`` for any other id."""
    today = today or timezone.localdate()
    product = _public_products().select_related("unit__parent", "producer__unit").get(pk=product_id)
    names = province_names()
    history = certificate_history(product, today=today, names=names)
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
        producer_certifications=certification_labels(product.producer.management_certifications),
    )


def products_with_gtin(gtin: str) -> QuerySet[Product]:
    """The products recorded with ``gtin``, in its 14-digit form (``ocop.registry.gtin``), as the stamps
    write it. Blank GTINs are left out in the query too: both engines use the index on GTIN, which leaves
    them out, only when the query itself says so (SQLite does not infer it from the equality)."""
    return Product.objects.filter(gtin=gtin).exclude(gtin="")


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
        certifications=certification_labels(producer.management_certifications),
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
