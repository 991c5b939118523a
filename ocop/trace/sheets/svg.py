"""A label sheet page as SVG, in millimetres: for a preview in the browser or a designer's tool.

Each QR code is one path, a ``h`` segment per run of dark modules; text is real SVG text in DejaVu Sans
(what the PDF embeds), every string XML-escaped.
"""

from collections.abc import Iterable
from xml.sax.saxutils import escape, quoteattr

import numpy as np

from .fonts import FAMILY, POINT_IN_MILLIMETRES
from .layouts import LabelDrawing, LabelSize


def page_svg(size: LabelSize, placed: Iterable[tuple[float, float, LabelDrawing]]) -> str:
    width, height = _number(size.page_width), _number(size.page_height)
    parts = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}mm" height="{height}mm" '
        f'viewBox="0 0 {width} {height}">',
        f'<rect width="{width}" height="{height}" fill="#fff"/>',
        f'<g font-family={quoteattr(FAMILY + ", sans-serif")} fill="#000">',
    ]
    for left, top, drawing in placed:
        parts.append(
            f'<path transform="translate({_number(left + drawing.qr_x)} {_number(top + drawing.qr_y)}) '
            f'scale({drawing.module:.5f})" d="{qr_path(drawing)}"/>'
        )
        parts.extend(
            f'<text x="{_number(left + line.x)}" y="{_number(top + line.baseline)}" '
            f'font-size="{line.points * POINT_IN_MILLIMETRES:.3f}">{escape(line.text)}</text>'
            for line in drawing.lines
        )
    parts.append("</g></svg>")
    return "\n".join(parts)


def qr_path(drawing: LabelDrawing) -> str:
    """The dark runs of each row, in module units: ``M column row h length v 1 h -length z``."""
    matrix = drawing.matrix
    padded = np.zeros((matrix.shape[0], matrix.shape[1] + 2), dtype=np.int8)
    padded[:, 1:-1] = matrix
    changes = np.diff(padded, axis=1)
    run_rows, run_starts = np.nonzero(changes == 1)
    _, run_ends = np.nonzero(changes == -1)
    return "".join(
        f"M{start} {row}h{end - start}v1h-{end - start}z"
        for row, start, end in zip(run_rows.tolist(), run_starts.tolist(), run_ends.tolist(), strict=True)
    )


def _number(value: float) -> str:
    return f"{value:.3f}".rstrip("0").rstrip(".")
