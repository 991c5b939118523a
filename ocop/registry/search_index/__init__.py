"""The product search index of both engines as it is now: its tables, SQL functions and triggers.

Every writer (the services, the bulk recognitions import, the admin, raw SQL) changes products through
the tables, so the index is kept by the database itself, not by Python code a writer could forget to
call. Migrations 0003 to 0007 built it step by step and stay as they ran; this package is what the index
must be today (``sqlite`` and ``postgresql``, built from the words of ``definition``). ``install()`` runs
after every ``migrate`` (``RegistryConfig.ready``): it creates what is missing, replaces what differs, and
refills the index when it did either (writes made meanwhile never reached it); ``check_search_index``
(``ocop.registry.checks``) reports what is missing or differs. A migration changes tables and back-fills
their data; it never writes trigger or function SQL.

Tables and indexes are created when missing; changing the columns of one that exists is a migration's
work, as 0004 did.
"""

import pkgutil
from pathlib import Path

from django.apps import apps
from django.db import transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.migrations.recorder import MigrationRecorder

from ocop.registry.search_index import postgresql, sqlite
from ocop.registry.search_index.definition import Part

__all__ = ["Part", "compare", "install", "installed", "is_migrated", "parts", "rebuild"]


def parts(connection: BaseDatabaseWrapper) -> tuple[Part, ...]:
    """Every object of the index on ``connection``'s engine, in the order they are made."""
    if connection.vendor == "sqlite":
        return sqlite.PARTS
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            return postgresql.parts(cursor)
    raise NotImplementedError(f"no product search for {connection.vendor}: SQLite and PostgreSQL only")


def installed(connection: BaseDatabaseWrapper) -> dict[tuple[str, str], object]:
    """What the database holds of the index: (kind, name) → its definition where ``Part`` compares one."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            return sqlite.installed(cursor)
        return postgresql.installed(cursor)


def compare(connection: BaseDatabaseWrapper) -> tuple[list[Part], list[Part]]:
    """The objects of the index ``connection``'s database lacks, and those it holds in another definition."""
    return _compare(connection, parts(connection))


def _compare(connection: BaseDatabaseWrapper, every: tuple[Part, ...]) -> tuple[list[Part], list[Part]]:
    held = installed(connection)
    lacking = [part for part in every if (part.kind, part.name) not in held]
    differing = [
        part
        for part in every
        if (part.kind, part.name) in held
        and part.definition is not None
        and held[part.kind, part.name] != part.definition
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
    """Make the index on ``connection`` what this package defines: create what is missing, replace what
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
            sqlite.rebuild(cursor)
        else:
            postgresql.rebuild(cursor)
