"""Product images: officials add, reorder and remove them on the product page; anyone may fetch the files.

The changes answer htmx with the page's images section (``product_detail.html#images``) and anyone else
with the whole page: a redirect after a change, the page with the form's errors after a refusal. Who may
change a product's images is who may edit the product (``ocop.registry.access``).
"""

import re
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseBase,
)
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date, quote_etag
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from ocop.accounts.access import request_actor, role_required
from ocop.accounts.models import User
from ocop.core.htmx import is_htmx
from ocop.registry import images
from ocop.registry.access import CHANGING_ROLES, access_product_by_id, access_product_image_by_id
from ocop.registry.forms import ProductImageForm
from ocop.registry.models import Product, ProductImage
from ocop.registry.views.records import images_context, product_page_context

# What the services write: products/<product id>/<random>.webp and <random>-320.webp. Nothing else is
# served, so no path leaves the folder and no other upload becomes public by accident.
SERVED_PATH = re.compile(r"[0-9]+/[0-9A-Za-z_-]+\.(?P<extension>webp|jpg|png)")
CONTENT_TYPES = {"webp": "image/webp", "jpg": "image/jpeg", "png": "image/png"}
# A file never changes under its random name.
CACHE_CONTROL = "public, max-age=31536000, immutable"


def _answer(
    request: HttpRequest, actor: User, product: Product, *, notice: str = "", **overrides: Any
) -> HttpResponse:
    """The images section for htmx; otherwise the product page after a change, or with the form's errors."""
    if is_htmx(request):
        context = {"product": product, "can_change": True, "notice": notice}
        context |= images_context(product, can_change=True, **overrides)
        response = render(request, "registry/product_detail.html#images", context)
    elif not overrides:
        messages.success(request, notice)
        response = redirect(reverse("registry:product_detail", args=[product.pk]) + "#product-images")
    else:
        response = render(
            request, "registry/product_detail.html", product_page_context(actor, product.pk, **overrides)
        )
    patch_vary_headers(response, ["HX-Request"])
    return response


@role_required(*CHANGING_ROLES)
@require_POST
def product_image_add(request: HttpRequest, product_id: int) -> HttpResponse:
    actor = request_actor(request)
    product = access_product_by_id(actor, product_id, for_change=True)
    form = ProductImageForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            images.product_image_add(
                acting_user=actor,
                product=product,
                upload=form.cleaned_data["image"],
                alt=form.cleaned_data["alt"],
            )
        except ValidationError as error:
            form.add_error("image", error.message_dict.get("image", error.messages))
        else:
            return _answer(request, actor, product, notice=_("Đã thêm ảnh."))
    return _answer(request, actor, product, image_form=form)


@role_required(*CHANGING_ROLES)
@require_POST
def product_image_move(request: HttpRequest, image_id: int) -> HttpResponse:
    actor = request_actor(request)
    image = access_product_image_by_id(actor, image_id, for_change=True)
    try:
        position = int(request.POST["position"])
    except (KeyError, ValueError):
        return HttpResponseBadRequest(_("Thiếu vị trí mới của ảnh."))
    try:
        images.product_image_move(acting_user=actor, image=image, position=position)
    except ProductImage.DoesNotExist as error:  # removed since it was looked up
        raise Http404 from error
    notice = _("Đã đặt làm ảnh chính.") if position == 0 else _("Đã đổi thứ tự ảnh.")
    return _answer(request, actor, image.product, notice=notice)


@role_required(*CHANGING_ROLES)
@require_POST
def product_image_remove(request: HttpRequest, image_id: int) -> HttpResponse:
    actor = request_actor(request)
    image = access_product_image_by_id(actor, image_id, for_change=True)
    try:
        images.product_image_remove(acting_user=actor, image=image)
    except ProductImage.DoesNotExist as error:  # a second click, or someone else, removed it first
        raise Http404 from error
    return _answer(request, actor, image.product, notice=_("Đã xóa ảnh."))


@require_safe
def product_image_file(request: HttpRequest, path: str) -> HttpResponseBase:
    """A stored product image, for deployments without a web server in front to serve MEDIA_ROOT.

    Public, like the catalogue: file names are random, so only someone shown an image can ask for it.
    """
    match = SERVED_PATH.fullmatch(path)
    if not settings.SERVE_MEDIA or match is None:
        raise Http404
    name = f"products/{path}"
    try:
        modified = default_storage.get_modified_time(name)
    except OSError as error:
        raise Http404 from error
    headers = {
        "ETag": quote_etag(path.rsplit("/", 1)[-1].rsplit(".", 1)[0]),
        "Last-Modified": http_date(modified.timestamp()),
        "Cache-Control": CACHE_CONTROL,
    }
    not_modified = get_conditional_response(
        request, etag=headers["ETag"], last_modified=int(modified.timestamp())
    )
    if not_modified is not None:
        for header, value in headers.items():
            not_modified[header] = value
        return not_modified
    try:
        stored = default_storage.open(name, "rb")
    except OSError as error:
        raise Http404 from error
    response = FileResponse(stored, content_type=CONTENT_TYPES[match["extension"]])
    for header, value in headers.items():
        response[header] = value
    return response
