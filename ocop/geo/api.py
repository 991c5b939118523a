"""The public, read-only units API: search both schemes, look a unit up, follow it across 1/7/2025."""

from typing import Annotated, Any, Literal

from django.http import HttpRequest
from ninja import Field, Query, Router
from ninja.errors import HttpError

from ocop.core.api import PARAMETER_ERRORS, THROTTLE_ERRORS
from ocop.core.schemas import ErrorOut
from ocop.core.throttling import ApiRateThrottle
from ocop.geo.models import AdministrativeUnit
from ocop.geo.schemas import UnitDetailOut, UnitListOut, UnitOut
from ocop.geo.selectors import UnitQueryError, unit_get, unit_predecessors, unit_search, unit_successors

SchemeName = Literal["current", "legacy"]
LevelName = Literal["province", "district", "commune"]
# Numbers past the database's integer (PositiveIntegerField's bound on every backend) would overflow it
# into a 500: they are 422 like any other bad number.
_LARGEST_INTEGER = 2_147_483_647
UnitCode = Annotated[int, Field(ge=0, le=_LARGEST_INTEGER)]

router = Router(throttle=[ApiRateThrottle()])


@router.get(
    "",
    response={200: UnitListOut, 400: ErrorOut, **PARAMETER_ERRORS, **THROTTLE_ERRORS},
    summary="Search administrative units",
)
def unit_list(
    request: HttpRequest,
    scheme: SchemeName = "current",
    level: LevelName | None = None,
    parent: Annotated[
        UnitCode | None,
        Query(description="Code of the unit one level above `level`; without `level`, list its children."),
    ] = None,
    q: Annotated[
        str | None,
        Query(
            max_length=100,
            pattern=r"^[^\x00-\x1f\x7f]*$",  # PostgreSQL refuses NUL in a string: a 500 otherwise
            description="Words of the name, with or without diacritics; the last may be unfinished.",
        ),
    ] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    offset: Annotated[int, Query(ge=0, le=_LARGEST_INTEGER)] = 0,
) -> dict[str, Any]:
    try:
        units = unit_search(scheme=scheme, level=level, parent=parent, q=q)
    except UnitQueryError as error:
        raise HttpError(400, str(error)) from error
    return {"count": units.count(), "items": list(units[offset : offset + limit])}


@router.get(
    "/{scheme}/{code}",
    response={200: UnitDetailOut, 400: ErrorOut, 404: ErrorOut, **PARAMETER_ERRORS, **THROTTLE_ERRORS},
    summary="One unit, its parent, and what it became or was made of on 1/7/2025",
)
def unit_detail(
    request: HttpRequest, scheme: SchemeName, code: UnitCode, level: LevelName | None = None
) -> dict[str, Any]:
    try:
        unit = unit_get(scheme=scheme, code=code, level=level)
    except UnitQueryError as error:
        raise HttpError(400, str(error)) from error
    except AdministrativeUnit.DoesNotExist as error:
        raise HttpError(404, f"code: {error}") from error
    return {
        **UnitOut.from_orm(unit).model_dump(),
        "children_count": unit.children.count(),
        "successors": unit_successors(unit),
        "predecessors": unit_predecessors(unit),
    }
