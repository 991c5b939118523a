"""The public catalogue: search OCOP products, read whether a product's stars still hold, see a producer.

One view serves the catalogue page and, for htmx, only its results (``list.html#results``), so the page
works the same with and without JavaScript. The pages only read: they answer GET and HEAD, and 405 to
anything else.
"""

import json
from typing import Any

from django import forms
from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.formats import date_format
from django.utils.http import urlencode
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from ocop.core.htmx import is_htmx
from ocop.registry.models import Producer, Product
from ocop.registry.search import RANKS, STATUSES, VALID
from ocop.registry.selectors import (
    CatalogueQueryError,
    CertificateEntry,
    ProducerDetail,
    ProductDetail,
    Standing,
    legacy_province_options,
    producer_get_public,
    product_get_public,
    product_list_public,
    product_set_options,
    public_filters,
    public_slug,
)
from ocop.registry.status import CertificateStatus

PAGE_SIZE = 20
_FILTER_ARGUMENTS = ("sector", "product_set", "rank", "province", "legacy_province", "status")
# The query parameters that make a catalogue page what it is, in the order its canonical address lists them;
# anything else in the address (tracking, an unknown or refused value) is not part of the page.
_CANONICAL_PARAMETERS = (("q", "q"), *((name, name) for name in _FILTER_ARGUMENTS))
# A meta description's text is cut here: search engines show about this much of it.
DESCRIPTION_LENGTH = 300
# Characters that would end a <script> element or open a comment inside it, as json_script escapes them.
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


class CatalogueForm(forms.Form):
    """The catalogue's query string; a value that does not parse is dropped, never an error page."""

    q = forms.CharField(
        required=False,
        max_length=100,
        error_messages={
            "max_length": gettext_lazy(
                "Từ khóa tìm kiếm dài quá %(limit_value)d ký tự (có %(show_value)d) nên đã được bỏ qua."
            ),
            "null_characters_not_allowed": gettext_lazy("Từ khóa tìm kiếm có ký tự NUL nên đã được bỏ qua."),
        },
    )
    sector = forms.IntegerField(required=False, min_value=1, max_value=6)
    set = forms.CharField(required=False, max_length=12)
    rank = forms.ChoiceField(required=False, choices=[(rank, rank) for rank in RANKS])
    province = forms.IntegerField(required=False, min_value=0, max_value=2_147_483_647)
    legacy_province = forms.IntegerField(required=False, min_value=0, max_value=2_147_483_647)
    status = forms.ChoiceField(required=False, choices=[(status, status) for status in STATUSES])
    page = forms.IntegerField(required=False, min_value=1, max_value=100_000)


def _chosen(form: CatalogueForm) -> dict[str, Any]:
    form.is_valid()
    values = {name: form.cleaned_data.get(name) for name in form.fields if name in form.cleaned_data}
    return {
        "sector": values.get("sector"),
        "product_set": values.get("set") or None,
        "rank": values.get("rank") or None,
        "province": values.get("province"),
        "legacy_province": values.get("legacy_province"),
        "status": values.get("status") or None,
    }


@require_safe
def product_list(request: HttpRequest) -> HttpResponse:
    form = CatalogueForm(request.GET)
    chosen = _chosen(form)
    q = form.cleaned_data.get("q") or ""
    page_number = form.cleaned_data.get("page") or 1
    problems = []
    while True:  # drop a filter the registry cannot apply (unknown province…), say so, keep the rest
        try:
            filters = public_filters(**chosen)
            break
        except CatalogueQueryError as error:
            problems.append(str(error))
            chosen["product_set" if error.argument == "set" else error.argument] = None
    page = product_list_public(q=q, filters=filters, page=page_number, page_size=PAGE_SIZE, with_facets=True)
    context = {
        "list_url": reverse("catalogue:product_list"),
        "q": q,
        "page": page,
        "chosen": chosen,
        "problems": problems,
        # Words the search cannot take (too long, a NUL) are left out, and the page says why.
        "q_problem": form.errors["q"][0] if "q" in form.errors else "",
        "legacy_provinces": legacy_province_options(chosen["legacy_province"]),
        "product_sets": product_set_options(chosen["product_set"]),
        "any_filter": any(chosen[name] is not None for name in _FILTER_ARGUMENTS),
        "canonical_url": _catalogue_canonical_url(q=q, chosen=chosen, page_number=page.page),
    }
    template = "portal/catalogue/list.html#results" if is_htmx(request) else "portal/catalogue/list.html"
    response = render(request, template, context)
    # The same address answers a page or a fragment: caches must keep them apart.
    patch_vary_headers(response, ["HX-Request"])
    return response


@require_safe
def product_detail(request: HttpRequest, product_id: int, slug: str | None = None) -> HttpResponse:
    try:
        detail = product_get_public(product_id=product_id)
    except Product.DoesNotExist as error:
        raise Http404(_("Không có sản phẩm OCOP này.")) from error
    canonical = reverse(
        "catalogue:product_detail",
        kwargs={"product_id": product_id, "slug": public_slug(detail.product.name)},
    )
    if slug is not None and request.path != canonical:
        return redirect(canonical, permanent=True)
    context = {
        "detail": detail,
        "standing": detail.standing,
        "canonical_url": settings.SITE_URL + canonical,
        "description": _product_description(detail),
        "producer_url": _producer_path(detail.product.producer),
        "main_image": detail.images[0] if detail.images else None,
        "gallery": detail.images[1:],
        "json_ld": _json_ld(request, detail, canonical),
    }
    return render(request, "portal/catalogue/product_detail.html", context)


@require_safe
def producer_detail(request: HttpRequest, producer_id: int, slug: str | None = None) -> HttpResponse:
    try:
        detail = producer_get_public(producer_id=producer_id)
    except Producer.DoesNotExist as error:
        raise Http404(_("Không có chủ thể OCOP này.")) from error
    canonical = _producer_path(detail.producer)
    if slug is not None and request.path != canonical:
        return redirect(canonical, permanent=True)
    context = {
        "detail": detail,
        "canonical_url": settings.SITE_URL + canonical,
        "description": _producer_description(detail),
    }
    return render(request, "portal/catalogue/producer_detail.html", context)


def _catalogue_canonical_url(*, q: str, chosen: dict[str, Any], page_number: int) -> str:
    """The catalogue page's address at SITE_URL: its search words, the filters it applied, its page."""
    values = {"q": q.strip(), **{name: chosen[name] for name in _FILTER_ARGUMENTS}}
    parameters = [
        ("set" if name == "product_set" else name, value)
        for name, value in values.items()
        if value not in (None, "")
    ]
    if page_number > 1:
        parameters.append(("page", page_number))
    path = reverse("catalogue:product_list")
    return settings.SITE_URL + path + (f"?{urlencode(parameters)}" if parameters else "")


def _standing_words(standing: Standing) -> str:
    certificate = standing.certificate
    if standing.status == VALID:
        day = date_format(certificate.valid_until, "SHORT_DATE_FORMAT")
        return _("giấy chứng nhận còn hiệu lực đến %(day)s") % {"day": day}
    if standing.status == CertificateStatus.EXPIRED:
        day = date_format(standing.expired_from, "SHORT_DATE_FORMAT")
        return _("giấy chứng nhận hết hiệu lực từ %(day)s") % {"day": day}
    if standing.status == CertificateStatus.NOT_YET_ISSUED:
        day = date_format(certificate.decision_date, "SHORT_DATE_FORMAT")
        return _("giấy chứng nhận có hiệu lực từ %(day)s") % {"day": day}
    day = date_format(certificate.revoked_on, "SHORT_DATE_FORMAT") if certificate.revoked_on else ""
    return _("giấy chứng nhận đã bị thu hồi ngày %(day)s") % {"day": day}


def _place(unit_name: str, province_name: str) -> str:
    return f"{unit_name}, {province_name}" if province_name else unit_name


def _product_description(detail: ProductDetail) -> str:
    """What a search engine shows under the product's name: who makes it where, its rank and whether that
    rank still holds, then the start of its description."""
    product = detail.product
    summary = _("%(product)s của %(producer)s (%(place)s): sản phẩm OCOP %(rank)s, %(standing)s.") % {
        "product": product.name,
        "producer": product.producer.name,
        "place": _place(product.unit.name, detail.province_name),
        "rank": detail.standing.rank_label,
        "standing": _standing_words(detail.standing),
    }
    text = f"{summary} {product.description}" if product.description else summary
    return Truncator(" ".join(text.split())).chars(DESCRIPTION_LENGTH)


def _producer_description(detail: ProducerDetail) -> str:
    producer = detail.producer
    valid = sum(1 for entry in detail.entries if entry.standing.status == VALID)
    return _(
        "%(producer)s (%(type)s, %(place)s): %(count)d sản phẩm OCOP, %(valid)d sản phẩm có giấy chứng nhận "
        "còn hiệu lực."
    ) % {
        "producer": producer.name,
        "type": producer.get_producer_type_display(),
        "place": _place(producer.unit.name, detail.province_name),
        "count": len(detail.entries),
        "valid": valid,
    }


def _producer_path(producer: Producer) -> str:
    return reverse(
        "catalogue:producer_detail", kwargs={"producer_id": producer.pk, "slug": public_slug(producer.name)}
    )


def _certification(entry: CertificateEntry) -> dict[str, Any]:
    """A schema.org Certification: the OCOP rank as a rating, active only while it is valid."""
    certificate = entry.certificate
    name = f"OCOP {certificate.stars} sao" + (" (tiềm năng 5 sao)" if certificate.potential_five_star else "")
    active = entry.status == VALID
    return {
        "@type": "Certification",
        "name": name,
        "certificationIdentification": certificate.decision_no,
        "certificationRating": {
            "@type": "Rating",
            "ratingValue": certificate.stars,
            "bestRating": 5,
            "worstRating": 1,
        },
        "certificationStatus": "https://schema.org/"
        + ("CertificationActive" if active else "CertificationInactive"),
        "validFrom": certificate.decision_date.isoformat(),
        "expires": certificate.valid_until.isoformat(),
        "issuedBy": {"@type": "Organization", "name": entry.issuer},
    }


def _json_ld(request: HttpRequest, detail: ProductDetail, path: str) -> SafeString:
    product = detail.product
    url = request.build_absolute_uri(path)
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Product",
        "@id": f"{url}#product",
        "url": url,
        "name": product.name,
        "identifier": str(product.pk),
        "manufacturer": {
            "@type": "Organization",
            "name": product.producer.name,
            "url": request.build_absolute_uri(_producer_path(product.producer)),
        },
        "hasCertification": [_certification(entry) for entry in detail.history],
    }
    if product.code:
        data["productID"] = product.code
    if product.gtin:
        data["gtin"] = product.gtin
    if product.product_set:
        data["category"] = product.product_set.name
    if product.description:
        data["description"] = product.description
    if detail.images:
        data["image"] = [request.build_absolute_uri(image.image.url) for image in detail.images]
    text = json.dumps(data, ensure_ascii=False, indent=1).translate(_SCRIPT_ESCAPES)
    return mark_safe(text)  # noqa: S308 - JSON with <, > and & escaped cannot leave its <script>
