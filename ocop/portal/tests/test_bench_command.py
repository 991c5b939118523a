"""`manage.py bench` measures the search under load before anything writes to the benchmark database."""

from ocop.portal.management.commands.bench import PARTS, _measuring_order


def test_the_search_and_wrk_come_first_and_alone_before_the_import_writes():
    assert _measuring_order(PARTS) == [
        ("search",),
        ("trace",),
        ("stats", "flows", "trade", "import", "exports", "ratelimit", "outlets", "page"),
    ]


def test_parts_asked_for_keep_their_order_with_or_without_the_search():
    assert _measuring_order(("import", "search")) == [("search",), ("import",)]
    assert _measuring_order(("stats", "import")) == [("stats", "import")]
    assert _measuring_order(("search",)) == [("search",)]


def test_the_trace_part_runs_alone_so_that_wrk_scans_the_paths_its_child_wrote():
    assert _measuring_order(("trace", "stats")) == [("trace",), ("stats",)]
    assert _measuring_order(("trace",)) == [("trace",)]
