"""What `make bench` prints for the search: each target per engine, the slowest request, and why a figure
is missing (the table is all the bench asserts nothing with, so its verdicts are tested here)."""

from typing import Any

from ocop.registry.benchmarks import search_lines

SLOWEST = "/api/v1/products?q=m%E1%BB%B9+b%C3%ACnh&sector=1"


def report(*, p95: float = 21.0, slowest: float = 60.0, wrk: dict[str, Any] | None = None) -> dict[str, Any]:
    figures = {"p50": 2.0, "p95": 14.0, "count": 600}
    return {
        "vendor": "postgresql",
        "search": {
            "p50": 9.5,
            "p95": p95,
            "count": 600,
            "failures": 0,
            "skipped": 0,
            "slowest": [[slowest, SLOWEST], [50.0, "/api/v1/products?q=nem+chua&valid=true"]],
        },
        "bare_match": figures,
        "product_search": figures,
        "product_list_public": figures,
        **({"wrk": wrk} if wrk is not None else {}),
    }


LOADED = {"p50_ms": 18.0, "p95_ms": 41.0, "p99_ms": 60.0, "requests": 2400.0, "errors": 0.0, "rps": 240.0}


def test_every_target_met_is_said_once_per_engine():
    lines = search_lines(report(wrk=LOADED))

    assert lines[-1] == "  postgresql: every search target met"
    assert "    /api/v1/products?q=mỹ bình&sector=1" in lines
    assert [
        line.split()[-1] for line in lines if "≤ 50 ms" in line or "≥ 200/s" in line or "≤ 100" in line
    ] == [
        "yes",
        "yes",
        "yes",
        "yes",
    ]


def test_a_slow_request_or_a_slow_server_under_load_is_not_met():
    assert search_lines(report(slowest=333.4, wrk=LOADED))[-1] == "  postgresql: search targets NOT all met"
    assert (
        search_lines(report(wrk={**LOADED, "rps": 189.0}))[-1] == "  postgresql: search targets NOT all met"
    )
    assert (
        search_lines(report(wrk={**LOADED, "p95_ms": 94.5}))[-1] == "  postgresql: search targets NOT all met"
    )


def test_missing_load_figures_say_why_and_are_not_met():
    lines = search_lines(report(wrk={"missing": "wrk is not installed (apt-get install -y wrk)"}))

    assert any(line.endswith("not measured: wrk is not installed (apt-get install -y wrk)") for line in lines)
    assert lines[-1] == "  postgresql: search targets NOT all met"
