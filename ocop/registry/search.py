"""Searching the public registry: one selector, ``product_search``, over SQLite FTS5 or PostgreSQL.

The index (migration ``0003_product_search``) holds, per product, its name, OCOP code, producer name,
product set name and current and legacy province names, folded like ``ocop.core.text.fold`` folds the
query: no diacritics, đ → d, so "ca phe" finds "Cà phê" and "dac san" finds "Đặc sản". Triggers keep it
in step with every write, the bulk import included.

Words are matched in up to four stages, each tried only when the one before matches no product at all
(filters aside, so that a filter leaving nothing never turns a search fuzzy):

1. ``words``: in the product's name or code, its producer's name or its province's name, every word but
   the last is a whole word and the last may be unfinished ("ca ph" → "Cà phê"); a space after the last
   word says it is finished.
2. ``prefixes``: the same places, every word may be unfinished ("ca ph bo" → "Cà phê bột").
3. ``everywhere``: also the product set's name ("my pham" → products of the set "Mỹ phẩm có thành phần
   từ dược liệu"). Set names are not searched before: "ca phe" would find every cocoa product of the set
   "Sản phẩm cà phê, ca cao", and "mat ong" every dried meat of the set "Chế biến từ thịt, …, mật ong…".
4. ``near``: near spellings (the result says it is approximate).
   PostgreSQL: trigram word similarity (``pg_trgm``'s ``<%``, threshold 0.6) between the query and the
   folded product name, with and without their spaces, through trigram indexes: "ca phee" and "caphe"
   find "Cà phê"; a wrong letter in a short word may not ("ca pge": too few trigrams left in common).
   SQLite has no trigram index here: each word that begins no indexed word is replaced by the indexed
   words at most one edit away (two from seven letters; two letters swapped count as one edit) that start
   with the same letter, or by the two indexed words it splits into ("caphe" → "ca phe"). A typo in the
   first letter, or in a word of fewer than three letters, is not forgiven.

Ranking: names holding the query as typed first when it has diacritics ("cá" puts "Chả cá" before
"Cà ri"); then how the folded name holds the words (at its start; as whole words; as starts of words;
not at all, the match being in the producer's or province's name); then valid before expired before
revoked; then the engine's relevance (bm25 with the name weighing most / ``ts_rank``); then the name.
Without words: valid first, then by name.

Status is that of the product's newest certificate as of ``today``: revoked when revoked on or before
``today``, else expired when its last valid day is before ``today``, else valid. Products that never had
a certificate are not public.
"""

import datetime
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import connection

from ocop.core.text import fold

VALID, EXPIRED, REVOKED = "valid", "expired", "revoked"
STATUSES = (VALID, EXPIRED, REVOKED)
RANKS = ("3", "4", "5_potential", "5")
MAX_WORDS = 8
STAGES = ("words", "prefixes", "everywhere", "near")
# Where the first stages look: all the indexed columns but the product set's name (FTS5 column names,
# tsvector weights: A name and code, B producer, C product set, D provinces).
_FTS5_COLUMNS = "{name code producer place}"
_TSVECTOR_WEIGHTS = "ABD"
# Near the folded name, as written or with the spaces left out ("caphe"); two copies of the query.
_POSTGRESQL_NEAR = (
    "(%s <%% {alias}name_folded OR replace(%s, ' ', '') <%% replace({alias}name_folded, ' ', ''))"
)
_POSTGRESQL_NEARNESS = (
    "greatest(word_similarity(%s, s.name_folded), "
    "word_similarity(replace(%s, ' ', ''), replace(s.name_folded, ' ', '')))"
)

_WORD = re.compile(r"\w+")
# A status as a number, so that it sorts valid (0) < expired (1) < revoked (2); two ``today`` parameters.
_STATUS_SQL = (
    "CASE WHEN c.revoked_on IS NOT NULL AND c.revoked_on <= %s THEN 2 "
    "WHEN c.valid_until < %s THEN 1 ELSE 0 END"
)
_PUBLIC_FROM = "JOIN registry_certificate c ON c.id = p.latest_certificate_id"


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
    valid: bool | None = None  # True: valid only; False: expired or revoked only


@dataclass(frozen=True)
class Match:
    """How the words of a query matched: the stage, and what each engine is asked."""

    stage: str  # one of STAGES
    words: tuple[str, ...]
    typed: str  # the query as typed, trimmed and in lower case, when it has diacritics; else ""
    expression: str

    @property
    def approximate(self) -> bool:
        return self.stage == "near"


@dataclass(frozen=True)
class FacetGroup:
    """How many products share one sector, current province, rank and status."""

    sector: int
    province: int
    rank: str
    status: str
    count: int


@dataclass(frozen=True)
class SearchResult:
    ids: list[int]
    count: int
    approximate: bool = False
    facet_groups: list[FacetGroup] = field(default_factory=list)


def query_words(q: str) -> tuple[str, ...]:
    return tuple(_WORD.findall(fold(q)))[:MAX_WORDS]


def status_of(*, revoked_on: datetime.date | None, valid_until: datetime.date, today: datetime.date) -> str:
    """The public status of a product's newest certificate, by the same rule as ``_STATUS_SQL``."""
    if revoked_on is not None and revoked_on <= today:
        return REVOKED
    if valid_until < today:
        return EXPIRED
    return VALID


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
    Queries: one per match stage tried (usually one), one for the page and its total, one for facets.
    """
    filters = filters or ProductFilters()
    words = query_words(q)
    match = match_query(q) if words else None
    if words and match is None:
        return SearchResult(ids=[], count=0)
    base_from, base_where, base_params = _from_where(match, filters, today)
    order_sql, order_params = _order(match, today)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT p.id, COUNT(*) OVER () FROM {base_from} WHERE {base_where} "  # noqa: S608
            f"ORDER BY {order_sql} LIMIT %s OFFSET %s",
            [*base_params, *order_params, limit, offset],
        )
        rows = cursor.fetchall()
        if rows:
            count = rows[0][1]
        elif offset == 0:
            count = 0
        else:  # past the last page: the window had no row to count on
            cursor.execute(f"SELECT COUNT(*) FROM {base_from} WHERE {base_where}", base_params)  # noqa: S608
            count = cursor.fetchone()[0]
        groups = _facet_groups(cursor, match, filters, today) if with_facets else []
    return SearchResult(
        ids=[row[0] for row in rows],
        count=count,
        approximate=bool(match and match.approximate),
        facet_groups=groups,
    )


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


# --- Matching words: the stages, per engine.


def match_query(q: str) -> Match | None:
    """The first stage at which some product matches the words of ``q``; ``None`` if none does."""
    words = query_words(q)
    if not words:
        return None
    finished = q[-1:].isspace()
    typed = " ".join(q.split()).lower()
    typed = typed if fold(typed) != typed else ""
    postgresql = connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        for stage in ("words", "prefixes", "everywhere"):
            if stage == "words" and finished and postgresql:
                expression = _tsquery(words, stage, last_unfinished=False)
            elif stage == "words" and finished:
                expression = _fts5_query(words, stage, last_unfinished=False)
            else:
                expression = _tsquery(words, stage) if postgresql else _fts5_query(words, stage)
            if _any_match(cursor, stage, expression):
                return Match(stage=stage, words=words, typed=typed, expression=expression)
        near = " ".join(words) if postgresql else _fts5_near_query(cursor, words)
        if near and _any_match(cursor, "near", near):
            return Match(stage="near", words=words, typed=typed, expression=near)
    return None


def _fts5_query(words: Sequence[str], stage: str, *, last_unfinished: bool = True) -> str:
    quoted = [f'"{word}"' for word in words]  # \w+ words hold no quote; quoting disarms AND, OR, NEAR
    if stage == "words":
        terms = [*quoted[:-1], f"{quoted[-1]}*" if last_unfinished else quoted[-1]]
    else:
        terms = [f"{term}*" for term in quoted]
    expression = " ".join(terms)
    return expression if stage == "everywhere" else f"{_FTS5_COLUMNS} : ({expression})"


def _tsquery(words: Sequence[str], stage: str, *, last_unfinished: bool = True) -> str:
    weights = "" if stage == "everywhere" else _TSVECTOR_WEIGHTS
    terms = [f"'{word}':*{weights}" if stage != "words" else f"'{word}':{weights}" for word in words]
    if stage == "words" and last_unfinished:
        terms[-1] = f"'{words[-1]}':*{weights}"
    return " & ".join(term.removesuffix(":") for term in terms)


def _any_match(cursor: Any, stage: str, expression: str) -> bool:
    if connection.vendor == "postgresql" and stage == "near":
        condition = _POSTGRESQL_NEAR.format(alias="")
        cursor.execute(
            f"SELECT 1 FROM registry_product_search WHERE {condition} LIMIT 1",  # noqa: S608
            [expression, expression],
        )
    elif connection.vendor == "postgresql":
        cursor.execute(
            "SELECT 1 FROM registry_product_search "
            "WHERE document @@ to_tsquery('pg_catalog.simple', %s) LIMIT 1",
            [expression],
        )
    else:
        cursor.execute(
            "SELECT 1 FROM registry_product_search WHERE registry_product_search MATCH %s LIMIT 1",
            [expression],
        )
    return cursor.fetchone() is not None


def _fts5_near_query(cursor: Any, words: Sequence[str]) -> str | None:
    """An FTS5 query with each word that begins no indexed word replaced by indexed words near it."""
    parts = []
    for word in words:
        if _fts5_begins_a_word(cursor, word):
            parts.append(f'"{word}"*')
            continue
        alternatives = _fts5_near_words(cursor, word)
        if not alternatives:
            return None
        parts.append("(" + " OR ".join(f'"{alternative}"' for alternative in alternatives) + ")")
    return f"{_FTS5_COLUMNS} : ({' AND '.join(parts)})"


def _fts5_begins_a_word(cursor: Any, word: str) -> bool:
    cursor.execute(
        "SELECT 1 FROM registry_product_search_vocabulary WHERE term >= %s AND term < %s LIMIT 1",
        [word, word + "\U0010ffff"],
    )
    return cursor.fetchone() is not None


def _fts5_near_words(cursor: Any, word: str, *, most: int = 5) -> list[str]:
    if len(word) < 3 or not word.isalpha():
        return []
    splits = [(word[:cut], word[cut:]) for cut in range(1, len(word))]
    cursor.execute(
        "SELECT term FROM registry_product_search_vocabulary WHERE term IN "  # noqa: S608
        f"({', '.join(['%s'] * (2 * len(splits)))})",
        [part for pair in splits for part in pair],
    )
    known = {row[0] for row in cursor.fetchall()}
    phrases = [f"{left} {right}" for left, right in splits if left in known and right in known]
    allowed = 1 if len(word) < 7 else 2
    first = word[0]
    cursor.execute(
        "SELECT term, doc FROM registry_product_search_vocabulary WHERE term >= %s AND term < %s",
        [first, chr(ord(first) + 1)],
    )
    scored = []
    for term, documents in cursor.fetchall():
        if abs(len(term) - len(word)) > allowed:
            continue
        distance = _edit_distance(word, term, limit=allowed)
        if distance <= allowed:
            scored.append((distance, -documents, term))
    near = [term for _, _, term in sorted(scored)[:most]]
    return phrases[:most] + near


def _edit_distance(left: str, right: str, *, limit: int) -> int:
    """Optimal string alignment distance (a swap of two neighbours is one edit); ``limit + 1`` past it."""
    previous_row: list[int] = []
    row = list(range(len(right) + 1))
    for i, left_char in enumerate(left, start=1):
        before, previous_row, row = previous_row, row, [i] + [0] * len(right)
        for j, right_char in enumerate(right, start=1):
            cost = 0 if left_char == right_char else 1
            row[j] = min(previous_row[j] + 1, row[j - 1] + 1, previous_row[j - 1] + cost)
            if i > 1 and j > 1 and left_char == right[j - 2] and left[i - 2] == right_char:
                row[j] = min(row[j], before[j - 2] + 1)
        if min(row) > limit:
            return limit + 1
    return row[-1]


# --- SQL pieces shared by the page, the count and the facets. The SQL is put together from this module's
# constants only (hence the S608 exemptions); every value from a request is a query parameter.


def _adapt(day: datetime.date) -> Any:
    return connection.ops.adapt_datefield_value(day)


def _from_where(
    match: Match | None, filters: ProductFilters, today: datetime.date, *, facets_only: bool = False
) -> tuple[str, str, list[Any]]:
    """FROM and WHERE of public products matching ``match`` and ``filters``.

    With ``facets_only``, the filters that are facets (sector, province, rank, status) are left out.
    """
    conditions: list[str] = []
    params: list[Any] = []
    if match is None:
        from_sql = f"registry_product p {_PUBLIC_FROM}"
    elif connection.vendor == "postgresql":
        from_sql = f"registry_product_search s JOIN registry_product p ON p.id = s.product_id {_PUBLIC_FROM}"
        if match.stage == "near":
            conditions.append(_POSTGRESQL_NEAR.format(alias="s."))
            params.extend([match.expression, match.expression])
        else:
            conditions.append("s.document @@ to_tsquery('pg_catalog.simple', %s)")
            params.append(match.expression)
    else:
        from_sql = (
            f"registry_product_search JOIN registry_product p ON p.id = registry_product_search.rowid "
            f"{_PUBLIC_FROM}"
        )
        conditions.append("registry_product_search MATCH %s")
        params.append(match.expression)

    if filters.product_set_ids is not None:
        if filters.product_set_ids:
            conditions.append(f"p.product_set_id IN ({', '.join(['%s'] * len(filters.product_set_ids))})")
            params.extend(filters.product_set_ids)
        else:
            conditions.append("1 = 0")
    if filters.legacy_province is not None:
        conditions.append("p.legacy_province_code = %s")
        params.append(filters.legacy_province)
    if not facets_only:
        if filters.sector is not None:
            conditions.append("p.sector = %s")
            params.append(filters.sector)
        if filters.province is not None:
            conditions.append("p.province_code = %s")
            params.append(filters.province)
        if filters.rank == "5_potential":
            conditions.append("c.potential_five_star = %s")
            params.append(True)
        elif filters.rank is not None:
            conditions.append("c.stars = %s AND c.potential_five_star = %s")
            params.extend([int(filters.rank), False])
        if filters.status is not None:
            conditions.append(f"({_STATUS_SQL}) = %s")
            params.extend([_adapt(today), _adapt(today), STATUSES.index(filters.status)])
        if filters.valid is not None:
            conditions.append(f"({_STATUS_SQL}) {'=' if filters.valid else '<>'} 0")
            params.extend([_adapt(today), _adapt(today)])
    return from_sql, " AND ".join(conditions) or "1 = 1", params


def _order(match: Match | None, today: datetime.date) -> tuple[str, list[Any]]:
    status_params = [_adapt(today), _adapt(today)]
    if match is None:
        return f"{_STATUS_SQL}, p.search_name, p.id", status_params
    postgresql = connection.vendor == "postgresql"
    position = "strpos" if postgresql else "instr"
    folded = " ".join(match.words)
    keys: list[str] = []
    params: list[Any] = []
    if match.typed:
        # Typed with diacritics: names written that way first ("cá" puts "Chả cá" before "Cà ri").
        like = "ILIKE" if postgresql else "LIKE"  # both fold the case of ASCII letters only
        escaped = match.typed.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        keys.append(
            f"CASE WHEN p.name {like} %s ESCAPE '\\' OR p.name {like} %s ESCAPE '\\' THEN 0 ELSE 1 END"
        )
        params.extend([f"%{escaped}%", f"%{escaped[:1].upper()}{escaped[1:]}%"])
    # How the folded name holds the words: at its start, as whole words, as starts of words, elsewhere.
    keys.append(
        f"CASE WHEN {position}(p.search_name || ' ', %s) = 1 THEN 0 "
        f"WHEN {position}(' ' || p.search_name || ' ', %s) > 0 THEN 1 "
        f"WHEN {position}(' ' || p.search_name, %s) > 0 THEN 2 ELSE 3 END"
    )
    params.extend([f"{folded} ", f" {folded} ", f" {folded}"])
    keys.append(_STATUS_SQL)
    params.extend(status_params)
    if not postgresql:
        keys.append("registry_product_search.rank")
    elif match.stage == "near":
        keys.append(f"{_POSTGRESQL_NEARNESS} DESC")
        params.extend([match.expression, match.expression])
    else:
        keys.append("ts_rank(s.document, to_tsquery('pg_catalog.simple', %s)) DESC")
        params.append(match.expression)
    keys.extend(["p.search_name", "p.id"])
    return ", ".join(keys), params


def _facet_groups(
    cursor: Any, match: Match | None, filters: ProductFilters, today: datetime.date
) -> list[FacetGroup]:
    from_sql, where_sql, params = _from_where(match, filters, today, facets_only=True)
    cursor.execute(
        f"SELECT p.sector, p.province_code, c.stars, c.potential_five_star, {_STATUS_SQL}, COUNT(*) "  # noqa: S608
        f"FROM {from_sql} WHERE {where_sql} GROUP BY 1, 2, 3, 4, 5",
        [_adapt(today), _adapt(today), *params],
    )
    return [
        FacetGroup(
            sector=sector,
            province=province,
            rank="5_potential" if potential else str(stars),
            status=STATUSES[status],
            count=count,
        )
        for sector, province, stars, potential, status, count in cursor.fetchall()
    ]
