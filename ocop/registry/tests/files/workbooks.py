"""XLSX files as Excel writes them, every text in the shared-strings table (openpyxl writes inline text).

``padding`` adds a block of ready-made ``<si>`` elements, repeated, after the cells' own strings, so a test
can build a table of hundreds of MB in a second without holding it in memory.
"""

import struct
import zlib
from dataclasses import dataclass
from typing import IO
from xml.sax.saxutils import escape

from openpyxl.utils import get_column_letter

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_RELATIONSHIPS = "http://schemas.openxmlformats.org/package/2006/relationships"
SPREADSHEET = "application/vnd.openxmlformats-officedocument.spreadsheetml"

CONTENT_TYPES = f"""<?xml version="1.0" encoding="UTF-8"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/xl/workbook.xml" ContentType="{SPREADSHEET}.sheet.main+xml"/>
<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{SPREADSHEET}.worksheet+xml"/>
<Override PartName="/xl/sharedStrings.xml" ContentType="{SPREADSHEET}.sharedStrings+xml"/>
</Types>"""
PACKAGE_RELS = f"""<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="{PACKAGE_RELATIONSHIPS}">
<Relationship Id="rId1" Type="{RELATIONSHIPS}/officeDocument" Target="xl/workbook.xml"/>
</Relationships>"""
WORKBOOK = f"""<?xml version="1.0" encoding="UTF-8"?>
<workbook xmlns="{MAIN}" xmlns:r="{RELATIONSHIPS}">
<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets>
</workbook>"""
WORKBOOK_RELS = f"""<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="{PACKAGE_RELATIONSHIPS}">
<Relationship Id="rId1" Type="{RELATIONSHIPS}/worksheet" Target="worksheets/sheet1.xml"/>
<Relationship Id="rId2" Type="{RELATIONSHIPS}/sharedStrings" Target="sharedStrings.xml"/>
</Relationships>"""


@dataclass(frozen=True)
class Padding:
    """``block`` (whole ``<si>`` elements) repeated ``times`` after the cells' own strings."""

    block: bytes
    times: int


def write_shared_strings_xlsx(
    out: IO[bytes], rows: list[list[str]], *, padding: Padding | None = None
) -> None:
    """Write to ``out`` an XLSX of ``rows`` (the header first) whose texts are shared strings."""
    strings: dict[str, int] = {}
    sheet = [f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN}"><sheetData>']
    for number, row in enumerate(rows, start=1):
        cells = "".join(
            f'<c r="{get_column_letter(column)}{number}" t="s"><v>{_index(strings, text)}</v></c>'
            for column, text in enumerate(row, start=1)
            if text
        )
        sheet.append(f'<row r="{number}">{cells}</row>')
    sheet.append("</sheetData></worksheet>")
    table = "".join(f"<si><t>{escape(text)}</t></si>" for text in strings)
    head = f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{MAIN}">{table}'.encode()
    members = [
        ("[Content_Types].xml", [CONTENT_TYPES.encode(), b"", b""], 1),
        ("_rels/.rels", [PACKAGE_RELS.encode(), b"", b""], 1),
        ("xl/workbook.xml", [WORKBOOK.encode(), b"", b""], 1),
        ("xl/_rels/workbook.xml.rels", [WORKBOOK_RELS.encode(), b"", b""], 1),
        ("xl/worksheets/sheet1.xml", ["".join(sheet).encode(), b"", b""], 1),
        (
            "xl/sharedStrings.xml",
            [head, padding.block if padding else b"", b"</sst>"],
            padding.times if padding else 1,
        ),
    ]
    _write_zip(out, members)


def _write_zip(out: IO[bytes], members: list[tuple[str, list[bytes], int]]) -> None:
    """A zip of deflated members, each ``(name, [head, middle, tail], times the middle repeats)``.

    The middle is compressed once and its compressed form repeated: a full flush before and after it makes
    each copy independent of what precedes it, so hundreds of MB inflate from a file written in a second.
    """
    directory = []
    for name, (head, middle, tail), times in members:
        compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
        start = compressor.compress(head) + compressor.flush(zlib.Z_FULL_FLUSH)
        repeated = compressor.compress(middle) + compressor.flush(zlib.Z_FULL_FLUSH)
        end = compressor.compress(tail) + compressor.flush()
        crc = zlib.crc32(head)
        for _ in range(times):
            crc = zlib.crc32(middle, crc)
        crc = zlib.crc32(tail, crc)
        size = len(head) + len(middle) * times + len(tail)
        compressed = len(start) + len(repeated) * times + len(end)
        offset = out.tell()
        encoded = name.encode()
        out.write(
            struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, 0, 8, 0, 0x21, crc, compressed, size, len(encoded), 0)
        )
        out.write(encoded)
        out.write(start)
        for _ in range(times):
            out.write(repeated)
        out.write(end)
        directory.append(
            struct.pack(
                "<4s6H3L5H2L",
                b"PK\x01\x02",
                20,
                20,
                0,
                8,
                0,
                0x21,
                crc,
                compressed,
                size,
                len(encoded),
                0,
                0,
                0,
                0,
                0,
                offset,
            )
            + encoded
        )
    start_of_directory = out.tell()
    for entry in directory:
        out.write(entry)
    size_of_directory = out.tell() - start_of_directory
    out.write(
        struct.pack(
            "<4s4H2LH",
            b"PK\x05\x06",
            0,
            0,
            len(directory),
            len(directory),
            size_of_directory,
            start_of_directory,
            0,
        )
    )


def _index(strings: dict[str, int], text: str) -> int:
    return strings.setdefault(text, len(strings))
