# ruff: noqa: S608, E501 — SQL put together from this module's constants only, in lines as SQL reads.
"""The search index on SQLite: FTS5 over a table of documents, kept by triggers that read only their own table.

An FTS5 table ``registry_product_search`` (options ``INDEX_TOKENIZER``, prefix indexes for
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
"""

from django.db.backends.utils import CursorWrapper

from ocop.registry.search_index.definition import (
    CERTIFICATE_COLUMNS,
    DOCUMENT_COLUMNS,
    INDEXED,
    PRODUCT_COLUMNS,
    Part,
    changed,
    column_list,
)
from ocop.registry.tokenizer import INDEX_TOKENIZER


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
            *(_certificate(column, row) for column in CERTIFICATE_COLUMNS),
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
    f"INSERT OR REPLACE INTO registry_product_search_certificate (id, {column_list(CERTIFICATE_COLUMNS)})\n"
    f"        VALUES (new.id, {column_list(CERTIFICATE_COLUMNS, 'new.')});"
)
_INDEX_DELETE = (
    f"INSERT INTO registry_product_search (registry_product_search, rowid, {column_list(INDEXED)})\n"
    f"        VALUES ('delete', old.id, {column_list(INDEXED, 'old.')});"
)
_INDEX_INSERT = (
    f"INSERT INTO registry_product_search (rowid, {column_list(INDEXED)})\n"
    f"        VALUES (new.id, {column_list(INDEXED, 'new.')});"
)


def _sqlite_trigger(name: str, statement: str) -> Part:
    return Part("trigger", name, (f"DROP TRIGGER IF EXISTS {name}", statement), definition=statement)


def _sqlite_table(name: str, *statements: str) -> Part:
    return Part("table", name, statements)


def _sqlite_index(name: str, statement: str) -> Part:
    return Part("index", name, (statement,))


PARTS = (
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
        {column_list(INDEXED)},
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
        INSERT INTO registry_product_search_document (id, {column_list(DOCUMENT_COLUMNS)})
        SELECT new.id, {_document_values("new")} WHERE new.latest_certificate_id IS NOT NULL;
    END""",
    ),
    _sqlite_trigger(
        "registry_product_search_product_update",
        f"""CREATE TRIGGER registry_product_search_product_update
    AFTER UPDATE OF {column_list(PRODUCT_COLUMNS)} ON registry_product
    WHEN {changed(PRODUCT_COLUMNS)}
    BEGIN
        DELETE FROM registry_product_search_document
        WHERE id = new.id AND new.latest_certificate_id IS NULL;
        UPDATE registry_product_search_document
        SET ({column_list(DOCUMENT_COLUMNS)}) = ({_document_values("new")})
        WHERE id = new.id AND new.latest_certificate_id IS NOT NULL;
        INSERT INTO registry_product_search_document (id, {column_list(DOCUMENT_COLUMNS)})
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
    AFTER UPDATE OF {column_list(INDEXED)} ON registry_product_search_document WHEN {changed(INDEXED)} BEGIN
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
    AFTER UPDATE OF {column_list(CERTIFICATE_COLUMNS)} ON registry_certificate BEGIN
        {_CERTIFICATE_ROW}
        UPDATE registry_product_search_document
        SET ({column_list(CERTIFICATE_COLUMNS)}) = ({column_list(CERTIFICATE_COLUMNS, "new.")})
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

DOCUMENT_TRIGGERS = tuple(
    part
    for part in PARTS
    if part.kind == "trigger" and part.name.startswith("registry_product_search_document_")
)
REBUILD = (
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
    f"""INSERT INTO registry_product_search_certificate (id, {column_list(CERTIFICATE_COLUMNS)})
        SELECT id, {column_list(CERTIFICATE_COLUMNS)} FROM registry_certificate""",
    "DELETE FROM registry_product_search_document",
    f"""INSERT INTO registry_product_search_document (id, {column_list(DOCUMENT_COLUMNS)})
        SELECT p.id, {_document_values("p")} FROM registry_product p
        WHERE p.latest_certificate_id IS NOT NULL""",
    "INSERT INTO registry_product_search (registry_product_search) VALUES ('rebuild')",
)


def installed(cursor: CursorWrapper) -> dict[tuple[str, str], object]:
    """What the database holds of the index: (kind, name) → the statement that made it."""
    cursor.execute(
        "SELECT type, name, sql FROM sqlite_master WHERE name LIKE %s", ["registry_product_search%"]
    )
    return {(kind, name): sql for kind, name, sql in cursor.fetchall()}


def rebuild(cursor: CursorWrapper) -> None:
    # The documents are written again without the triggers that pass each one to the FTS5 index, which
    # may not hold them (made anew, or left behind by writes it missed): FTS5 reports a malformed index
    # when asked to delete a row it does not hold. 'rebuild' then indexes them all at once.
    for part in DOCUMENT_TRIGGERS:
        cursor.execute(f"DROP TRIGGER IF EXISTS {part.name}")
    for statement in REBUILD:
        cursor.execute(statement)
    for part in DOCUMENT_TRIGGERS:
        for statement in part.statements:
            cursor.execute(statement)
