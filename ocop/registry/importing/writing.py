"""Inserting and updating many rows at once, for the import's speed (20,000 rows in a few seconds).

Django's ``bulk_create`` compiles every value of every row through the ORM, several microseconds a value:
on 20,000 certificates, products and producers that alone takes longer than the whole import may. Here
each column is adapted by its own field's ``get_db_prep_save`` once when it is the same on every row
(defaults, timestamps) and per value only for the types that need adapting (dates, decimals, JSON), and
the rows go in as multi-row ``INSERT … RETURNING id`` statements (SQLite 3.35+), or on PostgreSQL as one
array per column through ``unnest`` (the returned ids come in the order of the rows, which Django's own
``bulk_create`` relies on too).
"""

import datetime
from collections.abc import Callable, Sequence
from typing import Any

from django.db import connections, router
from django.db.models import Field, Model

# Fields whose Python values the database drivers take as they are.
_PLAIN_FIELDS = frozenset(
    {
        "AutoField",
        "BigAutoField",
        "BigIntegerField",
        "BooleanField",
        "CharField",
        "EmailField",
        "ForeignKey",
        "IntegerField",
        "PositiveIntegerField",
        "PositiveSmallIntegerField",
        "SlugField",
        "SmallIntegerField",
        "TextField",
        "URLField",
    }
)
ROWS_PER_STATEMENT = 500
UNNEST_ROWS_PER_STATEMENT = 5_000
_MISSING = object()


def insert_rows(
    model: type[Model], rows: Sequence[dict[str, Any]], *, now: datetime.datetime, given_ids: bool = False
) -> list[int]:
    """Insert ``rows`` (attname → value; absent fields take their default) and return their ids.

    With ``given_ids`` each row holds its ``id``, taken beforehand with ``reserve_ids``.
    """
    if not rows:
        return []
    connection = connections[router.db_for_write(model)]
    fields = [field for field in model._meta.concrete_fields if given_ids or not field.primary_key]
    columns = []
    for field in fields:
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            default: Any = now
        else:
            default = field.get_default()
        columns.append(
            (field.attname, _adapter(field, connection), field.get_db_prep_save(default, connection))
        )
    quote = connection.ops.quote_name
    table, pk_column = quote(model._meta.db_table), quote(str(model._meta.pk.column))
    column_list = ", ".join(quote(str(field.column)) for field in fields)
    if connection.vendor == "postgresql":
        # One array per column: the driver would otherwise parse a statement of thousands of
        # placeholders in Python, once per statement, which costs more than everything else here.
        casts = ", ".join(f"CAST(%s AS {field.db_type(connection)}[])" for field in fields)
        sql = f"INSERT INTO {table} ({column_list}) SELECT * FROM unnest({casts}) RETURNING {pk_column}"  # noqa: S608
        per_statement = UNNEST_ROWS_PER_STATEMENT
    else:
        row_placeholder = "(" + ", ".join(["%s"] * len(fields)) + ")"
        max_params = connection.features.max_query_params or 65_535
        per_statement = max(1, min(ROWS_PER_STATEMENT, max_params // len(fields)))
    ids: list[int] = []
    with connection.cursor() as cursor:
        for start in range(0, len(rows), per_statement):
            batch = rows[start : start + per_statement]
            values = [
                [
                    default if (value := row.get(attname, _MISSING)) is _MISSING else adapt(value)
                    for attname, adapt, default in columns
                ]
                for row in batch
            ]
            if connection.vendor == "postgresql":
                cursor.execute(sql, [list(column) for column in zip(*values, strict=True)])
            else:
                placeholders = ", ".join([row_placeholder] * len(batch))
                cursor.execute(
                    f"INSERT INTO {table} ({column_list}) VALUES {placeholders} RETURNING {pk_column}",  # noqa: S608
                    [value for row_values in values for value in row_values],
                )
            ids.extend(row[0] for row in cursor.fetchall())
    return ids


def update_rows(
    model: type[Model], rows: Sequence[dict[str, Any]], attnames: list[str], *, now: datetime.datetime
) -> None:
    """Write ``attnames`` (and ``updated_at = now``) of ``rows``, each holding its ``id``."""
    if not rows:
        return
    connection = connections[router.db_for_write(model)]
    meta = model._meta
    fields = [_concrete_field(model, attname) for attname in [*attnames, "updated_at"]]
    adapters = [_adapter(field, connection) for field in fields[:-1]]
    quote = connection.ops.quote_name
    assignments = ", ".join(f"{quote(str(field.column))} = %s" for field in fields)
    sql = f"UPDATE {quote(meta.db_table)} SET {assignments} WHERE {quote(str(meta.pk.column))} = %s"  # noqa: S608
    stamp = fields[-1].get_db_prep_save(now, connection)
    params = [
        [*(adapt(row[attname]) for adapt, attname in zip(adapters, attnames, strict=True)), stamp, row["id"]]
        for row in rows
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)


def reserve_ids(model: type[Model], count: int) -> list[int]:
    """``count`` ids that no row of ``model`` has or will be given, for rows this transaction inserts.

    PostgreSQL takes them from the table's sequence. SQLite has no sequence to draw from, but the caller's
    transaction holds the database's only write lock (``BEGIN IMMEDIATE``), so the ids after the highest
    one ever given (``sqlite_sequence``, kept by ``AUTOINCREMENT``) stay free until it commits; inserting
    them moves ``sqlite_sequence`` past them.
    """
    if count <= 0:
        return []
    connection = connections[router.db_for_write(model)]
    if not connection.in_atomic_block:
        raise RuntimeError("ids are reserved inside the transaction that inserts them")
    table = model._meta.db_table
    pk_column = str(model._meta.pk.column)
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [quote(table), pk_column, count],
            )
            return [row[0] for row in cursor.fetchall()]
        cursor.execute(
            f"SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = %s), 0), "  # noqa: S608
            f"coalesce((SELECT max({quote(pk_column)}) FROM {quote(table)}), 0))",
            [table],
        )
        (highest,) = cursor.fetchone()
    return list(range(highest + 1, highest + 1 + count))


def set_ids(model: type[Model], attname: str, ids_by_pk: dict[int, int]) -> None:
    """Set the integer column ``attname`` of many rows, each to its own value, a few statements in all."""
    if not ids_by_pk:
        return
    connection = connections[router.db_for_write(model)]
    quote = connection.ops.quote_name
    table, pk_column = quote(model._meta.db_table), quote(str(model._meta.pk.column))
    column = quote(str(_concrete_field(model, attname).column))
    items = list(ids_by_pk.items())
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":  # one statement: its triggers run once, not once a batch
            cursor.execute(
                f"UPDATE {table} SET {column} = new.value "  # noqa: S608
                "FROM unnest(CAST(%s AS bigint[]), CAST(%s AS bigint[])) AS new (id, value) "
                f"WHERE {table}.{pk_column} = new.id",
                [list(ids_by_pk), list(ids_by_pk.values())],
            )
            return
        for start in range(0, len(items), ROWS_PER_STATEMENT):
            batch = items[start : start + ROWS_PER_STATEMENT]
            pairs = ", ".join(["(%s, %s)"] * len(batch))
            cursor.execute(
                f"UPDATE {table} SET {column} = new.column2 FROM (VALUES {pairs}) AS new "  # noqa: S608
                f"WHERE {table}.{pk_column} = new.column1",
                [value for pair in batch for value in pair],
            )


def _concrete_field(model: type[Model], attname: str) -> Field:
    field = model._meta.get_field(attname.removesuffix("_id"))
    if not isinstance(field, Field):
        raise TypeError(f"{attname} is not a column of {model.__name__}")
    return field


def _adapter(field: Field, connection: Any) -> Callable[[Any], Any]:
    if field.get_internal_type() in _PLAIN_FIELDS:
        return _as_is
    return lambda value: field.get_db_prep_save(value, connection)


def _as_is(value: Any) -> Any:
    return value
