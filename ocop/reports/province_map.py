"""The current provinces on the tile grid, coloured by products recognised: the statistics page's map and the
officers' dashboard's, drawn by one function (``ocop.core.charts.tile_map`` on ``ocop.geo.tile_grid``)."""

from collections.abc import Callable
from typing import Any

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from ocop.core.charts import tile_map
from ocop.geo.models import Scheme
from ocop.geo.tile_grid import LEGEND_CELL, TILE_GRID, tile_label


def province_map(figures: dict[str, Any], *, link: Callable[[int], str]) -> SafeString:
    """The map of ``figures`` (``recognition_statistics``), nationally in current units only; empty else.

    ``link`` gives each tile's address from the province's code.
    """
    scope = figures["scope"]
    if scope["code"] is not None or scope["scheme"] != Scheme.CURRENT:
        return SafeString("")
    names = {row["code"]: row["name"] for row in figures["by_unit"]}
    return tile_map(
        {row["code"]: row["recognized"] for row in figures["by_unit"]},
        positions=TILE_GRID,
        names=names,
        labels={code: tile_label(name) for code, name in names.items()},
        link=link,
        title=_("Bản đồ sản phẩm được công nhận theo tỉnh, thành phố"),
        legend_title=_("Sản phẩm"),
        legend_at=LEGEND_CELL,
    )
