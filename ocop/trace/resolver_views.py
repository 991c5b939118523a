"""The GS1 resolver at the site root (contract §1): a product's and a batch's URI without a serial.

- ``/01/{gtin14}`` and ``/p/{code}``: the product; by default a 307 to its catalogue page (``gs1:pip``).
- ``/01/{gtin14}/10/{lot}`` and ``/p/{code}/10/{lot}``: a small public page of the batch. It never lists a
  serial: a published serial is a copyable genuine stamp.
- ``?linkType=`` picks another target (``gs1:pip``, ``gs1:certificationInfo``, ``gs1:traceability``, in the
  short or the full ``https://gs1.org/voc/…`` form); ``linkType=all`` or ``Accept: application/linkset+json``
  answers the linkset (RFC 9264, as GS1 resolvers do); an unknown or unavailable one is a 404 page that
  lists those there are. A redirect carries the request's other query parameters to its target (a
  campaign's ``utm_source``, say), as the resolver standard asks; ``linkType`` and ``context`` stay here.
- Any site may read the answers (CORS); ``OPTIONS`` answers a browser's preflight with the methods and
  headers allowed.
- ``/.well-known/gs1resolver``: the resolver's description (GS1-Conformant Resolver standard §3).

A GTIN that is not one (wrong length, wrong check digit) is a 400, as the resolver standard asks of a
syntax error; an unknown product or lot a 404. The certificate's status is the registry's one rule
(``ocop.registry.status.certificate_status``) on today's date. Answers may be cached for a minute by
anyone (a revocation shows on the batch page within that minute; the scan of a stamp is never cached).
"""

import functools
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ocop.registry import status
from ocop.registry.gtin import GtinError, gtin_normalise
from ocop.registry.models import Product
from ocop.registry.selectors import products_with_gtin
from ocop.trace import links
from ocop.trace.models import Batch
from ocop.trace.scan import unit_name

GS1_VOCABULARY = "https://gs1.org/voc/"
# How clients write a GS1 link type besides ``gs1:pip``: the vocabulary's address, old and new.
_VOCABULARY_PREFIXES = ("gs1:", GS1_VOCABULARY, "http://gs1.org/voc/", "https://ref.gs1.org/voc/")
LINK_TYPES = ("pip", "certificationInfo", "traceability")
DEFAULT_LINK = "defaultLink"
LINKSET = "application/linkset+json"
JSON = "application/json"
MAX_AGE_SECONDS = 60
DESCRIPTION_MAX_AGE_SECONDS = 300
# The GS1 JSON-LD context of linksets, which the description names (resolver standard §3).
LINKSET_CONTEXT = "https://ref.gs1.org/standards/resolver/linkset-context"
# Query parameters the resolver reads itself; every other one goes on with a redirect.
RESOLVER_PARAMETERS = ("linkType", "context")
PREFLIGHT_MAX_AGE_SECONDS = 86400


def resolver_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """GET and HEAD answer; OPTIONS answers a CORS preflight (any origin; only safe methods; the headers
    a client sends to choose the answer's form and language); anything else is a 405."""

    @require_http_methods(["GET", "HEAD", "OPTIONS"])
    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.method == "OPTIONS":
            response = HttpResponse(status=204)
            response["Allow"] = "GET, HEAD, OPTIONS"
            response["Access-Control-Allow-Origin"] = "*"
            response["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
            response["Access-Control-Allow-Headers"] = "Accept, Accept-Language"
            response["Access-Control-Max-Age"] = str(PREFLIGHT_MAX_AGE_SECONDS)
            return response
        return view(request, *args, **kwargs)

    return wrapped


@dataclass(frozen=True)
class Link:
    link_type: str  # a term of the GS1 vocabulary: "pip", "certificationInfo", "traceability"
    href: str
    title: str
    media_type: str

    @property
    def short(self) -> str:
        return f"gs1:{self.link_type}"


@dataclass(frozen=True)
class Target:
    product: Product
    batch: Batch | None

    @property
    def anchor(self) -> str:
        """The resolver's URI of the product or batch (the stamp's domain, contract §1)."""
        gtin, code = self.product.gtin, self.product.code
        if self.batch is None:
            return links.origin() + links.product_path(gtin=gtin, code=code)
        return links.origin() + links.batch_path(gtin=gtin, code=code, lot=self.batch.lot)


def _site(path: str) -> str:
    return settings.SITE_URL + path


def target_links(target: Target) -> list[Link]:
    """The links of a product or batch, each where it has a target: a product outside the catalogue (no
    certificate) has no product page and no certificate, one without batches no traceability."""
    product, found = target.product, list[Link]()
    certificate = product.latest_certificate
    if certificate is not None:
        page = reverse("catalogue:product_detail", kwargs={"product_id": product.pk})
        found.append(Link("pip", _site(page), _("Trang thông tin sản phẩm"), "text/html"))
        verification = reverse("portal:certificate", kwargs={"number": certificate.number})
        found.append(Link("certificationInfo", _site(verification), _("Giấy chứng nhận OCOP"), "text/html"))
    if target.batch is not None:
        document = f"/api/v1/trace/batches/{target.batch.pk}/epcis"
        found.append(Link("traceability", _site(document), _("Lịch sử lô (EPCIS)"), "application/ld+json"))
    else:
        latest = product.batches.order_by("-produced_on", "-id").values_list("lot", flat=True).first()
        if latest is not None:
            page = links.batch_path(gtin=product.gtin, code=product.code, lot=latest)
            found.append(Link("traceability", _site(page), _("Lô sản xuất mới nhất"), "text/html"))
    return found


def default_link(target: Target, found: list[Link]) -> Link | None:
    """A batch's own page; for a product, its catalogue page, or else its latest batch."""
    if target.batch is not None:
        path = links.batch_path(gtin=target.product.gtin, code=target.product.code, lot=target.batch.lot)
        return Link(DEFAULT_LINK, _site(path), _("Thông tin lô sản phẩm"), "text/html")
    by_type = {link.link_type: link for link in found}
    return by_type.get("pip") or by_type.get("traceability")


def link_type_name(value: str) -> str:
    """``pip`` for ``gs1:pip`` or ``https://gs1.org/voc/pip``; the text itself when it is neither."""
    for prefix in _VOCABULARY_PREFIXES:
        if value.startswith(prefix):
            return value.removeprefix(prefix)
    return value


# --- Views


@resolver_view
def product_by_gtin(request: HttpRequest, gtin: str) -> HttpResponse:
    return _resolve(request, gtin=gtin, code="", lot=None)


@resolver_view
def batch_by_gtin(request: HttpRequest, gtin: str, lot: str) -> HttpResponse:
    return _resolve(request, gtin=gtin, code="", lot=lot)


@resolver_view
def product_by_code(request: HttpRequest, code: str) -> HttpResponse:
    return _resolve(request, gtin="", code=code, lot=None)


@resolver_view
def batch_by_code(request: HttpRequest, code: str, lot: str) -> HttpResponse:
    return _resolve(request, gtin="", code=code, lot=lot)


@resolver_view
def description(request: HttpRequest) -> HttpResponse:
    """``/.well-known/gs1resolver``: what this resolver answers (GS1-Conformant Resolver standard §3)."""
    document = {
        "name": "Nền tảng OCOP (OCOP Platform)",
        "resolverRoot": links.origin(),
        # "01" is how the resolver standard (2024) names the GTIN, "gtin" how GS1 Digital Link 1.1 did;
        # "p" is the platform's own key, the OCOP product code of products without a GTIN (contract §1).
        "supportedPrimaryKeys": ["01", "gtin", "p"],
        "supportedLinkType": [{"namespace": GS1_VOCABULARY, "prefix": "gs1:"}],
        "linkTypes": [f"gs1:{name}" for name in (*LINK_TYPES, DEFAULT_LINK)],
        "linkTypeDefaultCanBeLinkset": False,
        "jsonLdContextLocation": LINKSET_CONTEXT,
        "contact": {"fn": "Nền tảng OCOP"},
    }
    response = _json(document, content_type=JSON)
    response["Cache-Control"] = f"public, max-age={DESCRIPTION_MAX_AGE_SECONDS}"
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _resolve(request: HttpRequest, *, gtin: str, code: str, lot: str | None) -> HttpResponse:
    try:
        target = _target(gtin=gtin, code=code, lot=lot)
    except GtinError as error:
        return _public(request, _problem(request, str(error), status=400))
    if target is None:
        message = _("Nền tảng OCOP không có sản phẩm hay lô sản phẩm này.")
        return _public(request, _problem(request, message, status=404))
    found = target_links(target)
    default = default_link(target, found)
    asked = request.GET.get("linkType", "")
    accept = request.headers.get("Accept", "")
    if asked == "all" or LINKSET in accept or (not asked and JSON in accept):
        content_type = LINKSET if LINKSET in accept or JSON not in accept else JSON
        return _public(request, _json(_linkset(target, found, default), content_type=content_type))
    if asked:
        name = link_type_name(asked)
        chosen = default if name == DEFAULT_LINK else next((x for x in found if x.link_type == name), None)
        if chosen is None:
            return _public(request, _unavailable(request, target, asked, found, default))
        return _public(request, _redirect(request, chosen.href, target))
    if target.batch is not None:
        return _public(request, _batch_page(request, target, found))
    if default is None:
        return _public(request, _unavailable(request, target, asked, found, default))
    return _public(request, _redirect(request, default.href, target))


def _target(*, gtin: str, code: str, lot: str | None) -> Target | None:
    products = Product.objects.select_related("producer", "latest_certificate")
    if gtin:
        products = products_with_gtin(gtin_normalise(gtin)).select_related("producer", "latest_certificate")
    else:
        products = products.filter(code=code).exclude(code="")
    product = products.first()
    if product is None:
        return None
    if lot is None:
        return Target(product, None)
    batch = Batch.objects.filter(product=product, lot=lot).first()
    return Target(product, batch) if batch is not None else None


def _linkset(target: Target, found: list[Link], default: Link | None) -> dict[str, Any]:
    """RFC 9264's JSON form: one context, the product or batch as anchor, each relation a list of targets."""
    context: dict[str, Any] = {"anchor": target.anchor}
    for link in ([default] if default is not None else []) + found:
        context.setdefault(GS1_VOCABULARY + link.link_type, []).append(
            {"href": link.href, "title": link.title, "type": link.media_type, "hreflang": ["vi"]}
        )
    return {"linkset": [context]}


def _redirect(request: HttpRequest, href: str, target: Target) -> HttpResponse:
    passed_on = [
        (name, value)
        for name, values in request.GET.lists()
        if name not in RESOLVER_PARAMETERS
        for value in values
    ]
    if passed_on:
        href += ("&" if "?" in href else "?") + urlencode(passed_on)
    response = HttpResponseRedirect(href, status=307)
    _link_header(response, target)
    return response


def _link_header(response: HttpResponse, target: Target) -> None:
    response["Link"] = f'<{target.anchor}?linkType=all>; rel="linkset"; type="{LINKSET}"'


def _batch_page(request: HttpRequest, target: Target, found: list[Link]) -> HttpResponse:
    product, batch = target.product, target.batch
    certificate = product.latest_certificate
    certificate_status = None
    if certificate is not None:
        certificate_status = status.certificate_status(
            decision_date=certificate.decision_date,
            valid_until=certificate.valid_until,
            revoked_on=certificate.revoked_on,
            day=timezone.localdate(),
        )
    context = {
        "product": product,
        "batch": batch,
        "place": ", ".join(
            name
            for name in (
                unit_name("commune", product.commune_code),
                unit_name("province", product.province_code),
            )
            if name
        ),
        "certificate": certificate,
        "certificate_status": certificate_status,
        "certificate_status_label": status.CertificateStatus(certificate_status).label
        if certificate_status
        else "",
        "links": found,
    }
    response = render(request, "trace/resolver_batch.html", context)
    _link_header(response, target)
    return response


def _unavailable(
    request: HttpRequest, target: Target, asked: str, found: list[Link], default: Link | None
) -> HttpResponse:
    message = _("Không có liên kết loại “%(link_type)s” cho sản phẩm này.") % {"link_type": asked}
    available = [link.short for link in found] + ([f"gs1:{DEFAULT_LINK}"] if default is not None else [])
    if JSON in request.headers.get("Accept", ""):
        return _json({"detail": message, "linkTypes": available}, content_type=JSON, status=404)
    context = {"message": message, "links": found, "default": default, "product": target.product}
    return render(request, "trace/resolver_link_types.html", context, status=404)


def _problem(request: HttpRequest, message: str, *, status: int) -> HttpResponse:
    if JSON in request.headers.get("Accept", ""):
        return _json({"detail": message}, content_type=JSON, status=status)
    return render(request, "trace/resolver_not_found.html", {"message": message}, status=status)


def _json(document: dict[str, Any], *, content_type: str, status: int = 200) -> HttpResponse:
    return HttpResponse(
        json.dumps(document, ensure_ascii=False),
        status=status,
        content_type=f"{content_type}; charset=utf-8" if content_type == JSON else content_type,
    )


def _public(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """Anyone may keep the answer a minute, and read it from another site (CORS, as the standard asks);
    a signed-in person's page names them, so only their browser keeps it."""
    visibility = "private" if request.user.is_authenticated else "public"
    response["Cache-Control"] = f"{visibility}, max-age={MAX_AGE_SECONDS}"
    patch_vary_headers(response, ("Accept",))
    response["Access-Control-Allow-Origin"] = "*"
    return response
