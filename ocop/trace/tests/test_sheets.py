import io
import re
import xml.etree.ElementTree as ElementTree

import numpy as np
import pypdf
import pytest
import segno

from ocop.trace.benchmarks_sheets import realistic_labels
from ocop.trace.sheets import LABEL_SIZES, Label, sheet_pdf, sheet_svg
from ocop.trace.sheets.fonts import stamp_font
from ocop.trace.sheets.layouts import MINIMUM_MODULE_MILLIMETRES, label_drawing
from ocop.trace.sheets.qr import qr_matrices

HOSTILE = Label(
    uri="https://ocop.gov.vn/p/51-21400-901-2025/10/L2026-01/21/Qx7pN2vK9sLm4RtAb8Zc",
    product_name="<script>&\"' Nước mắm",
    stars=4,
    potential_five_star=True,
    lot="L2026-01",
    serial="Qx7pN2vK9sLm4RtAb8Zc",
)


@pytest.mark.parametrize(
    ("name", "count", "pages"),
    [("a4-3x8", 25, 2), ("a4-4x10", 40, 1), ("a4-5x13", 66, 2), ("roll-50x30", 3, 3)],
)
def test_page_count(name: str, count: int, pages: int) -> None:
    labels = realistic_labels(count)
    assert len(sheet_svg(labels, LABEL_SIZES[name])) == pages
    assert len(pypdf.PdfReader(io.BytesIO(sheet_pdf(labels, LABEL_SIZES[name]))).pages) == pages


def test_qr_matrices_are_segnos_with_the_standard_mask_choice() -> None:
    uris = [label.uri for label in realistic_labels(200)] + [HOSTILE.uri, "https://ocop.gov.vn/" + "x" * 200]
    for uri, matrix in zip(uris, qr_matrices(uris), strict=True):
        assert np.array_equal(
            matrix, np.array(segno.make(uri, error="m", micro=False).matrix, dtype=np.uint8)
        )


@pytest.mark.parametrize("name", list(LABEL_SIZES))
def test_module_size_and_text_fit_each_layout(name: str) -> None:
    size = LABEL_SIZES[name]
    font = stamp_font()
    long_name = Label(
        **{**HOSTILE.__dict__, "product_name": "Nước mắm Sa Huỳnh truyền thống 40 độ đạm thượng hạng"}
    )
    [matrix] = qr_matrices([long_name.uri])
    drawing = label_drawing(long_name, matrix, size, font)
    assert drawing.module >= MINIMUM_MODULE_MILLIMETRES
    descent = -font.descent / font.units_per_em * drawing.lines[-1].points * 25.4 / 72
    assert drawing.lines[-1].baseline + descent <= size.label_height - size.padding / 2
    assert drawing.lines[-1].text == "Số Qx7pN2vK9sLm4RtAb8Zc"  # a serial is shrunk, never cut
    assert drawing.lines[1].text.endswith("…")


def test_svg_parses_with_the_hostile_name_escaped_and_draws_segnos_matrix() -> None:
    [page] = sheet_svg([HOSTILE], LABEL_SIZES["a4-3x8"])
    assert "&lt;script&gt;&amp;\"' Nước" in page
    root = ElementTree.fromstring(page.encode())  # noqa: S314 - the SVG this test has just made
    namespace = "{http://www.w3.org/2000/svg}"
    texts = [element.text for element in root.iter(f"{namespace}text")]
    assert texts[:4] == ["<script>&\"' Nước", "mắm", "OCOP 4★", "tiềm năng 5★"]
    # No decoder (zbar, opencv) is installed: the drawn runs are compared with segno's matrix instead.
    [path] = root.iter(f"{namespace}path")
    expected = np.array(segno.make(HOSTILE.uri, error="m", micro=False).matrix, dtype=np.uint8)
    drawn = np.zeros_like(expected)
    for column, row, length in re.findall(r"M(\d+) (\d+)h(\d+)", path.attrib["d"]):
        drawn[int(row), int(column) : int(column) + int(length)] = 1
    assert np.array_equal(drawn, expected)


def test_pdf_text_extracts_back_in_vietnamese_and_progress_reaches_the_total() -> None:
    labels = [HOSTILE, *realistic_labels(30)]
    calls: list[tuple[int, int]] = []
    document = sheet_pdf(
        labels, LABEL_SIZES["a4-3x8"], progress=lambda done, total: calls.append((done, total))
    )
    reader = pypdf.PdfReader(io.BytesIO(document))
    text = reader.pages[0].extract_text()
    assert "<script>&\"' Nước\nmắm" in text
    assert "OCOP 4★" in text
    assert "tiềm năng 5★" in text
    assert "Số Qx7pN2vK9sLm4RtAb8Zc" in text
    assert calls == [(0, 31), (24, 31), (31, 31)]


def test_a_label_without_a_certificate_claims_no_rank() -> None:
    unranked = Label(
        uri="https://ocop.gov.vn/p/51-21400-9-2026/10/L1/21/AbCdEfGhIjKl",
        product_name="Mật ong chưa công nhận",
        stars=0,
        potential_five_star=False,
        lot="L1",
        serial="AbCdEfGhIjKl",
    )
    [page] = sheet_svg([unranked], LABEL_SIZES["a4-3x8"])
    root = ElementTree.fromstring(page.encode())  # noqa: S314 - the SVG this test has just made
    texts = [element.text for element in root.iter("{http://www.w3.org/2000/svg}text")]
    assert texts[:3] == ["Mật ong chưa công", "nhận", "Quét để kiểm tra"]
    assert not any("★" in (text or "") for text in texts)
