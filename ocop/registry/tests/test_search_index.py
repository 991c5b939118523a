"""The search index keeps itself: one definition, installed after every migrate, checked by `check`."""

import datetime
import re
from typing import Any

import pytest
from django.core.checks import Error
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder

from ocop.core.tests.test_settings import run_in_project
from ocop.registry import search_index
from ocop.registry.checks import check_search_index
from ocop.registry.models import Product
from ocop.registry.search import ProductFilters, product_search
from ocop.registry.services import product_update
from ocop.registry.tests.factories import make_certificate, make_product
from ocop.registry.tokenizer import INDEX_TOKENIZER

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 6, 1)
HINT = (
    "Run `manage.py migrate`, which installs the index as ocop.registry.search_index defines it "
    "and refills it."
)


def _parts(kind: str) -> list[search_index.Part]:
    return [part for part in search_index.parts(connection) if part.kind == kind]


def ids(q: str) -> list[int]:
    return product_search(q=q, filters=ProductFilters(), today=TODAY, limit=100).ids


def names(q: str) -> list[str]:
    by_id = Product.objects.in_bulk(found := ids(q))
    return [by_id[pk].name for pk in found]


def certified(name: str, **fields: Any) -> Product:
    product = make_product(name=name, **fields)
    make_certificate(product, stars=4, decision_date=datetime.date(2025, 9, 1))
    return product


def _drop_trigger(part: search_index.Part) -> None:
    with connection.cursor() as cursor:
        # The part's own first statement is its DROP TRIGGER IF EXISTS, on the right table for PostgreSQL.
        assert part.statements[0].startswith("DROP TRIGGER IF EXISTS")
        cursor.execute(part.statements[0])


def _error(problem: str) -> Error:
    return Error(
        f"The product search index {problem}: products written meanwhile may be missing from search.",
        hint=HINT,
        obj="database 'default'",
        id="registry.E001",
    )


def _definitions() -> dict[tuple[str, str], object]:
    return search_index.installed(connection)


def test_a_migrated_database_holds_the_index_as_defined():
    assert search_index.compare(connection) == ([], [])
    assert check_search_index(databases=["default"]) == []
    assert search_index.install(connection) == []


def _trigger_names() -> list[str]:
    # Collected at import, before a test has a database: the engine's vendor alone decides the list.
    from django.db import connection as default

    if default.vendor == "sqlite":
        parts = search_index.sqlite.PARTS
    else:
        parts = search_index.postgresql._parts(unaccent_schema="public", trigram_schema="public")
    return [part.name for part in parts if part.kind == "trigger"]


@pytest.mark.parametrize("name", _trigger_names())
def test_the_check_names_each_trigger_dropped_by_hand(name):
    (part,) = [part for part in _parts("trigger") if part.name == name]
    _drop_trigger(part)
    assert check_search_index(databases=["default"]) == [_error(f"lacks trigger {name}")]
    assert search_index.compare(connection) == ([part], [])


def test_the_check_names_every_missing_object_and_one_with_another_definition():
    insert, update = _parts("trigger")[:2]
    _drop_trigger(insert)
    _drop_trigger(update)
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            # Same name and table, another body: the index would miss renamed products.
            cursor.execute(
                f"CREATE TRIGGER {update.name} AFTER UPDATE OF code ON registry_product BEGIN SELECT 1; END"
            )
            refresh = None
        else:
            cursor.execute(f"DROP FUNCTION {_parts('function')[1].name}(bigint[])")
            refresh = _parts("function")[1]
            cursor.execute(
                f"CREATE TRIGGER {update.name} AFTER INSERT ON registry_product "
                "FOR EACH STATEMENT EXECUTE FUNCTION registry_product_search_after_product_update()"
            )
    lacking = f"function {refresh.name}, trigger {insert.name}" if refresh else f"trigger {insert.name}"
    assert check_search_index(databases=["default"]) == [
        _error(f"lacks {lacking} and holds an outdated trigger {update.name}")
    ]
    with pytest.raises(
        SystemCheckError, match=re.escape(f"(registry.E001) The product search index lacks {lacking}")
    ):
        call_command("check")


def test_migrate_puts_a_dropped_trigger_back_and_refills_what_was_written_without_it():
    written_before = certified("Cà phê bột Sông Trà")
    for part in _parts("trigger"):
        _drop_trigger(part)
    written_meanwhile = certified("Cà phê hạt Arabica")
    product_update(acting_user=None, product=written_before, name="Cà phê rang xay Sông Trà")
    # The index has seen neither write: the old name is found, the new one and the new product are not.
    assert ids("ca phe bot") == [written_before.pk]
    assert ids("rang xay") == []

    call_command("migrate", verbosity=0)

    assert check_search_index(databases=["default"]) == []
    assert search_index.compare(connection) == ([], [])
    assert names("ca phe") == ["Cà phê hạt Arabica", "Cà phê rang xay Sông Trà"]
    # And the triggers follow writes again.
    product_update(acting_user=None, product=written_meanwhile, name="Trà xanh Thái Nguyên")
    certified("Cà phê sữa đá")
    assert names("ca phe") == ["Cà phê sữa đá", "Cà phê rang xay Sông Trà"]
    assert names("tra xanh") == ["Trà xanh Thái Nguyên"]


def test_manage_py_migrate_runs_although_its_checks_would_find_the_trigger_missing():
    (part, *_) = _parts("trigger")
    _drop_trigger(part)
    with pytest.raises(SystemCheckError):
        call_command("check")
    # As `manage.py migrate` runs it: system checks first (call_command skips them unless told).
    call_command("migrate", verbosity=0, skip_checks=False)
    call_command("check", verbosity=0)
    assert search_index.compare(connection) == ([], [])


def test_install_makes_what_is_missing_once_and_then_changes_nothing():
    certified("Nước mắm Phú Quốc")
    triggers = _parts("trigger")
    for part in triggers[:3]:
        _drop_trigger(part)

    assert search_index.install(connection) == [f"trigger {part.name}" for part in triggers[:3]]
    after_first = _definitions()
    assert search_index.install(connection) == []
    assert _definitions() == after_first
    assert names("nuoc mam") == ["Nước mắm Phú Quốc"]


@pytest.mark.skipif("connection.vendor != 'sqlite'")
def test_install_makes_the_sqlite_index_again_with_the_tokenizer_the_queries_are_cut_with():
    certified("Mật ong rừng U Minh")
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE registry_product_search_vocabulary")
        cursor.execute("DROP TABLE registry_product_search")
    assert check_search_index(databases=["default"]) == [
        _error("lacks table registry_product_search, table registry_product_search_vocabulary")
    ]

    assert search_index.install(connection) == [
        "table registry_product_search",
        "table registry_product_search_vocabulary",
    ]

    with connection.cursor() as cursor:
        cursor.execute("SELECT sql FROM sqlite_master WHERE name = 'registry_product_search'")
        (statement,) = cursor.fetchone()
        cursor.execute(
            "INSERT INTO registry_product_search (registry_product_search) VALUES ('integrity-check')"
        )
    options = re.search(r"tokenize\s*=\s*'([^']*)'", statement)
    assert options is not None, statement
    assert options.group(1) == INDEX_TOKENIZER
    assert names("mat ong") == ["Mật ong rừng U Minh"]


@pytest.mark.skipif("connection.vendor != 'postgresql'")
def test_install_makes_the_postgresql_word_table_again_and_refills_it():
    certified("Phở khô Nam Định")
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE registry_product_search_word")
    assert check_search_index(databases=["default"]) == [
        _error("lacks table registry_product_search_word, index registry_product_search_word_trigram")
    ]

    assert search_index.install(connection) == [
        "table registry_product_search_word",
        "index registry_product_search_word_trigram",
    ]

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT word FROM registry_product_search_word WHERE word IN ('pho', 'kho') ORDER BY word"
        )
        assert cursor.fetchall() == [("kho",), ("pho",)]
    assert names("pho kho") == ["Phở khô Nam Định"]


def test_rebuild_gives_the_same_results_as_the_triggers():
    for name in ("Cà phê bột Sông Trà", "Nước mắm Phú Quốc", "Trà xanh Thái Nguyên", "Bánh tráng Mỹ Lợi"):
        certified(name)
    queries = ("ca phe", "tra", "nuoc mam phu quoc", "banh", "phu", "x")
    before = {q: names(q) for q in queries}
    assert before["nuoc mam phu quoc"] == ["Nước mắm Phú Quốc"]
    # Names starting with the word, then holding it whole, then a word starting with it.
    assert before["tra"] == ["Trà xanh Thái Nguyên", "Cà phê bột Sông Trà", "Bánh tráng Mỹ Lợi"]
    with connection.cursor() as cursor:
        # What a lost index looks like: no product is found any more.
        table = (
            "registry_product_search_document" if connection.vendor == "sqlite" else "registry_product_search"
        )
        cursor.execute(f"DELETE FROM {table}")  # noqa: S608
    assert names("ca phe") == []

    search_index.rebuild(connection)

    assert {q: names(q) for q in queries} == before


@pytest.mark.skipif("connection.vendor != 'postgresql'")
def test_rebuild_leaves_no_rows_waiting_in_the_full_text_index():
    for name in ("Cà phê bột Sông Trà", "Nước mắm Phú Quốc"):
        certified(name)

    search_index.rebuild(connection)

    with connection.cursor() as cursor:
        # The number of pending-list pages merged into the index: none left by the rebuild.
        cursor.execute("SELECT gin_clean_pending_list('registry_product_search_document')")
        assert cursor.fetchone() == (0,)
    assert names("ca phe") == ["Cà phê bột Sông Trà"]


def test_the_check_is_silent_until_the_registry_is_migrated():
    (part, *_) = _parts("trigger")
    _drop_trigger(part)
    # As while migrating: the last registry migration not applied yet, which will install the index.
    recorder = MigrationRecorder(connection)
    last = max(name for app, name in recorder.applied_migrations() if app == "registry")
    recorder.record_unapplied("registry", last)
    assert check_search_index(databases=["default"]) == []
    assert search_index.is_migrated(connection) is False
    recorder.record_applied("registry", last)
    assert check_search_index(databases=["default"]) == [_error(f"lacks trigger {part.name}")]


def test_the_check_leaves_other_apps_alone(django_assert_num_queries):
    from django.apps import apps

    with django_assert_num_queries(0):
        assert check_search_index(app_configs=[apps.get_app_config("geo")], databases=["default"]) == []


@pytest.mark.parametrize(
    "database_url",
    [
        "sqlite:///{tmp_path}/not-migrated-yet.sqlite3",  # as `manage.py check` before the first migrate
        "postgres://nobody@127.0.0.1:1/unreachable",  # nothing listens on port 1
    ],
)
def test_manage_py_check_passes_on_a_database_not_migrated_or_not_reachable(database_url, tmp_path):
    # 2 to 4 s each: a Django process of its own, whose settings name the database.
    output = run_in_project(
        "manage.py",
        "check",
        environment={"DATABASE_URL": database_url.format(tmp_path=tmp_path), "OCOP_VAR_DIR": str(tmp_path)},
    )
    assert output == "System check identified no issues (0 silenced).\n"
