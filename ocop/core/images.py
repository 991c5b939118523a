"""The content checks every uploaded image goes through, wherever the apps above keep it: a product's
photos, a dossier's evidence.

Pillow opens the bytes with the readers it is given (the name and declared type count for nothing), the
pixel count is read from the header before any pixel is decoded (40 megapixels at most; a "decompression
bomb", a few kilobytes claiming far more, is refused before Pillow even opens it), and ``verify`` finds a
damaged or cut-short file. A refusal is an ``ImageRefusedError`` with the message, its code and its
parameters: each caller turns it into a ``ValidationError`` on its own form field. What is not an image of
the formats given is ``NotAnImageError``: each caller says so in its own words.
"""

import io
import warnings
from typing import Any

from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from PIL import Image

# 40 megapixels, more than any phone camera's default, and about 160 MB once decoded.
MAX_PIXELS = 40_000_000

TOO_MANY_PIXELS = _(
    "Ảnh có %(width)s × %(height)s điểm ảnh, quá giới hạn %(limit)s triệu điểm ảnh. "
    "Hãy giảm kích thước ảnh rồi tải lên lại."
)
FAR_TOO_MANY_PIXELS = _(
    "Ảnh có quá nhiều điểm ảnh, quá giới hạn %(limit)s triệu điểm ảnh. "
    "Hãy giảm kích thước ảnh rồi tải lên lại."
)
DAMAGED = _("Tệp ảnh bị hỏng hoặc không trọn vẹn (có thể do tải lên bị gián đoạn). Hãy tải lên lại.")


class ImageRefusedError(Exception):
    """An image refused for its content: ``message % params`` says why, ``code`` names the check."""

    def __init__(self, message: Any, code: str, **params: Any) -> None:
        super().__init__(code)
        self.message = message
        self.code = code
        self.params = params


class NotAnImageError(Exception):
    """Pillow reads no image of the formats asked for in these bytes."""


def open_within_limits(data: bytes, *, formats: tuple[str, ...]) -> Image.Image:
    """``data`` opened (not decoded) as one of ``formats``, its pixel count within ``MAX_PIXELS``."""
    with warnings.catch_warnings():
        # Pillow warns above its own limit (89 megapixels): ours is lower and checked below, from the
        # header, before any pixel is decoded. Above twice its limit Pillow refuses to open the file.
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(data), formats=formats)
        except Image.DecompressionBombError:
            limit = MAX_PIXELS // 1_000_000
            raise ImageRefusedError(FAR_TOO_MANY_PIXELS, "too_many_pixels", limit=limit) from None
        except Exception as error:  # Pillow raises many kinds of error on what is not an image it reads
            raise NotAnImageError from error
    width, height = image.size
    if width * height > MAX_PIXELS:
        raise ImageRefusedError(
            TOO_MANY_PIXELS,
            "too_many_pixels",
            width=number_format(width),
            height=number_format(height),
            limit=MAX_PIXELS // 1_000_000,
        )
    return image


def verify_whole(image: Image.Image) -> None:
    """``ImageRefusedError`` when Pillow's ``verify`` finds the file damaged: a broken chunk, a bad checksum,
    data cut short."""
    try:
        image.verify()
    except Exception as error:
        raise ImageRefusedError(DAMAGED, "damaged") from error
