"""The words of a search query, cut exactly as the SQLite full-text index cuts the text it holds.

The index (``registry_product_search``, defined in ``ocop.registry.search_index``) tokenises with FTS5's
``unicode61`` under the options ``INDEX_TOKENIZER``; a test reads them back from the index's own CREATE
statement. A word sent to MATCH that this tokenizer cuts in two is a phrase, which an index with
``detail=column`` refuses with an error. Python cannot say where the cuts fall: unicode61 knows the
letters of Unicode 6.1, Python's ``\\w`` a newer Unicode and the underscore. So the query is cut by
unicode61 itself, in an in-memory FTS5 table of each thread's own with the index's options, and every
word read back is one the index holds whole (0.05 to 0.07 ms a query, folding included).

Both engines are asked these words. PostgreSQL's parser keeps each whole (a run of ASCII letters and
digits and of non-ASCII characters, all letters to it under LC_CTYPE C, as ``initdb --no-locale`` and
the tests make the database); under another LC_CTYPE, a character that locale does not call a letter
(an emoji newer than Unicode 6.1, which unicode61 keeps) is left out of the word there.
"""

import sqlite3
import threading

# As migrations 0003 and 0004 wrote it; ocop.registry.search_index makes the index with it.
INDEX_TOKENIZER = "unicode61 remove_diacritics 2"


class _Tokenizer(threading.local):
    """One in-memory database per thread, opened on first use: a SQLite connection belongs to the
    thread that opened it, and must not be carried into a process forked after it was opened."""

    database: sqlite3.Connection | None = None

    def words(self, text: str) -> list[str]:
        if self.database is None:
            self.database = _open()
        self.database.execute("BEGIN")
        try:
            self.database.execute("INSERT INTO query (rowid, text) VALUES (1, ?)", [text])
            rows = self.database.execute('SELECT term FROM token ORDER BY "offset"').fetchall()
        finally:
            self.database.execute("ROLLBACK")
        return [term for (term,) in rows if term]


def _open() -> sqlite3.Connection:
    database = sqlite3.connect(":memory:", isolation_level=None)
    database.execute(f"CREATE VIRTUAL TABLE query USING fts5(text, tokenize = '{INDEX_TOKENIZER}')")
    # One row per token: the term as the index would hold it, and its position in the text.
    database.execute("CREATE VIRTUAL TABLE token USING fts5vocab(query, instance)")
    return database


_tokenizer = _Tokenizer()


def index_words(text: str) -> list[str]:
    """``text`` cut into words as the index cuts it, folded as it folds them (case, diacritics)."""
    return _tokenizer.words(text)
