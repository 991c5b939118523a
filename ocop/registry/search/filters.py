"""What the public may narrow the registry by (``ProductFilters``), and the SQL pieces that select the
public products a match and filters allow, shared by the page, the count and the facets."""

import datetime
from dataclasses import dataclass
from typing import Any

from django.db import connection

from ocop.registry.search.matching import Match, match_condition
from ocop.registry.status import CODES, STANDING_STATUSES, CertificateStatus, Rank, status_sql

VALID = CertificateStatus.VALID
STATUSES = tuple(status.value for status in STANDING_STATUSES)
RANKS = tuple(Rank.values)
# The status as a number (``status.CODES``: valid < expired < revoked < not yet issued, the order results
# are listed in), taking ``today`` ``_STATUS_DAYS`` times. The index keeps the newest certificate only.
_STATUS_SQL, _STATUS_DAYS = status_sql(
    {"decision_date": "d.decision_date", "revoked_on": "d.revoked_on", "valid_until": "d.valid_until"}
)


@dataclass(frozen=True)
class ProductFilters:
    """What the public may narrow the registry by; ``None`` leaves a filter out."""

    sector: int | None = None
    # Product sets with the chosen code (one per classification that has it); empty matches nothing.
    product_set_ids: tuple[int, ...] | None = None
    rank: str | None = None  # one of RANKS
    province: int | None = None  # current-scheme province code
    legacy_province: int | None = None  # province code before 1/7/2025
    status: str | None = None  # one of STATUSES
    valid: bool | None = None  # True: valid only; False: all but the valid


# --- SQL pieces shared by the page, the count and the facets. The SQL is put together from this package's
# constants only (hence the S608 exemptions); every value from a request is a query parameter.
#
# Everything is read from one narrow row per product, ``d``: the FTS5 content table on SQLite, the search
# table on PostgreSQL (migration 0004), never from the wide product and certificate rows.


def _id() -> str:
    return "d.product_id" if connection.vendor == "postgresql" else "d.id"


def _days(day: datetime.date) -> list[Any]:
    """``day`` as ``_STATUS_SQL`` takes it, as many times as it does."""
    return [connection.ops.adapt_datefield_value(day)] * _STATUS_DAYS


def _from_where(
    match: Match | None, filters: ProductFilters, today: datetime.date, *, facets_only: bool = False
) -> tuple[str, str, list[Any]]:
    """FROM and WHERE of public products matching ``match`` and ``filters``.

    With ``facets_only``, the filters that are facets (sector, province, rank, status) are left out.
    """
    conditions = ["d.certificate_id IS NOT NULL"]
    params: list[Any] = []
    if connection.vendor == "postgresql":
        from_sql = "registry_product_search d"
        if match is not None:
            condition, condition_params = match_condition(match)
            conditions.append(condition)
            params.extend(condition_params)
    elif match is None:
        from_sql = "registry_product_search_document d"
    else:
        # CROSS JOIN makes SQLite read the matches first and look each document up by its id. Left to
        # choose, its planner may walk the documents by a filter's index and run the full-text query
        # once per document: 90 seconds for "mien dong" in sector 1 at 100,000 products.
        from_sql = (
            "registry_product_search "
            "CROSS JOIN registry_product_search_document d ON d.id = registry_product_search.rowid"
        )
        conditions.append("registry_product_search MATCH %s")
        params.append(match.expression)

    if filters.product_set_ids is not None:
        if filters.product_set_ids:
            conditions.append(f"d.product_set_id IN ({', '.join(['%s'] * len(filters.product_set_ids))})")
            params.extend(filters.product_set_ids)
        else:
            conditions.append("1 = 0")
    if filters.legacy_province is not None:
        conditions.append("d.legacy_province_code = %s")
        params.append(filters.legacy_province)
    if not facets_only:
        if filters.sector is not None:
            conditions.append("d.sector = %s")
            params.append(filters.sector)
        if filters.province is not None:
            conditions.append("d.province_code = %s")
            params.append(filters.province)
        if filters.rank == Rank.FIVE_POTENTIAL:
            conditions.append("d.potential_five_star = %s")
            params.append(True)
        elif filters.rank is not None:
            conditions.append("d.stars = %s AND d.potential_five_star = %s")
            params.extend([int(filters.rank), False])
        if filters.status is not None:
            conditions.append(f"({_STATUS_SQL}) = %s")
            params.extend([*_days(today), CODES[CertificateStatus(filters.status)]])
        if filters.valid is not None:
            conditions.append(f"({_STATUS_SQL}) {'=' if filters.valid else '<>'} %s")
            params.extend([*_days(today), CODES[VALID]])
    return from_sql, " AND ".join(conditions), params
