"""The public directory of sales points under /diem-ban/: the list with its map, and each point's page.

The list is always HTML: the map (Leaflet, tiles from ``settings.MAP_TILE_URL``) draws the same points from
the data attributes of the list, so the page reads whole without JavaScript or when the tiles do not load.
"""

import json
from html import escape
from typing import Any

from django.conf import settings
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from ocop.geo.models import Scheme
from ocop.geo.selectors import province_names
from ocop.outlets.access import points_in_scope
from ocop.outlets.forms import DirectoryFilterForm
from ocop.outlets.models import (
    PUBLIC_STATUSES,
    RecognitionStatus,
    SalesPoint,
    SalesPointKind,
    SalesPointPhoto,
)
from ocop.outlets.selectors import LAPSED_STATUSES, carried_with_status, public_directory, public_points
from ocop.registry.status import CertificateStatus


@require_safe
def directory(request: HttpRequest) -> HttpResponse:
    form = DirectoryFilterForm(request.GET or None)
    province_code, kind = None, None
    if form.is_valid():
        province_code, kind = form.cleaned_data["province"], form.cleaned_data["kind"]
    rows = list(
        public_directory(province_code=province_code, kind=kind or None).values_list(*DIRECTORY_COLUMNS)
    )
    return render(
        request,
        "outlets/directory.html",
        {
            "form": form,
            "count": len(rows),
            "points_html": directory_items(rows),
            "map_tile_url": settings.MAP_TILE_URL,
            "map_attribution": settings.MAP_ATTRIBUTION,
        },
    )


# Points per part of the list: one <ol> each, numbered on from the one before (``start``). The browser
# styles and lays out only the parts near the screen (``content-visibility`` in outlets.css): with 2,000
# points in one list, each item to be skipped still had its own style, and the page was ready at 0.69 s in
# chromium; in parts of 100, at 0.42 s (``make bench --only outlets``).
LIST_PART = 100
# What the list shows of a point, in the order ``directory_items`` reads them.
DIRECTORY_COLUMNS = ("pk", "name", "kind", "province_code", "address", "latitude", "longitude", "status")


def directory_items(rows: list[tuple[Any, ...]]) -> SafeString:
    """The list, one <li> a point with its coordinates for the map (``static/outlets/map.js``), from rows of
    ``DIRECTORY_COLUMNS``, in ordered lists of ``LIST_PART`` points.

    The map page lists up to thousands of points and must render in chromium in under a second (issue #12):
    the rows are plain values, not model instances, and the texts are escaped by the standard library's
    ``html.escape`` (quotes too, as Django's ``escape`` does), not through ``format_html``, whose escaping
    of lazy strings cost 0.2 s of a worker's time over 2,000 points, a template loop ten times that."""
    names = {
        code: escape(name) for (scheme, code), name in province_names().items() if scheme == Scheme.CURRENT
    }
    kinds = {value: escape(str(label)) for value, label in SalesPointKind.choices}
    recognised = f' · <span class="status status-valid">{escape(_("Đã được tỉnh công nhận"))}</span>'
    # A point's page is the directory's address and its id (``urls.py``): one reverse for the whole list.
    base = escape(reverse("outlets:directory"))
    items = [
        f'<li data-lat="{latitude}" data-lng="{longitude}"><a href="{base}{pk}/">{escape(name)}</a><br>'
        f'<span class="muted">{kinds[kind]} · {names.get(province, "")}</span><br>{escape(address)}'
        f"{recognised if status == RecognitionStatus.RECOGNISED else ''}</li>"
        for pk, name, kind, province, address, latitude, longitude, status in rows
    ]
    lists = (
        f'<ol class="outlet-list" start="{start + 1}">'
        + "\n".join(items[start : start + LIST_PART])
        + "</ol>"
        for start in range(0, len(items), LIST_PART)
    )
    return mark_safe("\n".join(lists))  # noqa: S308 - every text in it is escaped above


@require_safe
def point_detail(request: HttpRequest, point_id: int) -> HttpResponse:
    point = get_object_or_404(public_points(), pk=point_id)
    province_name = point.province_name
    carried = list(carried_with_status(timezone.localdate()).filter(sales_point=point))
    certified = [one for one in carried if one.certificate_status == CertificateStatus.VALID]
    # Products whose certificate lapsed, or that never had one, stay listed (the shop still sells them)
    # but apart, so that nobody reads them as OCOP products.
    not_certified = [one for one in carried if one.certificate_status != CertificateStatus.VALID]
    url = request.build_absolute_uri(reverse("outlets:point_detail", kwargs={"point_id": point.pk}))
    return render(
        request,
        "outlets/point_detail.html",
        {
            "point": point,
            "province_name": province_name,
            "certified": certified,
            "not_certified": not_certified,
            "lapsed_statuses": [status.value for status in LAPSED_STATUSES],
            "json_ld": json_ld_text(store_json_ld(point, province_name=province_name, url=url)),
        },
    )


def store_json_ld(point: SalesPoint, *, province_name: str, url: str) -> dict[str, Any]:
    """schema.org ``Store``: what search engines and maps read of the point."""
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Store",
        "name": point.name,
        "url": url,
        "address": {
            "@type": "PostalAddress",
            "streetAddress": point.address,
            "addressRegion": province_name,
            "addressCountry": "VN",
        },
        "geo": {
            "@type": "GeoCoordinates",
            "latitude": float(point.latitude),
            "longitude": float(point.longitude),
        },
    }
    if point.opening_hours:
        data["openingHours"] = point.opening_hours
    if point.phone:
        data["telephone"] = point.phone
    return data


_SCRIPT_ESCAPES = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"})


def json_ld_text(data: dict[str, Any]) -> SafeString:
    text = json.dumps(data, ensure_ascii=False, indent=1).translate(_SCRIPT_ESCAPES)
    return mark_safe(text)  # noqa: S308 - JSON with <, > and & escaped cannot leave its <script>


PHOTO_CONTENT_TYPES = {"jpg": "image/jpeg", "png": "image/png", "webp": "image/webp"}


@require_safe
def photo_file(request: HttpRequest, photo_id: int) -> FileResponse:
    """A point's photo: to everyone when the point is public, else to those who see it in the back office
    (its operators, its province's officers)."""
    photo = get_object_or_404(SalesPointPhoto.objects.select_related("sales_point"), pk=photo_id)
    point = photo.sales_point
    if point.status not in PUBLIC_STATUSES and not points_in_scope(request.user).filter(pk=point.pk).exists():
        raise Http404
    name = str(photo.image.name)
    extension = name.rsplit(".", 1)[-1]
    if extension not in PHOTO_CONTENT_TYPES:
        raise Http404
    response = FileResponse(default_storage.open(name, "rb"), content_type=PHOTO_CONTENT_TYPES[extension])
    response["X-Content-Type-Options"] = "nosniff"
    return response
