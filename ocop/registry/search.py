"""Searching the public registry: one selector, ``product_search``, over SQLite FTS5 or PostgreSQL.

The index (migration ``0003_product_search``) holds, per product, its name, OCOP code, producer name,
product set name and current and legacy province names, folded like ``ocop.core.text.fold`` folds the
query: no diacritics, đ → d, so "ca phe" finds "Cà phê" and "dac san" finds "Đặc sản". Triggers keep it
in step with every write, the bulk import included. A query is cut into words where the index cuts text
(``ocop.registry.tokenizer``), on both engines: "ca_phe" is "ca phe", and punctuation is never syntax.
A word with another spelling in ``ocop.registry.spellings`` is looked for as typed or as that spelling's
words ("cafe": "cafe", or "ca" and "phe"), at every stage, and ranked as the latter.

Words are matched in up to five stages, each tried only when the one before matches no product at all
(filters aside, so that a filter leaving nothing never turns a search fuzzy):

1. ``words``: in the product's name or code, its producer's name or its province's name, every word but
   the last is a whole word and the last may be unfinished ("ca ph" → "Cà phê"); a space after the last
   word says it is finished.
2. ``prefixes``: the same places, every word may be unfinished ("ca ph bo" → "Cà phê bột").
3. ``most``: from three words on, when each begins an indexed word (a word that begins none is a typo, left
   to ``near``), all the words but one, in the same places (the result says it is partial): "nuoc mam phu
   quoc" finds the fish sauces of Phú Yên when no product of Phú Quốc is registered, rather than going on
   to the product sets and opening with a soy paste of Quốc Oai made by a producer of Kiều Phú, whose set
   is "Nước mắm, nước chấm, …".
4. ``everywhere``: also the product set's name ("my pham" → products of the set "Mỹ phẩm có thành phần
   từ dược liệu"). Set names are not searched before: "ca phe" would find every cocoa product of the set
   "Sản phẩm cà phê, ca cao", and "mat ong" every dried meat of the set "Chế biến từ thịt, …, mật ong…".
5. ``near``: near spellings, on both engines the same way (the result says it is approximate): each
   word that begins no indexed word is replaced by the indexed words it splits into ("phebot" → "phe" and
   "bot") or that are at most one edit away (two from seven letters; two letters swapped count as one
   edit) and start with the same letter: "ca phee", "ca phebot", "nuoc mma" find "Cà phê", "Nước mắm".
   ("caphe" is a spelling of its own: found whole, not approximately.)
   PostgreSQL also takes the words its trigram index (pg_trgm) finds similar, which forgives a wrong
   first letter in longer words ("hguyen chat" → "nguyên chất"); SQLite does not. A word of fewer than
   three letters or more than ``NEAR_MOST_LETTERS`` is never corrected.

Ranking: names holding the query as typed first when it has diacritics ("cá" puts "Chả cá" before
"Cà ri"); then how the folded name holds the words (at its start; as whole words; as starts of words;
else every word at the start of one of its words, in any order, before fewer and fewer of them, down to
none, the match being in the producer's or province's name); then valid before expired before revoked;
then shorter names first; then the name.
Not bm25 or ts_rank: they score every match before the first page can be cut, 170 ms for "ng" at
100,000 products. Without words: the newest recognitions first.

Status is that of the product's newest certificate as of ``today``, by the one rule of
``ocop.registry.status`` (``status_sql`` over the index's copy of that certificate's dates). Products
that never had a certificate are not public.
"""

import bisect
import datetime
import re
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.cache import cache
from django.db import connection

from ocop.core.text import fold
from ocop.registry.search_index.postgresql import RESTRICTED_DOCUMENT
from ocop.registry.spellings import SPELLINGS
from ocop.registry.status import CODES, STANDING_STATUSES, STATUS_BY_CODE, CertificateStatus, Rank, status_sql
from ocop.registry.tokenizer import index_words

VALID = CertificateStatus.VALID
STATUSES = tuple(status.value for status in STANDING_STATUSES)
RANKS = tuple(Rank.values)
MAX_WORDS = 8
# Longer words are never corrected: a Vietnamese syllable has at most seven letters, two glued together
# fourteen; and looking up the ways to split a word costs its length squared (a 10,000-letter word sent
# 20,000 parameters, 100 MB, and took 9 s on PostgreSQL).
NEAR_MOST_LETTERS = 32
# How long the landing page's facet counts may lag behind the registry.
LANDING_FACETS_SECONDS = 300
STAGES = ("words", "prefixes", "most", "everywhere", "near")
# From how many words a query may match all of them but one (stage ``most``).
MOST_FROM_WORDS = 3
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


@dataclass(frozen=True)
class Match:
    """How the words of a query matched: the stage, and what each engine is asked."""

    stage: str  # one of STAGES
    words: tuple[str, ...]
    typed: str  # the query as typed, trimmed and in lower case, when it has diacritics; else ""
    expression: str
    # The words of ``words`` that have another spelling, and its words ("cafe": ("ca", "phe")).
    spellings: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    # PostgreSQL, stage ``most``: two of three of the words, which every product holding all the words
    # but one holds (``_most_expression``); the index is asked this, and ``expression`` checked on its rows.
    candidates: str = ""

    @property
    def ranked_words(self) -> tuple[str, ...]:
        """The words the ranking looks for in names: each other spelling instead of the word typed."""
        return tuple(part for word in self.words for part in self.spellings.get(word, (word,)))

    @property
    def approximate(self) -> bool:
        return self.stage == "near"

    @property
    def partial(self) -> bool:
        return self.stage == "most"


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
    partial: bool = False  # every match lacks one of the words (stage ``most``)
    respelled: bool = False  # some words were also looked for as spelled in ``ocop.registry.spellings``
    facet_groups: list[FacetGroup] = field(default_factory=list)


def query_words(q: str) -> tuple[str, ...]:
    """The words of ``q`` as the index holds words: folded (đ → d, as the index's text is), then cut
    by the index's own tokenizer, so that each is one word to FTS5 ("ca_phe" is "ca" and "phe")."""
    return tuple(index_words(fold(q)))[:MAX_WORDS]


def other_spellings(words: Iterable[str]) -> dict[str, tuple[str, ...]]:
    """Each of ``words`` that ``SPELLINGS`` spells otherwise, and that spelling cut as the index cuts it."""
    return {word: tuple(index_words(fold(SPELLINGS[word]))) for word in words if word in SPELLINGS}


_LETTERS = re.compile(r"\w+")


def respelled_query(q: str) -> str:
    """``q`` with each word that ``SPELLINGS`` spells otherwise written so, for the catalogue to say what
    it also searched for ("cafe sữa" → "cà phê sữa"); ``q`` itself when there is none."""
    return _LETTERS.sub(lambda found: SPELLINGS.get(fold(found.group()), found.group()), q)


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


@dataclass(frozen=True)
class _Syntax:
    """How an engine's full-text query writes a word, a word's start, "and", "or", and a place to look."""

    word: str
    start: str
    both: str
    either: str
    restricted: str  # the query limited to name, code, producer and place
    unrestricted: str


# Words are the index's own tokens of folded text (``query_words``): one token each, without punctuation,
# so without a quote or an operator (quoting also disarms FTS5's AND, OR, NEAR). FTS5 restricts a query to
# columns; PostgreSQL looks in a tsvector of the words of those places (``tsvector_of``).
_FTS5 = _Syntax('"{}"', '"{}"*', " AND ", " OR ", "{{name code producer place}} : ({})", "{}")
_TSQUERY = _Syntax("'{}'", "'{}':*", " & ", " | ", "{}", "{}")


def _syntax(stage: str) -> _Syntax:
    return _TSQUERY if connection.vendor == "postgresql" else _FTS5


def tsvector_of(match: Match) -> str:
    """PostgreSQL: the tsvector ``match`` looks in, ``document`` (every word) at stage ``everywhere``, else
    the words of name, code, producer and place (``RESTRICTED_DOCUMENT``, indexed as it is written)."""
    return "document" if match.stage == "everywhere" else RESTRICTED_DOCUMENT


def match_condition(match: Match) -> tuple[str, list[str]]:
    """PostgreSQL: the condition a product matching ``match`` meets, and its parameters. At stage ``most``
    the index is asked for the products holding two of three words (``Match.candidates``), and the
    expression, every alternative of all the words but one, is checked on those rows only: asked of the
    index, it collected the lists of every word starting like each word, "du", "cong", "dong" included.
    ``ts_match_vq`` is ``@@`` as a function, which the planner never makes an index condition."""
    tsvector = tsvector_of(match)
    condition = f"{tsvector} @@ to_tsquery('pg_catalog.simple', %s)"
    if not match.candidates:
        return condition, [match.expression]
    return (
        f"{condition} AND ts_match_vq({tsvector}, to_tsquery('pg_catalog.simple', %s))",
        [match.candidates, match.expression],
    )


def _term(syntax: _Syntax, form: str, word: str, spellings: Mapping[str, tuple[str, ...]]) -> str:
    """``word`` written in ``form`` (a whole word or a word's start), or its other spelling's words."""
    if word not in spellings:
        return form.format(word)
    other = syntax.both.join(form.format(part) for part in spellings[word])
    return f"({form.format(word)}{syntax.either}({other}))"


def match_query(q: str) -> Match | None:
    """The first stage at which some product matches the words of ``q``; ``None`` if none does."""
    with connection.cursor() as cursor:
        for match in _stages(cursor, q):
            if _any_match(cursor, match):
                return match
    return None


def _stages(cursor: Any, q: str) -> Iterator[Match]:
    """The match stages of the words of ``q`` in order, each made when the caller asks for it (the
    vocabulary lookups of ``most`` and ``near`` only when the stages before have matched nothing)."""
    words = query_words(q)
    if not words:
        return
    finished = q[-1:].isspace()
    # PostgreSQL refuses NUL in a string: the ranking's LIKE pattern is made of this.
    typed = " ".join(q.replace("\x00", " ").split()).lower()
    typed = typed if fold(typed) != typed else ""
    spellings = other_spellings(words)
    for stage in ("words", "prefixes", "most", "everywhere"):
        candidates = ""
        if stage == "most":
            found, candidates = _most_expression(cursor, q, words, spellings) or (None, "")
        else:
            found = _expression(words, spellings, stage, last_unfinished=not finished)
        if found:
            yield Match(
                stage=stage,
                words=words,
                typed=typed,
                expression=found,
                spellings=spellings,
                candidates=candidates,
            )
    near = _near_expression(cursor, words, spellings)
    if near:
        yield Match(stage="near", words=words, typed=typed, expression=near, spellings=spellings)


def _expression(
    words: Sequence[str], spellings: Mapping[str, tuple[str, ...]], stage: str, *, last_unfinished: bool
) -> str:
    syntax = _syntax(stage)
    if stage == "words":
        terms = [_term(syntax, syntax.word, word, spellings) for word in words[:-1]]
        terms.append(_term(syntax, syntax.start if last_unfinished else syntax.word, words[-1], spellings))
    else:
        terms = [_term(syntax, syntax.start, word, spellings) for word in words]
    body = syntax.both.join(terms)
    return (syntax.unrestricted if stage == "everywhere" else syntax.restricted).format(body)


def _most_expression(
    cursor: Any, q: str, words: Sequence[str], spellings: Mapping[str, tuple[str, ...]]
) -> tuple[str, str] | None:
    """Every word but one, each as the start of a word, in the product's name or code, its producer's
    name or its province's name; ``None`` under ``MOST_FROM_WORDS`` words or when a word begins no
    indexed word. With it, on PostgreSQL, ``Match.candidates``: two of three of the words, since a
    product lacking one word holds at least two of any three. Which three changes nothing but speed: the
    three that start the fewest products' words by the planner's statistics (``_word_shares``), then the
    longest ("du lich cong dong Hoài Châu Bắc": two of "hoai", "chau" and "bac", not the "du", "cong" and
    "dong" of thousands of names and producers). Guessed without counts, by diacritics and length, "cha
    muc Khun Há" asked for "ha" (31,000 products at 100,000): 7 → 33 ms. Either of the two rarest words
    instead of two of three kept up to 6,000 rows at 100,000 products to check the alternatives on
    ("dong trung ha thao Sơn Lộc": "trung" or "thao"), where two of three keep 1,800: the bench's 24
    searches at this stage took 244 instead of 298 ms."""
    if len(words) < MOST_FROM_WORDS:
        return None
    vocabulary = _Vocabulary(cursor)
    if not all(word in spellings or vocabulary.begins_a_word(word) for word in words):
        return None
    syntax = _syntax("most")
    starts = [_term(syntax, syntax.start, word, spellings) for word in words]
    alternatives = [
        "(" + syntax.both.join(starts[:left] + starts[left + 1 :]) + ")" for left in range(len(starts))
    ]
    expression = syntax.restricted.format(syntax.either.join(alternatives))
    if connection.vendor != "postgresql":
        return expression, ""
    shares = _word_shares(cursor)
    by_rarity = sorted(
        range(len(words)), key=lambda place: (shares.of_starts(words[place]), -len(words[place]))
    )
    rarest = sorted(by_rarity[:3])
    pairs = [(first, second) for index, first in enumerate(rarest) for second in rarest[index + 1 :]]
    return expression, syntax.either.join(
        "(" + syntax.both.join((starts[first], starts[second])) + ")" for first, second in pairs
    )


@dataclass(frozen=True)
class _WordShares:
    """The share of products holding each of the commonest indexed words, in byte order, and the running
    sums of those shares, so that the words starting with a prefix are one range."""

    words: tuple[str, ...]
    sums: tuple[float, ...]  # sums[i]: the shares of words[:i]
    read_at: float

    def of_starts(self, start: str) -> float:
        """The share of products estimated to hold a word starting with ``start`` (at most, summed)."""
        first = bisect.bisect_left(self.words, start)
        after = bisect.bisect_left(self.words, start + "\U0010ffff")
        return self.sums[after] - self.sums[first]


# How long a process keeps the statistics ``_word_shares`` reads: reading them costs 5 ms, and ANALYZE
# (autovacuum's, or the index rebuild's) changes them only as the registry grows.
WORD_SHARES_SECONDS = 600
_word_shares_read: list[_WordShares] = []


def _word_shares(cursor: Any) -> _WordShares:
    """PostgreSQL: the commonest words of ``RESTRICTED_DOCUMENT`` and the share of products holding
    each, from the statistics ANALYZE keeps for the index's expression; none before an ANALYZE."""
    if _word_shares_read and time.monotonic() - _word_shares_read[0].read_at < WORD_SHARES_SECONDS:
        return _word_shares_read[0]
    cursor.execute(
        "SELECT most_common_elems::text::text[], most_common_elem_freqs FROM pg_stats "
        "WHERE tablename = 'registry_product_search_restricted_document'"
    )
    row = cursor.fetchone()
    # The shares' array ends with three more numbers (least, greatest share and that of empty values).
    pairs = sorted(zip(row[0], row[1], strict=False)) if row and row[0] else []
    sums = [0.0]
    for _word, share in pairs:
        sums.append(sums[-1] + share)
    shares = _WordShares(tuple(word for word, _ in pairs), tuple(sums), time.monotonic())
    _word_shares_read[:] = [shares]
    return shares


def _any_match(cursor: Any, match: Match) -> bool:
    if connection.vendor == "postgresql":
        # Planned with LIMIT 1, a word the statistics think rare is looked for by reading the table until
        # a row has it: 47 ms at 100,000 products when none has ("caphe"). Planned apart, it is looked up
        # in the index (under 1 ms); a common word still stops at its first row.
        condition, condition_params = match_condition(match)
        cursor.execute(
            "WITH matches AS MATERIALIZED (SELECT 1 FROM registry_product_search "  # noqa: S608
            f"WHERE {condition}) SELECT 1 FROM matches LIMIT 1",
            condition_params,
        )
    else:
        cursor.execute(
            "SELECT 1 FROM registry_product_search WHERE registry_product_search MATCH %s LIMIT 1",
            [match.expression],
        )
    return cursor.fetchone() is not None


def _near_expression(
    cursor: Any, words: Sequence[str], spellings: Mapping[str, tuple[str, ...]]
) -> str | None:
    """The query with each word that begins no indexed word replaced by the indexed words near it."""
    syntax = _syntax("near")
    vocabulary = _Vocabulary(cursor)
    terms = []
    for word in words:
        if word in spellings or vocabulary.begins_a_word(word):
            terms.append(_term(syntax, syntax.start, word, spellings))
            continue
        splits, near = vocabulary.near(word)
        alternatives = [
            "(" + syntax.both.join(syntax.word.format(half) for half in halves) + ")" for halves in splits
        ] + [syntax.word.format(term) for term in near]
        if not alternatives:
            return None
        terms.append("(" + syntax.either.join(alternatives) + ")")
    return syntax.restricted.format(syntax.both.join(terms))


class _Vocabulary:
    """The indexed words: FTS5's own vocabulary on SQLite, ``registry_product_search_word`` on PostgreSQL
    (migration 0005), where trigram similarity also proposes words that differ in their first letter."""

    def __init__(self, cursor: Any) -> None:
        self.cursor = cursor
        if connection.vendor == "postgresql":
            self.table, self.term, self.documents = "registry_product_search_word", "word", "0"
        else:
            self.table, self.term, self.documents = "registry_product_search_vocabulary", "term", "doc"

    def begins_a_word(self, word: str) -> bool:
        self.cursor.execute(
            f"SELECT 1 FROM {self.table} WHERE {self.term} >= %s AND {self.term} < %s LIMIT 1",  # noqa: S608
            [word, word + "\U0010ffff"],
        )
        return self.cursor.fetchone() is not None

    def near(self, word: str, *, most: int = 5) -> tuple[list[tuple[str, str]], list[str]]:
        """The ways ``word`` splits into two indexed words ("caphe" → "ca phe"), and the indexed words
        at most one edit from it (two from seven letters) that start with the same letter."""
        if not 3 <= len(word) <= NEAR_MOST_LETTERS or not word.isalpha():
            return [], []
        halves = [(word[:cut], word[cut:]) for cut in range(2, len(word) - 1)]  # two letters or more each
        splits: list[tuple[str, str]] = []
        if halves:
            self.cursor.execute(
                f"SELECT {self.term} FROM {self.table} WHERE {self.term} IN "  # noqa: S608
                f"({', '.join(['%s'] * (2 * len(halves)))})",
                [half for pair in halves for half in pair],
            )
            known = {row[0] for row in self.cursor.fetchall()}
            splits = [pair for pair in halves if set(pair) <= known][:most]
        allowed = 1 if len(word) < 7 else 2
        first = word[0]
        candidates = (
            f"SELECT {self.term}, {self.documents} FROM {self.table} "  # noqa: S608
            f"WHERE {self.term} >= %s AND {self.term} < %s"
        )
        params: list[Any] = [first, chr(ord(first) + 1)]
        if connection.vendor == "postgresql":
            candidates += (
                f" UNION SELECT word, 0 FROM (SELECT word FROM {self.table} WHERE word %% %s LIMIT 20) t"  # noqa: S608
            )
            params.append(word)
        self.cursor.execute(candidates, params)
        scored = []
        for term, documents in self.cursor.fetchall():
            if abs(len(term) - len(word)) > allowed:
                continue
            distance = _edit_distance(word, term, limit=allowed)
            if distance <= allowed:
                scored.append((distance, -documents, term))
        return splits, [term for _, _, term in sorted(scored)[:most]]


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
