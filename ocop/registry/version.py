"""The registry's version: one cheap query whose answer changes whenever the registry does.

Whatever is derived from the whole registry is built once per version and kept until it moves: the
registry snapshot (``ocop.registry.snapshot``) with the statistics and supplier rankings answered from it,
the open-data files (``ocop.registry.api``), the sitemap's ETag (``ocop.portal``).
"""

from typing import Any

from django.db import connection

from ocop.core.models import AuditEvent
from ocop.registry.models import Certificate, Producer, Product, StandingDay


def registry_version() -> tuple[Any, ...]:
    """Changes whenever the registry does, in one cheap query (four index look-ups).

    Every change to producers, products and certificates writes an audit event in its transaction (the
    services, the recognitions import, the admin), so the newest event's id moves with them; the newest ids
    of certificates and products also catch rows written in bulk without one (benchmarks, tests). Nothing
    deletes a producer, product or certificate (the services have no such step and the admin refuses), so
    no count is asked: counting 200,000 certificates cost PostgreSQL 30 ms on every request that asks the
    version. A day that moves products onto a certificate whose day has come writes no event (nobody
    decided anything): ``StandingDay.moves`` counts those (``ocop.registry.standing``).
    """
    tables = [model._meta.db_table for model in (AuditEvent, Certificate, Product, Producer)]
    parts = [f"(SELECT MAX(id) FROM {table})" for table in tables]  # noqa: S608 - names from the models
    parts.append(f"(SELECT MAX(moves) FROM {StandingDay._meta.db_table})")  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts))
        row = cursor.fetchone()
    return (connection.alias, *row) if row else (connection.alias,)
