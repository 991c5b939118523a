"""Statistics of OCOP recognitions on a day, nationally or for one province, in either unit scheme.

The published shape is contract §2 (``/work/shared/contracts/recognitions.md``): what counts as
recognised, valid, and which certificate of a product gives its rank are defined there and applied here:

- a product stands on ``as_of`` where its latest certificate issued by then stands, by the one rule of
  ``ocop.registry.status``: recognised when that certificate is valid or expired, not revoked; valid
  when it is valid. An older certificate never stands in for a newer one, revoked or expired;
- ranks come from that certificate (``Rank``: ``"5_potential"`` for a potential 5★).

The counting runs over the registry snapshot (``ocop.registry.snapshot``: every certificate as columns in
memory, read once per registry version), then two small queries on the unit tables name the units.
"""

import datetime
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

import numpy as np
from django.core.cache import cache
from django.db.models import Count

from ocop.geo.models import AdministrativeUnit, Level, Region, Scheme
from ocop.registry import snapshot
from ocop.registry.models import ProducerType, Rank
from ocop.registry.status import CODES, CertificateStatus

RANKS = tuple(Rank.values)
SECTORS = ("1", "2", "3", "4", "5", "6")
PRODUCER_TYPES = tuple(ProducerType.values)
REGIONS = tuple(Region.values)
COUNTRY_NAME = "Việt Nam"
TIME_ZONE = ZoneInfo("Asia/Ho_Chi_Minh")
CACHE_SECONDS = 300

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# Codes past the database's integer would overflow it on PostgreSQL (a 500): they are unknown codes.
_LARGEST_CODE = 2_147_483_647


class StatisticsQueryError(ValueError):
    """A statistics question that cannot be answered; ``argument`` names the query parameter at fault."""

    def __init__(self, argument: str, message: str) -> None:
        super().__init__(f"{argument}: {message}")
        self.argument = argument


@dataclass(frozen=True)
class StatisticsScope:
    """The country (``province`` is None) or one province, in the scheme the figures are placed in."""

    scheme: str
    province: AdministrativeUnit | None = None

    @property
    def level(self) -> str:
        return "country" if self.province is None else Level.PROVINCE

    def as_json(self) -> dict[str, Any]:
        if self.province is None:
            return {"scheme": self.scheme, "level": "country", "code": None, "name": COUNTRY_NAME}
        return {
            "scheme": self.scheme,
            "level": Level.PROVINCE.value,
            "code": self.province.code,
            "name": self.province.name,
        }


@dataclass(frozen=True)
class StatisticsQuery:
    as_of: datetime.date
    scope: StatisticsScope


def today() -> datetime.date:
    """The day in Việt Nam, whatever the server's clock zone: the default ``as_of``."""
    return datetime.datetime.now(TIME_ZONE).date()


def statistics_query(
    *,
    as_of: str | None = None,
    province: str | None = None,
    legacy_province: str | None = None,
    scheme: str | None = None,
) -> StatisticsQuery:
    """The question asked by the query parameters of ``GET /api/v1/stats`` (and of the statistics page).

    Empty values count as absent. Raises ``StatisticsQueryError`` naming the parameter at fault.
    """
    return StatisticsQuery(
        as_of=parse_date("as_of", as_of) if as_of else today(),
        scope=scope_query(province=province, legacy_province=legacy_province, scheme=scheme),
    )


def scope_query(*, province: str | None, legacy_province: str | None, scheme: str | None) -> StatisticsScope:
    """The scope asked by the query parameters ``province``, ``legacy_province`` and ``scheme`` (recognitions
    §2), shared by every statistics endpoint. Empty values count as absent."""
    return statistics_scope(
        province=_parse_code("province", province) if province else None,
        legacy_province=_parse_code("legacy_province", legacy_province) if legacy_province else None,
        scheme=scheme or None,
    )


def parse_date(argument: str, raw: str) -> datetime.date:
    """The day a query parameter ``argument`` gives as YYYY-MM-DD; ``StatisticsQueryError`` naming it else."""
    value = raw.strip()
    try:
        if not _ISO_DATE.match(value):
            raise ValueError
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise StatisticsQueryError(argument, f"expected a date as YYYY-MM-DD, got {raw!r}") from None


def _parse_code(argument: str, raw: str) -> int:
    value = raw.strip()
    if not value.isascii() or not value.isdigit():
        raise StatisticsQueryError(argument, f"expected a province code (a whole number), got {raw!r}")
    return int(value)


def statistics_scope(
    *, province: int | None = None, legacy_province: int | None = None, scheme: str | None = None
) -> StatisticsScope:
    """The scope named by at most one of ``province`` (current code) and ``legacy_province`` (pre-2025 code).

    ``scheme`` chooses the units of the national figures; a province's code already says its scheme, so a
    different ``scheme`` beside it is a contradiction, not a wish.
    """
    if scheme is not None and scheme not in Scheme.values:
        raise StatisticsQueryError("scheme", f"unknown scheme {scheme!r}; use current or legacy")
    if province is not None and legacy_province is not None:
        raise StatisticsQueryError(
            "province, legacy_province", "give one scope: a current province or a legacy province, not both"
        )
    if province is not None:
        if scheme == Scheme.LEGACY:
            raise StatisticsQueryError(
                "scheme", "province is a current-scheme code; use legacy_province for a pre-2025 province"
            )
        return StatisticsScope(Scheme.CURRENT, _province("province", Scheme.CURRENT, province))
    if legacy_province is not None:
        if scheme == Scheme.CURRENT:
            raise StatisticsQueryError(
                "scheme", "legacy_province is a pre-2025 code; use province for a current province"
            )
        return StatisticsScope(Scheme.LEGACY, _province("legacy_province", Scheme.LEGACY, legacy_province))
    return StatisticsScope(scheme or Scheme.CURRENT)


def _province(argument: str, scheme: str, code: int) -> AdministrativeUnit:
    unit = None
    if code <= _LARGEST_CODE:
        unit = AdministrativeUnit.objects.filter(scheme=scheme, level=Level.PROVINCE, code=code).first()
    if unit is None:
        described = "current" if scheme == Scheme.CURRENT else "pre-2025 (legacy)"
        raise StatisticsQueryError(argument, f"no {described} province with code {code}")
    return unit


@dataclass
class _Figures:
    by_rank: dict[str, int]
    valid_by_rank: dict[str, int]
    by_group: dict[str, int]
    producers_by_type: dict[str, int]
    products_by_producer_type: dict[str, int]
    # (recognised, valid) by the code of the unit one level down: provinces nationally, communes of a
    # current province, districts of a legacy one. Products without such a unit are in no row.
    by_child: dict[int, tuple[int, int]]
    communes_with_products: int
    districts_with_products: int


# The unit columns of the snapshot, coarsest first, in each scheme.
_PLACE_COLUMNS: dict[str, tuple[str, ...]] = {
    Scheme.CURRENT: ("province", "commune"),
    Scheme.LEGACY: ("legacy_province", "legacy_district", "legacy_commune"),
}
# Rank digits of the snapshot, in the order of RANKS.
_RANK_DIGITS = (3, 4, snapshot.POTENTIAL_FIVE_STAR, 5)


def _counts(values: np.ndarray, keys: Sequence[Any], indexes: Sequence[int]) -> dict[str, int]:
    """How many of ``values`` equal each of ``indexes``, under the matching key."""
    size = max(indexes) + 1
    found = np.bincount(values[(values >= 0) & (values < size)], minlength=size)
    return {str(key): int(found[index]) for key, index in zip(keys, indexes, strict=True)}


def _per_code(codes: np.ndarray) -> dict[int, int]:
    known = codes[codes != snapshot.NO_CODE]
    values, counts = np.unique(known, return_counts=True)
    return dict(zip(values.tolist(), counts.tolist(), strict=True))


def _figures(*, as_of: datetime.date, scope: StatisticsScope, version: tuple[Any, ...]) -> _Figures:
    """Contract §2's counts, from the registry snapshot at ``version``: a few passes over arrays, no SQL."""
    registry = snapshot.registry_snapshot(version)
    day = snapshot.day_number(as_of)
    stands, statuses = registry.standing(day)
    is_valid = statuses == CODES[CertificateStatus.VALID]
    recognised = stands & (is_valid | (statuses == CODES[CertificateStatus.EXPIRED]))
    places = _PLACE_COLUMNS[scope.scheme]
    if scope.province is not None:
        recognised &= registry.columns[places[0]] == scope.province.code
    latest = np.flatnonzero(recognised)  # one certificate per recognised product
    valid = np.flatnonzero(recognised & is_valid)  # one per valid product

    def column(name: str, positions: np.ndarray) -> np.ndarray:
        return registry.columns[name][positions]

    producers, first = np.unique(column("producer", latest), return_index=True)
    producer_types = column("producer_type", latest)[first] if producers.size else producers
    child = places[0] if scope.province is None else places[1]
    recognised_by_child, valid_by_child = _per_code(column(child, latest)), _per_code(column(child, valid))
    type_indexes = list(range(len(PRODUCER_TYPES)))
    return _Figures(
        by_rank=_counts(column("rank_digit", latest), RANKS, _RANK_DIGITS),
        valid_by_rank=_counts(column("rank_digit", valid), RANKS, _RANK_DIGITS),
        by_group=_counts(column("sector", latest), SECTORS, [int(sector) for sector in SECTORS]),
        producers_by_type=_counts(producer_types, PRODUCER_TYPES, type_indexes),
        products_by_producer_type=_counts(column("producer_type", latest), PRODUCER_TYPES, type_indexes),
        by_child={code: (count, valid_by_child.get(code, 0)) for code, count in recognised_by_child.items()},
        communes_with_products=len(_per_code(column(places[-1], latest))),
        districts_with_products=len(_per_code(column(places[1], latest))) if len(places) == 3 else 0,
    )


def recognition_statistics(*, as_of: datetime.date, scope: StatisticsScope) -> dict[str, Any]:
    """The figures of contract §2 for ``scope`` on ``as_of``, as the JSON object the API returns.

    Kept in the cache for as long as the registry stays the same (``snapshot.registry_version``), at most
    ``CACHE_SECONDS``: the public answer may be that old anyway (``Cache-Control: max-age=300``).
    """
    province = scope.province.code if scope.province else ""
    version = snapshot.registry_version()
    key = f"reports:statistics:{as_of.isoformat()}:{scope.scheme}:{province}:" + ":".join(map(str, version))
    figures: dict[str, Any] | None = cache.get(key)
    if figures is None:
        figures = _compute(as_of=as_of, scope=scope, version=version)
        cache.set(key, figures, CACHE_SECONDS)
    return figures


def _compute(*, as_of: datetime.date, scope: StatisticsScope, version: tuple[Any, ...]) -> dict[str, Any]:
    """The figures, from the registry snapshot and the unit tables.

    National figures count every product, whichever scheme is asked for; only their division into units
    depends on the scheme, and a product recorded in current units whose commune came from several legacy
    provinces has no legacy province, so it is in the legacy national totals but in no ``by_unit`` row
    nor region. Likewise a product below a province but without a unit one level down in that scheme.
    """
    figures = _figures(as_of=as_of, scope=scope, version=version)
    child_level = _child_level(scope)
    by_child = figures.by_child
    children = _units_below(scope, child_level)
    by_unit: list[dict[str, Any]] = [
        {
            "code": unit.code,
            "name": unit.name,
            "recognized": by_child.get(unit.code, (0, 0))[0],
            "valid": by_child.get(unit.code, (0, 0))[1],
        }
        for unit in children
    ]
    by_unit.sort(key=lambda row: (-row["recognized"], row["code"]))

    by_region = None
    if scope.province is None and scope.scheme == Scheme.LEGACY:
        by_region = dict.fromkeys(REGIONS, 0)
        for unit in children:
            if unit.region in by_region:
                by_region[unit.region] += by_child.get(unit.code, (0, 0))[0]

    totals = _unit_totals(scope)
    has_districts = scope.scheme == Scheme.LEGACY
    return {
        "as_of": as_of,
        "scope": scope.as_json(),
        "products": {
            "recognized": sum(figures.by_rank.values()),
            "valid": sum(figures.valid_by_rank.values()),
            "by_rank": figures.by_rank,
            "valid_by_rank": figures.valid_by_rank,
            "by_group": figures.by_group,
            "by_producer_type": figures.products_by_producer_type,
        },
        "producers": {
            "total": sum(figures.producers_by_type.values()),
            "by_type": figures.producers_by_type,
        },
        "units": {
            "districts_with_products": figures.districts_with_products if has_districts else None,
            "districts_total": totals.get(Level.DISTRICT, 0) if has_districts else None,
            "communes_with_products": figures.communes_with_products,
            "communes_total": totals.get(Level.COMMUNE, 0),
        },
        "by_unit": by_unit,
        "by_region": by_region,
    }


def _child_level(scope: StatisticsScope) -> str:
    if scope.province is None:
        return Level.PROVINCE
    return Level.COMMUNE if scope.scheme == Scheme.CURRENT else Level.DISTRICT


def _units_below(scope: StatisticsScope, level: str) -> list[AdministrativeUnit]:
    units = AdministrativeUnit.objects.filter(scheme=scope.scheme, level=level)
    if scope.province is not None:
        units = units.filter(province_code=scope.province.code)
    return list(units.only("code", "name", "region").order_by("code"))


def _unit_totals(scope: StatisticsScope) -> dict[str, int]:
    """How many districts and communes the scope holds in its scheme."""
    units = AdministrativeUnit.objects.filter(scheme=scope.scheme, level__in=[Level.DISTRICT, Level.COMMUNE])
    if scope.province is not None:
        units = units.filter(province_code=scope.province.code)
    return dict(units.order_by().values_list("level").annotate(count=Count("id")))
