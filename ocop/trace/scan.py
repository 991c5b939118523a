"""The scan of a stamp (contract §3): find it by its serial, check the product and lot of the URI against
it, count the scan, record it, and say whether the product's OCOP certificate is valid today.

This is the platform's hottest path (``make bench``: a quarter of the static-file rate of the same server
with ten million stamps), so it is three SQL statements and no model instances:

1. one ``UPDATE … RETURNING`` that finds the stamp by its unique serial, checks that its batch has the
   URI's lot and its product the URI's GTIN or code, and counts the scan, returning the new count;
2. one ``INSERT`` of the scan;
3. one ``SELECT`` of what the answer shows: batch, product, producer and the certificate the product
   stands on (``Product.latest_certificate``), whose status is the registry's one rule
   (``ocop.registry.status.certificate_status``) on today's date, so a revocation recorded a moment ago
   shows on the next scan.

On PostgreSQL the three are one statement (``UPDATE`` and ``INSERT`` in data-modifying CTEs, read by the
``SELECT``): one round trip, atomic on its own. Its commit does not wait for the WAL to reach the disk
(``synchronous_commit`` off for that transaction alone): a crash of the database server can lose the scans
of its last fraction of a second (three ``wal_writer_delay``, 600 ms by default), never the database's
consistency, and never a registry record, whose transactions keep the server's setting. A scan is an
observation, counted for the counterfeit signals; waiting for a disk flush on every one of them put the
scan's p99 in the hundreds of milliseconds on these machines. SQLite in WAL mode with ``synchronous=NORMAL``
(the platform's setting) already commits without syncing.

Nothing is cached between scans but the names of administrative units, which change by law, not by use.
"""

import contextlib
import datetime
import fcntl
import os
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from django.db import connection, models, transaction
from django.db.backends.sqlite3.creation import DatabaseCreation as SQLiteCreation
from django.urls import reverse
from django.utils import timezone

from ocop.geo.models import AdministrativeUnit, Level, Scheme
from ocop.registry import status
from ocop.registry.models import Certificate, Producer, Product
from ocop.trace import signals
from ocop.trace.links import StampPath
from ocop.trace.models import Batch, Scan, Stamp, UnknownScan

VERDICT_BY_STATUS = {
    status.CertificateStatus.VALID: "valid",
    status.CertificateStatus.EXPIRED: "expired",
    status.CertificateStatus.REVOKED: "revoked",
}


@dataclass(frozen=True)
class CertificateToday:
    stars: int
    potential_five_star: bool
    number: str
    status: str  # "valid", "expired", "revoked"
    valid_until: datetime.date
    revoked_on: datetime.date | None


@dataclass(frozen=True)
class ScanResult:
    scan_id: int
    scans: int
    first_scan: datetime.datetime
    lot: str
    produced_on: datetime.date
    expires_on: datetime.date | None
    product_id: int
    product_code: str
    product_name: str
    producer_name: str
    commune: str
    province: str
    certificate: CertificateToday | None

    @property
    def verdict(self) -> str:
        return self.certificate.status if self.certificate is not None else "no_certificate"

    @property
    def product_url(self) -> str:
        return _product_url_pattern().replace(_PLACEHOLDER_ID, str(self.product_id))

    @property
    def first_scan_local(self) -> datetime.datetime:
        return timezone.localtime(self.first_scan)


_PLACEHOLDER_ID = "999999999"


@cache
def _product_url_pattern() -> str:
    """The catalogue page's address with a placeholder id: ``reverse`` once, not on every scan."""
    return reverse("catalogue:product_detail", kwargs={"product_id": int(_PLACEHOLDER_ID)})


def _table(model: type[models.Model]) -> str:
    return connection.ops.quote_name(model._meta.db_table)


_DETAILS = """b.lot, b.produced_on, b.expires_on, p.id, p.code, p.name, p.commune_code, p.province_code,
            pr.name, c.stars, c.potential_five_star, c.number, c.decision_date, c.valid_until, c.revoked_on"""


@cache
def _statements() -> tuple[str, str, str, str]:
    """The count, the record and the details (SQLite), and the three as one statement (PostgreSQL)."""
    stamp, batch, product = _table(Stamp), _table(Batch), _table(Product)
    producer, certificate, scan = _table(Producer), _table(Certificate), _table(Scan)
    # Table names from the models, never from input: nothing here is built from a request.
    count = f"""
        UPDATE {stamp} SET scan_count = scan_count + 1,
            first_scanned_at = COALESCE(first_scanned_at, %s), last_scanned_at = %s
        WHERE serial = %s AND batch_id IN (
            SELECT b.id FROM {batch} b JOIN {product} p ON p.id = b.product_id
            WHERE b.lot = %s AND {{product_match}}
        )
        RETURNING id, batch_id, scan_count, first_scanned_at
    """  # noqa: S608
    record = f"INSERT INTO {scan} (stamp_id, scanned_at) VALUES (%s, %s) RETURNING id"  # noqa: S608
    joins = f"""
        JOIN {product} p ON p.id = b.product_id
        JOIN {producer} pr ON pr.id = p.producer_id
        LEFT JOIN {certificate} c ON c.id = p.latest_certificate_id
    """
    details = f"SELECT {_DETAILS} FROM {batch} b {joins} WHERE b.id = %s"  # noqa: S608
    # The last parameter is 'off' when the statement is its own transaction; NULL (the server's setting)
    # inside a caller's transaction, which the scan must not make less durable.
    in_one = f"""
        WITH counted AS ({count}),
        recorded AS (
            INSERT INTO {scan} (stamp_id, scanned_at) SELECT id, %s FROM counted RETURNING id
        )
        SELECT recorded.id, counted.id, counted.batch_id, counted.scan_count, counted.first_scanned_at,
            {_DETAILS},
            set_config('synchronous_commit', COALESCE(%s, current_setting('synchronous_commit')), true)
        FROM counted CROSS JOIN recorded JOIN {batch} b ON b.id = counted.batch_id {joins}
    """  # noqa: S608
    return count, record, details, in_one


def _date(value: object) -> datetime.date | None:
    if value is None or isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(str(value))


def _moment(value: object) -> datetime.datetime:
    moment = value if isinstance(value, datetime.datetime) else datetime.datetime.fromisoformat(str(value))
    return moment if timezone.is_aware(moment) else moment.replace(tzinfo=datetime.UTC)


def scan_record(path: StampPath, *, now: datetime.datetime, record: bool = True) -> ScanResult | None:
    """The answer for a scan of ``path`` at ``now``, counted and recorded when ``record``; ``None`` when the
    platform never issued this stamp (and then an unknown serial of a known product is recorded)."""
    count, insert, details, in_one = _statements()
    product_match, identifier = ("p.gtin = %s", path.gtin) if path.gtin else ("p.code = %s", path.code)
    adapted_now = connection.ops.adapt_datetimefield_value(now)
    count_parameters = [adapted_now, adapted_now, path.serial, path.lot, identifier]
    with connection.cursor() as cursor:
        if record and connection.vendor == "postgresql":
            asynchronous = "off" if connection.get_autocommit() else None
            cursor.execute(
                in_one.format(product_match=product_match), [*count_parameters, adapted_now, asynchronous]
            )
            found = cursor.fetchone()
            if found is None:
                _unknown(path, now)
                return None
            scan_id, stamp_id, batch_id, scans, first_scan, *row = found
            row = row[:-1]  # the setting
        elif record:
            with _one_writer(), transaction.atomic():
                cursor.execute(count.format(product_match=product_match), count_parameters)
                found = cursor.fetchone()
                if found is None:
                    unknown = True
                else:
                    unknown = False
                    stamp_id, batch_id, scans, first_scan = found
                    cursor.execute(insert, [stamp_id, adapted_now])
                    (scan_id,) = cursor.fetchone()
            # Outside the writers' lock: an alert writes notifications, and mails them on commit.
            if unknown:
                _unknown(path, now)
                return None
            cursor.execute(details, [batch_id])
            row = cursor.fetchone()
        else:
            found = _look_up(path, identifier)
            if found is None:
                return None
            batch_id, scans, first_scan = found
            scan_id = 0
            cursor.execute(details, [batch_id])
            row = cursor.fetchone()
    result = _result(
        row, scan_id=scan_id, scans=scans, first_scan=first_scan or now, day=timezone.localdate(now)
    )
    # Once in a stamp's life, on the scan that crosses the threshold; one comparison on every other.
    if scan_id and scans == signals.COPIED_AFTER_SCANS + 1:
        signals.many_scans_crossed(
            stamp_id=stamp_id, batch_id=batch_id, product_id=result.product_id, scans=scans, now=now
        )
    return result


@contextlib.contextmanager
def _one_writer() -> Iterator[None]:
    """On SQLite, the server's processes take turns to write a scan through a lock file.

    SQLite has one writer at a time, and a connection that finds the database locked sleeps in SQLite's
    busy handler (1, 2, 5, 10 … ms) before it tries again: at a thousand scans a second, those sleeps were
    the slowest scans (p99 near 200 ms). A blocked ``flock`` wakes as soon as the lock is free, so the
    scans queue for a fraction of a millisecond each instead. PostgreSQL locks the stamp's row alone.
    """
    # A database in memory belongs to one process (the tests'): nothing to take turns with.
    if connection.vendor != "sqlite" or SQLiteCreation.is_in_memory_db(connection.settings_dict["NAME"]):
        yield
        return
    fcntl.flock(_lock_file(), fcntl.LOCK_EX)
    try:
        yield
    finally:
        fcntl.flock(_lock_file(), fcntl.LOCK_UN)


_lock_files: dict[tuple[str, int], int] = {}


def _lock_file() -> int:
    """A descriptor of the lock file beside the database, one per process (a forked worker opens its own)."""
    key = (str(connection.settings_dict["NAME"]), os.getpid())
    descriptor = _lock_files.get(key)
    if descriptor is None:
        descriptor = os.open(f"{key[0]}.scan-lock", os.O_RDWR | os.O_CREAT, 0o600)
        _lock_files[key] = descriptor
    return descriptor


def _look_up(path: StampPath, identifier: str) -> tuple | None:
    """The stamp as ``count`` would find it, without counting (a ``HEAD``, a link preview)."""
    stamp = Stamp.objects.filter(serial=path.serial, batch__lot=path.lot)
    stamp = (
        stamp.filter(batch__product__gtin=identifier)
        if path.gtin
        else stamp.filter(batch__product__code=identifier)
    )
    found = stamp.values_list("batch_id", "scan_count", "first_scanned_at").first()
    return found


def _result(row: tuple, *, scan_id: int, scans: int, first_scan: object, day: datetime.date) -> ScanResult:
    (lot, produced_on, expires_on, product_id, code, name, commune_code, province_code, producer_name,
     stars, potential, number, decision_date, valid_until, revoked_on) = row  # fmt: skip
    certificate = None
    if stars is not None:
        found = status.certificate_status(
            decision_date=_date(decision_date),  # type: ignore[arg-type]
            valid_until=_date(valid_until),  # type: ignore[arg-type]
            revoked_on=_date(revoked_on),
            day=day,
        )
        certificate = CertificateToday(
            stars=stars,
            potential_five_star=bool(potential),
            number=number,
            status=VERDICT_BY_STATUS.get(found, "no_certificate"),
            valid_until=_date(valid_until),  # type: ignore[arg-type]
            revoked_on=_date(revoked_on),
        )
    return ScanResult(
        scan_id=scan_id,
        scans=scans,
        first_scan=_moment(first_scan),
        lot=lot,
        produced_on=_date(produced_on),  # type: ignore[arg-type]
        expires_on=_date(expires_on),
        product_id=product_id,
        product_code=code,
        product_name=name,
        producer_name=producer_name,
        commune=unit_name(Level.COMMUNE, commune_code),
        province=unit_name(Level.PROVINCE, province_code),
        certificate=certificate,
    )


_unit_names: dict[tuple[str, int], str] = {}


def unit_name(level: str, code: int | None) -> str:
    """The current unit's name; kept in the process once read (units change by law, not by use)."""
    if code is None:
        return ""
    key = (level, code)
    if key not in _unit_names:
        name = (
            AdministrativeUnit.objects.filter(scheme=Scheme.CURRENT, level=level, code=code)
            .values_list("name", flat=True)
            .first()
        )
        if name is None:
            return ""
        _unit_names[key] = name
    return _unit_names[key]


def _unknown(path: StampPath, now: datetime.datetime) -> None:
    """Record a scan of a stamp never issued, and look for a burst of them under its product."""
    unknown_product_id = _record_unknown(path, now)
    if unknown_product_id is not None:
        signals.unknown_scans_check(product_id=unknown_product_id, now=now)


def _record_unknown(path: StampPath, now: datetime.datetime) -> int | None:
    """A URI of a product the platform knows with a lot or serial it never issued: the product's id."""
    products = Product.objects.filter(gtin=path.gtin) if path.gtin else Product.objects.filter(code=path.code)
    product_id = products.values_list("pk", flat=True).first()
    if product_id is not None:
        UnknownScan.objects.create(product_id=product_id, lot=path.lot, serial=path.serial, scanned_at=now)
    return product_id
