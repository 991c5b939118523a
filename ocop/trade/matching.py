"""Supplier matching (ghép nối cung cầu): which OCOP products meet a buyer's constraints, best first, and why.

One function, ``match_products``, serves the public API (contract trade.md §1), a demand's matches and the
demands a producer fits. It filters and scores over the registry snapshot (``ocop.registry.snapshot``: every
certificate as NumPy columns, read once per registry version), where the certificate each product stands on
and its status come from the registry's one rule; the words of a demand go through the catalogue search.
Only the page's products are then read from the database, in full, and given their reasons.

The score is a sum of points out of 100, shown as a fraction in [0, 1]:

- rank of the certificate that stands on the day: 3★ 20, 4★ 30, 4★ potential 5★ 35, 5★ 40;
- the producer's management certifications (VietGAP, organic, HACCP, …): 10 each, at most 30;
- the producer lies in the buyer's province: 20 (none when no buyer province is given);
- the certificate stays valid for at least a year after the day: 10;
- with words, the product's name holds every one of them (at the start of a word, diacritics aside): 20,
  the score then out of 120; a product matched through its producer's or its place's name only gets none,
  so that "mật ong" puts honey before the rice wine of a "Mật ong" company.

Ties: the certificate valid longer first, then the product's id. A product is offered only when the
certificate it stands on that day is valid by the registry's one rule (``ocop.registry.status``).
"""

import datetime
import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from django.core.cache import cache
from django.db import connection
from django.db.models import Q
from django.utils import formats
from django.utils.translation import gettext as _

from ocop.registry import snapshot, status
from ocop.registry.models import (
    Certificate,
    ManagementCertification,
    Product,
    ProductSet,
    certifications_in_order,
)
from ocop.registry.search import match_condition, match_query
from ocop.registry.snapshot import RegistrySnapshot
from ocop.registry.status import CertificateStatus
from ocop.registry.version import registry_version
from ocop.trade.models import Demand

RANK_POINTS = {3: 20, 4: 30, 5: 40}
POTENTIAL_FIVE_STAR_POINTS = 35
POINTS_PER_CERTIFICATION = 10
MOST_CERTIFICATION_POINTS = 30
SAME_PROVINCE_POINTS = 20
LASTING_VALIDITY_POINTS = 10
LASTING_VALIDITY = datetime.timedelta(days=365)
NAME_WORDS_POINTS = 20
MOST_POINTS = 100  # without words; with them, MOST_POINTS + NAME_WORDS_POINTS
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
    most_points: int = MOST_POINTS

    @property
    def product(self) -> Product:
        return self.certificate.product

    @property
    def score(self) -> float:
        return round(self.points / self.most_points, 2)

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


@dataclass(frozen=True)
class _Candidates:
    registry: RegistrySnapshot
    at: np.ndarray  # positions in the snapshot
    named: np.ndarray | None = None  # with words: the ids of the products whose names hold them all


def _candidates(
    constraints: Constraints, *, on: datetime.date, among: Sequence[int] | None = None
) -> _Candidates:
    """The positions in the registry snapshot of the certificates valid on ``on`` that their product
    stands on, of the products meeting ``constraints`` (and among ``among``, product ids, when given): one
    per product at most."""
    registry = snapshot.registry_snapshot(registry_version())
    at = None if among is None else registry.certificates_of(np.array(among, dtype=np.int64))

    def column(name: str) -> np.ndarray:
        return registry.columns[name] if at is None else registry.columns[name][at]

    standing, statuses = registry.standing(snapshot.day_number(on), at)
    keep = standing & (statuses == status.CODES[CertificateStatus.VALID])
    if constraints.sector is not None:
        keep &= column("sector") == constraints.sector
    if constraints.product_set:
        code = constraints.product_set
        set_ids = ProductSet.objects.filter(Q(code=code) | Q(code__startswith=f"{code}.")).values_list(
            "pk", flat=True
        )
        keep &= np.isin(column("product_set"), np.fromiter(set_ids, dtype=np.int64))
    if constraints.certifications:
        if not set(constraints.certifications) <= snapshot.CERTIFICATION_BITS.keys():
            return _Candidates(registry, np.empty(0, dtype=np.intp))
        needed = sum(snapshot.CERTIFICATION_BITS[code] for code in set(constraints.certifications))
        keep &= (column("certifications") & needed) == needed
    if constraints.provinces:
        keep &= np.isin(column("province"), np.array(constraints.provinces, dtype=np.int64))
    if constraints.legacy_province is not None:
        keep &= column("legacy_province") == constraints.legacy_province
    if constraints.min_stars is not None:
        # A potential 5★ is a 4★ certificate: it meets "4★ or more", never "5★".
        rank = column("rank_digit")
        keep &= np.where(rank == snapshot.POTENTIAL_FIVE_STAR, 4, rank) >= constraints.min_stars
    named = None
    if constraints.q.strip():
        matched, named = _words_match(constraints.q)
        keep &= np.isin(column("product"), matched)
    found = np.flatnonzero(keep)
    return _Candidates(registry, found if at is None else at[found], named)


def _words_match(q: str) -> tuple[np.ndarray, np.ndarray]:
    """The ids of the products whose words match ``q`` as the catalogue search matches them (its first
    stage that matches any product: words without diacritics, unfinished last word, near spellings), and
    of those whose names hold every word at the start of one of theirs, as the catalogue's order looks
    for them (``Match.ranked_words`` in the index's name between spaces)."""
    match = match_query(q)
    if match is None:
        return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64)
    position = "strpos" if connection.vendor == "postgresql" else "instr"
    holds = " AND ".join([f"{position}(d.search_name, %s) > 0" for _word in match.ranked_words] or ["FALSE"])
    starts = [f" {word}" for word in match.ranked_words]
    if connection.vendor == "postgresql":
        condition, params = match_condition(match)
        sql = f"SELECT d.product_id, {holds} FROM registry_product_search d WHERE {condition}"  # noqa: S608
        params = [*starts, *params]
    else:
        sql = (
            f"SELECT s.rowid, {holds} FROM registry_product_search s "  # noqa: S608
            "JOIN registry_product_search_document d ON d.id = s.rowid "
            "WHERE registry_product_search MATCH %s"
        )
        params = [*starts, match.expression]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)  # the search builds the condition; the words are parameters
        rows = cursor.fetchall()
    matched = np.fromiter((row[0] for row in rows), dtype=np.int64, count=len(rows))
    return matched, np.fromiter((row[0] for row in rows if row[1]), dtype=np.int64)


def _lasting_from(on: datetime.date) -> datetime.date:
    """The day a certificate must still be valid on to count as lasting (the last day there is, at most)."""
    return on + LASTING_VALIDITY if on <= datetime.date.max - LASTING_VALIDITY else datetime.date.max


# Points of each rank digit of the snapshot (3, 4, 5 stars; a potential 5★ its own digit).
_RANK_POINTS = np.zeros(max(*RANK_POINTS, snapshot.POTENTIAL_FIVE_STAR) + 1, dtype=np.int64)
for _stars, _rank_points in RANK_POINTS.items():
    _RANK_POINTS[_stars] = _rank_points
_RANK_POINTS[snapshot.POTENTIAL_FIVE_STAR] = POTENTIAL_FIVE_STAR_POINTS


def _points(found: _Candidates, *, on: datetime.date, buyer_province: int | None) -> np.ndarray:
    """The points of the certificates found, as the module's docstring counts them."""
    registry, at = found.registry, found.at
    points = _RANK_POINTS[registry.rank_digit[at]]
    points += np.minimum(
        registry.certification_count[at] * POINTS_PER_CERTIFICATION, MOST_CERTIFICATION_POINTS
    )
    points += np.where(
        registry.valid_until[at] >= snapshot.day_number(_lasting_from(on)), LASTING_VALIDITY_POINTS, 0
    )
    if buyer_province is not None:
        points += np.where(registry.province[at] == buyer_province, SAME_PROVINCE_POINTS, 0)
    if found.named is not None:
        points += np.where(np.isin(registry.product[at], found.named), NAME_WORDS_POINTS, 0)
    return points


# The order, best first: more points, then valid longer, then the product's id, as one sortable number
# (points below 2**7, day numbers below 2**22, ids below 2**31).
_MOST_ANY_POINTS = MOST_POINTS + NAME_WORDS_POINTS
_LAST_DAY = snapshot.day_number(datetime.date.max)
_ID_BITS = 31


def _best_first(found: _Candidates, points: np.ndarray, *, first: int) -> np.ndarray:
    """Positions into ``found.at`` (and ``points``) of its ``first`` best, in order."""
    registry, at = found.registry, found.at
    products = registry.product[at]
    if len(at) == 0 or products.max() >= 1 << _ID_BITS:  # ids too large for one number: a full sort
        return np.lexsort((products, -registry.valid_until[at], -points))[:first]
    key = ((_MOST_ANY_POINTS - points) << (_ID_BITS + 22)) | (
        (_LAST_DAY - registry.valid_until[at]) << _ID_BITS
    )
    key |= products
    if first < len(key):
        top = np.argpartition(key, first - 1)[:first]
        return top[np.argsort(key[top])]
    return np.argsort(key)


def match_products(
    constraints: Constraints,
    *,
    on: datetime.date,
    buyer_province: int | None = None,
    page: int = 1,
    page_size: int = PAGE_SIZE,
    exclude_products: Sequence[int] = (),
) -> MatchPage:
    """One page of the products meeting ``constraints`` whose certificate is valid on ``on``, best first.

    Queries: the registry's version; unless the same question was answered since the registry last changed,
    the words' stage when there are words (the rest is ranked over the registry snapshot, read once per
    version); then the page's certificates with their products and producers.
    """
    key = _cache_key(constraints, on, buyer_province, page, page_size, exclude_products)
    ranked = cache.get(key)
    if ranked is None:
        ranked = _ranked(constraints, on, buyer_province, page, page_size, exclude_products)
        cache.set(key, ranked, RANKING_CACHE_SECONDS)
    count, order = ranked
    rows = Certificate.objects.select_related("product__producer", "product__product_set").in_bulk(
        [certificate_id for certificate_id, _points, _named in order]
    )
    most = MOST_POINTS + (NAME_WORDS_POINTS if constraints.q.strip() else 0)
    items = [
        MatchedProduct(
            certificate=rows[certificate_id],
            points=points,
            reasons=reasons(rows[certificate_id], on=on, buyer_province=buyer_province, named=named),
            buyer_province=buyer_province,
            most_points=most,
        )
        for certificate_id, points, named in order
        if certificate_id in rows
    ]
    return MatchPage(items=items, count=count, page=page, page_size=page_size, on=on)


def _ranked(
    constraints: Constraints,
    on: datetime.date,
    buyer_province: int | None,
    page: int,
    page_size: int,
    exclude_products: Sequence[int],
) -> tuple[int, list[tuple[int, int, bool]]]:
    """How many certificates meet ``constraints``, and the page's as (id, points, whether the name holds
    the words), best first."""
    found = _candidates(constraints, on=on)
    registry = found.registry
    if exclude_products:
        kept = found.at[~np.isin(registry.product[found.at], np.array(exclude_products, dtype=np.int64))]
        found = _Candidates(registry, kept, found.named)
    points = _points(found, on=on, buyer_province=buyer_province)
    offset = (page - 1) * page_size
    best = _best_first(found, points, first=offset + page_size)[offset:]
    named = set() if found.named is None else set(found.named.tolist())
    page_rows = [
        (int(registry.record[found.at[i]]), int(points[i]), int(registry.product[found.at[i]])) for i in best
    ]
    return len(found.at), [(record, score, product in named) for record, score, product in page_rows]


def _cache_key(*parts: object) -> str:
    """The ranking's cache key: the question and the registry's version, which moves with every change to
    producers, products and certificates (``ocop.registry.version``), so a kept ranking is never stale."""
    digest = hashlib.sha256(repr((parts, registry_version())).encode()).hexdigest()
    return f"trade.matches.2:{digest}"  # .2: rows of (id, points, named)


def fitting_product_ids(
    constraints: Constraints, *, product_ids: Sequence[int], on: datetime.date
) -> list[int]:
    """Those of ``product_ids`` that meet ``constraints`` with a certificate valid on ``on``, in id order."""
    found = _candidates(constraints, on=on, among=product_ids)
    return [int(product) for product in found.registry.product[found.at]]


def fits(constraints: Constraints, *, product_ids: Sequence[int], on: datetime.date) -> bool:
    """Whether one of ``product_ids`` meets ``constraints`` with a certificate valid on ``on``."""
    return bool(fitting_product_ids(constraints, product_ids=product_ids, on=on))


def rank_words(certificate: Certificate) -> str:
    if certificate.potential_five_star:
        return _("4★ tiềm năng 5★")
    return f"{certificate.stars}★"


def reasons(
    certificate: Certificate, *, on: datetime.date, buyer_province: int | None, named: bool = False
) -> list[str]:
    """Why the product matched, in the order of its points: rank and validity, certifications, place,
    validity ahead, and (``named``) the words in its name."""
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
    if named:
        said.append(_("Tên sản phẩm có các từ khóa"))
    return said


def fitting_producer_ids(constraints: Constraints, *, on: datetime.date, limit: int) -> list[int]:
    """The producers with a product meeting ``constraints``, those of the best-scored products first, at
    most ``limit`` of them."""
    found = _candidates(constraints, on=on)
    best = _best_first(found, _points(found, on=on, buyer_province=None), first=len(found.at))
    producers = found.registry.producer[found.at[best]]
    _ids, first_seen = np.unique(producers, return_index=True)
    return [int(producer) for producer in producers[np.sort(first_seen)][:limit]]


# The fields of a demand that shape its matches, as the demand and its form name them.
DEMAND_MATCHING_FIELDS = ("sector", "product_set", "min_stars", "certifications", "provinces", "words")


def demand_constraints(demand: Demand) -> Constraints:
    return constraints_of({name: getattr(demand, name) for name in DEMAND_MATCHING_FIELDS})


def constraints_of(fields: Mapping[str, Any]) -> Constraints:
    """The constraints of a demand's fields (``DEMAND_MATCHING_FIELDS``), saved or still being written."""
    return Constraints(
        sector=fields.get("sector"),
        product_set=fields.get("product_set") or None,
        min_stars=fields.get("min_stars"),
        certifications=tuple(fields.get("certifications") or ()),
        provinces=tuple(fields.get("provinces") or ()),
        q=fields.get("words") or "",
    )
