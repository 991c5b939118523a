"""The officials' screens: producers and products in the officer's scope, a product's whole history, edits.

Each view checks its input, calls one read of ``ocop.registry.selectors`` (its officials' section, which
applies the actor's scope) or one service of ``ocop.registry.services`` (which checks the actor again and
audits the change), and renders. Who sees and who changes what is ``ocop.registry.access``: out of scope
is 404.
"""

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.forms import BaseForm
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_safe

from ocop.accounts.access import request_actor, role_required
from ocop.accounts.models import OFFICER_ROLES, Role, User
from ocop.core import private_files
from ocop.core.htmx import is_htmx
from ocop.registry import services
from ocop.registry.access import (
    CHANGING_ROLES,
    access_certificate_by_id,
    access_producer_by_id,
    access_product_by_id,
)
from ocop.registry.forms import (
    CertificateAddForm,
    CertificateRevokeForm,
    ProducerFilterForm,
    ProducerForm,
    ProductFilterForm,
    ProductForm,
    ProductImageForm,
)
from ocop.registry.models import Product
from ocop.registry.selectors import (
    producer_list_for_officials,
    producer_record_for_officials,
    product_list_for_officials,
    product_record_for_officials,
)

OFFICIAL_ROLES = (*sorted(OFFICER_ROLES), Role.COUNCIL_MEMBER)
PER_PAGE = 50


def _render_list(request: HttpRequest, template: str, context: dict[str, Any]) -> HttpResponse:
    """The whole page, or only its results for htmx; caches must keep the two apart."""
    response = render(request, f"{template}#results" if is_htmx(request) else template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


# --- Products


@role_required(*OFFICIAL_ROLES)
@require_GET
def product_list(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    filters = ProductFilterForm(request.GET, actor=actor)
    filters.is_valid()  # invalid filters are shown with their error and left out
    chosen = filters.as_filters()
    listing = product_list_for_officials(actor=actor, filters=chosen, today=timezone.localdate())
    sort = chosen.sort
    context = {
        "filters": filters,
        "filters_active": filters.shown_unfolded,
        "import_batch": filters.chosen_import_batch,
        "page": Paginator(listing.products, PER_PAGE).get_page(request.GET.get("page")),
        "counts": listing.counts,
        "status": chosen.status,
        "sort": sort,
        # What the column headings switch to: the other direction of the same key, or its usual one.
        "name_sort": "-name" if sort == "name" else "name",
        "date_sort": "decision_date" if sort == "-decision_date" else "-decision_date",
    }
    return _render_list(request, "registry/product_list.html", context)


@role_required(*OFFICIAL_ROLES)
@require_GET
def product_detail(request: HttpRequest, product_id: int) -> HttpResponse:
    actor = request_actor(request)
    return render(request, "registry/product_detail.html", product_page_context(actor, product_id))


def product_page_context(actor: User, product_id: int, **overrides: Any) -> dict[str, Any]:
    """What the product page shows; the image views render it again with their form and its errors."""
    today = timezone.localdate()
    record = product_record_for_officials(actor=actor, product_id=product_id, today=today)
    return {
        "product": record.product,
        "history": record.history,
        "status": record.status,
        "location": record.location,
        "audit_trail": record.audit_trail,
        "can_change": record.can_change,
        "today": today,
        **images_context(record.product, can_change=record.can_change),
        **overrides,
    }


def images_context(product: Product, *, can_change: bool, **overrides: Any) -> dict[str, Any]:
    """The images section of the product page (``product_detail.html#images``)."""
    images = list(product.images.order_by("position", "id"))
    limit = settings.PRODUCT_IMAGES_PER_PRODUCT
    return {
        "images": images,
        "image_limit": limit,
        "image_form": ProductImageForm() if can_change and len(images) < limit else None,
        **overrides,
    }


def _add_service_errors(
    form: BaseForm, error: ValidationError, *, field_names: dict[str, str] | None = None
) -> None:
    """Errors the service found after the form's own checks (a concurrent change), next to their field;
    ``field_names`` maps the service's field names to the form's where they differ."""
    for field, field_messages in error.message_dict.items():
        name = (field_names or {}).get(field, field)
        form.add_error(name if name in form.fields else None, field_messages)


@role_required(*CHANGING_ROLES)
@require_http_methods(["GET", "POST"])
def product_edit(request: HttpRequest, product_id: int) -> HttpResponse:
    actor = request_actor(request)
    product = access_product_by_id(actor, product_id, for_change=True)
    form = ProductForm(request.POST if request.method == "POST" else None, instance=product)
    if form.is_valid():
        changes = {name: form.cleaned_data[name] for name in form.Meta.fields}
        product_set = changes["product_set"]
        changes["sector"] = product_set.sector if product_set is not None else product.sector
        try:
            services.product_update(acting_user=actor, product=product, **changes)
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            messages.success(request, _("Đã lưu sản phẩm."))
            return redirect("registry:product_detail", product_id=product.pk)
    return render(request, "registry/product_form.html", {"form": form, "product": product})


@role_required(*CHANGING_ROLES)
@require_http_methods(["GET", "POST"])
def certificate_add(request: HttpRequest, product_id: int) -> HttpResponse:
    actor = request_actor(request)
    product = access_product_by_id(actor, product_id, for_change=True)
    today = timezone.localdate()
    data = request.POST if request.method == "POST" else None
    form = CertificateAddForm(data, product=product, today=today)
    if form.is_valid():
        try:
            services.certificate_add(acting_user=actor, product=product, **form.cleaned_data)
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            messages.success(request, _("Đã thêm giấy chứng nhận."))
            return redirect("registry:product_detail", product_id=product.pk)
    return render(request, "registry/certificate_form.html", {"form": form, "product": product})


@role_required(*CHANGING_ROLES)
@require_http_methods(["GET", "POST"])
def certificate_revoke(request: HttpRequest, certificate_id: int) -> HttpResponse:
    actor = request_actor(request)
    certificate = access_certificate_by_id(actor, certificate_id, for_change=True)
    posted = request.method == "POST"
    form = CertificateRevokeForm(
        request.POST if posted else None, request.FILES if posted else None, certificate=certificate
    )
    if form.is_valid():
        try:
            # Every file is read and checked before the service opens its transaction; the first refused
            # one is named in the form's message and nothing is written.
            evidence = [private_files.check_upload(upload) for upload in form.cleaned_data["evidence"]]
            services.certificate_revoke(
                acting_user=actor,
                certificate=certificate,
                revoked_on=form.cleaned_data["revoked_on"],
                reason=form.cleaned_data["reason"],
                ground=form.cleaned_data["ground"],
                decision_no=form.cleaned_data["decision_no"],
                decision_date=form.cleaned_data["decision_date"],
                evidence=evidence,
            )
        except ValidationError as error:
            # ``check_upload`` names its field "file": here it is the evidence input's error.
            _add_service_errors(form, error, field_names={"file": "evidence"})
        except ValueError:  # revoked by someone else since the form was checked
            form.add_error(None, _("Giấy chứng nhận này đã bị thu hồi."))
        else:
            messages.success(request, _("Đã thu hồi giấy chứng nhận."))
            return redirect("registry:product_detail", product_id=certificate.product_id)
    context = {"form": form, "certificate": certificate, "product": certificate.product}
    return render(request, "registry/certificate_revoke.html", context)


@require_safe
def revocation_evidence_file(request: HttpRequest, certificate_id: int, sha256: str) -> FileResponse:
    """A file a revocation rests on, to those who see the certificate's product: officers in its scope and
    its producer's members. Anyone else, signed in or not, gets 404: the file may hold personal data, and
    the public verification page shows the ground and the decision, never the files."""
    certificate = access_certificate_by_id(request.user, certificate_id)
    item = get_object_or_404(certificate.revocation_evidence.select_related("file"), file__sha256=sha256)
    return private_files.file_response(item.file, name=item.name, as_attachment=True)


# --- Producers


@role_required(*OFFICIAL_ROLES)
@require_GET
def producer_list(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    filters = ProducerFilterForm(request.GET, actor=actor)
    filters.is_valid()
    producers = producer_list_for_officials(actor=actor, filters=filters.as_filters())
    page = Paginator(producers, PER_PAGE).get_page(request.GET.get("page"))
    context = {"filters": filters, "filters_active": filters.shown_unfolded, "page": page}
    return _render_list(request, "registry/producer_list.html", context)


@role_required(*OFFICIAL_ROLES)
@require_GET
def producer_detail(request: HttpRequest, producer_id: int) -> HttpResponse:
    actor = request_actor(request)
    record = producer_record_for_officials(actor=actor, producer_id=producer_id, today=timezone.localdate())
    context = {
        "producer": record.producer,
        "products": record.products,
        "certifications": record.certifications,
        "location": record.location,
        "audit_trail": record.audit_trail,
        "can_change": record.can_change,
    }
    return render(request, "registry/producer_detail.html", context)


@role_required(*CHANGING_ROLES)
@require_http_methods(["GET", "POST"])
def producer_edit(request: HttpRequest, producer_id: int) -> HttpResponse:
    actor = request_actor(request)
    producer = access_producer_by_id(actor, producer_id, for_change=True)
    form = ProducerForm(request.POST if request.method == "POST" else None, instance=producer)
    if form.is_valid():
        changes = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            services.producer_update(acting_user=actor, producer=producer, **changes)
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            messages.success(request, _("Đã lưu chủ thể."))
            return redirect("registry:producer_detail", producer_id=producer.pk)
    return render(request, "registry/producer_form.html", {"form": form, "producer": producer})
