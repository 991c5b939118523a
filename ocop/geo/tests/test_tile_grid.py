"""The tile grid: every current province once, no two in a cell, north at the top.

The units carry no latitude, but the statistics office numbers provinces from north to south (01 Hà Nội
to 96 Cà Mau), so the code is the independent check of the grid's north-south order.
"""

import pytest

from ocop.geo.models import AdministrativeUnit, Level, Scheme
from ocop.geo.tile_grid import LEGEND_CELL, TILE_GRID, tile_label

pytestmark = pytest.mark.django_db

HA_NOI, HUE, HO_CHI_MINH, CA_MAU = 1, 46, 79, 96
LAO_CAI, TUYEN_QUANG, CAO_BANG = 15, 8, 4


def current_provinces() -> dict[int, str]:
    units = AdministrativeUnit.objects.filter(scheme=Scheme.CURRENT, level=Level.PROVINCE)
    return dict(units.values_list("code", "name"))


def ranks(values: list[int]) -> list[float]:
    """Ranks from 1, ties sharing their mean rank."""
    ordered = sorted(values)
    return [ordered.index(value) + (ordered.count(value) + 1) / 2 for value in values]


def spearman(first: list[int], second: list[int]) -> float:
    a, b = ranks(first), ranks(second)
    mean_a, mean_b = sum(a) / len(a), sum(b) / len(b)
    covariance = sum((x - mean_a) * (y - mean_b) for x, y in zip(a, b, strict=True))
    spread_a = sum((x - mean_a) ** 2 for x in a) ** 0.5
    spread_b = sum((y - mean_b) ** 2 for y in b) ** 0.5
    return covariance / (spread_a * spread_b)


def test_every_current_province_has_exactly_one_tile_and_no_two_share_a_cell() -> None:
    assert len(current_provinces()) == 34
    assert set(TILE_GRID) == set(current_provinces())
    assert len(set(TILE_GRID.values())) == len(TILE_GRID)


def test_the_grid_is_long_and_thin_and_leaves_the_legend_cell_free() -> None:
    columns = {column for column, _row in TILE_GRID.values()}
    rows = {row for _column, row in TILE_GRID.values()}
    assert (min(columns), max(columns), min(rows), max(rows)) == (0, 4, 0, 15)
    legend_column, legend_row = LEGEND_CELL
    # The legend takes two columns by five rows of empty cells.
    taken = set(TILE_GRID.values())
    assert all(
        (column, row) not in taken
        for column in range(legend_column, legend_column + 2)
        for row in range(legend_row, legend_row + 5)
    )


def test_north_is_at_the_top() -> None:
    row = {code: position[1] for code, position in TILE_GRID.items()}
    assert row[HA_NOI] < row[HUE] < row[HO_CHI_MINH] < row[CA_MAU]
    assert row[CA_MAU] == max(row.values())
    assert sorted(row[code] for code in (LAO_CAI, TUYEN_QUANG, CAO_BANG)) == [0, 0, 0]
    codes = sorted(row)
    assert spearman(codes, [row[code] for code in codes]) > 0.95


def test_tile_labels_drop_the_type_word() -> None:
    labels = {code: tile_label(name) for code, name in current_provinces().items()}
    assert (labels[HA_NOI], labels[HO_CHI_MINH], labels[CA_MAU], labels[HUE]) == (
        "Hà Nội",
        "Hồ Chí Minh",
        "Cà Mau",
        "Huế",
    )
    assert max(len(label) for label in labels.values()) == 11
