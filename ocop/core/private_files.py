"""Private files (minh chứng): checked by their content, stored once by content hash outside the public
media, served only through a view of the app that keeps them, which checks who may see what they belong to.

One module, in core, for every kind of evidence the apps keep: a dossier's evidence per criterion and the
photos of a field visit (the evaluation app), a revocation's evidence (the registry, which may not import
the evaluation app). An upload is trusted for nothing: its name, extension and declared content type
are ignored; the bytes decide.

- PDF: a real PDF header (``%PDF-1.x`` or ``%PDF-2.x``), an end-of-file marker near its end (a cut-short
  upload has none), and a structure pypdf reads with at least one page; a PDF locked with a password is
  refused, since nobody could read it.
- JPEG, PNG, WebP: Pillow opens it as one of these, within the pixel limit every upload has and whole
  (``ocop.core.images``: the same checks and messages as a product's photos). The original bytes are
  kept: evidence is what was submitted.
- Anything else (SVG, HTML, a spreadsheet…) is refused, as is a file over ``EVIDENCE_FILE_MAX_BYTES`` and
  a file that is not what its name says (a PNG or a JPEG named ``.pdf``): an officer opens what the name
  promises.

Files are immutable: ``PRIVATE_FILES_ROOT/evidence/<2 hex>/<sha256>``, written once through a temporary
file and a rename, shared by everything that refers to them (a copied dossier refers to the same file, a
revocation may keep a file a dossier holds too).
"""

import hashlib
import io
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.http import FileResponse, Http404
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from pypdf import PdfReader

from ocop.core.images import ImageRefusedError, NotAnImageError, open_within_limits, verify_whole
from ocop.core.models import EvidenceFile

PDF = "application/pdf"
CONTENT_TYPE_BY_IMAGE_FORMAT = {
    "JPEG": "image/jpeg",
    "MPO": "image/jpeg",
    "PNG": "image/png",
    "WEBP": "image/webp",
}
_IMAGE_READERS = ("JPEG", "PNG", "WEBP")
_PDF_HEADER = re.compile(rb"%PDF-[12]\.[0-9]")
# Writers put trailing whitespace or a few bytes after %%EOF; a cut-short file has no marker near its end.
_EOF_WINDOW = 2048

TOO_HEAVY = _("Tệp “%(name)s” nặng %(size)s, quá giới hạn %(limit)s.")
NOT_ACCEPTED = _("Tệp “%(name)s” không phải là tệp PDF hay ảnh JPEG, PNG, WebP (kiểm tra theo nội dung tệp).")
BROKEN_PDF = _("Tệp “%(name)s” không phải là tệp PDF hoàn chỉnh (có thể bị cắt ngắn hoặc hỏng).")
LOCKED_PDF = _("Tệp “%(name)s” là PDF có mật khẩu; hãy tải lên bản không khóa.")
EMPTY = _("Tệp “%(name)s” rỗng.")
NAME_DISAGREES = _(
    "Tệp “%(name)s” có nội dung là %(found)s, không phải như tên tệp nói. Hãy đặt lại tên tệp cho đúng."
)
# The extensions a name may end with, by the content type found in the bytes.
EXTENSIONS = {
    PDF: (".pdf",),
    "image/jpeg": (".jpg", ".jpeg"),
    "image/png": (".png",),
    "image/webp": (".webp",),
}
FOUND_NAMES = {
    PDF: "PDF",
    "image/jpeg": _("ảnh JPEG"),
    "image/png": _("ảnh PNG"),
    "image/webp": _("ảnh WebP"),
}


@dataclass(frozen=True)
class CheckedFile:
    """An upload that passed every check: what ``store`` keeps."""

    name: str
    data: bytes
    sha256: str
    content_type: str


def _refuse(message: Any, code: str, **params: Any) -> ValidationError:
    return ValidationError({"file": ValidationError(message, code=code, params=params)})


def check_upload(upload: UploadedFile) -> CheckedFile:
    """The upload, checked; its size is checked before anything is read. ``ValidationError`` says why not."""
    name = os.path.basename(upload.name or "")[:200] or "?"
    limit = settings.EVIDENCE_FILE_MAX_BYTES
    size = upload.size or 0
    if size > limit:
        raise _refuse(
            TOO_HEAVY, "too_heavy", name=name, size=filesizeformat(size), limit=filesizeformat(limit)
        )
    upload.seek(0)
    return check_bytes(upload.read(limit + 1), name=name)


def check_bytes(data: bytes, *, name: str) -> CheckedFile:
    limit = settings.EVIDENCE_FILE_MAX_BYTES
    if len(data) > limit:
        raise _refuse(
            TOO_HEAVY, "too_heavy", name=name, size=filesizeformat(len(data)), limit=filesizeformat(limit)
        )
    if not data:
        raise _refuse(EMPTY, "empty", name=name)
    content_type = _check_pdf(data, name) if data.startswith(b"%PDF-") else _check_image(data, name)
    if not name.lower().endswith(EXTENSIONS[content_type]):
        raise _refuse(NAME_DISAGREES, "name_disagrees", name=name, found=FOUND_NAMES[content_type])
    return CheckedFile(
        name=name, data=data, sha256=hashlib.sha256(data).hexdigest(), content_type=content_type
    )


def _check_pdf(data: bytes, name: str) -> str:
    if not _PDF_HEADER.match(data) or b"%%EOF" not in data[-_EOF_WINDOW:]:
        raise _refuse(BROKEN_PDF, "broken_pdf", name=name)
    try:
        reader = PdfReader(io.BytesIO(data), strict=True)
        if reader.is_encrypted:
            raise _refuse(LOCKED_PDF, "locked_pdf", name=name)
        if len(reader.pages) < 1:
            raise _refuse(BROKEN_PDF, "broken_pdf", name=name)
    except ValidationError:
        raise
    except Exception as error:  # pypdf raises many kinds of error on a damaged structure
        raise _refuse(BROKEN_PDF, "broken_pdf", name=name) from error
    return PDF


def _check_image(data: bytes, name: str) -> str:
    try:
        image = open_within_limits(data, formats=_IMAGE_READERS)
        content_type = CONTENT_TYPE_BY_IMAGE_FORMAT.get(str(image.format))
        if content_type is None:
            raise NotAnImageError
        verify_whole(image)
    except ImageRefusedError as refused:
        raise _refuse(refused.message, refused.code, **refused.params) from None
    except NotAnImageError as error:  # whatever is not an image Pillow reads: SVG, HTML, text, archives
        raise _refuse(NOT_ACCEPTED, "not_accepted", name=name) from error
    return content_type


def path_of(file: EvidenceFile) -> Path:
    return Path(settings.PRIVATE_FILES_ROOT) / "evidence" / file.sha256[:2] / file.sha256


def store(checked: CheckedFile) -> EvidenceFile:
    """The stored file for ``checked``: the existing one when these bytes were kept before.

    The bytes are written before the row, so a row always has its file; a file left by a transaction that
    rolled back is found and reused by the next upload of the same bytes.
    """
    file = EvidenceFile(sha256=checked.sha256, content_type=checked.content_type, byte_size=len(checked.data))
    target = path_of(file)
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=target.parent, delete=False) as temporary:
            temporary.write(checked.data)
        os.replace(temporary.name, target)
    existing, _created = EvidenceFile.objects.get_or_create(
        sha256=checked.sha256,
        defaults={"content_type": checked.content_type, "byte_size": len(checked.data)},
    )
    return existing


def file_response(file: EvidenceFile, *, name: str, as_attachment: bool) -> FileResponse:
    """``file``'s bytes under ``name``, for a view that has checked who may see it (404 if they are missing).

    The browser gets the type found in the bytes and may not guess another (``nosniff``); nothing between
    keeps a copy (``private, no-store``): evidence may hold personal data.
    """
    path = path_of(file)
    if not path.exists():
        raise Http404
    response = FileResponse(
        path.open("rb"), content_type=file.content_type, as_attachment=as_attachment, filename=name
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
