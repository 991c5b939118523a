"""Charts drawn on the server as SVG, for every app: no script, printable, scaled to the container's width.

Each function takes plain values (labels, numbers, codes, names), never models, so core imports no app.
A chart beside a table that holds the same figures is decoration for sighted readers (``aria-hidden``);
given a ``title``, it is an image with that accessible name instead. The tile map is a named group of
links, one per tile. Shapes keep 3:1 against white, or have a dark outline that does (the map's light
classes), text keeps 4.5:1 (WCAG AA), and the figures are printed, so colour never carries the meaning
alone. The drawings are sized for a 390 px phone: about 360 user units wide, text at 11 or more.
"""

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils.formats import number_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

# Bar charts: each row a label line above its bar, so a long label keeps the phone's whole width.
ROW_HEIGHT = 40
BAR_WIDTH = 260
VALUE_WIDTH = 100
LABEL_LENGTH = 48  # characters of a label at font size 13 in the 360-wide drawing

# Column charts: the plot area, in user units of a 360-wide drawing.
CHART_WIDTH = 360
PLOT_LEFT = 48
PLOT_WIDTH = 300
PLOT_TOP = 20
PLOT_HEIGHT = 160
LEGEND_ROW = 20
# Series colours, each at least 4.5:1 on white; segments are also parted by a white line.
SERIES_COLOURS = ("#0b5e33", "#b45309", "#0b4f8a", "#6b3fa0", "#4a5450")

# Tile maps: squares of TILE units, PITCH apart; five classes from light to dark green.
TILE = 64
PITCH = 68
CLASS_COLOURS = ("#e6f4ec", "#b5dcc4", "#7fbf9c", "#2e7d5b", "#083f22")
# Text on each class: ink on the light ones (7.8:1 or more), white on the dark ones (5.0:1 or more).
CLASS_TEXT = ("#1b1f1d", "#1b1f1d", "#1b1f1d", "#ffffff", "#ffffff")
LABEL_CHARACTERS = 9  # a line of a tile's label, at font size 11 in a 64-wide square


def _number(value: int | float | Decimal) -> str:
    """A count with the locale's thousands marks."""
    return number_format(value, force_grouping=True)


def _unit(value: float) -> str:
    """A coordinate, to a tenth of a unit and without a needless ``.0``."""
    rounded = round(value, 1)
    return str(int(rounded)) if rounded == int(rounded) else str(rounded)


def _svg(*, css_class: str, width: int, height: int, title: str | None, body: SafeString) -> SafeString:
    if title is None:
        return format_html(
            '<svg class="{}" viewBox="0 0 {} {}" width="100%" aria-hidden="true" focusable="false" '
            'font-size="12" xmlns="http://www.w3.org/2000/svg">{}</svg>',
            css_class,
            width,
            height,
            body,
        )
    return format_html(
        '<svg class="{}" viewBox="0 0 {} {}" width="100%" role="img" aria-label="{}" '
        'font-size="12" xmlns="http://www.w3.org/2000/svg"><title>{}</title>{}</svg>',
        css_class,
        width,
        height,
        title,
        title,
        body,
    )


def bar_chart(rows: list[tuple[str, int]]) -> SafeString:
    """One horizontal bar per (label, value), scaled to the largest value, the label above it; empty when
    there is nothing."""
    if not rows:
        return SafeString("")
    largest = max(value for _label, value in rows) or 1
    width = BAR_WIDTH + VALUE_WIDTH
    height = ROW_HEIGHT * len(rows)
    bars = format_html_join(
        "",
        '<g transform="translate(0,{})"><text x="0" y="14">{}</text>'
        '<rect x="0" y="20" width="{}" height="14" fill="#2e7d5b"></rect>'
        '<text x="{}" y="32">{}</text></g>',
        (
            (
                index * ROW_HEIGHT,
                label if len(label) <= LABEL_LENGTH else label[: LABEL_LENGTH - 1] + "…",
                round(BAR_WIDTH * value / largest),
                round(BAR_WIDTH * value / largest) + 6,
                _number(value),
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


def axis_ticks(largest: int, *, count: int = 4) -> list[int]:
    """Ticks from 0 at a round step (1, 2 or 5 times a power of ten), the last at or above ``largest``."""
    if largest <= 0:
        return [0]
    raw = largest / count
    magnitude = 10 ** math.floor(math.log10(raw)) if raw >= 1 else 1
    step = next(multiple * magnitude for multiple in (1, 2, 5, 10) if multiple * magnitude >= raw)
    return list(range(0, step * math.ceil(largest / step) + 1, step))


def _wrap(label: str, characters: int, lines: int = 2) -> list[str]:
    """The label in at most ``lines`` lines of about ``characters``, words kept whole, the rest elided."""
    wrapped: list[str] = []
    for word in label.split():
        if wrapped and len(wrapped[-1]) + 1 + len(word) <= characters:
            wrapped[-1] += " " + word
        else:
            wrapped.append(word)
    if len(wrapped) > lines:
        wrapped = [*wrapped[: lines - 1], " ".join(wrapped[lines - 1 :])]
    return [line if len(line) <= characters else line[: characters - 1] + "…" for line in wrapped]


def column_chart(
    *,
    categories: Sequence[str],
    series: Sequence[str],
    values: Sequence[Sequence[int]],
    title: str | None = None,
) -> SafeString:
    """Columns per category, stacked by series (``values[category][series]``), total printed above each.

    The y axis has ticks at round numbers; a legend names the series when there are more than one.
    Empty when there is no category.
    """
    if not categories:
        return SafeString("")
    totals = [sum(row) for row in values]
    ticks = axis_ticks(max(totals))
    top = ticks[-1] or 1
    baseline = PLOT_TOP + PLOT_HEIGHT
    band = PLOT_WIDTH / len(categories)
    column_width = band * 0.6

    def y(amount: int) -> float:
        return baseline - PLOT_HEIGHT * amount / top

    grid = format_html_join(
        "",
        '<line x1="{}" x2="{}" y1="{}" y2="{}" stroke="#c5cfc9"></line>'
        '<text x="{}" y="{}" text-anchor="end" fill="#4a5450">{}</text>',
        (
            (
                PLOT_LEFT,
                PLOT_LEFT + PLOT_WIDTH,
                *[_unit(y(tick))] * 2,
                PLOT_LEFT - 6,
                _unit(y(tick) + 4),
                _number(tick),
            )
            for tick in ticks
        ),
    )
    segments = []
    labels = []
    for index, (category, row) in enumerate(zip(categories, values, strict=True)):
        x = PLOT_LEFT + index * band + (band - column_width) / 2
        below = 0
        for position, amount in enumerate(row):
            if amount:
                colour = SERIES_COLOURS[position % len(SERIES_COLOURS)]
                thickness = _unit(y(below) - y(below + amount))
                segments.append((_unit(x), _unit(y(below + amount)), _unit(column_width), thickness, colour))
            below += amount
        middle = _unit(x + column_width / 2)
        lines = _wrap(category, max(4, int(band / 7)))
        labels.append(
            format_html(
                '<text x="{}" y="{}" text-anchor="middle">{}</text>'
                '<text x="{}" y="{}" text-anchor="middle">{}</text>',
                middle,
                _unit(y(totals[index]) - 4),
                _number(totals[index]),
                middle,
                baseline + 16,
                format_html_join("", '<tspan x="{}" dy="{}">{}</tspan>', _lines(middle, lines)),
            )
        )
    columns = format_html_join(
        "",
        '<rect x="{}" y="{}" width="{}" height="{}" fill="{}" stroke="#ffffff"></rect>',
        segments,
    )
    legend_top = baseline + 48
    legend = SafeString("")
    if len(series) > 1:
        legend = format_html_join(
            "",
            '<rect x="{}" y="{}" width="14" height="14" fill="{}"></rect><text x="{}" y="{}">{}</text>',
            (
                (PLOT_LEFT, top, SERIES_COLOURS[index % len(SERIES_COLOURS)], PLOT_LEFT + 20, top + 12, name)
                for index, name in enumerate(series)
                for top in [legend_top + index * LEGEND_ROW]
            ),
        )
    height = legend_top + (LEGEND_ROW * len(series) if len(series) > 1 else 0)
    body = format_html(
        '{}<line x1="{}" x2="{}" y1="{}" y2="{}" stroke="#4a5450"></line>{}{}{}',
        grid,
        PLOT_LEFT,
        PLOT_LEFT + PLOT_WIDTH,
        baseline,
        baseline,
        columns,
        SafeString("".join(labels)),
        legend,
    )
    return _svg(css_class="column-chart", width=CHART_WIDTH, height=height, title=title, body=body)


def _lines(x: str, lines: list[str]) -> list[tuple[str, int, str]]:
    return [(x, 0 if index == 0 else 14, line) for index, line in enumerate(lines)]


def progress_bar(
    achieved: int, target_min: int, projection: int | Decimal | None = None, *, title: str | None = None
) -> SafeString:
    """A bar up to the target with what is achieved filled in, and a dashed marker for the projection.

    The scale reaches the largest of the three, so a target passed or a projection beyond it still fits;
    the figures are printed below the bar, a projection with the decimals it is given (34.3: "34,3").
    """
    scale = max(achieved, target_min, projection or 0) or 1
    width = PLOT_WIDTH

    def x(amount: int | Decimal) -> str:
        return _unit(width * float(amount) / float(scale))

    share = f"{round(100 * achieved / target_min)}%" if target_min else ""
    caption = f"{_number(achieved)} / {_number(target_min)}"
    if share:
        caption += f" ({share})"
    projection_mark = SafeString("")
    if projection is not None:
        projection_mark = format_html(
            '<line x1="{}" x2="{}" y1="2" y2="30" stroke="#b45309" stroke-width="2" '
            'stroke-dasharray="4 2"></line>',
            x(projection),
            x(projection),
        )
        shown = projection.normalize() if isinstance(projection, Decimal) else projection
        caption += " — " + _("dự kiến {projection}").format(projection=_number(shown))
    body = format_html(
        '<rect x="0" y="8" width="{}" height="16" fill="#e6f4ec" stroke="#4a5450"></rect>'
        '<rect x="0" y="8" width="{}" height="16" fill="#0b5e33"></rect>'
        '<line x1="{}" x2="{}" y1="2" y2="30" stroke="#1b1f1d" stroke-width="2"></line>{}'
        '<text x="0" y="46">{}</text>',
        x(target_min),
        x(achieved),
        x(target_min),
        x(target_min),
        projection_mark,
        caption,
    )
    return _svg(css_class="progress-bar", width=CHART_WIDTH, height=52, title=title, body=body)


@dataclass(frozen=True)
class ValueClass:
    """One class of a map's legend: the values from ``low`` to ``high``, drawn in ``colour``."""

    low: int
    high: int
    colour: str
    text: str


def quantile_classes(values: Sequence[int], *, count: int = 5) -> list[ValueClass]:
    """At most ``count`` classes holding about as many values each, from the values' own quantiles.

    The upper bound of class k is the nearest-rank quantile k/count; equal bounds merge, so few distinct
    values make fewer classes. Each class's range is of the values that fall in it; empty when no value.
    """
    ordered = sorted(values)
    if not ordered:
        return []
    uppers = sorted({ordered[math.ceil(k * len(ordered) / count) - 1] for k in range(1, count + 1)})
    classes = []
    low_bound = None
    for upper in uppers:
        members = [value for value in ordered if (low_bound is None or value > low_bound) and value <= upper]
        low_bound = upper
        if members:
            classes.append((members[0], members[-1]))
    # Fewer classes spread over the scale: the lowest stays lightest, the highest darkest.
    last = len(classes) - 1
    shades = [round(index * (len(CLASS_COLOURS) - 1) / last) if last else 0 for index in range(len(classes))]
    return [
        ValueClass(low=low, high=high, colour=CLASS_COLOURS[shade], text=CLASS_TEXT[shade])
        for shade, (low, high) in zip(shades, classes, strict=True)
    ]


def _class_of(value: int, classes: list[ValueClass]) -> ValueClass:
    return next(found for found in classes if value <= found.high)


def tile_map(
    values_by_code: Mapping[int, int],
    *,
    positions: Mapping[int, tuple[int, int]],
    names: Mapping[int, str],
    labels: Mapping[int, str],
    link: Callable[[int], str],
    title: str,
    legend_title: str,
    legend_at: tuple[int, int] | None = None,
) -> SafeString:
    """A tile-grid map: one square per code at its (column, row), north at the top.

    Each square shows its short label and value, is coloured by its quantile class and links to
    ``link(code)``, with a ``<title>`` holding the full name and the value, so the map works by keyboard
    and touch. A code without a value counts 0. The legend gives each class's range; it is drawn from the
    cell ``legend_at`` (an empty corner of the grid), or below the grid.
    """
    if not positions:
        return SafeString("")
    amounts = {code: values_by_code.get(code, 0) for code in positions}
    classes = quantile_classes(list(amounts.values()))
    columns = max(column for column, _row in positions.values()) + 1
    rows = max(row for _column, row in positions.values()) + 1
    tiles = []
    for code, (column, row) in sorted(positions.items(), key=lambda item: (item[1][1], item[1][0])):
        found = _class_of(amounts[code], classes)
        x, y = column * PITCH, row * PITCH
        lines = _wrap(labels[code], LABEL_CHARACTERS)
        name_and_value = f"{names[code]}: {_number(amounts[code])}"
        # The link's name holds its visible words in order (WCAG 2.5.3, label in name), so the label's
        # lines and the value are kept apart by spaces the drawing does not show.
        spoken = f"{names[code]} {_number(amounts[code])}"
        tiles.append(
            format_html(
                '<a href="{}" aria-label="{}"><title>{}</title>'
                '<rect x="{}" y="{}" width="{}" height="{}" rx="4" fill="{}" stroke="#4a5450"></rect>'
                '<text x="{}" y="{}" text-anchor="middle" font-size="11" fill="{}">{}</text>'
                '<text x="{}" y="{}" text-anchor="middle" font-size="14" font-weight="700" '
                'fill="{}">{}</text>'
                "</a>",
                link(code),
                spoken,
                name_and_value,
                x,
                y,
                TILE,
                TILE,
                found.colour,
                x + TILE // 2,
                y + 16,
                found.text,
                format_html_join(" ", '<tspan x="{}" dy="{}">{} </tspan>', _lines(str(x + TILE // 2), lines)),
                x + TILE // 2,
                y + 54,
                found.text,
                _number(amounts[code]),
            )
        )
    if legend_at is None:
        legend_x, legend_y = 0, rows * PITCH + 8
        height = legend_y + 24 + LEGEND_ROW * len(classes)
    else:
        legend_x, legend_y = legend_at[0] * PITCH, legend_at[1] * PITCH
        height = rows * PITCH - (PITCH - TILE)
    legend = format_html(
        '<text x="{}" y="{}" font-weight="700">{}</text>{}',
        legend_x,
        legend_y + 14,
        legend_title,
        format_html_join(
            "",
            '<rect x="{}" y="{}" width="18" height="14" fill="{}" stroke="#4a5450"></rect>'
            '<text x="{}" y="{}">{}</text>',
            (
                (legend_x, top, found.colour, legend_x + 24, top + 12, _range(found))
                for index, found in enumerate(classes)
                for top in [legend_y + 24 + index * LEGEND_ROW]
            ),
        ),
    )
    width = columns * PITCH - (PITCH - TILE)
    return format_html(
        '<svg class="tile-map" viewBox="0 0 {} {}" width="100%" role="group" aria-label="{}" '
        'font-size="12" xmlns="http://www.w3.org/2000/svg">{}{}</svg>',
        width,
        height,
        title,
        SafeString("".join(tiles)),
        legend,
    )


def _range(found: ValueClass) -> str:
    if found.low == found.high:
        return _number(found.low)
    return f"{_number(found.low)}–{_number(found.high)}"
