"""The map benchmark's own code, on a live server: it writes its 2,000 points once and times the page until
the map holds them all (the figure is printed, never asserted)."""

from collections.abc import Iterator

import pytest
from pytest_django.live_server_helper import LiveServer

from ocop.outlets import benchmarks
from ocop.outlets.models import SalesPoint
from ocop.portal.tests.browsing import live_server

pytestmark = [pytest.mark.browser, pytest.mark.django_db]


@pytest.fixture
def server(point) -> Iterator[LiveServer]:
    with live_server() as live:
        yield live


def test_the_map_benchmark_measures_the_directory_with_2000_points(server, capsys):
    timings = benchmarks.outlets_timings(server.url, say=print)
    again = benchmarks.bench_points()

    assert (timings["points"], again) == (2_001, 2_001)  # the fixture's point and the benchmark's
    assert SalesPoint.objects.filter(name__startswith="Điểm bán thử ").count() == 2_000
    line = benchmarks.outlets_lines({"outlets": timings})[0]
    assert line.startswith("map page, 2,001 points (chromium)")
    with capsys.disabled():
        print(f"\n{line}")
