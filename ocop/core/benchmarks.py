"""What every benchmark uses (timing HTTP requests, percentiles), and the benchmark of core's own code.

Figures, never assertions: ``manage.py bench`` (in portal, the app that sees every other) runs the
benchmarks, each kept beside the code it measures, in the ``benchmarks`` module of its app; core's own
is the rate-limit counters'. Core names no app, so the timing helpers here know nothing of what they time.
"""

import http.client
import math
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings

RATELIMIT_HITS = 5_000
REQUEST_TIMEOUT = 20  # seconds
MOST_TIMEOUTS = 5
SLOWEST_SHOWN = 5


def percentile(samples: list[float], share: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(share / 100 * len(ordered)) - 1)]


def figures(samples_ms: list[float]) -> dict[str, float]:
    return {"p50": percentile(samples_ms, 50), "p95": percentile(samples_ms, 95), "count": len(samples_ms)}


@dataclass
class HttpRun:
    samples: list[float] = field(default_factory=list)  # milliseconds, client side
    failures: int = 0  # answers other than 200, and timeouts
    skipped: int = 0  # requests not sent after too many timeouts
    slowest: list[tuple[float, str]] = field(default_factory=list)

    def add(self, other: "HttpRun") -> None:
        self.samples += other.samples
        self.failures += other.failures
        self.skipped += other.skipped
        self.slowest = sorted([*self.slowest, *other.slowest], reverse=True)[:SLOWEST_SHOWN]

    def as_json(self) -> dict[str, Any]:
        return {
            **figures(self.samples),
            "failures": self.failures,
            "skipped": self.skipped,
            "slowest": self.slowest,
        }


def warm_up(base_url: str, paths: list[str], connections: int = 8) -> None:
    """The same requests over several connections at once, so that every worker has answered some
    (opened its database connection, loaded its code) before anything is timed: one connection alone
    warmed one worker, and the first request of each pass, landing on another, took 400 ms."""
    with ThreadPoolExecutor(max_workers=connections) as pool:
        list(pool.map(lambda _: http_timings(base_url, paths), range(connections)))


def http_timings(base_url: str, paths: list[str]) -> HttpRun:
    """Sequential requests on one keep-alive connection.

    A request unanswered after ``REQUEST_TIMEOUT`` seconds counts as a failure that took that long; after
    ``MOST_TIMEOUTS`` of them the rest is skipped, since every hung request keeps a server thread busy.
    """
    address = urlsplit(base_url)
    host, port = address.hostname or "127.0.0.1", address.port
    connection = http.client.HTTPConnection(host, port, timeout=REQUEST_TIMEOUT)
    run, timeouts = HttpRun(), 0
    for number, path in enumerate(paths):
        started = time.perf_counter()
        try:
            connection.request("GET", path)
            response = connection.getresponse()
            response.read()
        except TimeoutError:
            run.samples.append(REQUEST_TIMEOUT * 1000.0)
            run.slowest.append((REQUEST_TIMEOUT * 1000.0, path))
            run.failures, timeouts = run.failures + 1, timeouts + 1
            connection.close()
            connection = http.client.HTTPConnection(host, port, timeout=REQUEST_TIMEOUT)
            if timeouts >= MOST_TIMEOUTS:
                run.skipped = len(paths) - number - 1
                break
            continue
        elapsed = (time.perf_counter() - started) * 1000
        run.samples.append(elapsed)
        run.slowest.append((elapsed, path))
        run.failures += response.status != 200
        if response.getheader("Connection", "").lower() == "close":
            connection.close()
    connection.close()
    run.slowest = sorted(run.slowest, reverse=True)[:SLOWEST_SHOWN]
    return run


# --- The rate-limit counters


def ratelimit_timing(hits: int = RATELIMIT_HITS) -> dict[str, dict[str, float]]:
    """Microseconds per hit on the rate-limit counters (``ocop.core.ratelimit``), which every API request
    and every failed sign-in pays: one upsert in their own SQLite file (here a file of the benchmark's).
    Once on one key, as one client's burst, and once on a new key each time, as many clients."""
    from django.test import override_settings

    from ocop.core import ratelimit

    keys: dict[str, Callable[[int], str]] = {
        "one_key": lambda _hit: "bench:one",
        "new_keys": lambda hit: f"bench:{time.time_ns()}:{hit}",
    }
    results = {}
    with override_settings(RATELIMIT_DATABASE=Path(settings.VAR_DIR) / "bench-ratelimit.sqlite3"):
        ratelimit.hit("bench:warm", limit=1, window_seconds=1)  # opens the connection
        for label, key in keys.items():
            samples = []
            for hit in range(hits):
                started = time.perf_counter()
                ratelimit.hit(key(hit), limit=hits, window_seconds=1)
                samples.append((time.perf_counter() - started) * 1_000_000)
            results[label] = {"p50": percentile(samples, 50), "p95": percentile(samples, 95)}
    return results


def met(ok: bool) -> str:
    return "yes" if ok else "NO"


def ratelimit_lines(counters: dict[str, dict[str, float]]) -> list[str]:
    names = {"one_key": "one client", "new_keys": "a new client each time"}
    return [
        f"{'rate-limit hit, ' + names[label]:<44}{counted['p50']:>8.0f}µs{counted['p95']:>8.0f}µs"
        for label, counted in counters.items()
    ]
