"""The public products API: search the registry, and the whole registry as open data (CC BY 4.0).

Anonymous, read-only, rate-limited per client address at NINJA_DEFAULT_THROTTLE_RATES["anon"].
Statuses are those of each product's newest certificate on the day of the request.
"""

import csv
import json
from collections.abc import Iterator
from typing import Annotated, Any

from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone
from ninja import Query, Router
from ninja.errors import HttpError

from ocop.core.throttling import ApiRateThrottle
from ocop.registry.schemas import ErrorOut, ProductListOut, Rank
from ocop.registry.selectors import (
    CatalogueEntry,
    CatalogueQueryError,
    product_count_public,
    product_export_public,
    product_list_public,
    province_names,
    public_filters,
    public_slug,
)

LICENCE = "CC-BY-4.0"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
ATTRIBUTION = "Nền tảng OCOP — Chương trình Mỗi xã một sản phẩm (OCOP)"
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
)

router = Router(throttle=[ApiRateThrottle()])


def product_url(request: HttpRequest, entry: CatalogueEntry) -> str:
    path = reverse(
        "catalogue:product_detail",
        kwargs={"product_id": entry.product.pk, "slug": public_slug(entry.product.name)},
    )
    return request.build_absolute_uri(path)


def product_item(request: HttpRequest, entry: CatalogueEntry, names: dict[tuple[str, int], str]) -> dict:
    product, certificate = entry.product, entry.standing.certificate
    unit = product.unit
    return {
        "id": product.pk,
        "code": product.code,
        "name": product.name,
        "sector": product.sector,
        "product_set": product.product_set.code if product.product_set else None,
        "producer": {
            "id": product.producer.pk,
            "name": product.producer.name,
            "type": product.producer.producer_type,
        },
        "rank": entry.standing.rank,
        "status": entry.standing.status,
        "decision_no": certificate.decision_no,
        "decision_date": certificate.decision_date,
        "valid_until": certificate.valid_until,
        "revoked_on": certificate.revoked_on,
        "unit": {
            "scheme": unit.scheme,
            "code": unit.code,
            "name": unit.name,
            "province_code": unit.province_code,
            "province_name": names.get((unit.scheme, unit.province_code), ""),
        },
        "province": {"code": product.province_code, "name": entry.province_name},
        "url": product_url(request, entry),
    }


@router.get(
    "",
    response={200: ProductListOut, 400: ErrorOut, 429: ErrorOut},
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
        Query(description="true: valid certificates only; false: expired or revoked only"),
    ] = None,
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
    page_size: Annotated[int, Query(ge=1, le=100)] = 20,
) -> dict[str, Any]:
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
    result = product_list_public(q=q, filters=filters, page=page, page_size=page_size)
    items = [product_item(request, entry, result.province_names) for entry in result.entries]
    return {"count": result.count, "items": items}


def _open_data_headers(response: StreamingHttpResponse, file_name: str) -> StreamingHttpResponse:
    response["Content-Disposition"] = f'attachment; filename="{file_name}"'
    response["Link"] = f'<{LICENCE_URL}>; rel="license"'
    response["X-Licence"] = LICENCE
    return response


class _Echo:
    """A file-like object whose write returns the line, so csv.writer can feed a generator."""

    def write(self, value: str) -> str:
        return value


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
    ]


@router.get("/export.csv", response={200: None, 429: ErrorOut}, summary="The whole public registry as CSV")
def product_export_csv(request: HttpRequest) -> StreamingHttpResponse:
    """One row per public product, by id; UTF-8 with a byte-order mark so spreadsheets read Vietnamese.

    Licence CC BY 4.0 (the ``Link: rel="license"`` header says so); statuses as of the day of the request.
    """
    today = timezone.localdate()
    names = province_names()
    writer = csv.writer(_Echo())

    def rows() -> Iterator[str]:
        yield "\ufeff" + writer.writerow(CSV_COLUMNS)
        for entry in product_export_public(today=today):
            yield writer.writerow(_flat(product_item(request, entry, names)))

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    return _open_data_headers(response, f"ocop-san-pham-{today:%Y-%m-%d}.csv")


@router.get("/export.json", response={200: None, 429: ErrorOut}, summary="The whole public registry as JSON")
def product_export_json(request: HttpRequest) -> StreamingHttpResponse:
    """``{"licence": "CC-BY-4.0", ..., "count": N, "items": [...]}``, items as in the search, by id."""
    today = timezone.localdate()
    names = province_names()
    envelope = {
        "licence": LICENCE,
        "licence_url": LICENCE_URL,
        "attribution": ATTRIBUTION,
        "source": request.build_absolute_uri(reverse("catalogue:product_list")),
        "status_as_of": today.isoformat(),
        "count": product_count_public(),
    }

    def chunks() -> Iterator[str]:
        yield json.dumps(envelope, ensure_ascii=False)[:-1] + ', "items": ['
        separator = ""
        for entry in product_export_public(today=today):
            item = product_item(request, entry, names)
            yield separator + json.dumps(item, cls=DjangoJSONEncoder, ensure_ascii=False)
            separator = ","
        yield "]}"

    response = StreamingHttpResponse(chunks(), content_type="application/json; charset=utf-8")
    return _open_data_headers(response, f"ocop-san-pham-{today:%Y-%m-%d}.json")
