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

The package: ``matching`` cuts a query into words and makes the stages' full-text queries,
``vocabulary`` reads the indexed words (near spellings, how common each is), ``filters`` holds what the
public narrows by and the SQL that selects public products, ``page`` ranks and counts them
(``product_search``), and ``facets`` counts them by sector, province, rank and status.
"""

from ocop.registry.search.facets import LANDING_FACETS_SECONDS, FacetGroup, facet_counts
from ocop.registry.search.filters import RANKS, STATUSES, VALID, ProductFilters
from ocop.registry.search.matching import (
    MAX_WORDS,
    MOST_FROM_WORDS,
    STAGES,
    Match,
    match_condition,
    match_query,
    other_spellings,
    query_words,
    respelled_query,
    tsvector_of,
)
from ocop.registry.search.page import SearchResult, product_search
from ocop.registry.search.vocabulary import NEAR_MOST_LETTERS, WORD_SHARES_SECONDS

__all__ = [
    "LANDING_FACETS_SECONDS",
    "MAX_WORDS",
    "MOST_FROM_WORDS",
    "NEAR_MOST_LETTERS",
    "RANKS",
    "STAGES",
    "STATUSES",
    "VALID",
    "WORD_SHARES_SECONDS",
    "FacetGroup",
    "Match",
    "ProductFilters",
    "SearchResult",
    "facet_counts",
    "match_condition",
    "match_query",
    "other_spellings",
    "product_search",
    "query_words",
    "respelled_query",
    "tsvector_of",
]
