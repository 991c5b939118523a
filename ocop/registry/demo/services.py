"""Loading the demo registry: its rows through the recognitions import, then what the format does not carry.

The import is the published way in, so the demo exercises it at national scale. Descriptions, stories,
packaging, standards, the producers' addresses, representatives, flags and management certifications,
and revocation reasons have no column in the format: ``demo_enrich`` writes them in bulk afterwards, in
one transaction with one audit event, ``demo.load``, which is also how a second run knows the demo is in.
"""

import datetime
import hashlib
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, cast

from django.db import connection, models, transaction
from django.utils import timezone

from ocop.core.models import AuditEvent
from ocop.core.services import audit_record
from ocop.core.text import fold
from ocop.registry.demo import generator
from ocop.registry.demo.places import Places
from ocop.registry.importing import recognitions_import
from ocop.registry.importing.validation import RowError
from ocop.registry.models import Certificate, Producer, Product

DEMO_ACTION = "demo.load"
# The import refuses files over 100,000 rows or 50 MB; a national demo of 100,000 products has ~190,000.
ROWS_PER_FILE = 50_000
UPDATE_BATCH = 2_000  # rows compared per query
MAX_PARAMETERS = 30_000

type Report = Callable[[str], None]


class DemoConflictError(Exception):
    """Another demo set (other seed or size) is already in this database; the two would collide."""


class DemoImportError(Exception):
    def __init__(self, errors: list[RowError]) -> None:
        super().__init__("; ".join(str(error) for error in errors[:5]))
        self.errors = errors


@dataclass
class DemoLoadResult:
    already_loaded: bool
    seed: int
    products: int
    producers: int = 0
    rows: int = 0
    files: int = 0
    imported: dict[str, dict[str, int]] = field(default_factory=dict)
    enriched: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)


def demo_marker() -> AuditEvent | None:
    """The audit event of the demo load in this database, if there was one."""
    return AuditEvent.objects.filter(action=DEMO_ACTION).order_by("-id").first()


def demo_load(
    *, acting_user: Any, products: int, seed: int, places: Places | None = None, report: Report | None = None
) -> DemoLoadResult:
    """Put the demo registry of ``products`` products for ``seed`` into the database, once.

    A second call with the same arguments finds the audit event of the first and does nothing. A call
    with other arguments raises ``DemoConflictError``: two demo sets would share product codes.
    """
    say = report or (lambda message: None)
    marker = demo_marker()
    if marker is not None:
        loaded = (marker.details.get("seed"), marker.details.get("products"))
        if loaded != (seed, products):
            raise DemoConflictError(
                f"this database already holds the demo registry of seed {loaded[0]} with {loaded[1]} products"
            )
        if Product.objects.count() >= products:
            return DemoLoadResult(already_loaded=True, seed=seed, products=products)

    result = DemoLoadResult(already_loaded=False, seed=seed, products=products)
    started = time.perf_counter()
    registry = generator.build(products=products, seed=seed, places=places)
    rows = generator.contract_rows(registry)
    result.seconds["generate"] = time.perf_counter() - started
    result.producers, result.rows = len(registry.producers), len(rows)
    say(f"generated {products:,} products of {result.producers:,} producers: {len(rows):,} rows")

    started = time.perf_counter()
    digest = hashlib.sha256()
    for number, chunk in enumerate(_files(rows), start=1):
        content = generator.to_csv(chunk)
        digest.update(content)
        imported = recognitions_import(
            acting_user=acting_user, file_name=f"demo-{seed}-{products}-{number}.csv", content=content
        )
        if not imported.ok:
            raise DemoImportError(imported.errors)
        _add_counts(result.imported, imported.summary)
        result.files = number
        say(f"imported file {number}: {len(chunk):,} rows")
    result.seconds["import"] = time.perf_counter() - started

    started = time.perf_counter()
    result.enriched = demo_enrich(
        acting_user=acting_user,
        registry=registry,
        details={"seed": seed, "products": products, "rows": len(rows), "sha256": digest.hexdigest()},
    )
    result.seconds["enrich"] = time.perf_counter() - started
    return result


def _files(rows: list[dict[str, str]]) -> Iterator[list[dict[str, str]]]:
    """Rows in files of at most ``ROWS_PER_FILE``, never splitting a producer's rows between two."""
    chunk: list[dict[str, str]] = []
    for start, end in _producer_spans(rows):
        if chunk and len(chunk) + (end - start) > ROWS_PER_FILE:
            yield chunk
            chunk = []
        chunk.extend(rows[start:end])
    if chunk:
        yield chunk


def _producer_spans(rows: list[dict[str, str]]) -> Iterator[tuple[int, int]]:
    start = 0
    for index in range(1, len(rows) + 1):
        if index == len(rows) or rows[index]["producer_name"] != rows[start]["producer_name"]:
            yield start, index
            start = index


def _add_counts(total: dict[str, dict[str, int]], summary: dict[str, Any]) -> None:
    for kind in ("producers", "products", "certificates"):
        for outcome, count in summary[kind].items():
            total.setdefault(kind, {}).setdefault(outcome, 0)
            total[kind][outcome] += count


@transaction.atomic
def demo_enrich(
    *, acting_user: Any, registry: generator.DemoRegistry, details: dict[str, Any]
) -> dict[str, int]:
    """Write the fields the recognitions format has no column for, in bulk, and record the demo load.

    Records are found by the identities the import used: producers by tax code (else name and unit),
    products by code (else producer and name), certificates by product and decision. Fields that already
    hold the demo's values are left alone.
    """
    producer_ids = _producer_ids(registry)
    product_ids = _product_ids(registry, producer_ids)
    now = timezone.now()
    producer_values = {
        producer_ids[id(producer)]: {
            "address": producer.address,
            "representative": producer.representative.name,
            "women_led": producer.women_led,
            "ethnic_minority_led": producer.ethnic_minority_led,
            "management_certifications": producer.management_certifications,
        }
        for producer in registry.producers
    }
    product_values = {
        product_ids[id(product)]: {
            "description": product.description,
            "story": product.story,
            "packaging": product.packaging,
            "standards": product.standards,
        }
        for product in registry.products
    }
    revocations = _revocation_values(registry, product_ids)
    counts = {
        "producers": _update_changed(Producer, producer_values, now),
        "products": _update_changed(Product, product_values, now),
        "certificates": _update_changed(Certificate, revocations, now),
    }
    audit_record(
        actor=acting_user,
        action=DEMO_ACTION,
        object_type="registry.product",
        object_id="*",
        details={**details, "producers": len(registry.producers), "enriched": counts},
    )
    return counts


def _producer_ids(registry: generator.DemoRegistry) -> dict[int, int]:
    """Demo producer (by object id) → database id."""
    by_tax_code = dict(Producer.objects.exclude(tax_code="").values_list("tax_code", "id"))
    by_name_and_unit = {
        (search_name, unit_id): producer_id
        for producer_id, search_name, unit_id in Producer.objects.filter(tax_code="").values_list(
            "id", "search_name", "unit_id"
        )
    }
    found = {}
    for producer in registry.producers:
        if producer.tax_code:
            found[id(producer)] = by_tax_code[producer.tax_code]
        else:  # no tax code: a producer first recognised after the reform, so in its current commune
            found[id(producer)] = by_name_and_unit[(fold(producer.name), producer.place.current_commune.pk)]
    return found


def _product_ids(registry: generator.DemoRegistry, producer_ids: dict[int, int]) -> dict[int, int]:
    by_code: dict[str, int] = {}
    by_producer_and_name: dict[tuple[int, str], int] = {}
    for product_id, code, producer_id, search_name in Product.objects.values_list(
        "id", "code", "producer_id", "search_name"
    ):
        if code:
            by_code[code] = product_id
        by_producer_and_name[(producer_id, search_name)] = product_id
    found = {}
    for product in registry.products:
        if product.code:
            found[id(product)] = by_code[product.code]
        else:
            found[id(product)] = by_producer_and_name[
                (producer_ids[id(product.producer)], fold(product.name))
            ]
    return found


def _revocation_values(
    registry: generator.DemoRegistry, product_ids: dict[int, int]
) -> dict[int, dict[str, Any]]:
    revoked: dict[tuple[int, str, datetime.date], int] = {
        (product_id, decision_no, decision_date): certificate_id
        for certificate_id, product_id, decision_no, decision_date in Certificate.objects.filter(
            revoked_on__isnull=False
        ).values_list("id", "product_id", "decision_no", "decision_date")
    }
    values = {}
    for product in registry.products:
        for certificate in product.certificates:
            if certificate.revoked_on:
                key = (product_ids[id(product)], certificate.decision_no, certificate.decision_date)
                values[revoked[key]] = {"revocation_reason": certificate.revocation_reason}
    return values


def _update_changed(
    model: type[models.Model], wanted: dict[int, dict[str, Any]], now: datetime.datetime
) -> int:
    """Set ``wanted`` values ({id: {field: value}}) where they differ, thousands of rows per statement.

    One ``UPDATE … FROM (VALUES …)`` per batch: ``bulk_update``'s CASE per field grows slow past tens of
    thousands of rows, and one statement per row fires PostgreSQL's statement-level search triggers once
    per row (minutes for 100,000 products). SQLite (3.33+) and PostgreSQL both take this form.
    """
    if not wanted:
        return 0
    names = list(next(iter(wanted.values())))
    changed = []
    for batch in _batches(sorted(wanted), UPDATE_BATCH):
        for row in model._default_manager.filter(pk__in=batch).values("pk", *names):
            if any(row[name] != wanted[row["pk"]][name] for name in names):
                changed.append(row["pk"])
    meta = model._meta
    fields = [meta.get_field(name) for name in [*names, "updated_at"]]
    quote = connection.ops.quote_name
    columns = [quote(cast(str, field.column)) for field in fields]  # type: ignore[union-attr]
    table, key = quote(meta.db_table), quote(cast(str, meta.pk.column))
    assignments = ", ".join(f"{column} = v.{column}" for column in columns)
    # As many rows per statement as SQLite's 32,766 parameters allow: each statement also pays for the
    # search index's statement-level triggers on PostgreSQL (~0.25 s at 100,000 products).
    rows_per_statement = MAX_PARAMETERS // (len(fields) + 1)
    with connection.cursor() as cursor:
        for batch in _batches(changed, rows_per_statement):
            placeholders = ", ".join(["(" + ", ".join(["%s"] * (len(fields) + 1)) + ")"] * len(batch))
            cursor.execute(
                f"WITH v({key}, {', '.join(columns)}) AS (VALUES {placeholders}) "  # noqa: S608
                f"UPDATE {table} SET {assignments} FROM v WHERE {table}.{key} = v.{key}",
                [value for pk in batch for value in (pk, *_prepared(fields, wanted[pk], now))],
            )
    return len(changed)


def _prepared(fields: list[Any], values: dict[str, Any], now: datetime.datetime) -> list[Any]:
    """The values as the database takes them (JSON encoded, booleans as the backend wants them)."""
    return [
        field.get_db_prep_save(now if field.name == "updated_at" else values[field.name], connection)
        for field in fields
    ]


def _batches[T](items: Sequence[T], size: int) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
