"""The statistics page's benchmark lines: the median LCP of the runs against 1.5 s, with accessibility 100
in every run, and a missing tool named instead of a line left out (``make bench`` prints them)."""

from ocop.reports.benchmarks import statistics_page_lines


def run(lcp_s: float, *, accessibility: float = 1.0, performance: float = 0.99) -> dict:
    return {
        "lcp_s": lcp_s,
        "fcp_s": 0.8,
        "tbt_ms": 90.0,
        "cls": 0.0,
        "elements": 947.0,
        "scores": {"performance": performance, "accessibility": accessibility, "best-practices": 1.0},
    }


def test_the_median_lcp_under_the_target_with_accessibility_100_is_met() -> None:
    report = {"statistics_page": {"national": {"path": "/thong-ke/", "runs": [run(1.2), run(1.6), run(1.3)]}}}

    lines = statistics_page_lines(report)

    assert lines[0].split() == [
        "statistics", "page,", "national", "(Lighthouse)", "1.30s", "1.60s",
        "LCP", "<", "1.5", "s,", "a11y", "100", "yes",
    ]  # fmt: skip
    assert lines[1] == (
        "  median and slowest LCP of 3 runs; lowest scores: performance 99, accessibility 100, "
        "best-practices 100; median FCP 0.80 s, TBT 90 ms; 947 elements"
    )


def test_a_slow_median_or_an_accessibility_below_100_is_not_met() -> None:
    slow = {"national": {"path": "/thong-ke/", "runs": [run(1.5), run(1.4), run(1.7)]}}
    inaccessible = {"national": {"path": "/thong-ke/", "runs": [run(1.0), run(1.0, accessibility=0.98)]}}

    assert statistics_page_lines({"statistics_page": slow})[0].endswith(" NO")
    assert statistics_page_lines({"statistics_page": inaccessible})[0].endswith(" NO")
    assert "accessibility 98," in statistics_page_lines({"statistics_page": inaccessible})[1]


def test_failed_runs_are_counted_and_the_tool_missing_is_named() -> None:
    runs = [run(1.1), {"error": "NO_NAVSTART"}]
    failing = {"province 51": {"path": "/thong-ke/?province=51", "runs": runs}}
    tool = "/repo/bench/lighthouse/node_modules/.bin/lighthouse"
    missing = {"missing": f"{tool} (scripts/bench.sh installs it)"}

    lines = statistics_page_lines({"statistics_page": failing})

    assert lines[0].startswith("statistics page, province 51 (Lighthouse)        1.10s     1.10s")
    assert lines[1].startswith("  median and slowest LCP of 1 runs;")
    assert lines[0].endswith(" NO")  # a failed run is not a pass
    assert lines[2] == "  (1 runs failed: NO_NAVSTART)"
    assert statistics_page_lines({"statistics_page": missing}) == [
        "statistics page (Lighthouse mobile)           not measured: "
        "/repo/bench/lighthouse/node_modules/.bin/lighthouse (scripts/bench.sh installs it) missing"
    ]
