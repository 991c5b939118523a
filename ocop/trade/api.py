"""The public matching API (contract trade.md §1): ``GET /api/v1/trade/matches``.

Anonymous and read-only: it answers with what the catalogue already shows, never a producer's contacts;
rate-limited per client with the other public APIs.
"""

import datetime
from typing import Annotated

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from ninja import Query, Router
from ninja.errors import ValidationError

from ocop.core.api import PARAMETER_ERRORS, THROTTLE_ERRORS, typed_answer
from ocop.core.throttling import ApiRateThrottle
from ocop.geo.models import AdministrativeUnit, Level, Scheme
from ocop.geo.selectors import ProvinceNames, province_names
from ocop.registry.models import ManagementCertification
from ocop.registry.rules import normalise_product_set_code
from ocop.registry.selectors import public_slug
from ocop.trade.matching import Constraints, MatchedProduct, match_products
from ocop.trade.schemas import MatchListOut

router = Router(throttle=[ApiRateThrottle()])

_LARGEST_INTEGER = 2_147_483_647


def _refused(parameter: str, message: str, kind: str = "value_error") -> ValidationError:
    return ValidationError([{"type": kind, "loc": ["query", parameter], "msg": message}])


def _certifications(raw: str) -> tuple[str, ...]:
    codes = tuple(code.strip().lower() for code in raw.split(",") if code.strip())
    unknown = [code for code in codes if code not in ManagementCertification.values]
    if unknown:
        raise _refused(
            "certifications",
            f"unknown certification {unknown[0]!r}; use {', '.join(ManagementCertification.values)}",
        )
    return codes


def _province_exists(parameter: str, scheme: str, code: int | None) -> None:
    if code is None:
        return
    if not AdministrativeUnit.objects.filter(scheme=scheme, level=Level.PROVINCE, code=code).exists():
        raise _refused(parameter, f"no {scheme} province with code {code}")


def product_path(product_id: int, name: str) -> str:
    return reverse("catalogue:product_detail", kwargs={"product_id": product_id, "slug": public_slug(name)})


def match_item(match: MatchedProduct, *, origin: str, names: ProvinceNames) -> dict:
    certificate = match.certificate
    product, producer = certificate.product, certificate.product.producer
    return {
        "product": {
            "code": product.code,
            "name": product.name,
            "url": origin + product_path(product.pk, product.name),
        },
        "producer": {
            "name": producer.name,
            "type": producer.producer_type,
            "province": {
                "code": product.province_code,
                "name": names.get((Scheme.CURRENT, product.province_code), ""),
            },
        },
        "stars": certificate.stars,
        "potential_five_star": certificate.potential_five_star,
        "certificate": {"status": "valid", "valid_until": certificate.valid_until},
        "certifications": match.certifications,
        "score": match.score,
        "reasons": match.reasons,
    }


@router.get(
    "/matches",
    response={200: MatchListOut, **PARAMETER_ERRORS, **THROTTLE_ERRORS},
    summary="Suppliers for a demand: OCOP products with a valid certificate, best match first",
)
def match_list(
    request: HttpRequest,
    sector: Annotated[int | None, Query(ge=1, le=6, description="Sector number")] = None,
    product_set: Annotated[
        str | None, Query(max_length=12, description="Product set code or its start, e.g. I.3.c or I.3")
    ] = None,
    min_stars: Annotated[
        int | None, Query(ge=3, le=5, description="Lowest rank; a potential 5★ counts as 4★")
    ] = None,
    certifications: Annotated[
        str, Query(max_length=200, description="Comma-separated codes the producer must all hold")
    ] = "",
    province: Annotated[
        int | None, Query(ge=0, le=_LARGEST_INTEGER, description="Current province code")
    ] = None,
    legacy_province: Annotated[
        int | None, Query(ge=0, le=_LARGEST_INTEGER, description="Province code before 1/7/2025")
    ] = None,
    q: Annotated[
        str,
        Query(
            max_length=100, pattern=r"^[^\x00-\x1f\x7f]*$", description="Words, with or without diacritics"
        ),
    ] = "",
    on: Annotated[datetime.date | None, Query(description="The day the certificate must be valid on")] = None,
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
) -> HttpResponse:
    set_code = None
    if product_set:
        set_code = normalise_product_set_code(product_set)
        if set_code is None:
            raise _refused("product_set", f"{product_set!r} is not a product set code such as I.3.c")
    _province_exists("province", Scheme.CURRENT, province)
    _province_exists("legacy_province", Scheme.LEGACY, legacy_province)
    constraints = Constraints(
        sector=sector,
        product_set=set_code,
        min_stars=min_stars,
        certifications=_certifications(certifications),
        provinces=(province,) if province is not None else (),
        legacy_province=legacy_province,
        q=q,
    )
    today = timezone.localdate()
    result = match_products(constraints, on=on or today, page=page)
    origin, names = f"{request.scheme}://{request.get_host()}", province_names()
    items = [match_item(match, origin=origin, names=names) for match in result.items]
    return typed_answer({"count": result.count, "items": items})
