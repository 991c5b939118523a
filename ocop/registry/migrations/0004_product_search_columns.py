"""The search index carries what the catalogue filters and sorts by, so that a search reads one narrow table.

Measured on 100,000 demo products (SQLite): joining ``registry_product`` (wide rows: descriptions,
stories) and ``registry_certificate`` for every match took 90 ms for "ca phe" (6,600 matches) and 280 ms
for "ng" (35,000); bm25 alone, which scores every match before the first page, 170 ms for "ng". Now each
search row also holds the folded name, the sector and the newest certificate's rank and dates, and the
catalogue ranks without bm25 (see ``ocop.registry.search``).

SQLite: certificate fields are copied into ``registry_product_search_certificate`` by triggers on
``registry_certificate``, for the reason ``0003_product_search`` gives: no trigger reads a table other than
its own and the search tables, so Django can still rebuild any of them. Only public products (with a
certificate) keep a document, so the index alone counts the matches of a search without filters (2 ms
for "ng" instead of 28 ms through the documents). The FTS5 index is rebuilt with ``detail=column``: half
the time to list matches, and no phrase queries, which search does not use.

PostgreSQL: the same columns on ``registry_product_search``, filled by ``registry_product_search_refresh``,
which now joins the newest certificate; a statement trigger on ``registry_certificate`` refreshes the
products whose newest certificate changed.

A migration that later rebuilds ``registry_product``, ``registry_producer``, ``registry_productset``,
``registry_certificate`` or ``geo_administrativeunit`` on SQLite drops the triggers on that table; the
``install()`` of ``ocop.registry.search_index``, which holds the index's current definition, puts them back
after every migrate.
"""

from importlib import import_module

from django.db import migrations

# The SQL below is put together from this module's constants only (hence the S608 exemptions).
previous = import_module("ocop.registry.migrations.0003_product_search")
_fold, _label, _place = previous._fold, previous._label, previous._place

SEARCH_TRIGGERS = (
    *previous.SEARCH_TRIGGERS,
    "registry_product_search_certificate_insert",
    "registry_product_search_certificate_update",
    "registry_product_search_certificate_delete",
)
_INDEXED = "name, code, producer, product_set, place"
_CERTIFICATE_COLUMNS = "stars, potential_five_star, decision_date, valid_until, revoked_on"
_DOCUMENT_COLUMNS = (
    "name, code, producer, product_set, place, producer_id, product_set_id, province_code, "
    f"legacy_province_code, search_name, sector, certificate_id, {_CERTIFICATE_COLUMNS}"
)
_NEW_COLUMNS = (
    ("search_name", "TEXT NOT NULL DEFAULT ''"),
    ("sector", "INTEGER"),
    ("certificate_id", "INTEGER"),
    ("stars", "INTEGER"),
    ("potential_five_star", "INTEGER"),
    ("decision_date", "TEXT"),
    ("valid_until", "TEXT"),
    ("revoked_on", "TEXT"),
)


def _certificate(column: str, row: str) -> str:
    return (
        f"(SELECT {column} FROM registry_product_search_certificate WHERE id = {row}.latest_certificate_id)"  # noqa: S608
    )


def _document_values(row: str) -> str:
    certificate = ", ".join(_certificate(column, row) for column in _CERTIFICATE_COLUMNS.split(", "))
    return (
        f"{_fold(f'{row}.name')}, {row}.code, {_label('producer', f'{row}.producer_id')}, "
        f"{_label('product_set', f'{row}.product_set_id')}, {_place(row)}, {row}.producer_id, "
        f"{row}.product_set_id, {row}.province_code, {row}.legacy_province_code, {row}.search_name, "
        f"{row}.sector, {row}.latest_certificate_id, {certificate}"
    )


_PRODUCT_CHANGED = " OR ".join(
    f"old.{column} IS NOT new.{column}"
    for column in (
        "name",
        "code",
        "producer_id",
        "product_set_id",
        "province_code",
        "legacy_province_code",
        "search_name",
        "sector",
        "latest_certificate_id",
    )
)
_TEXT_CHANGED = " OR ".join(f"old.{column} IS NOT new.{column}" for column in _INDEXED.split(", "))

SQLITE_TABLES = [
    """CREATE TABLE registry_product_search_certificate (
        id INTEGER PRIMARY KEY,
        stars INTEGER NOT NULL,
        potential_five_star INTEGER NOT NULL,
        decision_date TEXT NOT NULL,
        valid_until TEXT NOT NULL,
        revoked_on TEXT
    )""",
    *(
        f"ALTER TABLE registry_product_search_document ADD COLUMN {column} {definition}"
        for column, definition in _NEW_COLUMNS
    ),
    "CREATE INDEX registry_product_search_document_certificate ON registry_product_search_document (certificate_id)",
    # The landing page's facets read these columns of every public product: an index holds them all.
    """CREATE INDEX registry_product_search_document_facets ON registry_product_search_document
        (sector, province_code, stars, potential_five_star, valid_until, revoked_on)
        WHERE certificate_id IS NOT NULL""",
    # The catalogue without words lists the newest recognitions first: read in this order, 20 at a time.
    """CREATE INDEX registry_product_search_document_decided ON registry_product_search_document
        (decision_date, id) WHERE certificate_id IS NOT NULL""",
    f"""CREATE VIRTUAL TABLE registry_product_search USING fts5(
        {_INDEXED},
        content = 'registry_product_search_document',
        content_rowid = 'id',
        tokenize = 'unicode61 remove_diacritics 2',
        prefix = '1 2 3',
        detail = column
    )""",
    "INSERT INTO registry_product_search (registry_product_search, rank) VALUES ('rank', 'bm25(10.0, 8.0, 3.0, 1.0, 1.0)')",
    "CREATE VIRTUAL TABLE registry_product_search_vocabulary USING fts5vocab(registry_product_search, row)",
]

SQLITE_BACKFILL = [
    # Labels of producers, product sets and provinces, as 0003 fills them.
    *previous.SQLITE_BACKFILL[:4],
    "DELETE FROM registry_product_search_certificate",
    f"""INSERT INTO registry_product_search_certificate (id, {_CERTIFICATE_COLUMNS})
        SELECT id, {_CERTIFICATE_COLUMNS} FROM registry_certificate""",  # noqa: S608
    "DELETE FROM registry_product_search_document",
    f"""INSERT INTO registry_product_search_document (id, {_DOCUMENT_COLUMNS})
        SELECT p.id, {_document_values("p")} FROM registry_product p
        WHERE p.latest_certificate_id IS NOT NULL""",  # noqa: S608
    "INSERT INTO registry_product_search (registry_product_search) VALUES ('rebuild')",
]

SQLITE_TRIGGERS = [
    # Products → documents.
    # Only public products (with a certificate) have a document, so that the index counts them alone.
    f"""CREATE TRIGGER registry_product_search_product_insert AFTER INSERT ON registry_product BEGIN
        INSERT INTO registry_product_search_document (id, {_DOCUMENT_COLUMNS})
        SELECT new.id, {_document_values("new")} WHERE new.latest_certificate_id IS NOT NULL;
    END""",  # noqa: S608
    f"""CREATE TRIGGER registry_product_search_product_update
    AFTER UPDATE OF name, code, producer_id, product_set_id, province_code, legacy_province_code, search_name,
        sector, latest_certificate_id ON registry_product
    WHEN {_PRODUCT_CHANGED}
    BEGIN
        DELETE FROM registry_product_search_document
        WHERE id = new.id AND new.latest_certificate_id IS NULL;
        UPDATE registry_product_search_document
        SET ({_DOCUMENT_COLUMNS}) = ({_document_values("new")})
        WHERE id = new.id AND new.latest_certificate_id IS NOT NULL;
        INSERT INTO registry_product_search_document (id, {_DOCUMENT_COLUMNS})
        SELECT new.id, {_document_values("new")}
        WHERE new.latest_certificate_id IS NOT NULL
            AND NOT EXISTS (SELECT 1 FROM registry_product_search_document WHERE id = new.id);
    END""",  # noqa: S608
    previous.SQLITE_TRIGGERS[2],  # product delete → document delete
    # Documents → the FTS5 index, only when indexed words change (not when a certificate does).
    previous.SQLITE_TRIGGERS[3],
    f"""CREATE TRIGGER registry_product_search_document_update
    AFTER UPDATE OF {_INDEXED} ON registry_product_search_document WHEN {_TEXT_CHANGED} BEGIN
        INSERT INTO registry_product_search (registry_product_search, rowid, {_INDEXED})
        VALUES ('delete', old.id, old.name, old.code, old.producer, old.product_set, old.place);
        INSERT INTO registry_product_search (rowid, {_INDEXED})
        VALUES (new.id, new.name, new.code, new.producer, new.product_set, new.place);
    END""",  # noqa: S608
    previous.SQLITE_TRIGGERS[5],
    # Names of producers, product sets, provinces: as in 0003.
    *previous.SQLITE_TRIGGERS[6:],
    # Certificates: the rank and dates of each product's newest one.
    f"""CREATE TRIGGER registry_product_search_certificate_insert AFTER INSERT ON registry_certificate BEGIN
        INSERT OR REPLACE INTO registry_product_search_certificate (id, {_CERTIFICATE_COLUMNS})
        VALUES (new.id, new.stars, new.potential_five_star, new.decision_date, new.valid_until, new.revoked_on);
    END""",  # noqa: S608
    f"""CREATE TRIGGER registry_product_search_certificate_update
    AFTER UPDATE OF {_CERTIFICATE_COLUMNS} ON registry_certificate BEGIN
        INSERT OR REPLACE INTO registry_product_search_certificate (id, {_CERTIFICATE_COLUMNS})
        VALUES (new.id, new.stars, new.potential_five_star, new.decision_date, new.valid_until, new.revoked_on);
        UPDATE registry_product_search_document
        SET ({_CERTIFICATE_COLUMNS})
            = (new.stars, new.potential_five_star, new.decision_date, new.valid_until, new.revoked_on)
        WHERE certificate_id = new.id;
    END""",  # noqa: S608
    """CREATE TRIGGER registry_product_search_certificate_delete AFTER DELETE ON registry_certificate BEGIN
        DELETE FROM registry_product_search_certificate WHERE id = old.id;
        DELETE FROM registry_product_search_document WHERE certificate_id = old.id;
    END""",
]


install_sqlite_triggers = previous.sqlite_trigger_installer(SEARCH_TRIGGERS, SQLITE_TRIGGERS)
rebuild_sqlite_index = previous.sqlite_index_rebuilder(SQLITE_BACKFILL)


def _sqlite_forwards(schema_editor):  # type: ignore[no-untyped-def]
    for name in previous.SEARCH_TRIGGERS:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {name}")
    schema_editor.execute("DROP TABLE registry_product_search_vocabulary")
    schema_editor.execute("DROP TABLE registry_product_search")
    for statement in SQLITE_TABLES:
        schema_editor.execute(statement)
    rebuild_sqlite_index(None, schema_editor)
    install_sqlite_triggers(None, schema_editor)


def _sqlite_backwards(schema_editor):  # type: ignore[no-untyped-def]
    for name in SEARCH_TRIGGERS:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {name}")
    for statement in (
        "DROP TABLE registry_product_search_vocabulary",
        "DROP TABLE registry_product_search",
        "DROP TABLE registry_product_search_certificate",
        "DROP INDEX IF EXISTS registry_product_search_document_certificate",
        "DROP INDEX IF EXISTS registry_product_search_document_decided",
        "DROP INDEX IF EXISTS registry_product_search_document_facets",
        *(f"ALTER TABLE registry_product_search_document DROP COLUMN {column}" for column, _ in _NEW_COLUMNS),
    ):
        schema_editor.execute(statement)
    for statement in previous.SQLITE_TABLES:
        if "VIRTUAL TABLE" in statement or "'rank'" in statement:
            schema_editor.execute(statement)
    previous.rebuild_sqlite_index(None, schema_editor)
    previous.install_sqlite_triggers(None, schema_editor)


_POSTGRESQL_COLUMNS = (
    ("name", "text NOT NULL DEFAULT ''"),
    ("search_name", "text NOT NULL DEFAULT ''"),
    ("sector", "smallint"),
    ("product_set_id", "bigint"),
    ("province_code", "integer"),
    ("legacy_province_code", "integer"),
    ("certificate_id", "bigint"),
    ("stars", "smallint"),
    ("potential_five_star", "boolean"),
    ("decision_date", "date"),
    ("valid_until", "date"),
    ("revoked_on", "date"),
)
_POSTGRESQL_VALUES = (
    "p.name, p.search_name, p.sector, p.product_set_id, p.province_code, p.legacy_province_code, "
    "p.latest_certificate_id, c.stars, c.potential_five_star, c.decision_date, c.valid_until, c.revoked_on"
)
_POSTGRESQL_NAMES = ", ".join(column for column, _ in _POSTGRESQL_COLUMNS)

POSTGRESQL_FORWARDS = [
    "ALTER TABLE registry_product_search "
    + ", ".join(f"ADD COLUMN {column} {definition}" for column, definition in _POSTGRESQL_COLUMNS),
    f"""CREATE OR REPLACE FUNCTION registry_product_search_refresh(product_ids bigint[]) RETURNS void
        LANGUAGE sql AS $$
        INSERT INTO registry_product_search (product_id, document, name_folded, {_POSTGRESQL_NAMES})
        SELECT p.id, {previous._POSTGRESQL_DOCUMENT}, ocop_unaccent(p.name), {_POSTGRESQL_VALUES}
        FROM registry_product p
        LEFT JOIN registry_certificate c ON c.id = p.latest_certificate_id
        LEFT JOIN registry_producer producer ON producer.id = p.producer_id
        LEFT JOIN registry_productset product_set ON product_set.id = p.product_set_id
        LEFT JOIN geo_administrativeunit province
            ON province.scheme = 'current' AND province.level = 'province' AND province.code = p.province_code
        LEFT JOIN geo_administrativeunit legacy_province
            ON legacy_province.scheme = 'legacy' AND legacy_province.level = 'province'
            AND legacy_province.code = p.legacy_province_code
        WHERE p.id = ANY (product_ids)
        ON CONFLICT (product_id) DO UPDATE
        SET document = EXCLUDED.document, name_folded = EXCLUDED.name_folded,
            {", ".join(f"{column} = EXCLUDED.{column}" for column, _ in _POSTGRESQL_COLUMNS)}
        $$""",  # noqa: S608
    """CREATE OR REPLACE FUNCTION registry_product_search_after_product_update() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            PERFORM registry_product_search_refresh(ARRAY(
                SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id
                WHERE (n.name, n.code, n.producer_id, n.product_set_id, n.province_code, n.legacy_province_code,
                       n.search_name, n.sector, n.latest_certificate_id)
                    IS DISTINCT FROM
                    (o.name, o.code, o.producer_id, o.product_set_id, o.province_code, o.legacy_province_code,
                     o.search_name, o.sector, o.latest_certificate_id)
            ));
            RETURN NULL;
        END $$""",
    """CREATE FUNCTION registry_product_search_after_certificate_update() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            PERFORM registry_product_search_refresh(ARRAY(
                SELECT p.id FROM registry_product p
                JOIN new_rows n ON n.id = p.latest_certificate_id JOIN old_rows o ON o.id = n.id
                WHERE (n.stars, n.potential_five_star, n.decision_date, n.valid_until, n.revoked_on)
                    IS DISTINCT FROM (o.stars, o.potential_five_star, o.decision_date, o.valid_until, o.revoked_on)
            ));
            RETURN NULL;
        END $$""",
    """CREATE TRIGGER registry_product_search_certificate_update AFTER UPDATE ON registry_certificate
        REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION registry_product_search_after_certificate_update()""",
    """CREATE INDEX registry_product_search_decided ON registry_product_search (decision_date, product_id)
        WHERE certificate_id IS NOT NULL""",
    """CREATE INDEX registry_product_search_province ON registry_product_search (province_code)
        WHERE certificate_id IS NOT NULL""",
    """CREATE INDEX registry_product_search_legacy_province ON registry_product_search (legacy_province_code)
        WHERE certificate_id IS NOT NULL""",
    "SELECT registry_product_search_refresh(ARRAY(SELECT id FROM registry_product))",
    "ANALYZE registry_product_search",
]


def _postgresql_backwards(schema_editor):  # type: ignore[no-untyped-def]
    for statement in (
        "DROP TRIGGER registry_product_search_certificate_update ON registry_certificate",
        "DROP FUNCTION registry_product_search_after_certificate_update()",
        "DROP INDEX registry_product_search_decided",
        "DROP INDEX registry_product_search_province",
        "DROP INDEX registry_product_search_legacy_province",
        "ALTER TABLE registry_product_search "
        + ", ".join(f"DROP COLUMN {column}" for column, _ in _POSTGRESQL_COLUMNS),
    ):
        schema_editor.execute(statement)
    # 0003's functions, as they were.
    for statement in previous._postgresql_statements(unaccent_schema="public", trigram_schema="public"):
        for name in ("registry_product_search_refresh", "registry_product_search_after_product_update"):
            if statement.startswith(f"CREATE FUNCTION {name}("):
                schema_editor.execute(statement.replace("CREATE FUNCTION", "CREATE OR REPLACE FUNCTION", 1))


def forwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        _sqlite_forwards(schema_editor)
    elif vendor == "postgresql":
        for statement in POSTGRESQL_FORWARDS:
            schema_editor.execute(statement)


def backwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        _sqlite_backwards(schema_editor)
    elif vendor == "postgresql":
        _postgresql_backwards(schema_editor)


class Migration(migrations.Migration):
    dependencies = [("registry", "0003_product_search")]

    operations = [migrations.RunPython(forwards, backwards)]
