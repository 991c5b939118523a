# ruff: noqa: S608, E501 — SQL put together from this module's constants only, in lines as SQL reads.
"""The search index on PostgreSQL: a table of weighted tsvectors refreshed by statement-level triggers.

``registry_product_search`` holds a weighted ``tsvector`` (``simple`` configuration over
``ocop_unaccent``, an IMMUTABLE wrapper of ``unaccent``) with two GIN indexes (``RESTRICTED_DOCUMENT``
says why) and the columns the catalogue filters and sorts by, filled by ``registry_product_search_refresh``, which also adds each indexed word to
``registry_product_search_word`` (trigram-indexed, where near spellings are looked up). Statement-level
triggers with transition tables call it, so a bulk insert of 100,000 products refreshes the index in one
statement, not 100,000.
"""

from dataclasses import dataclass

from django.db.backends.utils import CursorWrapper

from ocop.registry.search_index.definition import CERTIFICATE_COLUMNS, PRODUCT_COLUMNS, Part, column_list

# Hyphens become spaces: PostgreSQL's parser reads "51-21025-0007-2025" as 51, -21025, -0007, -2025.
_DOCUMENT = """
        setweight(to_tsvector('pg_catalog.simple', ocop_unaccent(translate(p.name || ' ' || p.code, '-', ' '))), 'A')
        || setweight(to_tsvector('pg_catalog.simple', ocop_unaccent(coalesce(producer.name, ''))), 'B')
        || setweight(to_tsvector('pg_catalog.simple', ocop_unaccent(coalesce(product_set.name, ''))), 'C')
        || setweight(to_tsvector('pg_catalog.simple', ocop_unaccent(
               regexp_replace(coalesce(province.name, ''), '^(Tỉnh|Thành phố) ', '') || ' '
               || regexp_replace(coalesce(legacy_province.name, ''), '^(Tỉnh|Thành phố) ', ''))), 'D')
"""
# Where every stage but ``everywhere`` looks: the words of name and code (A), producer (B) and provinces (D),
# stripped of their weights and positions, with a GIN index of its own. GIN keeps words only: a weighted
# query (``'gao':*ABD`` on ``document``) had each matching row's tsvector read and checked again, and for a
# word of product set names too, that was every product of the set ("gao": 13,800 rows read to keep 5,700,
# 15 → 8 ms; "tra" 27 → 24 ms). Without weights the index answers alone.
RESTRICTED_DOCUMENT = "strip(ts_filter(document, '{a,b,d}'))"
_COLUMNS = (
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
_VALUES = (
    "p.name, ' ' || p.search_name || ' ', p.sector, p.product_set_id, p.province_code, p.legacy_province_code, "
    "p.latest_certificate_id, c.stars, c.potential_five_star, c.decision_date, c.valid_until, c.revoked_on"
)
_NAMES = ", ".join(column for column, _ in _COLUMNS)

# The row and its words for each product of product_ids: every trigger below comes down to this.
_REFRESH = f"""
        INSERT INTO registry_product_search (product_id, document, name_folded, {_NAMES})
        SELECT p.id, {_DOCUMENT}, ocop_unaccent(p.name), {_VALUES}
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
            {", ".join(f"{column} = EXCLUDED.{column}" for column, _ in _COLUMNS)};
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
class Trigger:
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
        definition=Trigger(table, event, function, old_table, new_table),
    )


def _parts(*, unaccent_schema: str, trigram_schema: str) -> tuple[Part, ...]:
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
            {", ".join(f"{column} {definition}" for column, definition in _COLUMNS)}
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
        Part(
            "index",
            "registry_product_search_restricted_document",
            (
                "CREATE INDEX registry_product_search_restricted_document ON registry_product_search "
                f"USING gin (({RESTRICTED_DOCUMENT}))",
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
                WHERE ({column_list(PRODUCT_COLUMNS, "n.")})
                    IS DISTINCT FROM ({column_list(PRODUCT_COLUMNS, "o.")})"""
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
                WHERE ({column_list(CERTIFICATE_COLUMNS, "n.")})
                    IS DISTINCT FROM ({column_list(CERTIFICATE_COLUMNS, "o.")})"""
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


REBUILD = (
    "DELETE FROM registry_product_search",
    "DELETE FROM registry_product_search_word",
    "SELECT registry_product_search_refresh(ARRAY(SELECT id FROM registry_product))",
    # Rows written in bulk wait in the GIN index's pending list, which every search then reads through
    # until a vacuum merges it (after a rebuild at 100,000 products: 12 instead of 9 ms of the database's
    # time per search request); merged here, the refilled index is fast at once.
    "SELECT gin_clean_pending_list('registry_product_search_document')",
    "SELECT gin_clean_pending_list('registry_product_search_restricted_document')",
    "ANALYZE registry_product_search",
)


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


def parts(cursor: CursorWrapper) -> tuple[Part, ...]:
    """Every object of the index, in the order they are made, for the schemas the extensions are in."""
    return _parts(
        unaccent_schema=_extension_schema(cursor, "unaccent"),
        trigram_schema=_extension_schema(cursor, "pg_trgm"),
    )


def installed(cursor: CursorWrapper) -> dict[tuple[str, str], object]:
    """What the database holds of the index: (kind, name) → what ``Part.definition`` is compared with."""
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
        installed["trigger", name] = Trigger(table, event, function, old_table, new_table)
    return installed


def rebuild(cursor: CursorWrapper) -> None:
    for statement in REBUILD:
        cursor.execute(statement)
