"""System checks of the registry: the search index is complete on every database it is kept in."""

import contextvars
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from django.apps import AppConfig
from django.core.checks import CheckMessage, Error
from django.db import DatabaseError, connections, router

from ocop.registry import search_index

# Set while ``manage.py migrate`` runs its checks: the migrate that is about to put the index right must
# not be refused because the index is not right (see ocop/registry/management/commands/migrate.py).
_installing = contextvars.ContextVar("installing_search_index", default=False)


@contextmanager
def search_index_installing() -> Iterator[None]:
    token = _installing.set(True)
    try:
        yield
    finally:
        _installing.reset(token)


def check_search_index(
    *, app_configs: Sequence[AppConfig] | None = None, databases: Sequence[str] | None = None, **kwargs: Any
) -> list[CheckMessage]:
    """One error per database whose search index lacks a table, function or trigger, or holds one that
    differs from ``ocop.registry.search_index``: writes made without them never reach search, and nothing
    else would say so. Three to five catalogue queries a database."""
    if _installing.get() or (app_configs is not None and not any(c.label == "registry" for c in app_configs)):
        return []
    errors: list[CheckMessage] = []
    for alias in databases or []:
        if not router.allow_migrate(alias, "registry"):
            continue
        connection = connections[alias]
        try:
            # A database not created or not migrated yet: the migrate that finishes it installs the index.
            if not search_index.is_migrated(connection):
                continue
            lacking, differing = search_index.compare(connection)
        except DatabaseError:
            continue  # a database that cannot be reached is not this check's to report
        if lacking or differing:
            problems = []
            if lacking:
                problems.append("lacks " + ", ".join(part.label for part in lacking))
            if differing:
                problems.append("holds an outdated " + ", ".join(part.label for part in differing))
            errors.append(
                Error(
                    f"The product search index {' and '.join(problems)}: "
                    "products written meanwhile may be missing from search.",
                    hint="Run `manage.py migrate`, which installs the index as ocop.registry.search_index "
                    "defines it and refills it.",
                    obj=f"database '{alias}'",
                    id="registry.E001",
                )
            )
    return errors
