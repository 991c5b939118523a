# ruff: noqa: S608, E501 — SQL put together from this module's constants only, in lines as SQL reads.
"""The product search index of both engines as it is now: its tables, SQL functions and triggers.

Every writer (the services, the bulk recognitions import, the admin, raw SQL) changes products through
the tables, so the index is kept by the database itself, not by Python code a writer could forget to
call. Migrations 0003 to 0007 built it step by step and stay as they ran; this module is what the index
must be today. ``install()`` runs after every ``migrate`` (``RegistryConfig.ready``) and creates what is
missing, replaces what differs from the definitions here, and refills the index when it did either (writes
made meanwhile never reached it); ``check_search_index`` (``ocop.registry.checks``) reports what is
missing. A migration changes tables and back-fills their data; it never writes trigger or function SQL.

SQLite: an FTS5 table ``registry_product_search`` (options ``INDEX_TOKENIZER``, prefix indexes for
search-as-you-type, ``detail=column``: half the time to list matches, no phrase queries) with external
content in ``registry_product_search_document``: one row per public product (with a certificate), holding
the words to index (folded name, OCOP code, producer, product set, current and legacy province) and what
the catalogue filters and sorts by (sector, the newest certificate's rank and dates). Names of producers,
product sets and provinces are copied into ``registry_product_search_label``, and certificate fields into
``registry_product_search_certificate``, by triggers on their own tables, so that no trigger reads a table
other than the one it is on and the search tables: Django rebuilds a SQLite table to alter it (create
``new__x``, copy, drop ``x``, rename) and SQLite refuses the rename while a trigger elsewhere names the
dropped table. The rebuilt table loses its own triggers instead, which the ``install()`` after the
migration puts back. ``đ`` is folded to ``d`` here, since unicode61 keeps it as a letter of its own.

PostgreSQL: ``registry_product_search`` holds a weighted ``tsvector`` (``simple`` configuration over
``ocop_unaccent``, an IMMUTABLE wrapper of ``unaccent``) with a GIN index and the same catalogue columns,
filled by ``registry_product_search_refresh``, which also adds each indexed word to
``registry_product_search_word`` (trigram-indexed, where near spellings are looked up). Statement-level
triggers with transition tables call it, so a bulk insert of 100,000 products refreshes the index in one
statement, not 100,000.

Tables and indexes are created when missing; changing the columns of one that exists is a migration's
work, as 0004 did.
"""

import pkgutil
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.db import transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.utils import CursorWrapper
from django.db.migrations.recorder import MigrationRecorder

from ocop.registry.tokenizer import INDEX_TOKENIZER


@dataclass(frozen=True)
class Part:
    """One object of the index: a table, an index, a function or a trigger, and how to make it."""

    kind: str  # "table", "index", "function", "trigger", "extension"
    name: str
    statements: tuple[str, ...]
    # What the database must hold for the object to be current; None: being there is enough.
    definition: object = None

    @property
    def label(self) -> str:
        return f"{self.kind} {self.name}"


# --- SQLite

_INDEXED = ("name", "code", "producer", "product_set", "place")
_CERTIFICATE_COLUMNS = ("stars", "potential_five_star", "decision_date", "valid_until", "revoked_on")
_DOCUMENT_COLUMNS = (
    *_INDEXED,
    "producer_id",
    "product_set_id",
    "province_code",
    "legacy_province_code",
    "search_name",
    "sector",
    "certificate_id",
    *_CERTIFICATE_COLUMNS,
)
# The product columns a document is made of: a change to any other leaves the index alone.
_PRODUCT_COLUMNS = (
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


def _list(columns: tuple[str, ...], prefix: str = "") -> str:
    return ", ".join(f"{prefix}{column}" for column in columns)


def _changed(columns: tuple[str, ...]) -> str:
    return " OR ".join(f"old.{column} IS NOT new.{column}" for column in columns)


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
    return f"coalesce((SELECT text FROM registry_product_search_label WHERE kind = '{kind}' AND key = {key}), '')"


def _place(row: str) -> str:
    return f"trim({_label('province', f'{row}.province_code')} || ' ' || {_label('legacy_province', f'{row}.legacy_province_code')})"


def _certificate(column: str, row: str) -> str:
    return (
        f"(SELECT {column} FROM registry_product_search_certificate WHERE id = {row}.latest_certificate_id)"
    )


def _document_values(row: str) -> str:
    # The name is kept between spaces (" ca phe rang xay "): search asks where its words stand in it.
    return ", ".join(
        (
            _fold(f"{row}.name"),
            f"{row}.code",
            _label("producer", f"{row}.producer_id"),
            _label("product_set", f"{row}.product_set_id"),
            _place(row),
            f"{row}.producer_id",
            f"{row}.product_set_id",
            f"{row}.province_code",
            f"{row}.legacy_province_code",
            f"' ' || {row}.search_name || ' '",
            f"{row}.sector",
            f"{row}.latest_certificate_id",
            *(_certificate(column, row) for column in _CERTIFICATE_COLUMNS),
        )
    )


def _province_label(row: str) -> str:
    return (
        "INSERT OR REPLACE INTO registry_product_search_label (kind, key, text)\n"
        f"        VALUES (CASE {row}.scheme WHEN 'current' THEN 'province' ELSE 'legacy_province' END, {row}.code,\n"
        f"                {_fold(_province_short_name(f'{row}.name'))});\n"
        f"        UPDATE registry_product_search_document SET place = {_place('registry_product_search_document')}\n"
        f"        WHERE ({row}.scheme = 'current' AND province_code = {row}.code)\n"
        f"           OR ({row}.scheme = 'legacy' AND legacy_province_code = {row}.code);"
    )


_CERTIFICATE_ROW = (
    f"INSERT OR REPLACE INTO registry_product_search_certificate (id, {_list(_CERTIFICATE_COLUMNS)})\n"
    f"        VALUES (new.id, {_list(_CERTIFICATE_COLUMNS, 'new.')});"
)
_INDEX_DELETE = (
    f"INSERT INTO registry_product_search (registry_product_search, rowid, {_list(_INDEXED)})\n"
    f"        VALUES ('delete', old.id, {_list(_INDEXED, 'old.')});"
)
_INDEX_INSERT = (
    f"INSERT INTO registry_product_search (rowid, {_list(_INDEXED)})\n"
    f"        VALUES (new.id, {_list(_INDEXED, 'new.')});"
)


def _sqlite_trigger(name: str, statement: str) -> Part:
    return Part("trigger", name, (f"DROP TRIGGER IF EXISTS {name}", statement), definition=statement)


def _sqlite_table(name: str, *statements: str) -> Part:
    return Part("table", name, statements)


def _sqlite_index(name: str, statement: str) -> Part:
    return Part("index", name, (statement,))


SQLITE_PARTS = (
    _sqlite_table(
        "registry_product_search_label",
        """CREATE TABLE registry_product_search_label (
        kind TEXT NOT NULL,
        key INTEGER NOT NULL,
        text TEXT NOT NULL,
        PRIMARY KEY (kind, key)
    ) WITHOUT ROWID""",
    ),
    _sqlite_table(
        "registry_product_search_certificate",
        """CREATE TABLE registry_product_search_certificate (
        id INTEGER PRIMARY KEY,
        stars INTEGER NOT NULL,
        potential_five_star INTEGER NOT NULL,
        decision_date TEXT NOT NULL,
        valid_until TEXT NOT NULL,
        revoked_on TEXT
    )""",
    ),
    _sqlite_table(
        "registry_product_search_document",
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
        legacy_province_code INTEGER,
        search_name TEXT NOT NULL DEFAULT '',
        sector INTEGER,
        certificate_id INTEGER,
        stars INTEGER,
        potential_five_star INTEGER,
        decision_date TEXT,
        valid_until TEXT,
        revoked_on TEXT
    )""",
    ),
    *(
        _sqlite_index(
            f"registry_product_search_document_{suffix}",
            f"CREATE INDEX registry_product_search_document_{suffix} ON registry_product_search_document ({column})",
        )
        for suffix, column in (
            ("producer", "producer_id"),
            ("set", "product_set_id"),
            ("province", "province_code"),
            ("legacy", "legacy_province_code"),
            ("certificate", "certificate_id"),
        )
    ),
    # The landing page's facets read these columns of every public product: an index holds them all.
    _sqlite_index(
        "registry_product_search_document_facets",
        """CREATE INDEX registry_product_search_document_facets ON registry_product_search_document
        (sector, province_code, stars, potential_five_star, valid_until, revoked_on)
        WHERE certificate_id IS NOT NULL""",
    ),
    # The catalogue without words lists the newest recognitions first: read in this order, 20 at a time.
    _sqlite_index(
        "registry_product_search_document_decided",
        """CREATE INDEX registry_product_search_document_decided ON registry_product_search_document
        (decision_date, id) WHERE certificate_id IS NOT NULL""",
    ),
    _sqlite_table(
        "registry_product_search",
        f"""CREATE VIRTUAL TABLE registry_product_search USING fts5(
        {_list(_INDEXED)},
        content = 'registry_product_search_document',
        content_rowid = 'id',
        tokenize = '{INDEX_TOKENIZER}',
        prefix = '1 2 3',
        detail = column
    )""",
        # A word in the name weighs most, then the OCOP code, then the producer, then set and place.
        "INSERT INTO registry_product_search (registry_product_search, rank) "
        "VALUES ('rank', 'bm25(10.0, 8.0, 3.0, 1.0, 1.0)')",
    ),
    # The indexed words and how many products hold each: the dictionary near spellings are looked up in.
    _sqlite_table(
        "registry_product_search_vocabulary",
        "CREATE VIRTUAL TABLE registry_product_search_vocabulary USING fts5vocab(registry_product_search, row)",
    ),
    # Products → documents; only public products (with a certificate) have one, so the index counts them alone.
    _sqlite_trigger(
        "registry_product_search_product_insert",
        f"""CREATE TRIGGER registry_product_search_product_insert AFTER INSERT ON registry_product BEGIN
        INSERT INTO registry_product_search_document (id, {_list(_DOCUMENT_COLUMNS)})
        SELECT new.id, {_document_values("new")} WHERE new.latest_certificate_id IS NOT NULL;
    END""",
    ),
    _sqlite_trigger(
        "registry_product_search_product_update",
        f"""CREATE TRIGGER registry_product_search_product_update
    AFTER UPDATE OF {_list(_PRODUCT_COLUMNS)} ON registry_product
    WHEN {_changed(_PRODUCT_COLUMNS)}
    BEGIN
        DELETE FROM registry_product_search_document
        WHERE id = new.id AND new.latest_certificate_id IS NULL;
        UPDATE registry_product_search_document
        SET ({_list(_DOCUMENT_COLUMNS)}) = ({_document_values("new")})
        WHERE id = new.id AND new.latest_certificate_id IS NOT NULL;
        INSERT INTO registry_product_search_document (id, {_list(_DOCUMENT_COLUMNS)})
        SELECT new.id, {_document_values("new")}
        WHERE new.latest_certificate_id IS NOT NULL
            AND NOT EXISTS (SELECT 1 FROM registry_product_search_document WHERE id = new.id);
    END""",
    ),
    _sqlite_trigger(
        "registry_product_search_product_delete",
        """CREATE TRIGGER registry_product_search_product_delete AFTER DELETE ON registry_product BEGIN
        DELETE FROM registry_product_search_document WHERE id = old.id;
    END""",
    ),
    # Documents → the FTS5 index (the external-content pattern of the SQLite manual), only when indexed
    # words change (not when a certificate does).
    _sqlite_trigger(
        "registry_product_search_document_insert",
        f"""CREATE TRIGGER registry_product_search_document_insert AFTER INSERT ON registry_product_search_document BEGIN
        {_INDEX_INSERT}
    END""",
    ),
    _sqlite_trigger(
        "registry_product_search_document_update",
        f"""CREATE TRIGGER registry_product_search_document_update
    AFTER UPDATE OF {_list(_INDEXED)} ON registry_product_search_document WHEN {_changed(_INDEXED)} BEGIN
        {_INDEX_DELETE}
        {_INDEX_INSERT}
    END""",
    ),
    _sqlite_trigger(
        "registry_product_search_document_delete",
        f"""CREATE TRIGGER registry_product_search_document_delete AFTER DELETE ON registry_product_search_document BEGIN
        {_INDEX_DELETE}
    END""",
    ),
    # Producer and product set names.
    *(
        part
        for kind, table in (("producer", "registry_producer"), ("product_set", "registry_productset"))
        for part in (
            _sqlite_trigger(
                f"registry_product_search_{kind}_insert",
                f"""CREATE TRIGGER registry_product_search_{kind}_insert AFTER INSERT ON {table} BEGIN
        INSERT OR REPLACE INTO registry_product_search_label (kind, key, text)
        VALUES ('{kind}', new.id, {_fold("new.name")});
    END""",
            ),
            _sqlite_trigger(
                f"registry_product_search_{kind}_update",
                f"""CREATE TRIGGER registry_product_search_{kind}_update AFTER UPDATE OF name ON {table}
    WHEN old.name IS NOT new.name BEGIN
        INSERT OR REPLACE INTO registry_product_search_label (kind, key, text)
        VALUES ('{kind}', new.id, {_fold("new.name")});
        UPDATE registry_product_search_document SET {kind} = {_fold("new.name")} WHERE {kind}_id = new.id;
    END""",
            ),
            _sqlite_trigger(
                f"registry_product_search_{kind}_delete",
                f"""CREATE TRIGGER registry_product_search_{kind}_delete AFTER DELETE ON {table} BEGIN
        DELETE FROM registry_product_search_label WHERE kind = '{kind}' AND key = old.id;
    END""",
            ),
        )
    ),
    # Province names, current and legacy (units are loaded after migrations, so these fill the labels).
    _sqlite_trigger(
        "registry_product_search_province_insert",
        f"""CREATE TRIGGER registry_product_search_province_insert AFTER INSERT ON geo_administrativeunit
    WHEN new.level = 'province' BEGIN
        {_province_label("new")}
    END""",
    ),
    _sqlite_trigger(
        "registry_product_search_province_update",
        f"""CREATE TRIGGER registry_product_search_province_update AFTER UPDATE OF name ON geo_administrativeunit
    WHEN new.level = 'province' AND old.name IS NOT new.name BEGIN
        {_province_label("new")}
    END""",
    ),
    _sqlite_trigger(
        "registry_product_search_province_delete",
        """CREATE TRIGGER registry_product_search_province_delete AFTER DELETE ON geo_administrativeunit
    WHEN old.level = 'province' BEGIN
        DELETE FROM registry_product_search_label
        WHERE kind = CASE old.scheme WHEN 'current' THEN 'province' ELSE 'legacy_province' END AND key = old.code;
    END""",
    ),
    # Certificates: the rank and dates of each product's newest one.
    _sqlite_trigger(
        "registry_product_search_certificate_insert",
        f"""CREATE TRIGGER registry_product_search_certificate_insert AFTER INSERT ON registry_certificate BEGIN
        {_CERTIFICATE_ROW}
    END""",
    ),
    _sqlite_trigger(
        "registry_product_search_certificate_update",
        f"""CREATE TRIGGER registry_product_search_certificate_update
    AFTER UPDATE OF {_list(_CERTIFICATE_COLUMNS)} ON registry_certificate BEGIN
        {_CERTIFICATE_ROW}
        UPDATE registry_product_search_document
        SET ({_list(_CERTIFICATE_COLUMNS)}) = ({_list(_CERTIFICATE_COLUMNS, "new.")})
        WHERE certificate_id = new.id;
    END""",
    ),
    _sqlite_trigger(
        "registry_product_search_certificate_delete",
        """CREATE TRIGGER registry_product_search_certificate_delete AFTER DELETE ON registry_certificate BEGIN
        DELETE FROM registry_product_search_certificate WHERE id = old.id;
        DELETE FROM registry_product_search_document WHERE certificate_id = old.id;
    END""",
    ),
)

_DOCUMENT_TRIGGERS = tuple(
    part
    for part in SQLITE_PARTS
    if part.kind == "trigger" and part.name.startswith("registry_product_search_document_")
)
SQLITE_REBUILD = (
    "DELETE FROM registry_product_search_label",
    f"""INSERT INTO registry_product_search_label (kind, key, text)
        SELECT 'producer', id, {_fold("name")} FROM registry_producer""",
    f"""INSERT INTO registry_product_search_label (kind, key, text)
        SELECT 'product_set', id, {_fold("name")} FROM registry_productset""",
    f"""INSERT INTO registry_product_search_label (kind, key, text)
        SELECT CASE scheme WHEN 'current' THEN 'province' ELSE 'legacy_province' END, code,
               {_fold(_province_short_name("name"))}
        FROM geo_administrativeunit WHERE level = 'province'""",
    "DELETE FROM registry_product_search_certificate",
    f"""INSERT INTO registry_product_search_certificate (id, {_list(_CERTIFICATE_COLUMNS)})
        SELECT id, {_list(_CERTIFICATE_COLUMNS)} FROM registry_certificate""",
    "DELETE FROM registry_product_search_document",
    f"""INSERT INTO registry_product_search_document (id, {_list(_DOCUMENT_COLUMNS)})
        SELECT p.id, {_document_values("p")} FROM registry_product p
        WHERE p.latest_certificate_id IS NOT NULL""",
    "INSERT INTO registry_product_search (registry_product_search) VALUES ('rebuild')",
)


# --- PostgreSQL

# Hyphens become spaces: PostgreSQL's parser reads "51-21025-0007-2025" as 51, -21025, -0007, -2025.
_POSTGRESQL_DOCUMENT = """
        setweight(to_tsvector('pg_catalog.simple', ocop_unaccent(translate(p.name || ' ' || p.code, '-', ' '))), 'A')
        || setweight(to_tsvector('pg_catalog.simple', ocop_unaccent(coalesce(producer.name, ''))), 'B')
        || setweight(to_tsvector('pg_catalog.simple', ocop_unaccent(coalesce(product_set.name, ''))), 'C')
        || setweight(to_tsvector('pg_catalog.simple', ocop_unaccent(
               regexp_replace(coalesce(province.name, ''), '^(Tỉnh|Thành phố) ', '') || ' '
               || regexp_replace(coalesce(legacy_province.name, ''), '^(Tỉnh|Thành phố) ', ''))), 'D')
"""
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
    "p.name, ' ' || p.search_name || ' ', p.sector, p.product_set_id, p.province_code, p.legacy_province_code, "
    "p.latest_certificate_id, c.stars, c.potential_five_star, c.decision_date, c.valid_until, c.revoked_on"
)
_POSTGRESQL_NAMES = ", ".join(column for column, _ in _POSTGRESQL_COLUMNS)

# The row and its words for each product of product_ids: every trigger below comes down to this.
_REFRESH = f"""
        INSERT INTO registry_product_search (product_id, document, name_folded, {_POSTGRESQL_NAMES})
        SELECT p.id, {_POSTGRESQL_DOCUMENT}, ocop_unaccent(p.name), {_POSTGRESQL_VALUES}
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
            {", ".join(f"{column} = EXCLUDED.{column}" for column, _ in _POSTGRESQL_COLUMNS)};
        INSERT INTO registry_product_search_word (word)
        SELECT DISTINCT entry.lexeme FROM registry_product_search d, unnest(d.document) AS entry
        WHERE d.product_id = ANY (product_ids) AND entry.lexeme ~ '^[a-z]+$'
        ON CONFLICT DO NOTHING;
        """


def _refresh_of(products: str) -> str:
    """The body of a trigger function that refreshes the products ``products`` selects."""
    return f"""
        BEGIN
            PERFORM registry_product_search_refresh(ARRAY(
                {products}
            ));
            RETURN NULL;
        END """


def _function(name: str, arguments: str, returns: str, language: str, body: str) -> Part:
    # pg_proc.prosrc holds the body exactly as written: comparing it says whether the function is current.
    statement = (
        f"CREATE OR REPLACE FUNCTION {name}({arguments}) RETURNS {returns} LANGUAGE {language} AS $${body}$$"
    )
    return Part("function", name, (statement,), definition=body)


@dataclass(frozen=True)
class _PostgresqlTrigger:
    """What pg_trigger holds of a statement-level AFTER trigger, compared field by field."""

    table: str
    event: str  # INSERT or UPDATE
    function: str
    old_table: str | None
    new_table: str | None


def _trigger(name: str, table: str, event: str, function: str) -> Part:
    old_table = "old_rows" if event == "UPDATE" else None
    new_table = (
        "new_rows" if event == "UPDATE" else "inserted_rows" if table == "registry_product" else "new_rows"
    )
    references = " ".join(
        f"{which} TABLE AS {alias}" for which, alias in (("OLD", old_table), ("NEW", new_table)) if alias
    )
    return Part(
        "trigger",
        name,
        (
            f"DROP TRIGGER IF EXISTS {name} ON {table}",
            f"""CREATE TRIGGER {name} AFTER {event} ON {table} REFERENCING {references}
            FOR EACH STATEMENT EXECUTE FUNCTION {function}()""",
        ),
        definition=_PostgresqlTrigger(table, event, function, old_table, new_table),
    )


def _postgresql_parts(*, unaccent_schema: str, trigram_schema: str) -> tuple[Part, ...]:
    unaccent = f"{unaccent_schema}.unaccent"
    after_province = """SELECT p.id FROM registry_product p JOIN new_rows n ON n.level = 'province' AND (
                    (n.scheme = 'current' AND p.province_code = n.code)
                    OR (n.scheme = 'legacy' AND p.legacy_province_code = n.code))"""
    return (
        Part("extension", "unaccent", ("CREATE EXTENSION IF NOT EXISTS unaccent",)),
        Part("extension", "pg_trgm", ("CREATE EXTENSION IF NOT EXISTS pg_trgm",)),
        # unaccent() is STABLE (its dictionary could change), so it cannot feed an index; naming the
        # dictionary makes the result depend on the input alone. unaccent.rules maps đ/Đ to d/D.
        _function(
            "ocop_unaccent",
            "text",
            "text",
            "sql IMMUTABLE PARALLEL SAFE STRICT",
            f" SELECT lower({unaccent}('{unaccent}'::regdictionary, $1)) ",
        ),
        Part(
            "table",
            "registry_product_search",
            (
                f"""CREATE TABLE registry_product_search (
            product_id bigint PRIMARY KEY REFERENCES registry_product (id) ON DELETE CASCADE,
            document tsvector NOT NULL,
            name_folded text NOT NULL,
            {", ".join(f"{column} {definition}" for column, definition in _POSTGRESQL_COLUMNS)}
        )""",
            ),
        ),
        Part(
            "index",
            "registry_product_search_document",
            (
                "CREATE INDEX registry_product_search_document ON registry_product_search USING gin (document)",
            ),
        ),
        *(
            Part(
                "index",
                f"registry_product_search_{name}",
                (
                    f"""CREATE INDEX registry_product_search_{name} ON registry_product_search ({columns})
        WHERE certificate_id IS NOT NULL""",
                ),
            )
            for name, columns in (
                ("decided", "decision_date, product_id"),
                ("province", "province_code"),
                ("legacy_province", "legacy_province_code"),
            )
        ),
        # Byte order (COLLATE "C"), so that words beginning with "phe" are the range "phe" to "phe\uffff".
        Part(
            "table",
            "registry_product_search_word",
            ('CREATE TABLE registry_product_search_word (word text COLLATE "C" PRIMARY KEY)',),
        ),
        Part(
            "index",
            "registry_product_search_word_trigram",
            (
                f"""CREATE INDEX registry_product_search_word_trigram ON registry_product_search_word
            USING gin (word {trigram_schema}.gin_trgm_ops)""",
            ),
        ),
        _function("registry_product_search_refresh", "product_ids bigint[]", "void", "sql", _REFRESH),
        _function(
            "registry_product_search_after_product_insert",
            "",
            "trigger",
            "plpgsql",
            _refresh_of("SELECT id FROM inserted_rows"),
        ),
        _function(
            "registry_product_search_after_product_update",
            "",
            "trigger",
            "plpgsql",
            _refresh_of(
                f"""SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id
                WHERE ({_list(_PRODUCT_COLUMNS, "n.")})
                    IS DISTINCT FROM ({_list(_PRODUCT_COLUMNS, "o.")})"""
            ),
        ),
        *(
            _function(
                f"registry_product_search_after_{kind}_update",
                "",
                "trigger",
                "plpgsql",
                _refresh_of(
                    f"""SELECT p.id FROM registry_product p
                JOIN new_rows n ON n.id = p.{kind}_id JOIN old_rows o ON o.id = n.id
                WHERE n.name IS DISTINCT FROM o.name"""
                ),
            )
            for kind in ("producer", "product_set")
        ),
        _function(
            "registry_product_search_after_province_change",
            "",
            "trigger",
            "plpgsql",
            _refresh_of(after_province),
        ),
        _function(
            "registry_product_search_after_province_rename",
            "",
            "trigger",
            "plpgsql",
            _refresh_of(f"""{after_province}
                JOIN old_rows o ON o.id = n.id WHERE n.name IS DISTINCT FROM o.name"""),
        ),
        _function(
            "registry_product_search_after_certificate_update",
            "",
            "trigger",
            "plpgsql",
            _refresh_of(
                f"""SELECT p.id FROM registry_product p
                JOIN new_rows n ON n.id = p.latest_certificate_id JOIN old_rows o ON o.id = n.id
                WHERE ({_list(_CERTIFICATE_COLUMNS, "n.")})
                    IS DISTINCT FROM ({_list(_CERTIFICATE_COLUMNS, "o.")})"""
            ),
        ),
        # A certificate inserted or deleted reaches the index through the product's latest_certificate_id.
        _trigger(
            "registry_product_search_product_insert",
            "registry_product",
            "INSERT",
            "registry_product_search_after_product_insert",
        ),
        _trigger(
            "registry_product_search_product_update",
            "registry_product",
            "UPDATE",
            "registry_product_search_after_product_update",
        ),
        _trigger(
            "registry_product_search_producer_update",
            "registry_producer",
            "UPDATE",
            "registry_product_search_after_producer_update",
        ),
        _trigger(
            "registry_product_search_product_set_update",
            "registry_productset",
            "UPDATE",
            "registry_product_search_after_product_set_update",
        ),
        _trigger(
            "registry_product_search_province_insert",
            "geo_administrativeunit",
            "INSERT",
            "registry_product_search_after_province_change",
        ),
        _trigger(
            "registry_product_search_province_update",
            "geo_administrativeunit",
            "UPDATE",
            "registry_product_search_after_province_rename",
        ),
        _trigger(
            "registry_product_search_certificate_update",
            "registry_certificate",
            "UPDATE",
            "registry_product_search_after_certificate_update",
        ),
    )


POSTGRESQL_REBUILD = (
    "DELETE FROM registry_product_search",
    "DELETE FROM registry_product_search_word",
    "SELECT registry_product_search_refresh(ARRAY(SELECT id FROM registry_product))",
    "ANALYZE registry_product_search",
)


# --- Both engines


def _extension_schema(cursor: CursorWrapper, extension: str) -> str:
    # The schema an extension went to, or where CREATE EXTENSION will put it: the first of search_path.
    cursor.execute(
        "SELECT extnamespace::regnamespace::text FROM pg_extension WHERE extname = %s", [extension]
    )
    row = cursor.fetchone()
    if row is None:
        cursor.execute("SELECT current_schema()")
        row = cursor.fetchone()
    return str(row[0])


def parts(connection: BaseDatabaseWrapper) -> tuple[Part, ...]:
    """Every object of the index on ``connection``'s engine, in the order they are made."""
    if connection.vendor == "sqlite":
        return SQLITE_PARTS
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            return _postgresql_parts(
                unaccent_schema=_extension_schema(cursor, "unaccent"),
                trigram_schema=_extension_schema(cursor, "pg_trgm"),
            )
    raise NotImplementedError(f"no product search for {connection.vendor}: SQLite and PostgreSQL only")


def _installed_sqlite(cursor: CursorWrapper) -> dict[tuple[str, str], object]:
    cursor.execute(
        "SELECT type, name, sql FROM sqlite_master WHERE name LIKE %s", ["registry_product_search%"]
    )
    return {(kind, name): sql for kind, name, sql in cursor.fetchall()}


def _installed_postgresql(cursor: CursorWrapper) -> dict[tuple[str, str], object]:
    installed: dict[tuple[str, str], object] = {}
    cursor.execute("SELECT extname FROM pg_extension WHERE extname IN ('unaccent', 'pg_trgm')")
    installed.update((("extension", name), None) for (name,) in cursor.fetchall())
    # Tables and indexes of the schemas on the search path, as an unqualified name finds them.
    cursor.execute(
        "SELECT CASE relkind WHEN 'i' THEN 'index' ELSE 'table' END, relname FROM pg_class "
        "WHERE relname LIKE %s AND relkind IN ('r', 'i', 'p') AND pg_table_is_visible(oid)",
        ["registry_product_search%"],
    )
    installed.update(((kind, name), None) for kind, name in cursor.fetchall())
    cursor.execute(
        "SELECT proname, prosrc FROM pg_proc WHERE (proname = 'ocop_unaccent' OR proname LIKE %s) "
        "AND pg_function_is_visible(oid)",
        ["registry_product_search%"],
    )
    installed.update((("function", name), body) for name, body in cursor.fetchall())
    # tgtype: bit 0 a row trigger, bit 1 BEFORE, bit 2 INSERT, bit 4 UPDATE.
    cursor.execute(
        """SELECT t.tgname, c.relname, t.tgtype, p.proname, t.tgoldtable, t.tgnewtable
        FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_proc p ON p.oid = t.tgfoid
        WHERE t.tgname LIKE %s AND pg_table_is_visible(c.oid)""",
        ["registry_product_search%"],
    )
    for name, table, kind, function, old_table, new_table in cursor.fetchall():
        event = {4: "INSERT", 16: "UPDATE"}.get(kind, f"tgtype {kind}")
        installed["trigger", name] = _PostgresqlTrigger(table, event, function, old_table, new_table)
    return installed


def _installed(connection: BaseDatabaseWrapper) -> dict[tuple[str, str], object]:
    """What the database holds of the index: (kind, name) → its definition where ``Part`` compares one."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            return _installed_sqlite(cursor)
        return _installed_postgresql(cursor)


def compare(connection: BaseDatabaseWrapper) -> tuple[list[Part], list[Part]]:
    """The objects of the index ``connection``'s database lacks, and those it holds in another definition."""
    return _compare(connection, parts(connection))


def _compare(connection: BaseDatabaseWrapper, every: tuple[Part, ...]) -> tuple[list[Part], list[Part]]:
    installed = _installed(connection)
    lacking = [part for part in every if (part.kind, part.name) not in installed]
    differing = [
        part
        for part in every
        if (part.kind, part.name) in installed
        and part.definition is not None
        and installed[part.kind, part.name] != part.definition
    ]
    return lacking, differing


def is_migrated(connection: BaseDatabaseWrapper) -> bool:
    """Whether every migration of the registry is applied on ``connection``: only then are the tables as
    the definitions here expect them (before, or while migrating back, the migrations' own SQL holds)."""
    recorder = MigrationRecorder(connection)
    if not recorder.has_table():
        return False
    migrations = Path(apps.get_app_config("registry").path) / "migrations"
    on_disk = {module.name for module in pkgutil.iter_modules([str(migrations)])}
    applied = {name for app, name in recorder.applied_migrations() if app == "registry"}
    return on_disk <= applied


def install(connection: BaseDatabaseWrapper) -> list[str]:
    """Make the index on ``connection`` what this module defines: create what is missing, replace what
    differs, and refill the index from the tables if anything was made (writes made without the triggers
    never reached it). Returns what it made ("trigger registry_product_search_product_insert", …):
    nothing when the index was current, so running it again changes nothing."""
    with transaction.atomic(using=connection.alias):
        every = parts(connection)
        lacking, differing = _compare(connection, every)
        made = [part for part in every if part in lacking or part in differing]
        with connection.cursor() as cursor:
            for part in made:
                for statement in part.statements:
                    cursor.execute(statement)
        if made:
            rebuild(connection)
    return [part.label for part in made]


def rebuild(connection: BaseDatabaseWrapper) -> None:
    """Refill the index on ``connection`` from the tables (seconds at 100,000 products)."""
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            # The documents are written again without the triggers that pass each one to the FTS5 index,
            # which may not hold them (made anew, or left behind by writes it missed): FTS5 reports a
            # malformed index when asked to delete a row it does not hold. 'rebuild' indexes them all.
            for part in _DOCUMENT_TRIGGERS:
                cursor.execute(f"DROP TRIGGER IF EXISTS {part.name}")
            for statement in SQLITE_REBUILD:
                cursor.execute(statement)
            for part in _DOCUMENT_TRIGGERS:
                for statement in part.statements:
                    cursor.execute(statement)
        else:
            for statement in POSTGRESQL_REBUILD:
                cursor.execute(statement)
