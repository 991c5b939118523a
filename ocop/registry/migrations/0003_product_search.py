"""The full-text index of public products, kept in step by the database itself.

As this migration ran: ``ocop.registry.search_index`` now holds the index's current definition,
installed after every ``migrate``. No later migration imports or rewrites this one's SQL.

Every writer (the services, the bulk recognitions import, the admin, raw SQL) changes products through
the tables, so the index is kept by triggers, not by Python code that a writer could forget to call.

SQLite: an FTS5 table ``registry_product_search`` (``unicode61 remove_diacritics 2``, prefix indexes for
search-as-you-type) with external content in ``registry_product_search_document``: one row per product,
holding the words to index (product name, OCOP code, producer name, product set name, current and legacy
province names). Names of producers, product sets and provinces are copied into
``registry_product_search_label`` by triggers on their own tables, so that no trigger reads a table other
than the one it is on and the search tables. That matters: Django rebuilds a SQLite table to alter it
(create ``new__x``, copy, drop ``x``, rename), and SQLite refuses the rename while any view or trigger
elsewhere names the dropped table; a trigger reading ``registry_producer`` would break every later
migration that alters producers. A rebuilt table loses its own triggers instead, which the
``install()`` of ``ocop.registry.search_index`` after every migrate puts back.
``đ`` is folded to ``d`` here, since unicode61 keeps it as a letter of its own; the tokenizer removes the
other diacritics and folds case.

PostgreSQL: ``registry_product_search`` holds a weighted ``tsvector`` (``simple`` configuration over
``ocop_unaccent``, an IMMUTABLE wrapper of ``unaccent``) with a GIN index, and the folded product name with
trigram GIN indexes (with and without spaces) for near spellings. Statement-level triggers with transition tables keep it in step,
so a bulk insert of 100,000 products refreshes the index in one statement, not 100,000.

Reversing drops what this migration made except the ``unaccent`` and ``pg_trgm`` extensions, which other
code may use.
"""

from django.db import migrations

# The SQL below is put together from this module's constants only (hence the S608 exemptions).

SEARCH_TRIGGERS = (
    "registry_product_search_product_insert",
    "registry_product_search_product_update",
    "registry_product_search_product_delete",
    "registry_product_search_document_insert",
    "registry_product_search_document_update",
    "registry_product_search_document_delete",
    "registry_product_search_producer_insert",
    "registry_product_search_producer_update",
    "registry_product_search_producer_delete",
    "registry_product_search_product_set_insert",
    "registry_product_search_product_set_update",
    "registry_product_search_product_set_delete",
    "registry_product_search_province_insert",
    "registry_product_search_province_update",
    "registry_product_search_province_delete",
)


def _fold(expression: str) -> str:
    # unicode61 does not treat đ as d with a mark; everything else it folds itself.
    return f"replace(replace({expression}, 'Đ', 'D'), 'đ', 'd')"


def _province_short_name(expression: str) -> str:
    # "Tỉnh Quảng Ngãi" → "Quảng Ngãi": the type words would make "pho" (phở) match every product of a city.
    return (
        f"CASE WHEN {expression} LIKE 'Tỉnh %' THEN substr({expression}, 6) "
        f"WHEN {expression} LIKE 'Thành phố %' THEN substr({expression}, 11) ELSE {expression} END"
    )


def _label(kind: str, key: str) -> str:
    return f"coalesce((SELECT text FROM registry_product_search_label WHERE kind = '{kind}' AND key = {key}), '')"  # noqa: S608


def _place(row: str) -> str:
    return f"trim({_label('province', f'{row}.province_code')} || ' ' || {_label('legacy_province', f'{row}.legacy_province_code')})"


_DOCUMENT_COLUMNS = "name, code, producer, product_set, place, producer_id, product_set_id, province_code, legacy_province_code"


def _document_values(row: str) -> str:
    return (
        f"{_fold(f'{row}.name')}, {row}.code, {_label('producer', f'{row}.producer_id')}, "
        f"{_label('product_set', f'{row}.product_set_id')}, {_place(row)}, {row}.producer_id, "
        f"{row}.product_set_id, {row}.province_code, {row}.legacy_province_code"
    )


_INDEXED = "name, code, producer, product_set, place"

SQLITE_TABLES = [
    """CREATE TABLE registry_product_search_label (
        kind TEXT NOT NULL,
        key INTEGER NOT NULL,
        text TEXT NOT NULL,
        PRIMARY KEY (kind, key)
    ) WITHOUT ROWID""",
    """CREATE TABLE registry_product_search_document (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        code TEXT NOT NULL,
        producer TEXT NOT NULL,
        product_set TEXT NOT NULL,
        place TEXT NOT NULL,
        producer_id INTEGER,
        product_set_id INTEGER,
        province_code INTEGER,
        legacy_province_code INTEGER
    )""",
    "CREATE INDEX registry_product_search_document_producer ON registry_product_search_document (producer_id)",
    "CREATE INDEX registry_product_search_document_set ON registry_product_search_document (product_set_id)",
    "CREATE INDEX registry_product_search_document_province ON registry_product_search_document (province_code)",
    "CREATE INDEX registry_product_search_document_legacy ON registry_product_search_document (legacy_province_code)",
    f"""CREATE VIRTUAL TABLE registry_product_search USING fts5(
        {_INDEXED},
        content = 'registry_product_search_document',
        content_rowid = 'id',
        tokenize = 'unicode61 remove_diacritics 2',
        prefix = '1 2 3'
    )""",
    # A word in the name weighs most, then the OCOP code, then the producer, then set and place.
    "INSERT INTO registry_product_search (registry_product_search, rank) VALUES ('rank', 'bm25(10.0, 8.0, 3.0, 1.0, 1.0)')",
    # The indexed words and how many products hold each: the dictionary near spellings are looked up in.
    "CREATE VIRTUAL TABLE registry_product_search_vocabulary USING fts5vocab(registry_product_search, row)",
]

SQLITE_TRIGGERS = [
    # Products → documents.
    f"""CREATE TRIGGER registry_product_search_product_insert AFTER INSERT ON registry_product BEGIN
        INSERT INTO registry_product_search_document (id, {_DOCUMENT_COLUMNS})
        VALUES (new.id, {_document_values("new")});
    END""",  # noqa: S608
    f"""CREATE TRIGGER registry_product_search_product_update
    AFTER UPDATE OF name, code, producer_id, product_set_id, province_code, legacy_province_code ON registry_product
    WHEN old.name IS NOT new.name OR old.code IS NOT new.code OR old.producer_id IS NOT new.producer_id
        OR old.product_set_id IS NOT new.product_set_id OR old.province_code IS NOT new.province_code
        OR old.legacy_province_code IS NOT new.legacy_province_code
    BEGIN
        UPDATE registry_product_search_document
        SET ({_DOCUMENT_COLUMNS}) = ({_document_values("new")})
        WHERE id = new.id;
    END""",  # noqa: S608
    """CREATE TRIGGER registry_product_search_product_delete AFTER DELETE ON registry_product BEGIN
        DELETE FROM registry_product_search_document WHERE id = old.id;
    END""",
    # Documents → the FTS5 index (the external-content pattern of the SQLite manual).
    f"""CREATE TRIGGER registry_product_search_document_insert AFTER INSERT ON registry_product_search_document BEGIN
        INSERT INTO registry_product_search (rowid, {_INDEXED})
        VALUES (new.id, new.name, new.code, new.producer, new.product_set, new.place);
    END""",  # noqa: S608
    f"""CREATE TRIGGER registry_product_search_document_update AFTER UPDATE ON registry_product_search_document BEGIN
        INSERT INTO registry_product_search (registry_product_search, rowid, {_INDEXED})
        VALUES ('delete', old.id, old.name, old.code, old.producer, old.product_set, old.place);
        INSERT INTO registry_product_search (rowid, {_INDEXED})
        VALUES (new.id, new.name, new.code, new.producer, new.product_set, new.place);
    END""",  # noqa: S608
    f"""CREATE TRIGGER registry_product_search_document_delete AFTER DELETE ON registry_product_search_document BEGIN
        INSERT INTO registry_product_search (registry_product_search, rowid, {_INDEXED})
        VALUES ('delete', old.id, old.name, old.code, old.producer, old.product_set, old.place);
    END""",  # noqa: S608
    # Producer names.
    f"""CREATE TRIGGER registry_product_search_producer_insert AFTER INSERT ON registry_producer BEGIN
        INSERT OR REPLACE INTO registry_product_search_label (kind, key, text)
        VALUES ('producer', new.id, {_fold("new.name")});
    END""",  # noqa: S608
    f"""CREATE TRIGGER registry_product_search_producer_update AFTER UPDATE OF name ON registry_producer
    WHEN old.name IS NOT new.name BEGIN
        INSERT OR REPLACE INTO registry_product_search_label (kind, key, text)
        VALUES ('producer', new.id, {_fold("new.name")});
        UPDATE registry_product_search_document SET producer = {_fold("new.name")} WHERE producer_id = new.id;
    END""",  # noqa: S608
    """CREATE TRIGGER registry_product_search_producer_delete AFTER DELETE ON registry_producer BEGIN
        DELETE FROM registry_product_search_label WHERE kind = 'producer' AND key = old.id;
    END""",
    # Product set names.
    f"""CREATE TRIGGER registry_product_search_product_set_insert AFTER INSERT ON registry_productset BEGIN
        INSERT OR REPLACE INTO registry_product_search_label (kind, key, text)
        VALUES ('product_set', new.id, {_fold("new.name")});
    END""",  # noqa: S608
    f"""CREATE TRIGGER registry_product_search_product_set_update AFTER UPDATE OF name ON registry_productset
    WHEN old.name IS NOT new.name BEGIN
        INSERT OR REPLACE INTO registry_product_search_label (kind, key, text)
        VALUES ('product_set', new.id, {_fold("new.name")});
        UPDATE registry_product_search_document SET product_set = {_fold("new.name")}
        WHERE product_set_id = new.id;
    END""",  # noqa: S608
    """CREATE TRIGGER registry_product_search_product_set_delete AFTER DELETE ON registry_productset BEGIN
        DELETE FROM registry_product_search_label WHERE kind = 'product_set' AND key = old.id;
    END""",
    # Province names, current and legacy (units are loaded after migrations, so these fill the labels).
    f"""CREATE TRIGGER registry_product_search_province_insert AFTER INSERT ON geo_administrativeunit
    WHEN new.level = 'province' BEGIN
        INSERT OR REPLACE INTO registry_product_search_label (kind, key, text)
        VALUES (CASE new.scheme WHEN 'current' THEN 'province' ELSE 'legacy_province' END, new.code,
                {_fold(_province_short_name("new.name"))});
        UPDATE registry_product_search_document SET place = {_place("registry_product_search_document")}
        WHERE (new.scheme = 'current' AND province_code = new.code)
           OR (new.scheme = 'legacy' AND legacy_province_code = new.code);
    END""",  # noqa: S608
    f"""CREATE TRIGGER registry_product_search_province_update AFTER UPDATE OF name ON geo_administrativeunit
    WHEN new.level = 'province' AND old.name IS NOT new.name BEGIN
        INSERT OR REPLACE INTO registry_product_search_label (kind, key, text)
        VALUES (CASE new.scheme WHEN 'current' THEN 'province' ELSE 'legacy_province' END, new.code,
                {_fold(_province_short_name("new.name"))});
        UPDATE registry_product_search_document SET place = {_place("registry_product_search_document")}
        WHERE (new.scheme = 'current' AND province_code = new.code)
           OR (new.scheme = 'legacy' AND legacy_province_code = new.code);
    END""",  # noqa: S608
    """CREATE TRIGGER registry_product_search_province_delete AFTER DELETE ON geo_administrativeunit
    WHEN old.level = 'province' BEGIN
        DELETE FROM registry_product_search_label
        WHERE kind = CASE old.scheme WHEN 'current' THEN 'province' ELSE 'legacy_province' END AND key = old.code;
    END""",
]

SQLITE_BACKFILL = [
    "DELETE FROM registry_product_search_label",
    f"""INSERT INTO registry_product_search_label (kind, key, text)
        SELECT 'producer', id, {_fold("name")} FROM registry_producer""",  # noqa: S608
    f"""INSERT INTO registry_product_search_label (kind, key, text)
        SELECT 'product_set', id, {_fold("name")} FROM registry_productset""",  # noqa: S608
    f"""INSERT INTO registry_product_search_label (kind, key, text)
        SELECT CASE scheme WHEN 'current' THEN 'province' ELSE 'legacy_province' END, code,
               {_fold(_province_short_name("name"))}
        FROM geo_administrativeunit WHERE level = 'province'""",  # noqa: S608
    "DELETE FROM registry_product_search_document",
    f"""INSERT INTO registry_product_search_document (id, {_DOCUMENT_COLUMNS})
        SELECT p.id, {_document_values("p")} FROM registry_product p""",  # noqa: S608
    "INSERT INTO registry_product_search (registry_product_search) VALUES ('rebuild')",
]


def sqlite_trigger_installer(names, statements):  # type: ignore[no-untyped-def]
    """``install_sqlite_triggers`` of a search migration: drop the triggers ``names``, create ``statements``.

    For the migration itself, and for a later one that rebuilt a table the triggers are on.
    """

    def install_sqlite_triggers(apps, schema_editor):  # type: ignore[no-untyped-def]
        if schema_editor.connection.vendor != "sqlite":
            return
        for name in names:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {name}")
        for statement in statements:
            schema_editor.execute(statement)

    return install_sqlite_triggers


def sqlite_index_rebuilder(statements):  # type: ignore[no-untyped-def]
    """``rebuild_sqlite_index`` of a search migration: recompute the index from the tables, as
    ``statements`` say (after the triggers were missing)."""

    def rebuild_sqlite_index(apps, schema_editor):  # type: ignore[no-untyped-def]
        if schema_editor.connection.vendor != "sqlite":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return rebuild_sqlite_index


install_sqlite_triggers = sqlite_trigger_installer(SEARCH_TRIGGERS, SQLITE_TRIGGERS)
rebuild_sqlite_index = sqlite_index_rebuilder(SQLITE_BACKFILL)


def _sqlite_forwards(schema_editor):  # type: ignore[no-untyped-def]
    for statement in SQLITE_TABLES:
        schema_editor.execute(statement)
    # Documents are inserted before the triggers exist: the 'rebuild' at the end indexes them all at once.
    rebuild_sqlite_index(None, schema_editor)
    install_sqlite_triggers(None, schema_editor)


def _sqlite_backwards(schema_editor):  # type: ignore[no-untyped-def]
    for name in SEARCH_TRIGGERS:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {name}")
    for table in (
        "registry_product_search_vocabulary",
        "registry_product_search",
        "registry_product_search_document",
        "registry_product_search_label",
    ):
        schema_editor.execute(f"DROP TABLE IF EXISTS {table}")


# Hyphens become spaces: PostgreSQL's parser reads "51-21025-0007-2025" as 51, -21025, -0007, -2025.
_POSTGRESQL_DOCUMENT = """
        setweight(to_tsvector('pg_catalog.simple', ocop_unaccent(translate(p.name || ' ' || p.code, '-', ' '))), 'A')
        || setweight(to_tsvector('pg_catalog.simple', ocop_unaccent(coalesce(producer.name, ''))), 'B')
        || setweight(to_tsvector('pg_catalog.simple', ocop_unaccent(coalesce(product_set.name, ''))), 'C')
        || setweight(to_tsvector('pg_catalog.simple', ocop_unaccent(
               regexp_replace(coalesce(province.name, ''), '^(Tỉnh|Thành phố) ', '') || ' '
               || regexp_replace(coalesce(legacy_province.name, ''), '^(Tỉnh|Thành phố) ', ''))), 'D')
"""


def _postgresql_statements(*, unaccent_schema: str, trigram_schema: str) -> list[str]:
    unaccent = f"{unaccent_schema}.unaccent"
    return [
        # unaccent() is STABLE (its dictionary could change), so it cannot feed an index; naming the
        # dictionary makes the result depend on the input alone. unaccent.rules maps đ/Đ to d/D.
        f"""CREATE OR REPLACE FUNCTION ocop_unaccent(text) RETURNS text
            LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
            AS $$ SELECT lower({unaccent}('{unaccent}'::regdictionary, $1)) $$""",
        """CREATE TABLE registry_product_search (
            product_id bigint PRIMARY KEY REFERENCES registry_product (id) ON DELETE CASCADE,
            document tsvector NOT NULL,
            name_folded text NOT NULL
        )""",
        "CREATE INDEX registry_product_search_document ON registry_product_search USING gin (document)",
        f"""CREATE INDEX registry_product_search_name_trigram ON registry_product_search
            USING gin (name_folded {trigram_schema}.gin_trgm_ops)""",
        # The same without spaces, so that "caphe" is near "ca phe" (word similarity 0.44 with the space).
        f"""CREATE INDEX registry_product_search_name_compact_trigram ON registry_product_search
            USING gin ((replace(name_folded, ' ', '')) {trigram_schema}.gin_trgm_ops)""",
        f"""CREATE FUNCTION registry_product_search_refresh(product_ids bigint[]) RETURNS void
            LANGUAGE sql AS $$
            INSERT INTO registry_product_search (product_id, document, name_folded)
            SELECT p.id, {_POSTGRESQL_DOCUMENT}, ocop_unaccent(p.name)
            FROM registry_product p
            LEFT JOIN registry_producer producer ON producer.id = p.producer_id
            LEFT JOIN registry_productset product_set ON product_set.id = p.product_set_id
            LEFT JOIN geo_administrativeunit province
                ON province.scheme = 'current' AND province.level = 'province' AND province.code = p.province_code
            LEFT JOIN geo_administrativeunit legacy_province
                ON legacy_province.scheme = 'legacy' AND legacy_province.level = 'province'
                AND legacy_province.code = p.legacy_province_code
            WHERE p.id = ANY (product_ids)
            ON CONFLICT (product_id) DO UPDATE
            SET document = EXCLUDED.document, name_folded = EXCLUDED.name_folded
            $$""",  # noqa: S608
        """CREATE FUNCTION registry_product_search_after_product_insert() RETURNS trigger
            LANGUAGE plpgsql AS $$
            BEGIN
                PERFORM registry_product_search_refresh(ARRAY(SELECT id FROM inserted_rows));
                RETURN NULL;
            END $$""",
        """CREATE TRIGGER registry_product_search_product_insert AFTER INSERT ON registry_product
            REFERENCING NEW TABLE AS inserted_rows
            FOR EACH STATEMENT EXECUTE FUNCTION registry_product_search_after_product_insert()""",
        """CREATE FUNCTION registry_product_search_after_product_update() RETURNS trigger
            LANGUAGE plpgsql AS $$
            BEGIN
                PERFORM registry_product_search_refresh(ARRAY(
                    SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id
                    WHERE (n.name, n.code, n.producer_id, n.product_set_id, n.province_code, n.legacy_province_code)
                        IS DISTINCT FROM
                        (o.name, o.code, o.producer_id, o.product_set_id, o.province_code, o.legacy_province_code)
                ));
                RETURN NULL;
            END $$""",
        """CREATE TRIGGER registry_product_search_product_update AFTER UPDATE ON registry_product
            REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
            FOR EACH STATEMENT EXECUTE FUNCTION registry_product_search_after_product_update()""",
        """CREATE FUNCTION registry_product_search_after_producer_update() RETURNS trigger
            LANGUAGE plpgsql AS $$
            BEGIN
                PERFORM registry_product_search_refresh(ARRAY(
                    SELECT p.id FROM registry_product p
                    JOIN new_rows n ON n.id = p.producer_id JOIN old_rows o ON o.id = n.id
                    WHERE n.name IS DISTINCT FROM o.name
                ));
                RETURN NULL;
            END $$""",
        """CREATE TRIGGER registry_product_search_producer_update AFTER UPDATE ON registry_producer
            REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
            FOR EACH STATEMENT EXECUTE FUNCTION registry_product_search_after_producer_update()""",
        """CREATE FUNCTION registry_product_search_after_product_set_update() RETURNS trigger
            LANGUAGE plpgsql AS $$
            BEGIN
                PERFORM registry_product_search_refresh(ARRAY(
                    SELECT p.id FROM registry_product p
                    JOIN new_rows n ON n.id = p.product_set_id JOIN old_rows o ON o.id = n.id
                    WHERE n.name IS DISTINCT FROM o.name
                ));
                RETURN NULL;
            END $$""",
        """CREATE TRIGGER registry_product_search_product_set_update AFTER UPDATE ON registry_productset
            REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
            FOR EACH STATEMENT EXECUTE FUNCTION registry_product_search_after_product_set_update()""",
        """CREATE FUNCTION registry_product_search_after_province_change() RETURNS trigger
            LANGUAGE plpgsql AS $$
            BEGIN
                PERFORM registry_product_search_refresh(ARRAY(
                    SELECT p.id FROM registry_product p JOIN new_rows n ON n.level = 'province' AND (
                        (n.scheme = 'current' AND p.province_code = n.code)
                        OR (n.scheme = 'legacy' AND p.legacy_province_code = n.code))
                ));
                RETURN NULL;
            END $$""",
        """CREATE TRIGGER registry_product_search_province_insert AFTER INSERT ON geo_administrativeunit
            REFERENCING NEW TABLE AS new_rows
            FOR EACH STATEMENT EXECUTE FUNCTION registry_product_search_after_province_change()""",
        """CREATE FUNCTION registry_product_search_after_province_rename() RETURNS trigger
            LANGUAGE plpgsql AS $$
            BEGIN
                PERFORM registry_product_search_refresh(ARRAY(
                    SELECT p.id FROM registry_product p
                    JOIN new_rows n ON n.level = 'province' AND (
                        (n.scheme = 'current' AND p.province_code = n.code)
                        OR (n.scheme = 'legacy' AND p.legacy_province_code = n.code))
                    JOIN old_rows o ON o.id = n.id
                    WHERE n.name IS DISTINCT FROM o.name
                ));
                RETURN NULL;
            END $$""",
        """CREATE TRIGGER registry_product_search_province_update AFTER UPDATE ON geo_administrativeunit
            REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
            FOR EACH STATEMENT EXECUTE FUNCTION registry_product_search_after_province_rename()""",
        "SELECT registry_product_search_refresh(ARRAY(SELECT id FROM registry_product))",
    ]


POSTGRESQL_BACKWARDS = [
    "DROP TRIGGER IF EXISTS registry_product_search_product_insert ON registry_product",
    "DROP TRIGGER IF EXISTS registry_product_search_product_update ON registry_product",
    "DROP TRIGGER IF EXISTS registry_product_search_producer_update ON registry_producer",
    "DROP TRIGGER IF EXISTS registry_product_search_product_set_update ON registry_productset",
    "DROP TRIGGER IF EXISTS registry_product_search_province_insert ON geo_administrativeunit",
    "DROP TRIGGER IF EXISTS registry_product_search_province_update ON geo_administrativeunit",
    "DROP FUNCTION IF EXISTS registry_product_search_after_product_insert()",
    "DROP FUNCTION IF EXISTS registry_product_search_after_product_update()",
    "DROP FUNCTION IF EXISTS registry_product_search_after_producer_update()",
    "DROP FUNCTION IF EXISTS registry_product_search_after_product_set_update()",
    "DROP FUNCTION IF EXISTS registry_product_search_after_province_change()",
    "DROP FUNCTION IF EXISTS registry_product_search_after_province_rename()",
    "DROP FUNCTION IF EXISTS registry_product_search_refresh(bigint[])",
    "DROP TABLE IF EXISTS registry_product_search",
    "DROP FUNCTION IF EXISTS ocop_unaccent(text)",
]


def _postgresql_forwards(schema_editor):  # type: ignore[no-untyped-def]
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT extnamespace::regnamespace::text FROM pg_extension WHERE extname = 'unaccent'")
        (unaccent_schema,) = cursor.fetchone()
        cursor.execute("SELECT extnamespace::regnamespace::text FROM pg_extension WHERE extname = 'pg_trgm'")
        (trigram_schema,) = cursor.fetchone()
    for statement in _postgresql_statements(unaccent_schema=unaccent_schema, trigram_schema=trigram_schema):
        schema_editor.execute(statement)


def forwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        _sqlite_forwards(schema_editor)
    elif vendor == "postgresql":
        _postgresql_forwards(schema_editor)
    else:
        raise NotImplementedError(f"no product search for {vendor}: SQLite and PostgreSQL only")


def backwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        _sqlite_backwards(schema_editor)
    elif vendor == "postgresql":
        for statement in POSTGRESQL_BACKWARDS:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("geo", "0001_initial"),
        ("registry", "0002_reference_data"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
