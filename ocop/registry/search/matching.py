"""Matching the words of a query: cut as the index cuts text, other spellings, and the full-text query of
each stage (``words``, ``prefixes``, ``most``, ``everywhere``, ``near``) in each engine's syntax."""

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import connection

from ocop.core.text import fold
from ocop.registry.search.vocabulary import _Vocabulary, _word_shares
from ocop.registry.search_index.postgresql import RESTRICTED_DOCUMENT
from ocop.registry.spellings import SPELLINGS
from ocop.registry.tokenizer import index_words

MAX_WORDS = 8
STAGES = ("words", "prefixes", "most", "everywhere", "near")
# From how many words a query may match all of them but one (stage ``most``).
MOST_FROM_WORDS = 3


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
