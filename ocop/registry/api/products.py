"""The public products API: search the registry, and the whole registry as open data (CC BY 4.0).

Anonymous, read-only, rate-limited per client address at NINJA_DEFAULT_THROTTLE_RATES["anon"].
Statuses are those of each product's newest certificate on the day of the request.
"""

import datetime
import io
import itertools
import json
from collections.abc import Callable
from typing import IO, Annotated, Any

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.urls import reverse
from django.utils import timezone
from ninja import Query, Router
from ninja.errors import HttpError

from ocop.core.api import PARAMETER_ERRORS, THROTTLE_ERRORS, typed_answer
from ocop.core.published import published_response
from ocop.core.schemas import ErrorOut
from ocop.core.spreadsheets import write_csv
from ocop.core.throttling import ApiRateThrottle
from ocop.geo.selectors import ProvinceNames, province_names
from ocop.registry.importing.validation import CERTIFICATION_SEPARATOR
from ocop.registry.models import certifications_in_order
from ocop.registry.schemas import ProductListOut, Rank
from ocop.registry.selectors import (
    CatalogueEntry,
    CatalogueQueryError,
    product_count_public,
    product_export_public,
    product_list_public,
    public_filters,
    public_slug,
)
from ocop.registry.version import registry_version

LICENCE = "CC-BY-4.0"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
ATTRIBUTION = "Nền tảng OCOP — Chương trình Mỗi xã một sản phẩm (OCOP)"
OPEN_DATA_TYPES = {"csv": "text/csv; charset=utf-8", "json": "application/json; charset=utf-8"}
OPEN_DATA_FORMAT = 4  # raise when the files' layout changes, so files built by older code are not served
OPEN_DATA_MAX_AGE = 300  # seconds a client or proxy may reuse a download without asking again
# Numbers past the database's integer would overflow it into a 500: they are 422 like any bad number.
_LARGEST_INTEGER = 2_147_483_647
CSV_COLUMNS = (
    "id",
    "code",
    "name",
    "sector",
    "product_set",
    "producer_id",
    "producer_name",
    "producer_type",
    "rank",
    "status",
    "decision_no",
    "decision_date",
    "valid_until",
    "revoked_on",
    "unit_scheme",
    "unit_code",
    "unit_name",
    "province_code",
    "province_name",
    "url",
    # Added after the others, so that readers of the columns by position keep working.
    "gtin",
    "producer_certifications",
)

router = Router(throttle=[ApiRateThrottle()])


class ProductUrls:
    """The products' public pages at ``origin`` (``https://host``): the request's, or SITE_URL in files.

    The address is reversed once, with markers where the id and slug go, and each product's is formatted
    into it: twenty ``reverse()`` calls were 0.6 ms of a search request.
    """

    _ID_MARKER = 918_273_645
    _SLUG_MARKER = "slug-marker"

    def __init__(self, *, origin: str) -> None:
        path = reverse(
            "catalogue:product_detail", kwargs={"product_id": self._ID_MARKER, "slug": self._SLUG_MARKER}
        )
        before_id, _, after_id = path.rpartition(str(self._ID_MARKER))
        between, _, after_slug = after_id.rpartition(self._SLUG_MARKER)
        self._parts = (origin + before_id, between, after_slug)

    def __call__(self, entry: CatalogueEntry) -> str:
        before_id, between, after_slug = self._parts
        return f"{before_id}{entry.product.pk}{between}{public_slug(entry.product.name)}{after_slug}"


def product_item(entry: CatalogueEntry, names: ProvinceNames, *, urls: ProductUrls) -> dict:
    product, certificate = entry.product, entry.standing.certificate
    unit = product.unit
    return {
        "id": product.pk,
        "code": product.code,
        "name": product.name,
        "sector": product.sector,
        "product_set": product.product_set_code,
        "gtin": product.gtin,
        "producer": {
            "id": product.producer.pk,
            "name": product.producer.name,
            "type": product.producer.producer_type,
            "certifications": certifications_in_order(product.producer.certifications),
        },
        "rank": entry.standing.rank,
        "status": entry.standing.status,
        "decision_no": certificate.decision_no,
        "decision_date": certificate.decision_date,
        "valid_until": certificate.valid_until,
        "revoked_on": certificate.revoked_on,
        "revocation_ground": certificate.revocation_ground or None,
        "certificate_number": certificate.number,
        "unit": {
            "scheme": unit.scheme,
            "code": unit.code,
            "name": unit.name,
            "province_code": unit.province_code,
            "province_name": names.get((unit.scheme, unit.province_code), ""),
        },
        "province": {"code": product.province_code, "name": entry.province_name},
        "url": urls(entry),
    }


@router.get(
    "",
    response={200: ProductListOut, 400: ErrorOut, **PARAMETER_ERRORS, **THROTTLE_ERRORS},
    summary="Search the public registry of OCOP products",
)
def product_list(
    request: HttpRequest,
    q: Annotated[
        str,
        Query(
            max_length=100,
            pattern=r"^[^\x00-\x1f\x7f]*$",  # PostgreSQL refuses NUL in a string: a 500 otherwise
            description="Words of the product, producer, product set or province name, with or without "
            "diacritics; the last may be unfinished. Near spellings are tried when nothing matches.",
        ),
    ] = "",
    sector: Annotated[int | None, Query(ge=1, le=6, description="Sector number")] = None,
    product_set: Annotated[
        str | None, Query(alias="set", max_length=12, description="Product set code, e.g. I.3.c")
    ] = None,
    rank: Annotated[Rank | None, Query(description="Rank of the newest certificate")] = None,
    province: Annotated[
        int | None, Query(ge=0, le=_LARGEST_INTEGER, description="Current province code")
    ] = None,
    legacy_province: Annotated[
        int | None, Query(ge=0, le=_LARGEST_INTEGER, description="Province code before 1/7/2025")
    ] = None,
    valid: Annotated[
        bool | None,
        Query(
            description="true: valid certificates only; false: all others (expired, revoked, not yet issued)"
        ),
    ] = None,
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
    page_size: Annotated[int, Query(ge=1, le=100)] = 20,
) -> HttpResponse:
    try:
        filters = public_filters(
            sector=sector,
            product_set=product_set,
            rank=rank,
            province=province,
            legacy_province=legacy_province,
            valid=valid,
        )
    except CatalogueQueryError as error:
        raise HttpError(400, str(error)) from error
    result = product_list_public(q=q, filters=filters, page=page, page_size=page_size, with_images=False)
    urls = ProductUrls(origin=f"{request.scheme}://{request.get_host()}")
    items = [product_item(entry, result.province_names, urls=urls) for entry in result.entries]
    return typed_answer({"count": result.count, "items": items})


def _open_data_response(
    request: HttpRequest, file_format: str, write: Callable[[IO[bytes], datetime.date], None]
) -> HttpResponseBase:
    """The export as a file built once per registry version and day (``ocop.core.published``)."""
    today = timezone.localdate()
    response = published_response(
        request,
        "ocop-san-pham",
        suffix=file_format,
        key=(registry_version(), today, settings.SITE_URL, OPEN_DATA_FORMAT),
        write=lambda stream: write(stream, today),
        content_type=OPEN_DATA_TYPES[file_format],
        file_name=f"ocop-san-pham-{today:%Y-%m-%d}.{file_format}",
        max_age=OPEN_DATA_MAX_AGE,
    )
    response["Link"] = f'<{LICENCE_URL}>; rel="license"'
    response["X-Licence"] = LICENCE
    return response


def _flat(item: dict) -> list[Any]:
    return [
        item["id"],
        item["code"],
        item["name"],
        item["sector"],
        item["product_set"] or "",
        item["producer"]["id"],
        item["producer"]["name"],
        item["producer"]["type"],
        item["rank"],
        item["status"],
        item["decision_no"],
        item["decision_date"],
        item["valid_until"],
        item["revoked_on"] or "",
        item["unit"]["scheme"],
        item["unit"]["code"],
        item["unit"]["name"],
        item["province"]["code"],
        item["province"]["name"],
        item["url"],
        item["gtin"],
        CERTIFICATION_SEPARATOR.join(item["producer"]["certifications"]),
    ]


def write_open_data_csv(stream: IO[bytes], today: datetime.date) -> None:
    names, urls = province_names(), ProductUrls(origin=settings.SITE_URL)
    rows = (_flat(product_item(entry, names, urls=urls)) for entry in product_export_public(today=today))
    write_csv(itertools.chain([CSV_COLUMNS], rows), stream)


def write_open_data_json(stream: IO[bytes], today: datetime.date) -> None:
    names, urls = province_names(), ProductUrls(origin=settings.SITE_URL)
    envelope = {
        "licence": LICENCE,
        "licence_url": LICENCE_URL,
        "attribution": ATTRIBUTION,
        "source": settings.SITE_URL + reverse("catalogue:product_list"),
        "status_as_of": today.isoformat(),
        "count": product_count_public(),
    }
    text = io.TextIOWrapper(stream, encoding="utf-8", newline="", write_through=False)
    text.write(json.dumps(envelope, ensure_ascii=False)[:-1] + ', "items": [')
    separator = ""
    for entry in product_export_public(today=today):
        item = product_item(entry, names, urls=urls)
        text.write(separator + json.dumps(item, cls=DjangoJSONEncoder, ensure_ascii=False))
        separator = ","
    text.write("]}")
    text.flush()
    text.detach()  # the caller owns the stream


@router.get(
    "/export.csv",
    response={200: None, 304: None, **THROTTLE_ERRORS},
    summary="The whole public registry as CSV",
)
def product_export_csv(request: HttpRequest) -> HttpResponseBase:
    """One row per public product, by id; UTF-8 with a byte-order mark so spreadsheets read Vietnamese.

    Licence CC BY 4.0 (the ``Link: rel="license"`` header says so); statuses as of the day of the request.
    Built once per registry change and day, then served as a file: ``ETag``, ``Last-Modified``, gzip when
    asked, 304 to ``If-None-Match`` or ``If-Modified-Since``.
    """
    return _open_data_response(request, "csv", write_open_data_csv)


@router.get(
    "/export.json",
    response={200: None, 304: None, **THROTTLE_ERRORS},
    summary="The whole public registry as JSON",
)
def product_export_json(request: HttpRequest) -> HttpResponseBase:
    """``{"licence": "CC-BY-4.0", ..., "count": N, "items": [...]}``, items as in the search, by id.

    Served as the CSV is: built once per registry change and day, with ``ETag`` and gzip.
    """
    return _open_data_response(request, "json", write_open_data_json)
