"""Small, valid evidence files made in code for the demo dossiers: one-page PDFs with a title and a few
lines, and photographs drawn with Pillow. They pass ``ocop.core.private_files.check_bytes`` like any upload.

The PDF's text uses the 14 standard fonts, which have no Vietnamese letters: it is written without
diacritics. The same title always gives the same bytes, so a second run stores nothing new.
"""

import hashlib
import io
import unicodedata

from PIL import Image, ImageDraw
from pypdf import PdfWriter
from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

from ocop.core import private_files as evidence

A4 = (595, 842)


def _plain_letters(text: str) -> str:
    """Vietnamese without its diacritics ("Đăng ký" → "Dang ky"), as the standard PDF fonts can draw."""
    decomposed = unicodedata.normalize("NFD", text.replace("Đ", "D").replace("đ", "d"))
    ascii_text = "".join(char for char in decomposed if not unicodedata.combining(char))
    return ascii_text.encode("ascii", "replace").decode("ascii")


def _pdf_string(text: str) -> str:
    escaped = _plain_letters(text).replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    return f"({escaped})"


def pdf(title: str, lines: list[str]) -> bytes:
    """A one-page A4 PDF: ``title`` in bold, then ``lines``."""
    writer = PdfWriter()
    page = writer.add_blank_page(width=A4[0], height=A4[1])
    fonts = DictionaryObject()
    for name, base in (("/F1", "/Helvetica-Bold"), ("/F2", "/Helvetica")):
        font = DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Font"),
                NameObject("/Subtype"): NameObject("/Type1"),
                NameObject("/BaseFont"): NameObject(base),
            }
        )
        fonts[NameObject(name)] = writer._add_object(font)
    page[NameObject("/Resources")] = DictionaryObject({NameObject("/Font"): fonts})
    commands = [f"BT /F1 16 Tf 56 770 Td {_pdf_string(title)} Tj ET"]
    commands += [
        f"BT /F2 11 Tf 56 {740 - 18 * number} Td {_pdf_string(line)} Tj ET"
        for number, line in enumerate(lines)
    ]
    content = DecodedStreamObject()
    content.set_data("\n".join(commands).encode("ascii"))
    page[NameObject("/Contents")] = writer._add_object(content)
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def photo(seed: str, *, size: tuple[int, int] = (960, 720), kind: str = "JPEG") -> bytes:
    """A picture of fields under a sky, its colours and layout from ``seed`` and captioned with it: a
    stand-in for a producer's photograph; two seeds never give the same picture."""
    digest = hashlib.sha256(seed.encode()).digest()
    hue = int.from_bytes(digest[:2]) % 360
    sky = _colour(hue, 0.35, 0.92)
    land = _colour((hue + 90) % 360, 0.55, 0.55)
    image = Image.new("RGB", size, sky)
    draw = ImageDraw.Draw(image)
    width, height = size
    draw.rectangle((0, height * 2 // 3, width, height), fill=land)
    for row in range(6):
        y = height * 2 // 3 + row * height // 18
        draw.line((0, y, width, y + height // 12), fill=_colour((hue + 90) % 360, 0.6, 0.4), width=6)
    sun = 100 + digest[2] * (width - 300) // 255
    draw.ellipse((sun, 60, sun + 100, 160), fill=(250, 220, 120))
    house = 40 + digest[3] * (width - 300) // 255
    draw.rectangle((house + 20, height // 2, house + 200, height * 2 // 3), fill=(150, 90, 60))
    draw.polygon(
        [(house, height // 2), (house + 110, height // 3), (house + 220, height // 2)], fill=(120, 50, 40)
    )
    draw.text((20, height - 40), _plain_letters(seed), fill=(255, 255, 255))
    output = io.BytesIO()
    image.save(output, kind, **({"quality": 80} if kind == "JPEG" else {}))
    return output.getvalue()


def _colour(hue: int, saturation: float, value: float) -> tuple[int, int, int]:
    sector, fraction = divmod(hue / 60, 1)
    p, q = value * (1 - saturation), value * (1 - saturation * fraction)
    t = value * (1 - saturation * (1 - fraction))
    red, green, blue = [
        (value, t, p),
        (q, value, p),
        (p, value, t),
        (p, q, value),
        (t, p, value),
        (value, p, q),
    ][int(sector) % 6]
    return (round(red * 255), round(green * 255), round(blue * 255))


def checked_pdf(name: str, title: str, lines: list[str]) -> evidence.CheckedFile:
    return evidence.check_bytes(pdf(title, lines), name=name)


def checked_photo(name: str, seed: str) -> evidence.CheckedFile:
    kind = "PNG" if name.lower().endswith(".png") else "JPEG"
    return evidence.check_bytes(photo(seed, kind=kind), name=name)
