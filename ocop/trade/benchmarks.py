"""Benchmark of supplier matching (issue #12): ``GET /api/v1/trade/matches`` over HTTP against the
benchmark registry (100,000 products), p50/p95 over a set of realistic demands. Run by ``manage.py bench``
(``--only trade``); figures, never assertions. The target is read on each demand's first answer, before
the ranking is kept."""

import datetime
from typing import Any

from ocop.core.benchmarks import HttpRun, http_timings, met, warm_up

TARGETS = {"matches_p95_ms": 200.0}
PASSES = 5

# Demands as buyers write them: broad and narrow, with and without words, places, certifications, a day.
DEMANDS = (
    "",
    "sector=1",
    "sector=1&min_stars=4",
    "min_stars=5",
    "min_stars=4&certifications=vietgap",
    "sector=1&certifications=vietgap,organic",
    "certifications=haccp,iso_22000&min_stars=3",
    "province=51",
    "province=79&sector=1",
    "province=1&min_stars=4",
    "legacy_province=52&sector=1",
    "product_set=I.3",
    "product_set=I.6.a&min_stars=4",
    "sector=3&certifications=vietgap",
    "sector=4&province=51",
    "q=ca+phe",
    "q=mat+ong&min_stars=4",
    "q=nuoc+mam&province=51",
    "q=tra&certifications=vietgap",
    "q=gao&sector=1",
    "sector=1&page=5",
    "page=50",
)


def match_paths(today: datetime.date) -> list[str]:
    past = (today - datetime.timedelta(days=400)).isoformat()
    paths = [f"/api/v1/trade/matches?{query}" for query in DEMANDS]
    return [
        *paths,
        f"/api/v1/trade/matches?on={past}&sector=1",
        f"/api/v1/trade/matches?on={past}&min_stars=4",
    ]


def trade_timings(base_url: str) -> dict[str, Any]:
    """Each demand asked first (ranked in the database: the target's figure), then asked again (the ranking
    kept while the registry stays the same). The workers are warmed on other pages of the same demands, so
    that the first figures measure the ranking, not the workers' start."""
    paths = match_paths(datetime.date.today())
    warm_up(base_url, [f"{path}&page=3" if "page=" not in path else f"{path}1" for path in paths])
    computed = http_timings(base_url, paths)
    served = HttpRun()
    for _ in range(PASSES):
        served.add(http_timings(base_url, paths))
    return {"matches": computed.as_json(), "served": served.as_json()}


def trade_lines(report: dict[str, Any]) -> list[str]:
    matches = report["trade"]["matches"]
    lines = [
        f"{'trade matches API, ' + str(len(DEMANDS) + 2) + ' demands':<44}{matches['p50']:>8.1f}ms"
        f"{matches['p95']:>8.1f}ms  {'p95 ≤ 200 ms':<22}"
        f"{met(matches['p95'] <= TARGETS['matches_p95_ms'] and not matches['failures'])}"
    ]
    served = report["trade"].get("served")
    if served is not None:
        lines.append(
            f"{'  the same demands asked again (kept)':<44}{served['p50']:>8.1f}ms{served['p95']:>8.1f}ms"
        )
    if matches["failures"]:
        lines.append(f"  ({matches['failures']} matching requests did not answer 200)")
    return lines
