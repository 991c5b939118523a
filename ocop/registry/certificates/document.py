"""The certificate as a document: A4 HTML rendered to PDF by WeasyPrint, with a QR code to its public
verification page, kept on disk so a second request does not render again.

The text is Vietnamese whatever the reader's language: it is the certificate. The font is DejaVu Serif
(Debian's ``fonts-dejavu-core``, found by fontconfig), which has every Vietnamese letter with its
diacritics; WeasyPrint embeds the glyphs used. The QR code is segno's SVG inlined in the HTML: nothing to
fetch, nothing to decode. A file is named by the certificate's number and a digest of when the
certificate, its product and its producer last changed, so a revocation or a corrected name makes a new
file and the old one is removed.
"""

import hashlib
import os
import tempfile
from pathlib import Path

import segno
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe

from ocop.core import pdf
from ocop.registry.selectors import CertificateVerification

STAR_WORDS = {3: "Ba sao", 4: "Bốn sao", 5: "Năm sao"}
TEMPLATE = "registry/certificate_document.html"


def directory() -> Path:
    return Path(settings.VAR_DIR) / "certificates"


def qr_svg(url: str) -> SafeString:
    """The QR code of ``url`` as inline SVG (error correction M: it survives a smudged print)."""
    svg = segno.make(url, error="m").svg_inline(scale=4, dark="#000", light="#fff")
    return mark_safe(svg)  # noqa: S308 - segno's own markup of a URL we built


def certificate_html(verification: CertificateVerification, *, verification_url: str) -> str:
    certificate = verification.entry.certificate
    product = verification.product
    context = {
        "certificate": certificate,
        "product": product,
        "producer": product.producer,
        "issuer": verification.entry.issuer,
        "province_name": verification.province_name,
        "star_words": STAR_WORDS[certificate.stars],
        "stars": "★" * certificate.stars,
        "verification_url": verification_url,
        "qr_svg": qr_svg(verification_url),
    }
    with translation.override("vi"):
        return render_to_string(TEMPLATE, context)


def certificate_pdf(verification: CertificateVerification, *, verification_url: str) -> Path:
    """The certificate's PDF file, rendered now if this version of it was not rendered before."""
    path = _path(verification)
    if path.exists():
        return path
    html_document = pdf.weasyprint_html()
    html = certificate_html(verification, verification_url=verification_url)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".part")
    os.close(handle)
    try:
        html_document(string=html).write_pdf(temporary)
        os.replace(temporary, path)  # atomic: a reader never meets half a file
    finally:
        Path(temporary).unlink(missing_ok=True)
    for older in path.parent.glob(f"{verification.entry.certificate.number}-*.pdf"):
        if older != path:
            older.unlink(missing_ok=True)
    return path


def _path(verification: CertificateVerification) -> Path:
    certificate, product = verification.entry.certificate, verification.product
    changes = (certificate.updated_at, product.updated_at, product.producer.updated_at)
    digest = hashlib.sha256("|".join(change.isoformat() for change in changes).encode()).hexdigest()[:16]
    return directory() / f"{certificate.number}-{digest}.pdf"
