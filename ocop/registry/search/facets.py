"""The catalogue's facets: the matching products counted by sector, current province, rank and status
(``FacetGroup``), and per facet what each value would give with the other facets' filters kept
(``facet_counts``)."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.db import connection

from ocop.registry.search.filters import _STATUS_SQL, VALID, ProductFilters, _days, _from_where
from ocop.registry.search.matching import Match
from ocop.registry.status import STATUS_BY_CODE, Rank

# How long the landing page's facet counts may lag behind the registry.
LANDING_FACETS_SECONDS = 300


@dataclass(frozen=True)
class FacetGroup:
    """How many products share one sector, current province, rank and status."""

    sector: int
    province: int
    rank: str
    status: str
    count: int


def facet_counts(groups: Iterable[FacetGroup], filters: ProductFilters) -> dict[str, dict[Any, int]]:
    """Per facet, how many products each value would give with the other facets' filters kept.

    So a chosen rank still shows what the other ranks hold, and with no facet chosen the counts are
    those of the filtered result. ``"total"`` counts the result with every filter.
    """
    counts: dict[str, dict[Any, int]] = {"sector": {}, "province": {}, "rank": {}, "status": {}, "total": {}}
    for group in groups:
        passes = {
            "sector": filters.sector is None or group.sector == filters.sector,
            "province": filters.province is None or group.province == filters.province,
            "rank": filters.rank is None or group.rank == filters.rank,
            "status": (filters.status is None or group.status == filters.status)
            and (filters.valid is None or (group.status == VALID) == filters.valid),
        }
        for facet, value in (
            ("sector", group.sector),
            ("province", group.province),
            ("rank", group.rank),
            ("status", group.status),
        ):
            if all(passed for other, passed in passes.items() if other != facet):
                counts[facet][value] = counts[facet].get(value, 0) + group.count
        if all(passes.values()):
            counts["total"][None] = counts["total"].get(None, 0) + group.count
    return counts


def _facet_groups_cached(
    cursor: Any, match: Match | None, filters: ProductFilters, today: datetime.date
) -> list[FacetGroup]:
    """The facets of the catalogue's landing page (no words, no product set or legacy province) are
    read from every public product, 100,000 of them: kept for a few minutes, they are what most visits
    see first."""
    if match is not None or filters.product_set_ids is not None or filters.legacy_province is not None:
        return _facet_groups(cursor, match, filters, today)
    key = f"registry.search.landing_facets:{connection.vendor}:{today.isoformat()}"
    groups = cache.get(key)
    if groups is None:
        groups = _facet_groups(cursor, match, filters, today)
        cache.set(key, groups, LANDING_FACETS_SECONDS)
    return list(groups)


def _facet_groups(
    cursor: Any, match: Match | None, filters: ProductFilters, today: datetime.date
) -> list[FacetGroup]:
    from_sql, where_sql, params = _from_where(match, filters, today, facets_only=True)
    cursor.execute(
        f"SELECT d.sector, d.province_code, d.stars, d.potential_five_star, {_STATUS_SQL}, COUNT(*) "  # noqa: S608
        f"FROM {from_sql} WHERE {where_sql} GROUP BY 1, 2, 3, 4, 5",
        [*_days(today), *params],
    )
    return [
        FacetGroup(
            sector=sector,
            province=province,
            rank=Rank.of(stars=stars, potential_five_star=potential).value,
            status=STATUS_BY_CODE[status].value,
            count=count,
        )
        for sector, province, stars, potential, status, count in cursor.fetchall()
    ]
