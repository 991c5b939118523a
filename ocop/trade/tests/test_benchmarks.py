import datetime

import pytest

from ocop.trade.benchmarks import match_paths, trade_lines
from ocop.trade.tests.labelled import labelled_products


@pytest.mark.django_db
def test_every_benchmark_demand_answers(client):
    labelled_products()
    for path in match_paths(datetime.date.today()):
        assert client.get(path).status_code == 200, path


def test_the_line_says_whether_the_target_is_met():
    report = {"trade": {"matches": {"p50": 12.5, "p95": 48.25, "count": 120, "failures": 0}}}
    [line] = trade_lines(report)
    assert line.startswith("trade matches API, 24 demands")
    assert "12.5ms" in line
    assert "48.2ms" in line
    assert "p95 ≤ 200 ms" in line
