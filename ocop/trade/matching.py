"""Supplier matching (ghép nối cung cầu): which OCOP products meet a buyer's constraints, best first, and why.

One function, ``match_products``, serves the public API (contract trade.md §1), a demand's matches and the
demands a producer fits. Constraints filter in SQL; the score is computed in SQL too, so that the order is
the same over every page, and only the page's products are read in full and given their reasons.

The score is a sum of points out of 100, shown as a fraction in [0, 1]:

- rank of the certificate that stands on the day: 3★ 20, 4★ 30, 4★ potential 5★ 35, 5★ 40;
- the producer's management certifications (VietGAP, organic, HACCP, …): 10 each, at most 30;
- the producer lies in the buyer's province: 20 (none when no buyer province is given);
- the certificate stays valid for at least a year after the day: 10.

Ties: the certificate valid longer first, then the product's id. A product is offered only when the
certificate it stands on that day is valid by the registry's one rule (``ocop.registry.status``).
"""

import datetime
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.cache import cache
from django.db import connection
from django.db.models import (
    Case,
    ExpressionWrapper,
    F,
    Func,
    IntegerField,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Least
from django.utils import formats
from django.utils.translation import gettext as _

from ocop.registry.models import (
    Certificate,
    ManagementCertification,
    Product,
    ProductSet,
    certifications_in_order,
)
from ocop.registry.search import match_condition, match_query
from ocop.registry.status import CertificateStatus, standing_q, status_expression
from ocop.registry.version import registry_version
from ocop.trade.models import Demand

RANK_POINTS = {3: 20, 4: 30, 5: 40}
POTENTIAL_FIVE_STAR_POINTS = 35
POINTS_PER_CERTIFICATION = 10
MOST_CERTIFICATION_POINTS = 30
SAME_PROVINCE_POINTS = 20
LASTING_VALIDITY_POINTS = 10
LASTING_VALIDITY = datetime.timedelta(days=365)
MOST_POINTS = 100
PAGE_SIZE = 20
# A ranking is kept while the registry stays as it was (the key holds its version): a day at most, so that
# rankings asked once do not pile up.
RANKING_CACHE_SECONDS = 24 * 60 * 60


@dataclass(frozen=True)
class Constraints:
    """What a buyer asks of a product; ``None`` or empty leaves a constraint out."""

    sector: int | None = None
    product_set: str | None = None  # a product set code or the start of one: "I.3" takes I.3.a, I.3.b, …
    min_stars: int | None = None  # 3, 4 or 5; a potential 5★ counts as 4★
    certifications: tuple[str, ...] = ()  # ManagementCertification codes, every one held by the producer
    provinces: tuple[int, ...] = ()  # current province codes, any of them
    legacy_province: int | None = None
    q: str = ""


@dataclass(frozen=True)
class MatchedProduct:
    certificate: Certificate  # with its product and producer read
    points: int
    reasons: list[str]
    buyer_province: int | None = None

    @property
    def product(self) -> Product:
        return self.certificate.product

    @property
    def score(self) -> float:
        return round(self.points / MOST_POINTS, 2)

    @property
    def certifications(self) -> list[str]:
        return certifications_in_order(self.certificate.product.producer.management_certifications or [])


@dataclass(frozen=True)
class MatchPage:
    items: list[MatchedProduct]
    count: int
    page: int
    page_size: int
    on: datetime.date


class _JsonArrayLength(Func):
    """How many items a JSON list column holds, on both engines."""

    function = "json_array_length"
    output_field = IntegerField()

    def as_postgresql(self, compiler, connection, **extra_context):
        return super().as_sql(compiler, connection, function="jsonb_array_length", **extra_context)


def standing_valid_certificates(
    on: datetime.date, *, today: datetime.date, products: QuerySet[Product] | None = None
) -> QuerySet[Certificate]:
    """The certificates that stand for their product on ``on`` and are valid then: one per product at most,
    of ``products`` when given (else of every product).

    Today that is ``Product.latest_certificate`` (kept by ``ocop.registry.standing``); another day, the
    newest certificate issued by then (a later record the newer on one date), as ``status.stands_on`` says.
    """
    certificates = Certificate.objects.all()
    if on == today and products is None:
        certificates = certificates.filter(product__latest_certificate=F("pk"))
    elif on == today and products is not None:
        # The products' own indexes narrow first; their certificates are then read by id.
        certificates = certificates.filter(
            pk__in=products.filter(latest_certificate__isnull=False).values("latest_certificate_id")
        )
    else:
        certificates = certificates.filter(standing_q(on))
        if products is not None:
            certificates = certificates.filter(product_id__in=products.values("pk"))
    return certificates.alias(status_on_day=status_expression("", on)).filter(
        status_on_day=CertificateStatus.VALID
    )


def _products(constraints: Constraints) -> QuerySet[Product] | None:
    """The products meeting the constraints on products, producers and places; ``None`` when there are
    none such (every product)."""
    products = Product.objects.all()
    constrained = False
    if constraints.sector is not None:
        products, constrained = products.filter(sector=constraints.sector), True
    if constraints.product_set:
        code = constraints.product_set
        set_ids = ProductSet.objects.filter(Q(code=code) | Q(code__startswith=f"{code}.")).values_list(
            "pk", flat=True
        )
        products, constrained = products.filter(product_set_id__in=list(set_ids)), True
    for certification in constraints.certifications:
        # The JSON text holds each code between quotes, and no code is another's part between quotes.
        products = products.filter(producer__management_certifications__icontains=f'"{certification}"')
        constrained = True
    if constraints.provinces:
        products, constrained = products.filter(province_code__in=constraints.provinces), True
    if constraints.legacy_province is not None:
        products, constrained = products.filter(legacy_province_code=constraints.legacy_province), True
    if constraints.q.strip():
        words = _words_match(constraints.q)
        if words is None:
            return Product.objects.none()
        products, constrained = products.filter(pk__in=words), True
    return products if constrained else None


def _constrained(
    constraints: Constraints, *, on: datetime.date, today: datetime.date
) -> QuerySet[Certificate]:
    """The certificates valid on ``on`` of the products meeting ``constraints``."""
    certificates = standing_valid_certificates(on, today=today, products=_products(constraints))
    if constraints.min_stars is not None:
        stars_q = Q(stars__gte=constraints.min_stars)
        if constraints.min_stars == 5:
            stars_q = Q(stars=5)  # a potential 5★ counts as 4★, never as 5★
        certificates = certificates.filter(stars_q)
    return certificates


def _words_match(q: str) -> RawSQL | None:
    """The products whose words match ``q`` as the catalogue search matches them (its first stage that
    matches any product: words without diacritics, unfinished last word, near spellings)."""
    match = match_query(q)
    if match is None:
        return None
    if connection.vendor == "postgresql":
        condition, params = match_condition(match)
        sql = f"SELECT d.product_id FROM registry_product_search d WHERE {condition}"  # noqa: S608
        return RawSQL(sql, params)  # noqa: S611  (the search builds the condition; the words are parameters)
    return RawSQL(
        "SELECT rowid FROM registry_product_search WHERE registry_product_search MATCH %s", [match.expression]
    )


def _lasting_from(on: datetime.date) -> datetime.date:
    """The day a certificate must still be valid on to count as lasting (the last day there is, at most)."""
    return on + LASTING_VALIDITY if on <= datetime.date.max - LASTING_VALIDITY else datetime.date.max


def _points(on: datetime.date, buyer_province: int | None) -> ExpressionWrapper:
    rank = Case(
        When(potential_five_star=True, then=Value(POTENTIAL_FIVE_STAR_POINTS)),
        *[When(stars=stars, then=Value(points)) for stars, points in RANK_POINTS.items()],
        default=Value(0),
        output_field=IntegerField(),
    )
    certifications = Least(
        _JsonArrayLength(F("product__producer__management_certifications")) * POINTS_PER_CERTIFICATION,
        Value(MOST_CERTIFICATION_POINTS),
        output_field=IntegerField(),
    )
    province = Case(
        When(product__province_code=buyer_province, then=Value(SAME_PROVINCE_POINTS)),
        default=Value(0),
        output_field=IntegerField(),
    )
    lasting = Case(
        When(valid_until__gte=_lasting_from(on), then=Value(LASTING_VALIDITY_POINTS)),
        default=Value(0),
        output_field=IntegerField(),
    )
    total = rank + certifications + lasting
    if buyer_province is not None:
        total = total + province
    return ExpressionWrapper(total, output_field=IntegerField())


def match_products(
    constraints: Constraints,
    *,
    on: datetime.date,
    today: datetime.date,
    buyer_province: int | None = None,
    page: int = 1,
    page_size: int = PAGE_SIZE,
    exclude_products: Sequence[int] = (),
) -> MatchPage:
    """One page of the products meeting ``constraints`` whose certificate is valid on ``on``, best first.

    Queries: the registry's version; unless the same question was answered since the registry last changed,
    the words' stage when there are words, the page's ids and points, the count; then the page's
    certificates with their products and producers.
    """
    key = _cache_key(constraints, on, today, buyer_province, page, page_size, exclude_products)
    ranked = cache.get(key)
    if ranked is None:
        ranked = _ranked(constraints, on, today, buyer_province, page, page_size, exclude_products)
        cache.set(key, ranked, RANKING_CACHE_SECONDS)
    count, order = ranked
    rows = Certificate.objects.select_related("product__producer", "product__product_set").in_bulk(
        [certificate_id for certificate_id, _points in order]
    )
    items = [
        MatchedProduct(
            certificate=rows[certificate_id],
            points=points,
            reasons=reasons(rows[certificate_id], on=on, buyer_province=buyer_province),
            buyer_province=buyer_province,
        )
        for certificate_id, points in order
        if certificate_id in rows
    ]
    return MatchPage(items=items, count=count, page=page, page_size=page_size, on=on)


def _ranked(
    constraints: Constraints,
    on: datetime.date,
    today: datetime.date,
    buyer_province: int | None,
    page: int,
    page_size: int,
    exclude_products: Sequence[int],
) -> tuple[int, list[tuple[int, int]]]:
    """How many certificates meet ``constraints``, and the page's as (id, points), best first. Only ids and
    points are sorted: sorting the products' whole rows (descriptions, stories) cost more than scoring."""
    certificates = _constrained(constraints, on=on, today=today)
    if exclude_products:
        certificates = certificates.exclude(product_id__in=exclude_products)
    offset = (page - 1) * page_size
    order = list(
        certificates.annotate(points=_points(on, buyer_province))
        .order_by("-points", "-valid_until", "product_id")
        .values_list("pk", "points")[offset : offset + page_size]
    )
    count = len(order) if page == 1 and len(order) < page_size else certificates.count()
    return count, [(certificate_id, points) for certificate_id, points in order]


def _cache_key(*parts: object) -> str:
    """The ranking's cache key: the question and the registry's version, which moves with every change to
    producers, products and certificates (``ocop.registry.version``), so a kept ranking is never stale."""
    digest = hashlib.sha256(repr((parts, registry_version())).encode()).hexdigest()
    return f"trade.matches:{digest}"


def fits(
    constraints: Constraints, *, product_ids: Sequence[int], on: datetime.date, today: datetime.date
) -> bool:
    """Whether one of ``product_ids`` meets ``constraints`` with a certificate valid on ``on``."""
    return _constrained(constraints, on=on, today=today).filter(product_id__in=product_ids).exists()


def fitting_product_ids(
    constraints: Constraints, *, product_ids: Sequence[int], on: datetime.date, today: datetime.date
) -> list[int]:
    certificates = _constrained(constraints, on=on, today=today)
    return list(certificates.filter(product_id__in=product_ids).values_list("product_id", flat=True))


def rank_words(certificate: Certificate) -> str:
    if certificate.potential_five_star:
        return _("4★ tiềm năng 5★")
    return f"{certificate.stars}★"


def reasons(certificate: Certificate, *, on: datetime.date, buyer_province: int | None) -> list[str]:
    """Why the product matched, in the order of its points: rank and validity, certifications, place."""
    valid_until = formats.date_format(certificate.valid_until, "d/m/Y")
    said = [_("%(rank)s còn hiệu lực đến %(date)s") % {"rank": rank_words(certificate), "date": valid_until}]
    producer = certificate.product.producer
    said += [
        str(ManagementCertification(code).label)
        for code in certifications_in_order(producer.management_certifications or [])
    ]
    if buyer_province is not None and certificate.product.province_code == buyer_province:
        said.append(_("Cùng tỉnh với bên mua"))
    if certificate.valid_until >= _lasting_from(on):
        said.append(_("Còn hiệu lực trên một năm"))
    return said


def fitting_producer_ids(
    constraints: Constraints, *, on: datetime.date, today: datetime.date, limit: int
) -> list[int]:
    """The producers with a product meeting ``constraints``, those of the best-scored products first, at
    most ``limit`` of them."""
    certificates = _constrained(constraints, on=on, today=today)
    ordered = certificates.annotate(points=_points(on, None)).order_by(
        "-points", "-valid_until", "product_id"
    )
    found: dict[int, None] = {}
    for producer_id in ordered.values_list("product__producer_id", flat=True)[: limit * 20].iterator():
        found.setdefault(producer_id, None)
        if len(found) == limit:
            break
    return list(found)


def demand_constraints(demand: Demand) -> Constraints:
    return Constraints(
        sector=demand.sector,
        product_set=demand.product_set or None,
        min_stars=demand.min_stars,
        certifications=tuple(demand.certifications or ()),
        provinces=tuple(demand.provinces or ()),
        q=demand.words,
    )
