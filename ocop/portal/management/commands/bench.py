"""``manage.py bench [--products 100000] [--backend sqlite|postgresql|both] [--database-url URL]``.

Figures, never assertions: on a database of its own (``var/bench.sqlite3``; for PostgreSQL the URL given,
else a cluster of its own in ``var/bench-postgres``, both kept between runs so the 100,000-product registry
is built once), with the demo registry loaded through ``load_demo``, it measures

- the public search API (``/api/v1/products?q=…``) against a real gunicorn on 127.0.0.1: p50/p95 over a
  few hundred realistic queries, next to the same queries' bare full-text match (the engine's own query,
  in process) and the search selector alone, so the ratio and where the time goes can be read;
- ``/api/v1/stats`` nationally, current and legacy scheme, 30 runs each;
- ``/api/v1/stats/flow`` over five years, nationally and for a province: 30 periods asked first, one kept;
- importing a generated 20,000-row recognitions file (in a transaction rolled back afterwards);
- the open-data exports: the first request (which builds the file), the next ones (served from it), and
  a product page's latency alone and while several clients pull the export at once;
- supplier matching (``ocop.trade.benchmarks``): ``/api/v1/trade/matches`` over a set of demands, p50/p95;
- one hit on the rate-limit counters, in process (every API request and failed sign-in pays it);
- traceability (``ocop.trace.benchmarks``): the stamp scan with ten million stamps against a ~4 kB static
  file of the same server (``wrk``, 8 connections), issuing a million stamps, a 10,000-label PDF sheet;
- the sales-point map (``ocop.outlets.benchmarks``): the directory with 2,000 points in headless chromium;
- the statistics page (``ocop.reports.benchmarks``) in Lighthouse's mobile preset, national and a province;

then prints a table against the targets. Each backend's measuring runs in a child process pointed at the
benchmark database through ``DATABASE_URL``: this process never touches the developer's database.

Each measure lives beside the code it measures (``ocop.registry.benchmarks``: search and import;
``ocop.reports.benchmarks``: statistics and flows; ``ocop.trace.benchmarks``: scans, issuing and sheets;
``ocop.core.benchmarks``: the rate-limit counters and the HTTP timing every part uses); this command, in
portal because it sees every app, builds the database, starts the server, calls them and prints the table.
The exports stay here: they measure a portal page under load.
"""

import argparse
import datetime
import http.client
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from ocop.core.benchmarks import (
    REQUEST_TIMEOUT,
    http_timings,
    ratelimit_lines,
    ratelimit_timing,
    warm_up,
)
from ocop.outlets.benchmarks import outlets_lines, outlets_timings
from ocop.registry.benchmarks import import_lines, import_timing, search_lines, search_timings
from ocop.reports.benchmarks import (
    flows_lines,
    flows_timings,
    snapshot_timing,
    statistics_page_lines,
    statistics_page_timings,
    stats_lines,
    stats_timings,
    targets_lines,
    targets_timings,
)
from ocop.trace.benchmarks import scan_wrk_timings, trace_lines, trace_timings
from ocop.trade.benchmarks import trade_lines, trade_timings

EXPORT_SERVED_RUNS = 10
EXPORT_CLIENTS = 8  # clients pulling the open-data export without pause, as in the probe
PAGE_REQUESTS = 40  # product page requests timed alone, then again under the export clients
PARTS = ("search", "trace", "stats", "flows", "trade", "import", "exports", "ratelimit", "outlets", "page")
PG_DATABASE = "ocop_bench"
VACUUMED_TABLES = ("registry_producer", "registry_product", "registry_certificate", "registry_product_search")
LUA_SCRIPT = Path(settings.BASE_DIR) / "bench" / "search.lua"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Command(BaseCommand):
    help = "Benchmark search, statistics and import on a dedicated database with a national demo registry."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--products", type=int, default=100_000)
        parser.add_argument("--backend", choices=("sqlite", "postgresql", "both"))
        parser.add_argument(
            "--database-url", help="a PostgreSQL database to use (it gets migrated and loaded)"
        )
        parser.add_argument("--rebuild", action="store_true", help="start the benchmark database afresh")
        parser.add_argument("--passes", type=int, default=2, help="passes over the search queries")
        parser.add_argument("--no-wrk", action="store_true", help="skip wrk even when it is installed")
        parser.add_argument(
            "--only", choices=PARTS, action="append", help="measure only this part (repeat for several)"
        )
        # The child that measures inside the benchmark database.
        parser.add_argument("--measure", metavar="BASE_URL", help=argparse.SUPPRESS)
        parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["measure"]:
            parts = tuple(options["only"] or PARTS)
            results = measure(
                options["measure"], passes=options["passes"], parts=parts, say=self.stdout.write
            )
            options["out"].write_text(json.dumps(results, indent=1))
            return
        backends = self.backends(options)
        reports = []
        for backend in backends:
            self.stdout.write(self.style.MIGRATE_HEADING(f"== {backend}"))
            reports.append(self.run_backend(backend, options))
        for report in reports:
            self.stdout.write(table(report))

    def backends(self, options: dict[str, Any]) -> list[str]:
        if options["backend"] == "both":
            return ["sqlite", "postgresql"]
        if options["backend"]:
            return [options["backend"]]
        if options["database_url"] or postgres_binaries() is not None:
            return ["sqlite", "postgresql"]
        self.stdout.write(
            self.style.WARNING("PostgreSQL server programs not found: benchmarking SQLite only.")
        )
        return ["sqlite"]

    def run_backend(self, backend: str, options: dict[str, Any]) -> dict[str, Any]:
        cluster: PostgresCluster | None = None
        if backend == "sqlite":
            path = Path(settings.VAR_DIR) / "bench.sqlite3"
            if options["rebuild"]:
                for suffix in ("", "-wal", "-shm"):
                    Path(f"{path}{suffix}").unlink(missing_ok=True)
            database_url = f"sqlite:///{path}"
        elif options["database_url"]:
            database_url = options["database_url"]
        else:
            cluster = PostgresCluster(Path(settings.VAR_DIR) / "bench-postgres")
            database_url = cluster.start(rebuild=options["rebuild"], say=self.stdout.write)
        try:
            return self.measure_backend(backend, database_url, options, cluster)
        finally:
            if cluster is not None:
                cluster.stop()

    def measure_backend(
        self, backend: str, database_url: str, options: dict[str, Any], cluster: "PostgresCluster | None"
    ) -> dict[str, Any]:
        # The children's own var folder: their cache (statistics, rate limits) starts empty every run.
        child_var = Path(settings.VAR_DIR) / "bench-var"
        shutil.rmtree(child_var / "cache", ignore_errors=True)
        shutil.rmtree(child_var / "exports", ignore_errors=True)  # so that the first export request builds
        child_var.mkdir(exist_ok=True)
        env = {
            **os.environ,
            "OCOP_VAR_DIR": str(child_var),
            "DATABASE_URL": database_url,
            "DEBUG": "0",
            "API_ANON_RATE": "1000000/min",
            "API_USER_RATE": "1000000/min",
            "SCAN_RATE": "0",  # the scans' per-client limit off: wrk is one client
            "LOG_LEVEL": "WARNING",
        }
        manage = [sys.executable, "manage.py"]
        run_child([*manage, "migrate", "--noinput", "-v0"], env)
        run_child([*manage, "load_units", "-v0"], env)
        load = [*manage, "load_demo", "--products", str(options["products"]), "--seed", "2026"]
        started = time.perf_counter()
        loaded = run_child(load, env, check=False)
        if loaded.returncode != 0 and "already holds the demo registry" in loaded.stderr:
            self.stdout.write("  the benchmark database holds another demo set: building it afresh")
            recreate_database(backend, database_url, cluster)
            run_child([*manage, "migrate", "--noinput", "-v0"], env)
            run_child([*manage, "load_units", "-v0"], env)
            started = time.perf_counter()
            loaded = run_child(load, env, check=False)
        if loaded.returncode != 0:
            raise CommandError(f"load_demo failed:\n{loaded.stderr[-3000:]}")
        load_seconds = time.perf_counter() - started
        self.stdout.write(loaded.stdout.rstrip())
        if backend == "postgresql":
            # Measure the steady state autovacuum keeps: a previous run's rolled-back import leaves dead rows
            # and row counts that mislead the planner until it comes by (one such run: search p95 doubled).
            vacuum = "VACUUM (ANALYZE) " + ", ".join(VACUUMED_TABLES)
            run_child([*manage, "dbshell", "--", f"--command={vacuum}"], env)

        if {"trace", "outlets", "page"} & set(options["only"] or PARTS):
            # The scan is measured against a static file, which WhiteNoise serves from the collected files;
            # the map's page needs Leaflet's, the statistics page its style sheet and htmx.
            run_child([*manage, "collectstatic", "--noinput", "-v0"], env)
        port = free_port()
        server = start_gunicorn(env, port)
        out = Path(settings.VAR_DIR) / f"bench-{backend}.json"
        try:
            wait_until_serving(port, server)
            results: dict[str, Any] = {}
            # wrk right after the search's own figures, before the import: its rolled-back rows stay in
            # PostgreSQL's GIN pending lists until autovacuum merges them, and every search read through
            # them meanwhile (85 instead of 150-165 searches a second when wrk came last).
            for parts in _measuring_order(tuple(options["only"] or PARTS)):
                only = [argument for part in parts for argument in ("--only", part)]
                run_child(
                    [*manage, "bench", "--measure", f"http://127.0.0.1:{port}",
                     "--passes", str(options["passes"]), "--out", str(out), *only],
                    env,
                    stream=True,
                )  # fmt: skip
                results.update(json.loads(out.read_text()))
                if "search" in parts and not options["no_wrk"]:
                    results["wrk"] = run_wrk(port, Path(results["queries_file"]))
                if "trace" in parts and not options["no_wrk"]:
                    paths_file = Path(results["trace"]["scan_paths_file"])
                    results["trace"]["wrk"] = scan_wrk_timings(f"http://127.0.0.1:{port}", paths_file)
            out.write_text(json.dumps(results, indent=1))
        finally:
            server.send_signal(signal.SIGTERM)
            try:
                server.wait(timeout=40)
            except subprocess.TimeoutExpired:  # a request still running: gunicorn waits for it
                os.killpg(server.pid, signal.SIGKILL)  # its own process group: master and workers
                server.wait()
        results.update(
            backend=backend, load_demo_seconds=load_seconds, load_demo_output=loaded.stdout.strip()
        )
        return results


def _measuring_order(parts: tuple[str, ...]) -> list[tuple[str, ...]]:
    """The parts to measure: the search (and wrk after it) first and alone, then the traceability part
    alone (wrk over the scans needs the paths its child wrote), then the others together."""
    alone: list[tuple[str, ...]] = [(part,) for part in ("search", "trace") if part in parts]
    rest = tuple(part for part in parts if part not in ("search", "trace"))
    return [*alone, rest] if rest else alone


def run_child(
    command: list[str], env: dict[str, str], *, check: bool = True, stream: bool = False
) -> subprocess.CompletedProcess[str]:
    completed = subprocess.run(  # noqa: S603 (our own interpreter and manage.py)
        command,
        cwd=settings.BASE_DIR,
        env=env,
        text=True,
        stdout=None if stream else subprocess.PIPE,
        stderr=None if stream else subprocess.PIPE,
        check=False,
    )
    if check and completed.returncode != 0:
        raise CommandError(f"{' '.join(command[1:])} failed:\n{(completed.stderr or '')[-3000:]}")
    return completed


def start_gunicorn(env: dict[str, str], port: int) -> subprocess.Popen[bytes]:
    log = (Path(settings.VAR_DIR) / "bench-gunicorn.log").open("ab")
    return subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "gunicorn", "config.wsgi:application", "--config", "config/gunicorn.conf.py",
         "--bind", f"127.0.0.1:{port}"],
        cwd=settings.BASE_DIR,
        # The workers and threads of config/gunicorn.conf.py, as a deployment behind a proxy gets them:
        # the proxy logs the requests (a log file, even /dev/null, has every line formatted).
        env={**env, "ACCESS_LOG": "0"},
        stdout=log,
        stderr=log,
        start_new_session=True,
    )  # fmt: skip


def wait_until_serving(port: int, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise CommandError("gunicorn stopped at start; see var/bench-gunicorn.log")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise CommandError("gunicorn did not start within 60 s")


def run_wrk(port: int, queries_file: Path) -> dict[str, Any]:
    """wrk with 4 connections for 10 s over the same requests: latency under load, and throughput.

    Without wrk (scripts/bench.sh installs it), or when it reports nothing, the figures say why they are
    missing (``{"missing": ...}``) instead of leaving the line out of the table.
    """
    if shutil.which("wrk") is None:
        return {"missing": "wrk is not installed (apt-get install -y wrk)"}
    completed = subprocess.run(  # noqa: S603
        ["wrk", "-t2", "-c4", "-d10s", "-s", str(LUA_SCRIPT), f"http://127.0.0.1:{port}",  # noqa: S607
         "--", str(queries_file)],
        capture_output=True,
        text=True,
        check=False,
    )  # fmt: skip
    match = re.search(r"WRK (.*)", completed.stdout)
    if not match:
        return {"missing": f"wrk reported nothing: {(completed.stdout + completed.stderr).strip()[-300:]}"}
    return {key: float(value) for key, value in (pair.split("=") for pair in match.group(1).split())}


# --- PostgreSQL


def postgres_binaries() -> Path | None:
    pg_ctl = shutil.which("pg_ctl")
    if pg_ctl and shutil.which("initdb"):
        return Path(pg_ctl).resolve().parent
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parent.parent.name))
    return found[-1].parent if found else None


# What a PostgreSQL server of the platform is given on a machine like this one (2 CPUs, 23 GB), rather than
# initdb's defaults for a small shared host: shared_buffers of 128 MB held less than the index of ten million
# stamps' serials, so each scan of a random stamp read index pages from the kernel, and issuing a million
# stamps forced checkpoints at the default max_wal_size of 1 GB. Durability stays the server's default
# (fsync, full_page_writes, synchronous_commit on): the scan alone commits asynchronously, by its own choice.
SERVER_SETTINGS = {
    "shared_buffers": "2GB",
    "effective_cache_size": "8GB",
    "maintenance_work_mem": "512MB",
    "max_wal_size": "8GB",
    "checkpoint_timeout": "15min",
    "checkpoint_completion_target": "0.9",
    "wal_compression": "on",
}


class PostgresCluster:
    """A cluster of the benchmark's own, kept in ``data_dir`` between runs and stopped after each.

    initdb refuses to run as root, so as root it runs as the ``postgres`` user, like scripts/pg-cluster.sh.
    """

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.binaries = postgres_binaries()
        self.port = 0

    def _run(self, *command: str) -> subprocess.CompletedProcess[str]:
        prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        return subprocess.run(  # noqa: S603
            [*prefix, *command], capture_output=True, text=True, check=False, cwd="/"
        )

    def start(self, *, rebuild: bool, say: Callable[[str], Any]) -> str:
        if self.binaries is None:
            raise CommandError("PostgreSQL server programs not found (apt-get install postgresql)")
        if rebuild and self.data_dir.exists():
            shutil.rmtree(self.data_dir)
        if not (self.data_dir / "PG_VERSION").exists():
            self.data_dir.mkdir(parents=True, exist_ok=True)
            if os.geteuid() == 0:
                shutil.chown(self.data_dir, "postgres", "postgres")
            self.data_dir.chmod(0o700)
            initialised = self._run(
                str(self.binaries / "initdb"), f"--pgdata={self.data_dir}", "--username=postgres",
                "--auth=trust", "--encoding=UTF8", "--no-locale", "--no-sync",
            )  # fmt: skip
            if initialised.returncode != 0:
                raise CommandError(f"initdb failed:\n{initialised.stdout}{initialised.stderr}")
        self.port = free_port()
        options = " ".join(
            [f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.data_dir}"]
            + [f"-c {name}={value}" for name, value in SERVER_SETTINGS.items()]
        )
        started = self._run(
            str(self.binaries / "pg_ctl"), f"--pgdata={self.data_dir}", f"--log={self.data_dir}/server.log",
            "--wait", "--timeout=60", "-o", options, "start",
        )  # fmt: skip
        if started.returncode != 0:
            raise CommandError(f"PostgreSQL did not start:\n{started.stdout}{started.stderr}")
        self.psql(
            "DO $$ BEGIN CREATE ROLE ocop LOGIN PASSWORD 'ocop' CREATEDB; "
            "EXCEPTION WHEN duplicate_object THEN NULL; END $$"
        )
        exists = self.psql(f"SELECT 1 FROM pg_database WHERE datname = '{PG_DATABASE}'")  # noqa: S608
        if "1" not in exists.stdout:
            self.psql(f"CREATE DATABASE {PG_DATABASE} OWNER ocop")
        version = self._run(str(self.binaries / "postgres"), "--version").stdout.strip()
        say(f"  {version} on 127.0.0.1:{self.port} (data kept in {self.data_dir})")
        return f"postgres://ocop:ocop@127.0.0.1:{self.port}/{PG_DATABASE}"

    def psql(self, sql: str) -> subprocess.CompletedProcess[str]:
        assert self.binaries is not None  # noqa: S101 (start() checked)
        return self._run(
            str(self.binaries / "psql"), "--host=127.0.0.1", f"--port={self.port}", "--username=postgres",
            "--dbname=postgres", "--no-psqlrc", "--tuples-only", "--set=ON_ERROR_STOP=1", f"--command={sql}",
        )  # fmt: skip

    def stop(self) -> None:
        if self.binaries is not None and (self.data_dir / "postmaster.pid").exists():
            self._run(
                str(self.binaries / "pg_ctl"), f"--pgdata={self.data_dir}", "--mode=fast", "--wait", "stop"
            )


def recreate_database(backend: str, database_url: str, cluster: PostgresCluster | None) -> None:
    if backend == "sqlite":
        path = urlsplit(database_url).path
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    elif cluster is not None:
        cluster.psql(f"DROP DATABASE IF EXISTS {PG_DATABASE} WITH (FORCE)")
        cluster.psql(f"CREATE DATABASE {PG_DATABASE} OWNER ocop")
    else:
        raise CommandError("the database given holds another demo set; give an empty one or use --products")


# --- Measuring, in the child process connected to the benchmark database


def export_timings(base_url: str) -> dict[str, Any]:
    """The open-data exports as anonymous clients see them: the first request of a registry version builds
    the file (the bench removed older ones), the next ``EXPORT_SERVED_RUNS`` are served from it; then a
    public product page ``PAGE_REQUESTS`` times alone, and again while ``EXPORT_CLIENTS`` clients pull the
    CSV without pause (bounded: the page requests end it, each at most ``REQUEST_TIMEOUT`` seconds)."""
    from django.urls import reverse

    from ocop.registry.models import Product
    from ocop.registry.selectors import public_slug

    results: dict[str, Any] = {}
    for suffix in ("csv", "json"):
        path = f"/api/v1/products/export.{suffix}"
        first = http_timings(base_url, [path])
        served = http_timings(base_url, [path] * EXPORT_SERVED_RUNS)
        results[suffix] = {
            "first": first.as_json(),
            "served": served.as_json(),
            "bytes": _download_size(base_url, path, gzip=False),
            "gzip_bytes": _download_size(base_url, path, gzip=True),
        }
    product = Product.objects.filter(latest_certificate__isnull=False).order_by("pk").first()
    if product is None:
        return results
    page = reverse(
        "catalogue:product_detail", kwargs={"product_id": product.pk, "slug": public_slug(product.name)}
    )
    warm_up(base_url, [page] * 5)
    alone = http_timings(base_url, [page] * PAGE_REQUESTS)
    stop = threading.Event()

    def pull() -> int:
        pulled = 0
        while not stop.is_set():
            pulled += not http_timings(base_url, ["/api/v1/products/export.csv"]).failures
        return pulled

    with ThreadPoolExecutor(max_workers=EXPORT_CLIENTS) as pool:
        pulling = [pool.submit(pull) for _ in range(EXPORT_CLIENTS)]
        try:
            loaded = http_timings(base_url, [page] * PAGE_REQUESTS)
        finally:
            stop.set()
        downloads = sum(future.result() for future in pulling)
    results["page_alone"] = alone.as_json()
    results["page_under_export_load"] = loaded.as_json()
    results["downloads_meanwhile"] = downloads
    return results


def _download_size(base_url: str, path: str, *, gzip: bool) -> int:
    address = urlsplit(base_url)
    connection = http.client.HTTPConnection(
        address.hostname or "127.0.0.1", address.port, timeout=REQUEST_TIMEOUT
    )
    try:
        connection.request("GET", path, headers={"Accept-Encoding": "gzip" if gzip else "identity"})
        return len(connection.getresponse().read())
    finally:
        connection.close()


def measure(
    base_url: str, *, passes: int, parts: tuple[str, ...], say: Callable[[str], Any]
) -> dict[str, Any]:
    from django.db import connection

    from ocop.registry.models import Certificate, Product

    say(f"  {Product.objects.count():,} products, {Certificate.objects.count():,} certificates")
    results: dict[str, Any] = {
        "vendor": connection.vendor,
        "server_version": _server_version(),
        "products": Product.objects.count(),
    }
    if "search" in parts:
        results.update(search_timings(base_url, passes=passes, say=say))
    if "stats" in parts:
        say("  statistics")
        results["stats"] = stats_timings(base_url)
        say("  statistics snapshot, in process")
        results["snapshot_seconds"] = snapshot_timing()
    if "flows" in parts:
        say("  flows over five years")
        results["flows"] = flows_timings(base_url)
        say("  targets on a day")
        results["targets"] = targets_timings(base_url)
    if "trade" in parts:
        say("  supplier matching (trade matches API)")
        results["trade"] = trade_timings(base_url)
    if "import" in parts:
        say("  import of 20,000 rows")
        results["import"] = import_timing()
    if "exports" in parts:
        say(f"  open-data exports, then a product page alone and under {EXPORT_CLIENTS} export clients")
        results["exports"] = export_timings(base_url)
    if "ratelimit" in parts:
        say("  rate-limit counters, in process")
        results["ratelimit"] = ratelimit_timing()
    if "trace" in parts:
        say("  traceability: the stamps of the scan, issuing, a PDF sheet")
        results["trace"] = trace_timings(say=say)
    if "outlets" in parts:
        results["outlets"] = outlets_timings(base_url, say=say)
    if "page" in parts:
        results["statistics_page"] = statistics_page_timings(base_url, say=say)
    return results


def _server_version() -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT sqlite_version()" if connection.vendor == "sqlite" else "SHOW server_version")
        return str(cursor.fetchone()[0])


# --- The table


def table(report: dict[str, Any]) -> str:
    lines = [
        "",
        f"{report['backend']} {report['server_version']} · {report['products']:,} products · "
        f"{os.cpu_count()} CPUs · {datetime.date.today()}",
        f"{'measure':<44}{'p50':>10}{'p95':>10}  {'target':<22}met",
    ]
    if "search" in report:
        lines += search_lines(report)
    if "trace" in report:
        lines += trace_lines(report)
    if "stats" in report:
        lines += stats_lines(report)
    if "flows" in report:
        lines += flows_lines(report)
    if "targets" in report:
        lines += targets_lines(report)
    if "trade" in report:
        lines += trade_lines(report)
    if "import" in report:
        lines += import_lines(report["import"])
    if "exports" in report:
        lines += _export_lines(report["exports"])
    if "ratelimit" in report:
        lines += ratelimit_lines(report["ratelimit"])
    if "outlets" in report:
        lines += outlets_lines(report)
    if "statistics_page" in report:
        lines += statistics_page_lines(report)
    lines.append(f"load_demo on this database: {report['load_demo_seconds']:.1f} s")
    return "\n".join(lines)


def _export_lines(exports: dict[str, Any]) -> list[str]:
    lines = []
    for suffix in ("csv", "json"):
        export = exports[suffix]
        first, served = export["first"], export["served"]
        size = f"{export['bytes'] / 1e6:.1f} MB, gzip {export['gzip_bytes'] / 1e6:.1f} MB"
        lines.append(
            f"{'open data ' + suffix + ', first request (builds)':<44}{first['p50']:>8.0f}ms  {'':>8}  {size}"
        )
        lines.append(
            f"{'  served from the file (' + str(served['count']) + ' requests)':<44}{served['p50']:>8.1f}ms"
            f"{served['p95']:>8.1f}ms"
        )
        if first["failures"] or served["failures"]:
            lines.append(f"  ({first['failures'] + served['failures']} export requests did not answer 200)")
    if "page_alone" in exports:
        alone, loaded = exports["page_alone"], exports["page_under_export_load"]
        lines.append(f"{'product page alone':<44}{alone['p50']:>8.1f}ms{alone['p95']:>8.1f}ms")
        lines.append(
            f"{'  while ' + str(EXPORT_CLIENTS) + ' clients pull the CSV':<44}{loaded['p50']:>8.1f}ms"
            f"{loaded['p95']:>8.1f}ms  {exports['downloads_meanwhile']} downloads meanwhile"
        )
        if alone["failures"] or loaded["failures"]:
            lines.append(
                f"  ({alone['failures'] + loaded['failures']} product page requests did not answer 200)"
            )
    return lines
