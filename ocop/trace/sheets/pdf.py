"""A PDF of label sheets, written operator by operator.

Why not WeasyPrint or reportlab: WeasyPrint lays out 10,000 inline SVG codes as HTML, which is minutes
of work, and reportlab is one more dependency to do what fifty lines do here. A QR code is a handful of
filled rectangles: one ``re`` per run of dark modules in a row, one ``f`` per code, in a coordinate
system whose unit is the module. The text is DejaVu Sans embedded as a CID font (Identity-H, glyph ids
as character codes) with a ToUnicode map, so a reader copies, searches and extracts the Vietnamese back.
"""

import zlib
from collections.abc import Iterable, Iterator

import numpy as np

from .fonts import POINT_IN_MILLIMETRES, Font
from .layouts import LabelDrawing, LabelSize

MILLIMETRE_IN_POINTS = 72 / 25.4
COMPRESSION_LEVEL = 6  # level 1 makes a file 40% larger for 10% less time: not worth it
CATALOG, PAGES, FONT, CID_FONT, DESCRIPTOR, FONT_FILE, TO_UNICODE = range(1, 8)
FIRST_PAGE_OBJECT = 8


class PdfWriter:
    """Pages are added one at a time and compressed at once, so memory holds compressed pages only."""

    def __init__(self, font: Font) -> None:
        self.font = font
        self.objects: dict[int, bytes] = {}
        self.page_objects: list[int] = []
        self.characters: set[str] = set()

    def add_page(self, size: LabelSize, placed: Iterable[tuple[float, float, LabelDrawing]]) -> None:
        page_height = size.page_height
        parts = [f"{MILLIMETRE_IN_POINTS:.6f} 0 0 {MILLIMETRE_IN_POINTS:.6f} 0 0 cm 0 g"]
        for left, top, drawing in placed:
            parts.append(self._qr_operators(left + drawing.qr_x, page_height - top - drawing.qr_y, drawing))
            for line in drawing.lines:
                self.characters.update(line.text)
                parts.append(
                    f"BT /F1 {line.points * POINT_IN_MILLIMETRES:.3f} Tf "
                    f"{left + line.x:.3f} {page_height - top - line.baseline:.3f} Td "
                    f"<{self._glyph_hex(line.text)}> Tj ET"
                )
        content = zlib.compress("\n".join(parts).encode("ascii"), COMPRESSION_LEVEL)
        page_number = FIRST_PAGE_OBJECT + 2 * len(self.page_objects)
        self.page_objects.append(page_number)
        width, height = size.page_width * MILLIMETRE_IN_POINTS, size.page_height * MILLIMETRE_IN_POINTS
        self.objects[page_number] = (
            f"<< /Type /Page /Parent {PAGES} 0 R /MediaBox [0 0 {width:.3f} {height:.3f}] "
            f"/Resources << /Font << /F1 {FONT} 0 R >> >> /Contents {page_number + 1} 0 R >>"
        ).encode("ascii")
        self.objects[page_number + 1] = _stream(content, "/Filter /FlateDecode")

    def _qr_operators(self, x: float, y: float, drawing: LabelDrawing) -> str:
        """The dark runs of each row as rectangles, in module units with rows going down the page."""
        matrix = drawing.matrix
        module = drawing.module
        padded = np.zeros((matrix.shape[0], matrix.shape[1] + 2), dtype=np.int8)
        padded[:, 1:-1] = matrix
        changes = np.diff(padded, axis=1)
        run_rows, run_starts = np.nonzero(changes == 1)
        _, run_ends = np.nonzero(changes == -1)
        rectangles = " ".join(
            f"{start} {row} {end - start} 1 re"
            for row, start, end in zip(run_rows.tolist(), run_starts.tolist(), run_ends.tolist(), strict=True)
        )
        return f"q {module:.5f} 0 0 {-module:.5f} {x:.3f} {y:.3f} cm {rectangles} f Q"

    def _glyph_hex(self, text: str) -> str:
        glyph_ids = self.font.glyph_id_by_character
        return "".join(f"{glyph_ids[character]:04X}" for character in text)

    def finish(self) -> bytes:
        font = self.font
        characters = self.characters | {" "}
        scale = 1000 / font.units_per_em
        glyphs = sorted(
            {font.glyph_id_by_character[character]: character for character in characters}.items()
        )
        widths = " ".join(
            f"{glyph_id} [{round(font.advance_by_glyph_id[glyph_id] * scale)}]" for glyph_id, _ in glyphs
        )
        # A subset's name carries a six-letter tag (PDF 32000 §9.6.4); this one is fixed, the file has one.
        name = f"OCOPAA+{font.postscript_name}"
        left, bottom, right, top = (round(value * scale) for value in font.bounding_box)
        self.objects[CATALOG] = f"<< /Type /Catalog /Pages {PAGES} 0 R >>".encode("ascii")
        kids = " ".join(f"{number} 0 R" for number in self.page_objects)
        self.objects[PAGES] = f"<< /Type /Pages /Kids [{kids}] /Count {len(self.page_objects)} >>".encode(
            "ascii"
        )
        self.objects[FONT] = (
            f"<< /Type /Font /Subtype /Type0 /BaseFont /{name} /Encoding /Identity-H "
            f"/DescendantFonts [{CID_FONT} 0 R] /ToUnicode {TO_UNICODE} 0 R >>"
        ).encode("ascii")
        self.objects[CID_FONT] = (
            f"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /{name} "
            f"/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> "
            f"/FontDescriptor {DESCRIPTOR} 0 R /CIDToGIDMap /Identity /DW 1000 /W [{widths}] >>"
        ).encode("ascii")
        self.objects[DESCRIPTOR] = (
            f"<< /Type /FontDescriptor /FontName /{name} /Flags 32 /FontBBox [{left} {bottom} {right} {top}] "
            f"/ItalicAngle 0 /Ascent {round(font.ascent * scale)} /Descent {round(font.descent * scale)} "
            f"/CapHeight {round(font.cap_height * scale)} /StemV 80 /FontFile2 {FONT_FILE} 0 R >>"
        ).encode("ascii")
        font_file = font.subset_bytes(characters)
        self.objects[FONT_FILE] = _stream(
            zlib.compress(font_file), f"/Filter /FlateDecode /Length1 {len(font_file)}"
        )
        self.objects[TO_UNICODE] = _stream(zlib.compress(_to_unicode(glyphs)), "/Filter /FlateDecode")
        return b"".join(self._serialised())

    def _serialised(self) -> Iterator[bytes]:
        header = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"
        yield header
        offset = len(header)
        offsets = {}
        for number in sorted(self.objects):
            offsets[number] = offset
            chunk = b"%d 0 obj\n%s\nendobj\n" % (number, self.objects[number])
            offset += len(chunk)
            yield chunk
        count = max(self.objects) + 1
        table = [b"xref\n0 %d\n0000000000 65535 f \n" % count]
        table.extend(b"%010d 00000 n \n" % offsets[number] for number in range(1, count))
        yield b"".join(table)
        yield b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (count, CATALOG, offset)


def _stream(data: bytes, dictionary: str) -> bytes:
    return b"<< %s /Length %d >>\nstream\n%s\nendstream" % (dictionary.encode("ascii"), len(data), data)


def _to_unicode(glyphs: list[tuple[int, str]]) -> bytes:
    lines = [
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap",
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
        "/CMapName /Adobe-Identity-UCS def /CMapType 2 def",
        "1 begincodespacerange <0000> <FFFF> endcodespacerange",
    ]
    for start in range(0, len(glyphs), 100):  # at most 100 entries a block (PDF 32000 §9.10.3)
        block = glyphs[start : start + 100]
        lines.append(f"{len(block)} beginbfchar")
        lines.extend(
            f"<{glyph_id:04X}> <{character.encode('utf-16-be').hex().upper()}>"
            for glyph_id, character in block
        )
        lines.append("endbfchar")
    lines.append("endcmap CMapName currentdict /CMap defineresource pop end end")
    return "\n".join(lines).encode("ascii")
