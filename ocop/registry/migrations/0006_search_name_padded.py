"""The search index keeps each folded name with a space before and after it: " ca phe rang xay ".

Search ranks a match by where the words stand in the name (at its start, as whole words, as starts of
words), which it asked of ``' ' || search_name || ' '`` built again for every match: for "ng" (35,000
matches at 100,000 products) the concatenations took 13 of the page's 45 ms on SQLite. Stored padded,
the name answers all three with one or two ``instr``/``strpos`` and no copy. Lengths and the order of
names are unchanged (every name gains the same two characters, and a space sorts before any letter).

Both engines: the triggers (SQLite) and ``registry_product_search_refresh`` (PostgreSQL) write the padded
name, and the names already indexed are padded here.

The last migration to write trigger or function SQL: ``ocop.registry.search_index`` holds the current
definitions and installs them after every migrate.
"""

from importlib import import_module

from django.db import migrations

search = import_module("ocop.registry.migrations.0003_product_search")
columns = import_module("ocop.registry.migrations.0004_product_search_columns")
words = import_module("ocop.registry.migrations.0005_product_search_words")


def _padded(row: str) -> str:
    return f"' ' || {row}.search_name || ' '"


def _pad(statement: str, row: str) -> str:
    """``statement`` with the document's ``search_name`` taken padded from ``row``."""
    return statement.replace(f"{row}.search_name, {row}.sector", f"{_padded(row)}, {row}.sector")


SEARCH_TRIGGERS = columns.SEARCH_TRIGGERS
SQLITE_TRIGGERS = [_pad(statement, "new") for statement in columns.SQLITE_TRIGGERS]
SQLITE_BACKFILL = [_pad(statement, "p") for statement in columns.SQLITE_BACKFILL]
assert sum(s != o for s, o in zip(SQLITE_TRIGGERS, columns.SQLITE_TRIGGERS, strict=True)) == 2  # noqa: S101
assert sum(s != o for s, o in zip(SQLITE_BACKFILL, columns.SQLITE_BACKFILL, strict=True)) == 1  # noqa: S101


def _refresh_function(*, padded: bool) -> str:
    statement = words._refresh_function(with_words=True)
    if not padded:
        return statement
    before = "p.name, p.search_name, p.sector"
    assert statement.count(before) == 1  # noqa: S101
    return statement.replace(before, f"p.name, {_padded('p')}, p.sector")


install_sqlite_triggers = search.sqlite_trigger_installer(SEARCH_TRIGGERS, SQLITE_TRIGGERS)
rebuild_sqlite_index = search.sqlite_index_rebuilder(SQLITE_BACKFILL)


def forwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        install_sqlite_triggers(apps, schema_editor)
        # Not an indexed column: the FTS5 index is left alone.
        schema_editor.execute(
            "UPDATE registry_product_search_document SET search_name = ' ' || search_name || ' '"
        )
    elif vendor == "postgresql":
        schema_editor.execute(_refresh_function(padded=True))
        schema_editor.execute("UPDATE registry_product_search SET search_name = ' ' || search_name || ' '")


def backwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        columns.install_sqlite_triggers(apps, schema_editor)
        schema_editor.execute("UPDATE registry_product_search_document SET search_name = trim(search_name, ' ')")
    elif vendor == "postgresql":
        schema_editor.execute(_refresh_function(padded=False))
        schema_editor.execute("UPDATE registry_product_search SET search_name = btrim(search_name, ' ')")


class Migration(migrations.Migration):
    dependencies = [("registry", "0005_product_search_words")]

    operations = [migrations.RunPython(forwards, backwards)]
