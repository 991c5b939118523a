"""The shared SVG charts: exact geometry for given values, legends, empty and zero input, escaping."""

import re
from decimal import Decimal

import pytest
from django.utils import translation

from ocop.core.charts import (
    CLASS_COLOURS,
    SERIES_COLOURS,
    ValueClass,
    axis_ticks,
    bar_chart,
    column_chart,
    progress_bar,
    quantile_classes,
    tile_map,
)


@pytest.fixture(autouse=True)
def _vietnamese():
    with translation.override("vi"):
        yield


def rects(svg: str) -> list[tuple[str, str, str, str]]:
    """(x, y, width, height) of each rectangle, in order."""
    return re.findall(r'<rect x="([^"]+)" y="([^"]+)" width="([^"]+)" height="([^"]+)"', svg)


def texts(svg: str) -> list[str]:
    texts = re.findall(r"<text[^>]*>(.*?)</text>", svg)
    return [re.sub(r"\s*<[^>]+>\s*", "|", text).strip("| ") for text in texts]


# --- bar_chart


def test_bars_scale_to_the_largest_value_with_grouped_figures() -> None:
    svg = bar_chart([("Quảng Ngãi", 1_250_000), ("Huế & <script>", 625_000), ("Cà Mau", 0)])
    assert rects(svg) == [("0", "20", "260", "14"), ("0", "20", "130", "14"), ("0", "20", "0", "14")]
    assert texts(svg) == ["Quảng Ngãi", "1.250.000", "Huế &amp; &lt;script&gt;", "625.000", "Cà Mau", "0"]
    assert 'viewBox="0 0 360 120"' in svg
    assert bar_chart([]) == ""


def test_a_bar_label_past_the_phone_width_is_cut_with_an_ellipsis() -> None:
    svg = bar_chart([("Hội đồng Trung ương đang chấm điểm hồ sơ của tỉnh Quảng Ngãi", 3)])
    assert texts(svg) == ["Hội đồng Trung ương đang chấm điểm hồ sơ của tỉ…", "3"]


# --- axis_ticks


@pytest.mark.parametrize(
    ("largest", "ticks"),
    [
        (0, [0]),
        (1, [0, 1]),
        (3, [0, 1, 2, 3]),
        (7, [0, 2, 4, 6, 8]),
        (40, [0, 10, 20, 30, 40]),
        (41, [0, 20, 40, 60]),
        (12_345, [0, 5_000, 10_000, 15_000]),
    ],
)
def test_ticks_fall_on_round_numbers(largest: int, ticks: list[int]) -> None:
    assert axis_ticks(largest) == ticks


# --- column_chart

RANKS = ["3 sao", "4 sao", "Tiềm năng 5 sao", "5 sao"]


def test_stacked_columns_have_exact_heights_positions_totals_and_legend() -> None:
    svg = column_chart(
        categories=RANKS, series=["Còn hiệu lực", "Hết hiệu lực"], values=[[30, 10], [12, 3], [0, 1], [1, 0]]
    )
    assert 'viewBox="0 0 360 268"' in svg
    assert 'aria-hidden="true"' in svg
    assert 'role="img"' not in svg
    assert rects(svg) == [
        # 3★: 30 then 10 on a scale to 40 over 160 units; columns 45 wide in bands of 75 from x=48.
        ("63", "60", "45", "120"),
        ("63", "20", "45", "40"),
        ("138", "132", "45", "48"),
        ("138", "120", "45", "12"),
        # a zero segment is not drawn
        ("213", "176", "45", "4"),
        ("288", "176", "45", "4"),
        # legend swatches
        ("48", "228", "14", "14"),
        ("48", "248", "14", "14"),
    ]
    fills = re.findall(r'fill="(#[0-9a-f]{6})" stroke="#ffffff"', svg)
    assert fills == [SERIES_COLOURS[0], SERIES_COLOURS[1]] * 2 + [SERIES_COLOURS[1], SERIES_COLOURS[0]]
    assert texts(svg) == [
        *["0", "10", "20", "30", "40"],  # the y axis
        *["40", "3 sao", "15", "4 sao", "1", "Tiềm năng||5 sao", "1", "5 sao"],  # totals and categories
        *["Còn hiệu lực", "Hết hiệu lực"],
    ]


def test_one_series_has_no_legend_and_a_title_makes_it_an_image() -> None:
    svg = column_chart(categories=["2024"], series=["Sản phẩm"], values=[[1_234_567]], title="Sản phẩm & năm")
    assert 'role="img" aria-label="Sản phẩm &amp; năm"' in svg
    assert "<title>Sản phẩm &amp; năm</title>" in svg
    assert 'viewBox="0 0 360 228"' in svg
    assert rects(svg) == [("108", "48.3", "180", "131.7")]  # scale to 1.500.000, ticks every 500.000
    assert texts(svg)[-2:] == ["1.234.567", "2024"]
    assert texts(svg)[:2] == ["0", "500.000"]


def test_zero_values_draw_no_column_and_empty_input_draws_nothing() -> None:
    svg = column_chart(categories=["A", "B"], series=["x"], values=[[0], [0]])
    assert rects(svg) == []
    assert texts(svg) == ["0", "0", "A", "0", "B"]
    assert column_chart(categories=[], series=["x"], values=[]) == ""


def test_category_labels_are_escaped_text() -> None:
    svg = column_chart(categories=["<script>alert(1)</script>", "A & B"], series=["x"], values=[[1], [2]])
    assert "<script>" not in svg
    assert "&lt;script&gt;alert(1)&lt;" in svg  # cut to its band, still text
    assert "A &amp; B" in svg


# --- progress_bar


def test_progress_bar_draws_achieved_target_and_projection() -> None:
    svg = progress_bar(30, 50, 60)
    assert rects(svg) == [("0", "8", "250", "16"), ("0", "8", "150", "16")]
    assert '<line x1="250" x2="250"' in svg  # the target
    assert '<line x1="300" x2="300" y1="2" y2="30" stroke="#b45309"' in svg  # the projection
    assert texts(svg) == ["30 / 50 (60%) — dự kiến 60"]


def test_a_projection_with_a_tenth_is_drawn_where_it_falls_and_printed_as_given() -> None:
    svg = progress_bar(32, 40, Decimal("34.30"))
    assert '<line x1="257.2" x2="257.2" y1="2" y2="30" stroke="#b45309"' in svg  # 300 × 34.3 / 40
    assert texts(svg) == ["32 / 40 (80%) — dự kiến 34,3"]
    assert texts(progress_bar(32, 40, Decimal("34.0"))) == ["32 / 40 (80%) — dự kiến 34"]


def test_progress_bar_past_its_target_and_without_projection_or_target() -> None:
    svg = progress_bar(12_000, 8_000, title="Sản phẩm 3 sao trở lên")
    assert rects(svg) == [("0", "8", "200", "16"), ("0", "8", "300", "16")]
    assert texts(svg) == ["12.000 / 8.000 (150%)"]
    assert 'aria-label="Sản phẩm 3 sao trở lên"' in svg
    assert texts(progress_bar(0, 0)) == ["0 / 0"]
    assert rects(progress_bar(0, 0)) == [("0", "8", "0", "16"), ("0", "8", "0", "16")]


# --- quantile classes and the tile map


def test_five_quantile_classes_with_the_ranges_of_their_values() -> None:
    assert quantile_classes([0, 0, 0, 1, 2, 3, 5, 8, 13, 21]) == [
        ValueClass(0, 0, CLASS_COLOURS[0], "#1b1f1d"),
        ValueClass(1, 1, CLASS_COLOURS[1], "#1b1f1d"),
        ValueClass(2, 3, CLASS_COLOURS[2], "#1b1f1d"),
        ValueClass(5, 8, CLASS_COLOURS[3], "#ffffff"),
        ValueClass(13, 21, CLASS_COLOURS[4], "#ffffff"),
    ]


def test_few_distinct_values_make_fewer_classes_lightest_to_darkest() -> None:
    assert quantile_classes([0, 0, 0, 0, 7]) == [
        ValueClass(0, 0, CLASS_COLOURS[0], "#1b1f1d"),
        ValueClass(7, 7, CLASS_COLOURS[4], "#ffffff"),
    ]
    assert quantile_classes([4]) == [ValueClass(4, 4, CLASS_COLOURS[0], "#1b1f1d")]
    assert quantile_classes([]) == []


def draw(values: dict[int, int], **options) -> str:
    positions = {1: (0, 0), 4: (1, 0), 96: (0, 2)}
    names = {1: "Thành phố Hà Nội", 4: "Tỉnh <script>alert(1)</script> & Co", 96: "Tỉnh Cà Mau"}
    labels = {1: "Hà Nội", 4: "<script>", 96: "Cà Mau"}
    return tile_map(
        values,
        positions=positions,
        names=names,
        labels=labels,
        link=lambda code: f"/thong-ke/?province={code}&as_of=2025-12-31",
        title="Bản đồ sản phẩm",
        legend_title="Sản phẩm",
        **options,
    )


def test_each_tile_links_to_its_province_with_name_value_and_colour() -> None:
    svg = draw({1: 1_234, 4: 0, 96: 7})
    assert 'viewBox="0 0 132 296" width="100%" role="group" aria-label="Bản đồ sản phẩm"' in svg
    links = re.findall(r'<a href="([^"]+)" aria-label="([^"]+)"><title>([^<]+)</title>', svg)
    assert links == [
        ("/thong-ke/?province=1&amp;as_of=2025-12-31", "Thành phố Hà Nội 1.234", "Thành phố Hà Nội: 1.234"),
        (
            "/thong-ke/?province=4&amp;as_of=2025-12-31",
            "Tỉnh &lt;script&gt;alert(1)&lt;/script&gt; &amp; Co 0",
            "Tỉnh &lt;script&gt;alert(1)&lt;/script&gt; &amp; Co: 0",
        ),
        ("/thong-ke/?province=96&amp;as_of=2025-12-31", "Tỉnh Cà Mau 7", "Tỉnh Cà Mau: 7"),
    ]
    assert rects(svg)[:3] == [("0", "0", "64", "64"), ("68", "0", "64", "64"), ("0", "136", "64", "64")]
    fills = re.findall(r'rx="4" fill="([^"]+)"', svg)
    assert fills == [CLASS_COLOURS[4], CLASS_COLOURS[0], CLASS_COLOURS[2]]
    assert texts(svg) == [
        *["Hà Nội", "1.234", "&lt;script&gt;", "0", "Cà Mau", "7"],
        *["Sản phẩm", "0", "7", "1.234"],  # the legend, below the grid
    ]
    assert "<script>" not in svg


def test_a_province_without_a_value_counts_zero_and_the_legend_can_sit_in_a_free_cell() -> None:
    svg = draw({1: 5, 4: 5, 96: 5, 999: 40}, legend_at=(1, 1))
    assert 'viewBox="0 0 132 200"' in svg
    assert texts(svg)[-2:] == ["Sản phẩm", "5"]
    assert '<text x="68" y="82" font-weight="700">Sản phẩm</text>' in svg
    assert "999" not in svg
    zero = draw({1: 3})
    assert texts(zero)[-3:] == ["Sản phẩm", "0", "3"]


def test_long_labels_wrap_in_two_lines() -> None:
    svg = tile_map(
        {79: 12},
        positions={79: (0, 0)},
        names={79: "Thành phố Hồ Chí Minh"},
        labels={79: "Hồ Chí Minh"},
        link=str,
        title="Bản đồ",
        legend_title="Sản phẩm",
    )
    # Spaces the drawing drops keep the words apart for assistive technology.
    assert '<tspan x="32" dy="0">Hồ Chí </tspan> <tspan x="32" dy="14">Minh </tspan>' in svg


def test_an_empty_grid_draws_nothing() -> None:
    assert tile_map({}, positions={}, names={}, labels={}, link=str, title="", legend_title="") == ""
