"""PostgreSQL: the indexed words in a table of their own, so near spellings are found word by word.

Trigram similarity of the whole query against every folded product name (0003) took more than a second
for "ca phee" at 100,000 products: thousands of names share enough trigrams with it, and each has to be
checked. Search now corrects each unknown word against ``registry_product_search_word`` (about as many
rows as there are distinct words, with a trigram index), as it does on SQLite against FTS5's vocabulary,
and then runs an ordinary full-text query. The trigram indexes on product names go: nothing reads them,
and every write paid for them.

``registry_product_search_refresh`` adds the words of the products it refreshes; words are never
removed, and a word no product holds any more only proposes a correction that matches nothing.
SQLite: nothing to do.
"""

from importlib import import_module

from django.db import migrations

previous = import_module("ocop.registry.migrations.0004_product_search_columns")

_ADD_WORDS = """
    INSERT INTO registry_product_search_word (word)
    SELECT DISTINCT entry.lexeme FROM registry_product_search d, unnest(d.document) AS entry
    WHERE d.product_id = ANY (product_ids) AND entry.lexeme ~ '^[a-z]+$'
    ON CONFLICT DO NOTHING;
"""


def _refresh_function(*, with_words: bool) -> str:
    statement = next(
        s for s in previous.POSTGRESQL_FORWARDS if "FUNCTION registry_product_search_refresh(" in s
    )
    if with_words:
        body_end = statement.rindex("$$")
        statement = statement[:body_end].rstrip() + ";\n" + _ADD_WORDS + "        " + statement[body_end:]
    return statement


def forwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT extnamespace::regnamespace::text FROM pg_extension WHERE extname = 'pg_trgm'")
        (trigram_schema,) = cursor.fetchone()
    for statement in (
        # Byte order (COLLATE "C"), so that words beginning with "phe" are the range "phe" to "phe\uffff".
        'CREATE TABLE registry_product_search_word (word text COLLATE "C" PRIMARY KEY)',
        f"""CREATE INDEX registry_product_search_word_trigram ON registry_product_search_word
            USING gin (word {trigram_schema}.gin_trgm_ops)""",
        _refresh_function(with_words=True),
        """INSERT INTO registry_product_search_word (word)
            SELECT DISTINCT entry.lexeme FROM registry_product_search d, unnest(d.document) AS entry
            WHERE entry.lexeme ~ '^[a-z]+$'""",
        "DROP INDEX IF EXISTS registry_product_search_name_trigram",
        "DROP INDEX IF EXISTS registry_product_search_name_compact_trigram",
    ):
        schema_editor.execute(statement)


def backwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT extnamespace::regnamespace::text FROM pg_extension WHERE extname = 'pg_trgm'")
        (trigram_schema,) = cursor.fetchone()
    for statement in (
        _refresh_function(with_words=False),
        "DROP TABLE registry_product_search_word",
        f"""CREATE INDEX registry_product_search_name_trigram ON registry_product_search
            USING gin (name_folded {trigram_schema}.gin_trgm_ops)""",
        f"""CREATE INDEX registry_product_search_name_compact_trigram ON registry_product_search
            USING gin ((replace(name_folded, ' ', '')) {trigram_schema}.gin_trgm_ops)""",
    ):
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("registry", "0004_product_search_columns")]

    operations = [migrations.RunPython(forwards, backwards)]
