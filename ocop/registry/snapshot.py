"""Every certificate of the registry as columns in memory, so that the figures of any day take milliseconds.

Statistics (``ocop.reports``) ask, for a day, which certificate of each product counts and which covers the
day (contract §2), then count products by rank, sector, producer type and place; supplier matching
(``ocop.trade.matching``) filters and scores the products whose certificate is valid on a day. Asked of the
database, that is a grouping of every certificate by product, a join to the products and more groupings
or a sort of every row: about half a second for 100,000 products on a small server, whatever the index.
Here one query reads the certificates with the few product and producer fields both need into NumPy
arrays, once per registry version (``ocop.registry.version``, the same version the answers are cached
under); then each day's figures, or a demand's ranking, are a handful of vectorised passes.

The arrays are sorted by product, then decision day, then record id, so each certificate's successor is
the next entry of the same product (later decision, then later record): ``superseded`` holds its decision
day. Which certificate stands on a day, and its status, are then ``ocop.registry.status``'s rule over the
arrays (``RegistrySnapshot.standing``).
"""

import datetime
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
from django.db import DatabaseError, connection

from ocop.registry import status
from ocop.registry.models import Certificate, ManagementCertification, Producer, ProducerType, Product
from ocop.registry.version import registry_version

logger = logging.getLogger(__name__)

PRODUCER_TYPES = tuple(ProducerType.values)
NO_CODE = -1  # a unit code the record does not have (NULL)
NEVER = 2**31 - 1  # the day number of a revocation, or a successor, that has not happened
POTENTIAL_FIVE_STAR = 6  # the rank digit of a potential 5★ certificate; 3, 4 and 5 are the stars

# Day numbers as Python's ``date.toordinal()`` counts them (0001-01-01 is day 1), per database.
_DAY_NUMBER: dict[str, Callable[[str], str]] = {
    "sqlite": lambda column: f"CAST(julianday({column}) - 1721424.5 AS INTEGER)",
    "postgresql": lambda column: f"({column} - DATE '0001-01-01' + 1)",
}
# The columns read, in this order; each becomes one array.
_COLUMNS = (
    "product",
    "record",
    "decided",
    "valid_until",
    "revoked",
    "rank_digit",
    "producer",
    "producer_type",
    "sector",
    "province",
    "commune",
    "legacy_province",
    "legacy_district",
    "legacy_commune",
    "product_set",
)
# The producer's management certifications (VietGAP, organic, …): each known code one bit, by its position
# in ``ManagementCertification``, and how many the producer's list holds.
CERTIFICATION_BITS = {code: 1 << index for index, code in enumerate(ManagementCertification.values)}


def day_number(day: datetime.date) -> int:
    return day.toordinal()


@dataclass(frozen=True)
class RegistrySnapshot:
    """One entry per certificate, in product, decision, record order (see the module's docstring)."""

    version: tuple[Any, ...]
    columns: dict[str, np.ndarray]

    def __getattr__(self, name: str) -> np.ndarray:
        try:
            return self.columns[name]
        except KeyError:
            raise AttributeError(name) from None

    def standing(self, day: int, at: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        """On day number ``day``: which certificate each product stands on (a mask, at most one per
        product) and every certificate's status as ``status.CODES``, both by ``ocop.registry.status``; of
        the certificates at positions ``at`` only, when given (each product's all or none)."""
        columns = {
            "decision_date": self.columns["decided"],
            "valid_until": self.columns["valid_until"],
            "revoked_on": self.columns["revoked"],
            "superseded_on": self.columns["superseded"],
        }
        if at is not None:
            columns = {name: values[at] for name, values in columns.items()}
        return status.standing_array(columns, day), status.status_array(columns, day)

    def certificates_of(self, products: np.ndarray) -> np.ndarray:
        """The positions of the certificates of ``products`` (ids), in the snapshot's order: a binary search
        per product, since the entries are sorted by product."""
        products = np.unique(products)
        starts = np.searchsorted(self.columns["product"], products, side="left")
        lengths = np.searchsorted(self.columns["product"], products, side="right") - starts
        # Each product's run of positions, starts[i] .. starts[i] + lengths[i], laid end to end.
        run_starts = np.repeat(starts - (np.cumsum(lengths) - lengths), lengths)
        return run_starts + np.arange(int(lengths.sum()))


_lock = threading.Lock()
_snapshot: RegistrySnapshot | None = None


def registry_snapshot(version: tuple[Any, ...]) -> RegistrySnapshot:
    """The snapshot of the registry at ``version``, read again only when the version has moved."""
    global _snapshot  # one per process, shared by its threads; replaced whole, never changed in place
    with _lock:
        if _snapshot is None or _snapshot.version != version:
            _snapshot = read_snapshot(version)
        return _snapshot


def forget() -> None:
    """Drop the snapshot (tests, whose rolled-back rows can come back with the same ids)."""
    global _snapshot
    with _lock:
        _snapshot = None


def read_snapshot(version: tuple[Any, ...]) -> RegistrySnapshot:
    """The registry's certificates from the database, labelled ``version``."""
    day = _DAY_NUMBER[connection.vendor]
    certificate, product, producer = (m._meta.db_table for m in (Certificate, Product, Producer))
    # Producer types as their position in PRODUCER_TYPES, so that the arrays hold integers only.
    producer_type = " ".join(f"WHEN '{value}' THEN {index}" for index, value in enumerate(PRODUCER_TYPES))
    sql = f"""
        SELECT c.product_id, c.id, {day("c.decision_date")}, {day("c.valid_until")},
               COALESCE({day("c.revoked_on")}, {NEVER}),
               CASE WHEN c.potential_five_star THEN {POTENTIAL_FIVE_STAR} ELSE c.stars END,
               p.producer_id, CASE pr.producer_type {producer_type} ELSE {NO_CODE} END, p.sector,
               p.province_code, COALESCE(p.commune_code, {NO_CODE}),
               COALESCE(p.legacy_province_code, {NO_CODE}), COALESCE(p.legacy_district_code, {NO_CODE}),
               COALESCE(p.legacy_commune_code, {NO_CODE}), COALESCE(p.product_set_id, {NO_CODE})
        FROM {certificate} c
        JOIN {product} p ON p.id = c.product_id
        JOIN {producer} pr ON pr.id = p.producer_id
    """  # noqa: S608 - names and numbers from the models and constants above
    with connection.cursor() as cursor:
        cursor.execute(sql)
        rows = cursor.fetchall()
    table = np.array(rows, dtype=np.int64).reshape(len(rows), len(_COLUMNS))
    # Sorted by product, then decision day, then record (np.lexsort sorts by the last key first).
    order = np.lexsort((table[:, 1], table[:, 2], table[:, 0]))
    table = table[order]
    columns = {name: np.ascontiguousarray(table[:, index]) for index, name in enumerate(_COLUMNS)}
    superseded = np.full(len(rows), NEVER, dtype=np.int64)
    same_product = columns["product"][1:] == columns["product"][:-1]
    superseded[:-1][same_product] = columns["decided"][1:][same_product]
    columns["superseded"] = superseded
    columns["certifications"], columns["certification_count"] = _certifications(columns["producer"])
    return RegistrySnapshot(version=version, columns=columns)


def _certifications(producers: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For each entry's producer: its certifications as bits (``CERTIFICATION_BITS``) and their count.

    Read from the producers that hold any (a JSON list each engine stores its own way), then spread over the
    entries by producer id.
    """
    held = [
        (producer_id, codes)
        for producer_id, codes in Producer.objects.values_list("pk", "management_certifications").iterator()
        if codes
    ]
    bits = np.zeros(len(producers), dtype=np.int64)
    count = np.zeros(len(producers), dtype=np.int64)
    if not held:
        return bits, count
    ids = np.array([producer_id for producer_id, _codes in held], dtype=np.int64)
    order = np.argsort(ids)
    ids = ids[order]
    held_bits = np.array(
        [sum(CERTIFICATION_BITS.get(code, 0) for code in set(codes)) for _id, codes in held], dtype=np.int64
    )[order]
    held_count = np.array([len(codes) for _id, codes in held], dtype=np.int64)[order]
    at = np.minimum(np.searchsorted(ids, producers), len(ids) - 1)
    found = ids[at] == producers
    bits[found] = held_bits[at[found]]
    count[found] = held_count[at[found]]
    return bits, count


def warm() -> None:
    """Read the snapshot now (a server worker starting), so the first statistics request does not wait.

    Never fatal: a worker whose database is not reachable yet still starts, and reads it when asked.
    """
    try:
        registry_snapshot(registry_version())
    except DatabaseError:
        logger.warning("registry snapshot not read at start-up", exc_info=True)
