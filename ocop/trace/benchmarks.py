"""Benchmarks of traceability (issue #11): the scan against a static file of the same server, issuing a
million stamps, and a 10,000-label PDF sheet. Run by ``manage.py bench``; figures, never assertions.

In the child connected to the benchmark database: the batch ``BENCH-10M`` is filled to ten million stamps
once (kept between runs, like the demo registry) and 20,000 of its stamp paths, drawn at random ids across
the whole table, are written to a file; issuing a million stamps is timed in a transaction rolled back
afterwards, then the PDF sheet. In the parent, with the server started with ``SCAN_RATE=0``: ``wrk`` with 8
connections against the collected static file nearest 4 kB, then against the scan paths
(``bench/scan.lua``), and the ratio of the two rates.
"""

import datetime
import json
import os
import random
import re
import shutil
import subprocess
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection, transaction

from ocop.core.benchmarks import met

TARGETS = {
    "scan_to_static": 0.25,
    "scan_p99_ms": 25.0,
    "issue_seconds": 20.0,
    "sheet_seconds": 30.0,
}
BENCH_LOT = "BENCH-10M"
BENCH_STAMPS = 10_000_000
SEED_CHUNK = 500_000  # stamps per transaction while seeding: a stopped run keeps what it wrote
SEED_WRITE = 50_000  # stamps per statement, as issuing writes them
SCAN_PATHS = 20_000
ISSUE_COUNT = 1_000_000
SHEET_LABELS = 10_000
STATIC_SIZE = 4096
WRK_CONNECTIONS = 8
LUA_SCRIPT = Path(settings.BASE_DIR) / "bench" / "scan.lua"


# --- In the child, connected to the benchmark database


def bench_batch() -> Any:
    """The batch ``BENCH-10M``, of the first product (by id) with an OCOP code or a GTIN, for its stamps'
    address, and a certificate valid today, for the scan's usual answer; made when missing, and moved to
    such a product when its own no longer is one (the stamps, the slow part to make, stay)."""
    from django.db.models import Q
    from django.utils import timezone

    from ocop.registry.models import Product
    from ocop.registry.status import status_expression
    from ocop.trace import services
    from ocop.trace.models import Batch

    today = timezone.localdate()
    products = (
        Product.objects.annotate(certificate_status=status_expression("latest_certificate__", today))
        .filter(Q(code__gt="") | Q(gtin__gt=""), certificate_status="valid")
        .order_by("pk")
    )
    found = Batch.objects.filter(lot=BENCH_LOT).first()
    if found is not None:
        if not products.filter(pk=found.product_id).exists():
            product = products.first()
            if product is None:
                raise RuntimeError("no product with a code and a valid certificate today in the database")
            Batch.objects.filter(pk=found.pk).update(product=product)
        return Batch.objects.select_related("product").get(pk=found.pk)
    product = products.first()
    if product is None:
        raise RuntimeError("no product with a code and a valid certificate today in the benchmark database")
    return services.batch_create(
        acting_user=None, product=product, lot=BENCH_LOT, produced_on=today - datetime.timedelta(days=30)
    )


def stamps_seed(batch: Any, count: int, *, say: Callable[[str], Any]) -> dict[str, float]:
    """Fill ``batch`` up to ``count`` stamps, through the issuing's own bulk writer, a chunk a transaction.

    The stamps belong to one run recorded for the seeding, without an audit event: they are the
    benchmark's furniture, not an issuing anyone did."""
    from ocop.trace import links, services
    from ocop.trace.models import Stamp, StampRun

    present = Stamp.objects.filter(batch=batch).count()
    missing = count - present
    if missing <= 0:
        return {"seeded": 0, "stamps": float(present), "seconds": 0.0}
    say(f"  seeding {missing:,} stamps into batch {batch.lot} (once; kept between runs)")
    run = StampRun.objects.create(batch=batch, count=missing, overridden_warning="")
    started = time.perf_counter()
    written = 0
    while written < missing:
        chunk = min(SEED_CHUNK, missing - written)
        with transaction.atomic():
            for start in range(0, chunk, SEED_WRITE):
                services._insert_stamps(run, links.new_serials(min(SEED_WRITE, chunk - start)))
        written += chunk
        say(f"    {present + written:,} stamps, {time.perf_counter() - started:.0f} s")
    _settle_after_bulk_write()
    return {"seeded": float(missing), "stamps": float(count), "seconds": time.perf_counter() - started}


def _settle_after_bulk_write() -> None:
    """What the database does in its own time after a bulk write, done now so the scans don't pay it:
    PostgreSQL's visibility map, hint bits and row counts (``VACUUM ANALYZE``), SQLite's WAL folded back."""
    from ocop.trace.models import Stamp

    if connection.in_atomic_block:  # VACUUM cannot run in a transaction (a test's, here)
        return
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"VACUUM (ANALYZE) {connection.ops.quote_name(Stamp._meta.db_table)}")
        else:
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def scan_paths_sample(batch: Any, count: int, rng: random.Random) -> list[str]:
    """Paths of ``count`` stamps of ``batch`` at random ids across the whole table: ids drawn from the
    range between its first and last stamp, looked up by primary key (no ``ORDER BY random()`` over ten
    million rows); ids that are no stamp of the batch are drawn again."""
    from ocop.trace import links
    from ocop.trace.models import Stamp

    stamps = Stamp.objects.filter(batch=batch)
    first = stamps.order_by("pk").values_list("pk", flat=True).first()
    last = stamps.order_by("-pk").values_list("pk", flat=True).first()
    if first is None or last is None:
        return []
    serials: dict[int, str] = {}
    wanted = min(count, stamps.count())
    while len(serials) < wanted:
        ids = [rng.randint(first, last) for _ in range(min(900, 2 * (wanted - len(serials))))]
        serials.update(stamps.filter(pk__in=ids).values_list("pk", "serial"))
    product = batch.product
    chosen = rng.sample(sorted(serials.values()), wanted)
    return [
        links.stamp_path(gtin=product.gtin, code=product.code, lot=batch.lot, serial=serial)
        for serial in chosen
    ]


def issue_timing(batch: Any, count: int) -> dict[str, float]:
    """Seconds to issue ``count`` stamps with ``stamps_issue`` into the full table, and to write their URI
    file as ``issue_stamps`` does, in a transaction rolled back afterwards."""
    from ocop.trace import services
    from ocop.trace.models import Stamp

    uri_file = Path(settings.VAR_DIR) / "bench-stamp-uris.txt"
    with transaction.atomic():
        started = time.perf_counter()
        run = services.stamps_issue(acting_user=None, batch=batch, count=count)
        issued = time.perf_counter() - started
        started = time.perf_counter()
        with uri_file.open("w", encoding="utf-8") as file:
            written = services.stamp_uris_write(run, file)
        uris = time.perf_counter() - started
        transaction.set_rollback(True)
    uri_file.unlink(missing_ok=True)
    if connection.vendor == "postgresql":
        # The rolled-back rows are dead tuples in the table and its indexes until a vacuum: the scans
        # measured next would read through them.
        with connection.cursor() as cursor:
            cursor.execute(f"VACUUM {connection.ops.quote_name(Stamp._meta.db_table)}")
    return {
        "count": float(count),
        "issue_seconds": issued,
        "uris_written": float(written),
        "uri_seconds": uris,
        "load_average": os.getloadavg()[0],
    }


def trace_timings(*, say: Callable[[str], Any]) -> dict[str, Any]:
    from ocop.trace.benchmarks_sheets import bench_sheet_pdf

    batch = bench_batch()
    seeding = stamps_seed(batch, BENCH_STAMPS, say=say)
    if seeding["seeded"]:
        say(f"  seeded {seeding['seeded']:,.0f} stamps in {seeding['seconds']:.1f} s")
    paths = scan_paths_sample(batch, SCAN_PATHS, random.Random())  # noqa: S311 (a sample, not a secret)
    paths_file = Path(settings.VAR_DIR) / "bench-scan-paths.txt"
    paths_file.write_text("\n".join(paths) + "\n")
    say(f"  issuing {ISSUE_COUNT:,} stamps (rolled back), then their URI file")
    issuing = issue_timing(batch, ISSUE_COUNT)
    say(f"  a PDF sheet of {SHEET_LABELS:,} labels")
    sheet = {**bench_sheet_pdf(SHEET_LABELS, with_svg=False), "load_average": os.getloadavg()[0]}
    return {"seeding": seeding, "scan_paths_file": str(paths_file), "issuing": issuing, "sheet": sheet}


# --- In the parent, against the server


def static_file_near(size: int = STATIC_SIZE) -> tuple[str, int]:
    """The collected static file (by its manifest name, as WhiteNoise serves it) nearest ``size`` bytes."""
    root = Path(settings.STATIC_ROOT)
    manifest = json.loads((root / "staticfiles.json").read_text())
    sizes = {
        name: (root / name).stat().st_size for name in manifest["paths"].values() if (root / name).is_file()
    }
    name = min(sorted(sizes), key=lambda found: abs(sizes[found] - size))
    return settings.STATIC_URL + name, sizes[name]


def wrk_scan(base_url: str, paths_file: Path, *, accept: str = "") -> dict[str, Any]:
    """``wrk -t2 -c8 -d10s --latency`` over the paths in ``paths_file`` picked at random (``bench/scan.lua``),
    non-2xx answers counted; ``{"missing": why}`` when wrk is missing or reports nothing."""
    if shutil.which("wrk") is None:
        return {"missing": "wrk is not installed (apt-get install -y wrk)"}
    completed = subprocess.run(  # noqa: S603
        ["wrk", "-t2", f"-c{WRK_CONNECTIONS}", "-d10s", "--latency", "-s", str(LUA_SCRIPT), base_url,  # noqa: S607
         "--", str(paths_file), accept],
        capture_output=True,
        text=True,
        check=False,
    )  # fmt: skip
    match = re.search(r"WRK (.*)", completed.stdout)
    if not match:
        return {"missing": f"wrk reported nothing: {(completed.stdout + completed.stderr).strip()[-300:]}"}
    figures = {key: float(value) for key, value in (pair.split("=") for pair in match.group(1).split())}
    return {**figures, "load_average": os.getloadavg()[0]}


def scan_wrk_timings(base_url: str, paths_file: Path) -> dict[str, Any]:
    """The static file nearest 4 kB, then the scans answering pages, then answering JSON."""
    static_path, static_bytes = static_file_near()
    static_list = Path(settings.VAR_DIR) / "bench-static-path.txt"
    static_list.write_text(static_path + "\n")
    return {
        "static_path": static_path,
        "static_bytes": static_bytes,
        "static": wrk_scan(base_url, static_list),
        "scan": wrk_scan(base_url, paths_file),
        "scan_json": wrk_scan(base_url, paths_file, accept="application/json"),
    }


# --- The table


def trace_lines(report: dict[str, Any]) -> list[str]:
    lines = []
    trace = report["trace"]
    seeding, issuing, sheet = trace["seeding"], trace["issuing"], trace["sheet"]
    lines.append(f"{'stamps in the scanned batch':<44}{seeding['stamps']:>18,.0f}")
    wrk = trace.get("wrk")
    if wrk is not None:
        lines += _scan_lines(wrk)
    issue_ok = issuing["issue_seconds"] <= TARGETS["issue_seconds"]
    issue_label = f"issuing {issuing['count']:,.0f} stamps"
    lines.append(
        f"{issue_label:<44}{issuing['issue_seconds']:>9.1f}s{'':>10}  {'≤ 20 s':<22}{met(issue_ok):<5}"
        f"load {issuing['load_average']:.1f}"
    )
    lines.append(f"{'  then their URI file, as issue_stamps does':<44}{issuing['uri_seconds']:>9.1f}s")
    sheet_ok = sheet["pdf_seconds"] <= TARGETS["sheet_seconds"]
    sheet_label = f"PDF sheet of {sheet['labels']:,.0f} labels"
    lines.append(
        f"{sheet_label:<44}{sheet['pdf_seconds']:>9.1f}s{'':>10}  {'≤ 30 s':<22}{met(sheet_ok):<5}"
        f"load {sheet['load_average']:.1f}, {sheet['pdf_bytes'] / 1e6:.1f} MB"
    )
    if seeding["seeded"]:
        lines.append(f"seeding {seeding['seeded']:,.0f} stamps this run: {seeding['seconds']:.1f} s")
    return lines


def _scan_lines(wrk: dict[str, Any]) -> list[str]:
    static, scan = wrk["static"], wrk["scan"]
    label = f"static file {wrk['static_path'].rsplit('/', 1)[-1]} ({wrk['static_bytes']:,} B)"
    if "missing" in static or "missing" in scan:
        return [
            f"{'scan against a static file':<44}{'':>20}  {static.get('missing') or scan.get('missing')}  NO"
        ]
    lines = [
        f"{label:<44}{static['rps']:>10,.0f}/s{'':>8}  {'':<22}{'':<5}"
        f"wrk -c{WRK_CONNECTIONS}, {_errors(static)} errors, load {static['load_average']:.1f}",
    ]
    for name, figures in (("scan, page", scan), ("scan, JSON", wrk.get("scan_json", {}))):
        if "rps" not in figures:
            continue
        ratio = figures["rps"] / static["rps"] if static["rps"] else 0.0
        errors = _errors(figures)
        ok = (
            ratio >= TARGETS["scan_to_static"] and figures["p99_ms"] <= TARGETS["scan_p99_ms"] and errors == 0
        )
        target = "≥ 0.25 ×, p99 ≤ 25 ms" if name == "scan, page" else ""
        lines.append(
            f"{name + ', wrk -c' + str(WRK_CONNECTIONS):<44}{figures['rps']:>10,.0f}/s{'':>8}  "
            f"{target:<22}{met(ok) if target else '':<5}load {figures['load_average']:.1f}"
        )
        lines.append(
            f"{f'  ratio {ratio:.2f}, p50 / p99':<44}{figures['p50_ms']:>8.1f}ms{figures['p99_ms']:>8.1f}ms"
            f"  {'0 errors':<22}{'':<5}{errors} errors "
            f"(non-2xx {figures['non2xx']:.0f}, socket {figures['errors']:.0f})"
        )
    return lines


def _errors(figures: dict[str, Any]) -> int:
    return int(figures.get("non2xx", 0) + figures.get("errors", 0))
