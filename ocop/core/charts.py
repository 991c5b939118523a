"""Horizontal bar charts drawn on the server as SVG: no script, printable, with a table beside for readers.

The chart is decoration for sighted readers (``aria-hidden``); the page's table holds the same figures.
"""

from django.utils.formats import number_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

ROW_HEIGHT = 28
LABEL_WIDTH = 260
BAR_WIDTH = 420
VALUE_WIDTH = 140


def bar_chart(rows: list[tuple[str, int]]) -> SafeString:
    """One bar per (label, value), scaled to the largest value; empty when there is nothing to draw."""
    if not rows:
        return SafeString("")
    largest = max(value for _label, value in rows) or 1
    width = LABEL_WIDTH + BAR_WIDTH + VALUE_WIDTH
    height = ROW_HEIGHT * len(rows)
    bars = format_html_join(
        "",
        '<g transform="translate(0,{})"><text x="{}" y="18" text-anchor="end">{}</text>'
        '<rect x="{}" y="5" width="{}" height="18" fill="#2e7d5b"></rect>'
        '<text x="{}" y="18">{}</text></g>',
        (
            (
                index * ROW_HEIGHT,
                LABEL_WIDTH - 8,
                label if len(label) <= 36 else label[:35] + "…",
                LABEL_WIDTH,
                round(BAR_WIDTH * value / largest),
                LABEL_WIDTH + round(BAR_WIDTH * value / largest) + 6,
                number_format(value, force_grouping=True),
            )
            for index, (label, value) in enumerate(rows)
        ),
    )
    return format_html(
        '<svg class="bar-chart" viewBox="0 0 {} {}" width="100%" role="img" aria-hidden="true" '
        'focusable="false" font-size="13" xmlns="http://www.w3.org/2000/svg">{}</svg>',
        width,
        height,
        bars,
    )
