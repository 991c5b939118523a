"""The indexed words: which begin with a query's word, which are near it (``_Vocabulary``, for stages
``most`` and ``near``), and on PostgreSQL how common each is by the planner's statistics
(``_word_shares``, kept per process in ``_word_shares_read``)."""

import bisect
import time
from dataclasses import dataclass
from typing import Any

from django.db import connection

# Longer words are never corrected: a Vietnamese syllable has at most seven letters, two glued together
# fourteen; and looking up the ways to split a word costs its length squared (a 10,000-letter word sent
# 20,000 parameters, 100 MB, and took 9 s on PostgreSQL).
NEAR_MOST_LETTERS = 32


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
