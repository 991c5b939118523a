"""Real files for the tests of uploads: a one-page PDF, an image, a decompression bomb."""

import io

from PIL import Image
from pypdf import PdfWriter


def a_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def a_picture(width: int, height: int, image_format: str = "JPEG") -> bytes:
    output = io.BytesIO()
    Image.new("RGB", (width, height), (200, 60, 40)).save(output, image_format)
    return output.getvalue()


def a_bomb(width: int, height: int) -> bytes:
    """A PNG of one-bit pixels: a few kilobytes that claim ``width`` × ``height`` pixels."""
    output = io.BytesIO()
    Image.new("1", (width, height)).save(output, "PNG")
    return output.getvalue()
