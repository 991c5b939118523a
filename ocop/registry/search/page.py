"""One page of the public registry, best first, and how many products match: ``product_search`` tries
the match stages in turn, then reads the page, its count and, when asked, its facets."""

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db import connection

from ocop.registry.search.facets import FacetGroup, _facet_groups_cached
from ocop.registry.search.filters import _STATUS_SQL, ProductFilters, _days, _from_where, _id
from ocop.registry.search.matching import Match, _any_match, _stages, match_condition, query_words


@dataclass(frozen=True)
class SearchResult:
    ids: list[int]
    count: int
    approximate: bool = False
    partial: bool = False  # every match lacks one of the words (stage ``most``)
    respelled: bool = False  # some words were also looked for as spelled in ``ocop.registry.spellings``
    facet_groups: list[FacetGroup] = field(default_factory=list)


def product_search(
    *,
    q: str = "",
    filters: ProductFilters | None = None,
    today: datetime.date,
    offset: int = 0,
    limit: int = 20,
    with_facets: bool = False,
) -> SearchResult:
    """One page of public product ids, best first, and how many products match in all.

    With ``with_facets``, also the matching products counted by sector, province, rank and status, with
    the filters on those four left out (``facet_counts`` puts them back, one facet at a time).
    Queries: whether each match stage tried matches any product, filters aside (usually one stage), one
    for the page, one for the total unless the page holds it all, one for facets. At the stages of
    ``_PAGE_FIRST`` the page is asked first, and whether the stage matches only when the page is empty.
    """
    filters = filters or ProductFilters()
    with connection.cursor() as cursor:
        if not query_words(q):
            ids, count = _page(cursor, None, filters, today, offset, limit)
            match = None
        else:
            for match in _stages(cursor, q):
                if match.stage == "most" and connection.vendor == "postgresql":
                    ids, count, matched = _page_telling_whether_matched(
                        cursor, match, filters, today, offset, limit
                    )
                    if matched:
                        break
                elif match.stage in _PAGE_FIRST:
                    ids, count = _page(cursor, match, filters, today, offset, limit)
                    # A page with products says the stage matches; an empty one may come from the
                    # filters or the offset, or (PostgreSQL) from products without a certificate.
                    if ids or _any_match(cursor, match):
                        break
                elif _any_match(cursor, match):
                    ids, count = _page(cursor, match, filters, today, offset, limit)
                    break
            else:
                return SearchResult(ids=[], count=0)
        groups = _facet_groups_cached(cursor, match, filters, today) if with_facets else []
    return SearchResult(
        ids=ids,
        count=count,
        approximate=bool(match and match.approximate),
        partial=bool(match and match.partial),
        respelled=bool(match and match.spellings),
        facet_groups=groups,
    )


def _page(
    cursor: Any,
    match: Match | None,
    filters: ProductFilters,
    today: datetime.date,
    offset: int,
    limit: int,
) -> tuple[list[int], int]:
    """The ids of one page of public products matching ``match`` and ``filters``, best first, and how
    many match in all."""
    from_sql, where_sql, params = _from_where(match, filters, today)
    order_sql, order_params = _order(match, today)
    page = f"ORDER BY {order_sql} LIMIT %s OFFSET %s"
    if match is None:
        # Without words the page is read in index order, 20 rows: a window count would read them all.
        sql, counted = f"SELECT {_id()} FROM {from_sql} WHERE {where_sql} {page}", False  # noqa: S608
    elif connection.vendor == "sqlite" and filters == ProductFilters():
        # A top-20 sort, and a count from the FTS5 index alone, without reading a document.
        sql, counted = f"SELECT {_id()} FROM {from_sql} WHERE {where_sql} {page}", False  # noqa: S608
    else:
        # Every match is read to rank it, and to count it: the matches are kept once with what the order
        # needs, then counted and sorted. A window count instead makes both engines sort every match
        # (PostgreSQL: 180 instead of 100 ms for "ng" at 100,000 products), and a separate count reads
        # them all again (SQLite, with filters: 56 instead of 37 ms for "ng" among 4★ products).
        sql = (
            f"WITH m AS MATERIALIZED (SELECT {_id()}, {_sorted_columns(match)} "  # noqa: S608
            f"FROM {from_sql} WHERE {where_sql}) SELECT {_id()}, (SELECT COUNT(*) FROM m) FROM m AS d {page}"
        )
        counted = True
    cursor.execute(sql, [*params, *order_params, limit, offset])
    rows = cursor.fetchall()
    ids = [row[0] for row in rows]
    if counted and rows:
        count = rows[0][1]
    elif offset == 0 and len(ids) < limit:
        count = len(ids)
    else:
        count = _match_count(cursor, match, filters, from_sql, where_sql, params)
    return ids, count


def _page_telling_whether_matched(
    cursor: Any,
    match: Match,
    filters: ProductFilters,
    today: datetime.date,
    offset: int,
    limit: int,
) -> tuple[list[int], int, bool]:
    """PostgreSQL: ``_page``, and whether any product matches at all (with a certificate or not, filters
    aside), in one query that asks the index once. For stage ``most``, whose match is the dearest: when
    its page came out empty, asking again went through the index a second time (35 ms each for
    "du lich cong dong Hoài Châu Bắc" among 4★ products at 100,000 products, the bench's slowest request).
    Its matches are few (tens to hundreds), so keeping them all before the filters costs nothing."""
    _from, where_sql, params = _from_where(None, filters, today)
    order_sql, order_params = _order(match, today)
    sql = (
        f"WITH hits AS MATERIALIZED (SELECT {_HIT_COLUMNS} FROM registry_product_search d "  # noqa: S608
        f"WHERE {match_condition(match)[0]}), "
        f"m AS MATERIALIZED (SELECT d.product_id, {_sorted_columns(match)} FROM hits d WHERE {where_sql}) "
        f"(SELECT d.product_id, NULL::bigint, NULL::boolean FROM m AS d "
        f"ORDER BY {order_sql} LIMIT %s OFFSET %s) "
        "UNION ALL SELECT NULL, (SELECT COUNT(*) FROM m), EXISTS (SELECT 1 FROM hits)"
    )
    cursor.execute(sql, [*match_condition(match)[1], *params, *order_params, limit, offset])
    rows = cursor.fetchall()
    ids = [row[0] for row in rows if row[0] is not None]
    [(_none, count, matched)] = [row for row in rows if row[0] is None]
    return ids, count, bool(ids) or matched


# What the filters and the order of ``_page_telling_whether_matched`` read of a match.
_HIT_COLUMNS = (
    "d.product_id, d.certificate_id, d.sector, d.product_set_id, d.province_code, d.legacy_province_code, "
    "d.stars, d.potential_five_star, d.name, d.search_name, d.decision_date, d.valid_until, d.revoked_on"
)
# Stages whose page is read before asking whether they match at all: ``words``, where 9 searches in 10
# stop, so that they ask the index once, not twice (a quarter of the database's time per search request on
# PostgreSQL); and ``most``, whose match is the dearest (every alternative of all the words but one:
# 30 to 80 ms for six words on PostgreSQL at 100,000 products). The others are asked first: they are rarely
# where a search stops, and their page sends the words again in its ranking.
_PAGE_FIRST = ("words", "most")


def _sorted_columns(match: Match) -> str:
    """The columns ``_order`` reads besides the id: the name only for words typed with diacritics. Every
    match is kept with them: for "tra" (15,000 matches at 100,000 products), keeping names nobody reads
    took 23.6 instead of 21.7 ms on PostgreSQL."""
    return f"{'d.name, ' if match.typed else ''}d.search_name, d.decision_date, d.revoked_on, d.valid_until"


def _match_count(
    cursor: Any,
    match: Match | None,
    filters: ProductFilters,
    from_sql: str,
    where_sql: str,
    params: list[Any],
) -> int:
    """How many public products match, read as cheaply as the engine allows."""
    if match is not None and connection.vendor == "sqlite" and filters == ProductFilters():
        # The FTS5 index holds public products only (migration 0004): it counts them without reading a row.
        cursor.execute(
            "SELECT COUNT(*) FROM registry_product_search WHERE registry_product_search MATCH %s",
            [match.expression],
        )
    else:
        cursor.execute(f"SELECT COUNT(*) FROM {from_sql} WHERE {where_sql}", params)  # noqa: S608
    return int(cursor.fetchone()[0])


def _order(match: Match | None, today: datetime.date) -> tuple[str, list[Any]]:
    if match is None:  # the newest recognitions first, read in the order of an index
        return f"d.decision_date DESC, {_id()} DESC", []
    postgresql = connection.vendor == "postgresql"
    position = "strpos" if postgresql else "instr"
    words = match.ranked_words
    folded = " ".join(words)
    keys: list[str] = []
    params: list[Any] = []
    if match.typed:
        # Typed with diacritics: names written that way first ("cá" puts "Chả cá" before "Cà ri").
        # Both LIKE and ILIKE fold the case of ASCII letters only, hence a second, capitalised pattern;
        # SQLite's document name has đ folded to d already (unicode61 needs it so).
        typed = match.typed if postgresql else match.typed.replace("đ", "d")
        like = "ILIKE" if postgresql else "LIKE"
        escaped = typed.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        keys.append(
            f"CASE WHEN d.name {like} %s ESCAPE '\\' OR d.name {like} %s ESCAPE '\\' THEN 0 ELSE 1 END"
        )
        params.extend([f"%{escaped}%", f"%{escaped[:1].upper()}{escaped[1:]}%"])
    # How the folded name holds the words: at its start, as whole words, as starts of words; else how
    # many of the words it lacks, so that a name holding every word in another order comes before one
    # holding some, and both before a match through the producer's or the province's name alone
    # ("nuoc mam phu quoc": "Nước mắm cá cơm Phú Quốc" before "Nước mắm nhĩ" of a producer in Phú Quốc,
    # before a soy paste of the "Công ty Nước mắm Phú Quốc" in Hà Nội). One word: a name without it as a
    # phrase lacks it, nothing to count.
    # The index keeps the name between spaces (migration 0006): " ca phe rang xay ".
    counted = words if len(words) > 1 else ()
    lacking = " + ".join(
        ["0", *[f"(CASE WHEN {position}(d.search_name, %s) > 0 THEN 0 ELSE 1 END)"] * len(counted)]
    )
    keys.append(
        f"CASE {position}(d.search_name, %s) WHEN 1 THEN 0 WHEN 0 THEN "
        f"(CASE WHEN {position}(d.search_name, %s) > 0 THEN 2 ELSE 3 + {lacking} END) ELSE 1 END"
    )
    params.extend([f" {folded} ", f" {folded}", *(f" {word}" for word in counted)])
    keys.append(_STATUS_SQL)
    params.extend(_days(today))
    # Then shorter names first: the closer the words fill the name, the better the match. Cheaper than
    # bm25 or ts_rank, which score every match before the first page can be cut (170 ms for "ng" at
    # 100,000 products on SQLite).
    keys.extend(["length(d.search_name)", "d.search_name", _id()])
    return ", ".join(keys), params
