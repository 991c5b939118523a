"""Label sheets and where each thing goes on a label, in millimetres from the top left corner.

The PDF and the SVG renderers both draw what ``label_drawing`` places, so the two never disagree.
"""

import math
from dataclasses import dataclass

from .fonts import POINT_IN_MILLIMETRES, Font
from .qr import Matrix

MINIMUM_MODULE_MILLIMETRES = 0.33  # phone cameras and 2D scanners read from this module size up
QUIET_ZONE_MODULES = 4  # ISO/IEC 18004 §6.3.8
MINIMUM_IDENTIFIER_POINTS = 3.0  # a lot or serial is shrunk to fit, never cut, down to this size
# Printed Vietnamese whatever the operator's language: the stamp is read by buyers in Vietnam.
LOT_PREFIX = "Lô "
SERIAL_PREFIX = "Số "
POTENTIAL_FIVE_STAR = "tiềm năng 5★"
NO_RANK = "Quét để kiểm tra"


@dataclass(frozen=True)
class Label:
    uri: str
    product_name: str
    stars: int
    potential_five_star: bool
    lot: str
    serial: str


@dataclass(frozen=True)
class LabelSize:
    name: str
    title: str
    page_width: float
    page_height: float
    label_width: float
    label_height: float
    columns: int
    rows: int
    margin_left: float
    margin_top: float
    gap_horizontal: float
    gap_vertical: float
    padding: float  # inside a label: a sheet fed a little askew still prints inside it
    name_points: float
    rank_points: float
    small_points: float

    @property
    def labels_per_page(self) -> int:
        return self.columns * self.rows

    def label_origin(self, index_on_page: int) -> tuple[float, float]:
        row, column = divmod(index_on_page, self.columns)
        return (
            self.margin_left + column * (self.label_width + self.gap_horizontal),
            self.margin_top + row * (self.label_height + self.gap_vertical),
        )


A4_WIDTH, A4_HEIGHT = 210.0, 297.0
A4_SHEET = {"page_width": A4_WIDTH, "page_height": A4_HEIGHT}
LABEL_SIZES: dict[str, LabelSize] = {
    size.name: size
    for size in [
        # 70 × 37 mm, 24 a sheet, edge to edge across (Avery 3475 and its copies).
        LabelSize(
            name="a4-3x8",
            title="A4 3 × 8 — 70 × 37 mm",
            **A4_SHEET,
            label_width=70,
            label_height=37,
            columns=3,
            rows=8,
            margin_left=0,
            margin_top=0.5,
            gap_horizontal=0,
            gap_vertical=0,
            padding=2.5,
            name_points=8,
            rank_points=8,
            small_points=6,
        ),
        # 48.5 × 25.4 mm, 40 a sheet (Avery 3657).
        LabelSize(
            name="a4-4x10",
            title="A4 4 × 10 — 48,5 × 25,4 mm",
            **A4_SHEET,
            label_width=48.5,
            label_height=25.4,
            columns=4,
            rows=10,
            margin_left=8,
            margin_top=21.5,
            gap_horizontal=0,
            gap_vertical=0,
            padding=1.5,
            name_points=6,
            rank_points=6,
            small_points=4.5,
        ),
        # 38 × 21.2 mm, 65 a sheet (Avery L7651 and its copies), 2.5 mm between columns.
        LabelSize(
            name="a4-5x13",
            title="A4 5 × 13 — 38 × 21,2 mm",
            **A4_SHEET,
            label_width=38,
            label_height=21.2,
            columns=5,
            rows=13,
            margin_left=5,
            margin_top=10.7,
            gap_horizontal=2.5,
            gap_vertical=0,
            padding=1.2,
            name_points=5,
            rank_points=5,
            small_points=4,
        ),
        # A thermal printer's roll: the page is the label.
        LabelSize(
            name="roll-50x30",
            title="50 × 30 mm",
            page_width=50,
            page_height=30,
            label_width=50,
            label_height=30,
            columns=1,
            rows=1,
            margin_left=0,
            margin_top=0,
            gap_horizontal=0,
            gap_vertical=0,
            padding=1.5,
            name_points=6.5,
            rank_points=6.5,
            small_points=5,
        ),
    ]
}


@dataclass(frozen=True)
class TextLine:
    text: str
    x: float
    baseline: float
    points: float


@dataclass(frozen=True)
class LabelDrawing:
    """One label placed: the QR code's modules (without quiet zone) from ``qr_x, qr_y``, and its text."""

    matrix: Matrix
    qr_x: float
    qr_y: float
    module: float
    lines: list[TextLine]


class LabelTooSmallError(ValueError):
    pass


def label_drawing(label: Label, matrix: Matrix, size: LabelSize, font: Font) -> LabelDrawing:
    """Where the QR code and each line of ``label`` go on a label of ``size`` (label coordinates)."""
    padding = size.padding
    qr_side = min(size.label_height - 2 * padding, size.label_width / 2)
    modules = matrix.shape[0] + 2 * QUIET_ZONE_MODULES
    module = qr_side / modules
    if module < MINIMUM_MODULE_MILLIMETRES:
        raise LabelTooSmallError(
            f"a {size.name} label prints this QR code with {module:.3f} mm modules, "
            f"under {MINIMUM_MODULE_MILLIMETRES} mm: choose a larger label or a shorter URI"
        )
    # The quiet zone is white space already: the text starts at its edge.
    text_x = padding + qr_side
    text_width = size.label_width - padding - text_x
    ascent = font.ascent / font.units_per_em
    lines: list[TextLine] = []
    top = padding + QUIET_ZONE_MODULES * module / 2

    def add(text: str, points: float) -> None:
        nonlocal top
        millimetres = points * POINT_IN_MILLIMETRES
        lines.append(TextLine(text, text_x, top + ascent * millimetres, points))
        top += 1.2 * millimetres

    name_millimetres = size.name_points * POINT_IN_MILLIMETRES
    for line in font.wrap(label.product_name, name_millimetres, text_width, lines=2):
        add(line, size.name_points)
    # A product without a certificate (issued past the warning) claims no rank: the scan tells the rest.
    add(f"OCOP {label.stars}★" if label.stars else NO_RANK, size.rank_points)
    if label.potential_five_star:
        add(POTENTIAL_FIVE_STAR, size.rank_points)
    for prefix, identifier in ((LOT_PREFIX, label.lot), (SERIAL_PREFIX, label.serial)):
        text = font.clean(prefix + identifier)
        points = _points_to_fit(font, text, size.small_points, text_width)
        add(font.truncate(text, points * POINT_IN_MILLIMETRES, text_width), points)
    return LabelDrawing(
        matrix=matrix,
        qr_x=padding + QUIET_ZONE_MODULES * module,
        qr_y=(size.label_height - qr_side) / 2 + QUIET_ZONE_MODULES * module,
        module=module,
        lines=lines,
    )


def _points_to_fit(font: Font, text: str, points: float, width: float) -> float:
    natural = font.width(text, points * POINT_IN_MILLIMETRES)
    if natural <= width:
        return points
    return max(MINIMUM_IDENTIFIER_POINTS, math.floor(points * width / natural * 10) / 10)
