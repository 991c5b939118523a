"""What the recognitions did over the years, drawn: new products per year by rank, and the flows of the
year up to a day, each as a chart with its table. The officers' dashboard and the statistics page show the
same two; both read them here, and the figures are the flows' (``recognition_flows``, cached per period).
"""

import datetime
from typing import Any

from django.utils.translation import gettext_lazy

from ocop.core.charts import bar_chart, column_chart
from ocop.registry.status import Rank
from ocop.reports.flows import recognition_flows
from ocop.reports.selectors import StatisticsScope

# The first year charted: the programme's second phase (2021–2025) compared with the two years before it.
FIRST_YEAR = 2019
RANKS = tuple(Rank)
# The flows of contract targets.md §1, in the order the pages list them.
FLOWS = ("new", "upgraded", "renewed", "downgraded", "revoked", "lapsed")
FLOW_LABELS = {
    "new": gettext_lazy("Công nhận mới"),
    "upgraded": gettext_lazy("Nâng hạng"),
    "renewed": gettext_lazy("Công nhận lại cùng hạng"),
    "downgraded": gettext_lazy("Hạ hạng"),
    "revoked": gettext_lazy("Thu hồi"),
    "lapsed": gettext_lazy("Hết hạn, không được công nhận lại"),
}


def new_by_year(scope: StatisticsScope, *, today: datetime.date) -> list[tuple[int, dict[str, int]]]:
    """New products (first certificates) of each year by rank, from FIRST_YEAR; ``today``'s year up to it."""
    return [
        (
            year,
            recognition_flows(
                date_from=datetime.date(year, 1, 1),
                date_to=min(datetime.date(year, 12, 31), today),
                scope=scope,
            )["new"]["by_rank"],
        )
        for year in range(FIRST_YEAR, today.year + 1)
    ]


def flows_this_year(scope: StatisticsScope, *, today: datetime.date) -> dict[str, int]:
    """Each of FLOWS from 1 January of ``today``'s year to ``today``."""
    flows = recognition_flows(date_from=datetime.date(today.year, 1, 1), date_to=today, scope=scope)
    return {flow: flows[flow]["total"] if isinstance(flows[flow], dict) else flows[flow] for flow in FLOWS}


def history_charts(
    by_year: list[tuple[int, dict[str, int]]], flows: dict[str, int], *, today: datetime.date
) -> dict[str, Any]:
    """The context of ``reports/_history.html``: both charts and the rows of their tables."""
    rank_labels = [str(rank.label) for rank in RANKS]
    flow_rows = [(str(FLOW_LABELS[flow]), flows[flow]) for flow in FLOWS]
    return {
        "today": today,
        "rank_labels": rank_labels,
        "year_rows": [
            (year, [counts[rank.value] for rank in RANKS], sum(counts.values())) for year, counts in by_year
        ],
        "year_chart": column_chart(
            categories=[str(year) for year, _counts in by_year],
            series=rank_labels,
            values=[[counts[rank.value] for rank in RANKS] for _year, counts in by_year],
        ),
        "flow_rows": flow_rows,
        "flow_chart": bar_chart(flow_rows),
    }
