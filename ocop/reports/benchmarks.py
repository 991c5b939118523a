"""Benchmarks of the statistics and the flows: the APIs over HTTP, the registry snapshot in process, and the
statistics page in Lighthouse on a simulated slow phone. Run by ``manage.py bench``; figures, never
assertions.
"""

import datetime
import json
import os
import statistics
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

from django.conf import settings

from ocop.core.benchmarks import http_timings, met, warm_up
from ocop.core.chromium import CHROMIUM, CHROMIUM_ARGS

TARGETS = {"stats_p95_ms": 150.0, "flows_p95_ms": 150.0, "page_lcp_s": 1.5}
# No target is set for the targets endpoint: its figure is printed beside the flows it is made of.
STATS_RUNS = 30
FLOWS_RUNS = 30
FLOWS_SCOPES = (("national", ""), ("province 51", "province=51&"))


def stats_timings(base_url: str) -> dict[str, dict[str, Any]]:
    """National statistics, current and legacy scheme: each of 30 days computed (the endpoint caches a
    day's figures while the registry is unchanged), and one day asked 30 times, as a client sees it."""
    today = datetime.date.today()
    results: dict[str, dict[str, Any]] = {}
    for label, path in (("current", "/api/v1/stats?"), ("legacy", "/api/v1/stats?scheme=legacy&")):
        days = [today - datetime.timedelta(days=offset) for offset in range(1, STATS_RUNS + 1)]
        computed = http_timings(base_url, [f"{path}as_of={day}" for day in days])
        served = http_timings(base_url, [path.rstrip("?&")] * STATS_RUNS)
        results[label] = {"computed": computed.as_json(), "served": served.as_json()}
    return results


def flows_timings(base_url: str) -> dict[str, dict[str, Any]]:
    """Flows over five years, nationally and for Quảng Ngãi (51): 30 periods each asked first (the endpoint
    keeps a period's flows while the registry is unchanged, so each is computed), then one period asked 30
    times, as a client sees it. Every worker first reads the registry snapshot (``_wait_for_the_workers``):
    measured against a server just started, the first asks waited for that instead (20 s time-outs)."""
    _wait_for_the_workers(base_url)
    results: dict[str, dict[str, Any]] = {}
    for label, scope in FLOWS_SCOPES:
        periods = [
            _five_years_from(datetime.date(2021, 1, 1) + datetime.timedelta(days=k))
            for k in range(FLOWS_RUNS)
        ]
        path = "/api/v1/stats/flow?" + scope
        computed = http_timings(base_url, [f"{path}from={first}&to={last}" for first, last in periods])
        first, last = periods[0]
        kept = http_timings(base_url, [f"{path}from={first}&to={last}"] * FLOWS_RUNS)
        results[label] = {"computed": computed.as_json(), "kept": kept.as_json()}
    return results


def targets_timings(base_url: str) -> dict[str, Any]:
    """``GET /api/v1/targets`` with the demo's 15 targets (every metric; national, legacy, current) over
    the bench registry: 30 days each asked first (a target's figures are worked out for its period cut to
    the day asked, so each day computes every target's flows and statistics anew), then one day asked 30
    times. The targets are imported first, through the one import; a second bench run finds them."""
    from ocop.reports.demo import TARGETS_FILE
    from ocop.reports.targets.importing import targets_import

    with TARGETS_FILE.open("rb") as content:
        imported = targets_import(acting_user=None, file_name=TARGETS_FILE.name, content=content)
    if not imported.ok:
        raise RuntimeError("; ".join(str(error) for error in imported.errors))
    days = [datetime.date(2026, 1, 1) + datetime.timedelta(days=k) for k in range(FLOWS_RUNS)]
    computed = http_timings(base_url, [f"/api/v1/targets?as_of={day}" for day in days])
    kept = http_timings(base_url, [f"/api/v1/targets?as_of={days[0]}"] * FLOWS_RUNS)
    return {"computed": computed.as_json(), "kept": kept.as_json()}


def _wait_for_the_workers(base_url: str, seconds: float = 120.0) -> None:
    """Until a round of requests on several connections at once answers within a second: each worker of a
    server just started reads the registry snapshot before it answers, several seconds each when all read
    at once on a busy machine, and one round of ``warm_up`` could end while some were still reading."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        started = time.perf_counter()
        warm_up(base_url, ["/api/v1/stats/flow?from=2019-01-01&to=2019-01-01"])
        if time.perf_counter() - started < 1.0:
            return


def _five_years_from(first: datetime.date) -> tuple[datetime.date, datetime.date]:
    """Five calendar years' worth of days from ``first``: to the eve of the same day five years on."""
    return first, first.replace(year=first.year + 5) - datetime.timedelta(days=1)


def snapshot_timing(runs: int = 3) -> float:
    """Seconds to read the statistics' registry snapshot: paid once per registry change by each server
    worker (and at its start), by the first statistics request that finds the registry changed."""
    from ocop.registry import snapshot

    version = snapshot.registry_version()
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        snapshot.read_snapshot(version)
        timings.append(time.perf_counter() - started)
    return min(timings)


def _asked_lines(
    labels: tuple[str, str], first: dict[str, Any], again: dict[str, Any], *, target: str, what: str
) -> list[str]:
    """A figure asked the first time (against its target) and asked again, and the requests that failed."""
    lines = [
        f"{labels[0]:<44}{first['p50']:>8.1f}ms{first['p95']:>8.1f}ms  {f'p95 ≤ {TARGETS[target]:g} ms':<22}"
        f"{met(first['p95'] <= TARGETS[target] and not first['failures'])}",
        f"{labels[1]:<44}{again['p50']:>8.1f}ms{again['p95']:>8.1f}ms",
    ]
    if first["failures"] or again["failures"]:
        lines.append(f"  ({first['failures'] + again['failures']} {what} requests did not answer 200)")
    return lines


def stats_lines(report: dict[str, Any]) -> list[str]:
    lines = []
    for label, stats in report["stats"].items():
        lines += _asked_lines(
            (f"stats, national, {label}, 30 days computed", "  one day asked 30 times (cached)"),
            stats["computed"],
            stats["served"],
            target="stats_p95_ms",
            what="statistics",
        )
    if "snapshot_seconds" in report:
        lines.append(
            f"{'  statistics snapshot, once per registry change':<44}{report['snapshot_seconds']:>9.2f}s"
        )
    return lines


def flows_lines(report: dict[str, Any]) -> list[str]:
    lines = []
    for label, flows in report["flows"].items():
        lines += _asked_lines(
            (f"flows, {label}, 5 years, 30 first asks", "  one period asked 30 times (kept)"),
            flows["computed"],
            flows["kept"],
            target="flows_p95_ms",
            what="flow",
        )
    return lines


def targets_lines(report: dict[str, Any]) -> list[str]:
    first, again = report["targets"]["computed"], report["targets"]["kept"]
    lines = [
        f"{'targets, 15 of the demo, 30 days first asked':<44}{first['p50']:>8.1f}ms{first['p95']:>8.1f}ms",
        f"{'  one day asked 30 times':<44}{again['p50']:>8.1f}ms{again['p95']:>8.1f}ms",
    ]
    if first["failures"] or again["failures"]:
        lines.append(f"  ({first['failures'] + again['failures']} targets requests did not answer 200)")
    return lines


# --- The statistics page on a simulated slow phone (Lighthouse mobile)

LIGHTHOUSE = Path(settings.BASE_DIR) / "bench" / "lighthouse" / "node_modules" / ".bin" / "lighthouse"
PAGE_RUNS = 5
PAGES = (("national", "/thong-ke/"), ("province 51", "/thong-ke/?province=51"))


def statistics_page_timings(base_url: str, *, say: Any) -> dict[str, Any]:
    """The statistics page with its charts and map, nationally and for Quảng Ngãi, in Lighthouse's mobile
    preset (its default: a mid-range phone, slow 4G and a CPU four times slower, simulated): ``PAGE_RUNS``
    runs each, after one request has computed the day's figures (the page keeps them while the registry
    is unchanged, as every visitor after the first finds them). Lighthouse is installed by
    ``scripts/bench.sh`` from ``bench/lighthouse``'s lockfile; without it or chromium, the figures say
    what is missing."""
    for needed, how in ((LIGHTHOUSE, "scripts/bench.sh installs it"), (CHROMIUM, "apt-get install chromium")):
        if not needed.exists():
            return {"missing": f"{needed} ({how})"}
    results: dict[str, Any] = {}
    for label, path in PAGES:
        warm_up(base_url, [path])
        say(f"  statistics page, {label}: {PAGE_RUNS} Lighthouse runs (mobile)")
        runs = [_lighthouse_run(f"{base_url}{path}") for _ in range(PAGE_RUNS)]
        results[label] = {"path": path, "runs": runs}
    return results


def _lighthouse_run(url: str, attempts: int = 3) -> dict[str, Any]:
    """One Lighthouse run of ``url``: its figures, or the error of its last attempt. Lighthouse now and
    then loses the trace of a load (``NO_NAVSTART``, "please run Lighthouse again"): such a run is tried
    again, up to ``attempts`` times, and a page that never loads is reported as failed."""
    run: dict[str, Any] = {}
    for _ in range(attempts):
        run = _lighthouse_once(url)
        if "error" not in run:
            break
    return run


def _lighthouse_once(url: str) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as folder:
        report_file = Path(folder) / "report.json"
        completed = subprocess.run(  # noqa: S603 - the lockfile's Lighthouse, on our own server
            [str(LIGHTHOUSE), url, "--quiet", f"--chrome-flags={' '.join(CHROMIUM_ARGS)}",
             "--only-categories=performance,accessibility,best-practices",
             "--output=json", f"--output-path={report_file}"],
            env={**os.environ, "CHROME_PATH": str(CHROMIUM)},
            capture_output=True,
            text=True,
            timeout=180,
            check=False,
        )  # fmt: skip
        if completed.returncode != 0 or not report_file.exists():
            return {"error": (completed.stderr or completed.stdout).strip()[-300:]}
        report = json.loads(report_file.read_text())
    audits, categories = report["audits"], report["categories"]
    if report.get("runtimeError") or audits["largest-contentful-paint"]["numericValue"] is None:
        return {"error": str(report.get("runtimeError", {}).get("message", "no LCP measured"))}
    return {
        "lcp_s": audits["largest-contentful-paint"]["numericValue"] / 1000,
        "fcp_s": audits["first-contentful-paint"]["numericValue"] / 1000,
        "tbt_ms": audits["total-blocking-time"]["numericValue"],
        "cls": audits["cumulative-layout-shift"]["numericValue"],
        "elements": audits["dom-size"]["numericValue"],
        "scores": {name: category["score"] for name, category in categories.items()},
    }


def statistics_page_lines(report: dict[str, Any]) -> list[str]:
    pages = report["statistics_page"]
    target = f"LCP < {TARGETS['page_lcp_s']:g} s, a11y 100"
    if "missing" in pages:
        return [f"{'statistics page (Lighthouse mobile)':<44}  not measured: {pages['missing']} missing"]
    lines = []
    for label, page in pages.items():
        runs = [run for run in page["runs"] if "error" not in run]
        errors = [run["error"] for run in page["runs"] if "error" in run]
        title = f"statistics page, {label} (Lighthouse)"
        if not runs:
            lines.append(f"{title:<44}  not measured: {errors[0] if errors else 'no run'}")
            continue
        lcp = [run["lcp_s"] for run in runs]
        accessibility = min(run["scores"]["accessibility"] for run in runs)
        ok = statistics.median(lcp) < TARGETS["page_lcp_s"] and accessibility == 1 and not errors
        lines.append(f"{title:<44}{statistics.median(lcp):>9.2f}s{max(lcp):>9.2f}s  {target:<22}{met(ok)}")
        scores = ", ".join(
            f"{name} {min(run['scores'][name] for run in runs) * 100:.0f}"
            for name in ("performance", "accessibility", "best-practices")
        )
        fcp = statistics.median(run["fcp_s"] for run in runs)
        tbt = statistics.median(run["tbt_ms"] for run in runs)
        lines.append(
            f"  median and slowest LCP of {len(runs)} runs; lowest scores: {scores}; median FCP {fcp:.2f} s, "
            f"TBT {tbt:.0f} ms; {runs[0]['elements']:.0f} elements"
        )
        if errors:
            lines.append(f"  ({len(errors)} runs failed: {errors[0]})")
    return lines
