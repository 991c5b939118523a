"""The public verification page of a certificate, ``/c/<number>``, where its QR code leads, and its PDF,
``/c/<number>.pdf``.

The page answers the one question a shopper or a shop assistant has in front of a shelf: does this star
still hold today? One verdict in words, a sign and a colour, read by the one status rule
(``Certificate.status_on`` through ``selectors.certificate_verify_public``), then what the certificate
says. Both addresses are counted per client address at the API's anonymous rate (``API_ANON_RATE``),
each with its own count: a PDF costs a rendering the first time it is asked for.
"""

import datetime
import json

from django.conf import settings
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.http import require_safe

from ocop.core import ratelimit
from ocop.core.throttling import parse_rate
from ocop.portal.catalogue import _SCRIPT_ESCAPES
from ocop.registry.certificates.document import certificate_pdf
from ocop.registry.models import Certificate
from ocop.registry.selectors import CertificateVerification, certificate_verify_public, public_slug
from ocop.registry.status import CertificateStatus

# The panel's colour for each verdict; the words and the sign say it too.
PANEL = {
    CertificateStatus.VALID: "valid",
    CertificateStatus.EXPIRED: "expired",
    CertificateStatus.REVOKED: "revoked",
    CertificateStatus.SUPERSEDED: "expired",
    CertificateStatus.NOT_YET_ISSUED: "expired",
}


def _refused(request: HttpRequest, scope: str) -> HttpResponse | None:
    """A 429 page when this client has asked too often, else ``None``."""
    limit, window_seconds = parse_rate(settings.NINJA_DEFAULT_THROTTLE_RATES["anon"])
    key = f"certificate-{scope}:{ratelimit.client_address(request)}"
    # Fails open, like the API: a broken counter must not hide whether a star holds.
    if ratelimit.hit(key, limit=limit, window_seconds=window_seconds, fail_open=True):
        return None
    response = render(request, "429.html", status=429)
    response["Retry-After"] = str(max(1, round(ratelimit.seconds_left(key))))
    return response


def _verification(request: HttpRequest, number: str) -> CertificateVerification | HttpResponse:
    try:
        return certificate_verify_public(number=number, today=timezone.localdate())
    except Certificate.DoesNotExist:
        context = {"number": number}
        return render(request, "portal/certificate_unknown.html", context, status=404)


def verification_url(number: str) -> str:
    return settings.SITE_URL + reverse("portal:certificate", kwargs={"number": number})


@require_safe
def certificate_page(request: HttpRequest, number: str) -> HttpResponse:
    refused = _refused(request, "page")
    if refused is not None:
        return refused
    found = _verification(request, number)
    if isinstance(found, HttpResponse):
        return found
    certificate, product = found.entry.certificate, found.product
    status = CertificateStatus(found.entry.status)
    product_url = ""
    if found.product_is_public:
        product_url = reverse(
            "catalogue:product_detail", kwargs={"product_id": product.pk, "slug": public_slug(product.name)}
        )
    context = {
        "verification": found,
        "certificate": certificate,
        "product": product,
        "status": status.value,
        "panel": PANEL[status],
        "expired_from": certificate.valid_until + datetime.timedelta(days=1),
        "successor": found.successor.certificate if found.successor else None,
        "product_url": product_url,
        "canonical_url": verification_url(certificate.number),
        "pdf_url": reverse("portal:certificate_pdf", kwargs={"number": certificate.number}),
        "json_ld": _json_ld(found, status, product_url),
    }
    return render(request, "portal/certificate.html", context)


def _json_ld(found: CertificateVerification, status: CertificateStatus, product_url: str) -> SafeString:
    """schema.org ``Certification``: what the certificate is, who issued it, until when, and whether it
    holds today (``CertificationActive`` only while valid)."""
    certificate, product = found.entry.certificate, found.product
    about: dict[str, object] = {"@type": "Product", "name": product.name}
    if product_url:
        about["url"] = settings.SITE_URL + product_url
    data = {
        "@context": "https://schema.org",
        "@type": "Certification",
        "name": f"OCOP {certificate.stars}★",
        "certificationIdentification": certificate.number,
        "certificationStatus": "https://schema.org/"
        + ("CertificationActive" if status == CertificateStatus.VALID else "CertificationInactive"),
        "issuedBy": {"@type": "Organization", "name": found.entry.issuer},
        "validFrom": certificate.decision_date.isoformat(),
        "expires": certificate.valid_until.isoformat(),
        "about": about,
        "url": verification_url(certificate.number),
    }
    text = json.dumps(data, ensure_ascii=False, indent=1).translate(_SCRIPT_ESCAPES)
    return mark_safe(text)  # noqa: S308 - JSON with <, > and & escaped: it cannot end the script element


@require_safe
def certificate_pdf_file(request: HttpRequest, number: str) -> HttpResponseBase:
    refused = _refused(request, "pdf")
    if refused is not None:
        return refused
    found = _verification(request, number)
    if isinstance(found, HttpResponse):
        return found
    path = certificate_pdf(found, verification_url=verification_url(number))
    response = FileResponse(path.open("rb"), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="giay-chung-nhan-ocop-{number}.pdf"'
    # The status can change any day (expiry, revocation): a client asks again rather than keep it.
    response["Cache-Control"] = "no-cache"
    return response
