"""Statistics of OCOP recognitions on a day, nationally or for one province, in either unit scheme.

The published shape is contract §2 (``/work/shared/contracts/recognitions.md``): what counts as
recognised, valid, and which certificate of a product gives its rank are defined there and applied here:

- a certificate counts on ``as_of`` when it was issued on or before that day and not revoked by then
  (``revoked_on <= as_of`` is revoked); a product holding one is recognised, expired or not;
- a product is valid when one of those certificates covers the day (``valid_until`` is inclusive);
- ranks come from the product's latest counting certificate (by decision date, then by record), valid
  ranks from its latest covering one, like ``Certificate.rank``: ``"5_potential"`` for a potential 5★.

Everything is computed by one SQL statement whatever the number of products (a per-product aggregate over
the certificates, then a few aggregates over its rows), plus a few small queries on the unit tables.
"""

import datetime
import re
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from django.core.cache import cache
from django.db import connection
from django.db.models import Count

from ocop.core.models import AuditEvent
from ocop.geo.models import AdministrativeUnit, Level, Region, Scheme
from ocop.registry.models import Certificate, Producer, ProducerType, Product

RANKS = ("3", "4", "5_potential", "5")
SECTORS = ("1", "2", "3", "4", "5", "6")
PRODUCER_TYPES = tuple(ProducerType.values)
REGIONS = tuple(Region.values)
COUNTRY_NAME = "Việt Nam"
TIME_ZONE = ZoneInfo("Asia/Ho_Chi_Minh")
CACHE_SECONDS = 300

# A certificate's rank as one digit, so that the per-product aggregate can carry it inside an integer key.
_RANK_BY_DIGIT = {3: "3", 4: "4", 6: "5_potential", 5: "5"}
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
        as_of=_parse_date(as_of) if as_of else today(),
        scope=statistics_scope(
            province=_parse_code("province", province) if province else None,
            legacy_province=_parse_code("legacy_province", legacy_province) if legacy_province else None,
            scheme=scheme or None,
        ),
    )


def _parse_date(raw: str) -> datetime.date:
    value = raw.strip()
    try:
        if not _ISO_DATE.match(value):
            raise ValueError
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise StatisticsQueryError("as_of", f"expected a date as YYYY-MM-DD, got {raw!r}") from None


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


# Where a product lies, finest last, in each scheme: the columns the per-unit figures are grouped by.
_LOCATION_COLUMNS: dict[str, tuple[str, ...]] = {
    Scheme.CURRENT: ("province_code", "commune_code"),
    Scheme.LEGACY: ("legacy_province_code", "legacy_district_code", "legacy_commune_code"),
}
# An integer that grows with the date, per database; multiplied past the record id in the ordering key.
_DAY_NUMBER = {
    "sqlite": "CAST(julianday(certificate.decision_date) AS INTEGER)",
    "postgresql": "(certificate.decision_date - DATE '0001-01-01')",
}
_DAY_NUMBER_STANDARD = (
    "(EXTRACT(YEAR FROM certificate.decision_date) * 10000"
    " + EXTRACT(MONTH FROM certificate.decision_date) * 100 + EXTRACT(DAY FROM certificate.decision_date))"
)


def _statement(*, scope: StatisticsScope) -> str:
    """The one statement behind the figures; its parameters are ``_parameters``.

    ``latest`` holds one row per recognised product in scope. Its ordering key is
    day × 10¹⁰ + certificate id × 10 + rank digit, so the largest key of a product is its latest counting
    certificate (later decision, then later record) and its last digit that certificate's rank; the
    largest key among covering certificates gives the valid rank, and is null when none covers the day.
    (Ids stay below 10⁹ and day numbers below 10⁸, so keys stay inside a signed 64-bit integer.)

    Three aggregates follow over those rows, told apart by their first column: ``ranks`` (one row:
    counts by rank, valid rank and sector), ``units`` (recognised and valid products by location) and
    ``producers`` (producers and their recognised products, by producer type).
    """
    day_number = _DAY_NUMBER.get(connection.vendor, _DAY_NUMBER_STANDARD)
    rank_digit = "CASE WHEN certificate.potential_five_star THEN 6 ELSE certificate.stars END"
    key = f"({day_number} * 10000000000 + certificate.id * 10 + {rank_digit})"
    product, producer = Product._meta.db_table, Producer._meta.db_table
    scope_join = ""
    if scope.province is not None:
        scope_column = "province_code" if scope.scheme == Scheme.CURRENT else "legacy_province_code"
        scope_join = (
            f"JOIN {product} in_scope"
            f" ON in_scope.id = certificate.product_id AND in_scope.{scope_column} = %s"
        )
    location = _LOCATION_COLUMNS[scope.scheme]
    location_codes = ", ".join(f"location_{index}" for index in range(3))
    columns = [f"product.{column}" for column in location] + ["NULL"] * (3 - len(location))
    location_select = ", ".join(f"{column} AS location_{index}" for index, column in enumerate(columns))
    counts = [f"SUM(CASE WHEN rank_digit = {digit} THEN 1 ELSE 0 END)" for digit in _RANK_BY_DIGIT]
    counts += [f"SUM(CASE WHEN valid_rank_digit = {digit} THEN 1 ELSE 0 END)" for digit in _RANK_BY_DIGIT]
    counts += [f"SUM(CASE WHEN sector = {sector} THEN 1 ELSE 0 END)" for sector in SECTORS]
    padding = ", ".join(["NULL"] * (len(counts) - 2))
    return f"""
        WITH latest AS (
            SELECT certificate.product_id,
                   MAX({key}) %% 10 AS rank_digit,
                   MAX(CASE WHEN certificate.valid_until >= %s THEN {key} END) %% 10 AS valid_rank_digit
            FROM {Certificate._meta.db_table} certificate {scope_join}
            WHERE certificate.decision_date <= %s
              AND (certificate.revoked_on IS NULL OR certificate.revoked_on > %s)
            GROUP BY certificate.product_id
        ), recognized AS (
            SELECT product.producer_id, product.sector, {location_select},
                   latest.rank_digit, latest.valid_rank_digit
            FROM latest JOIN {product} product ON product.id = latest.product_id
        )
        SELECT 'ranks', NULL, NULL, NULL, NULL, {", ".join(counts)}
        FROM recognized
        UNION ALL
        SELECT 'units', NULL, {location_codes}, COUNT(*), COUNT(valid_rank_digit), {padding}
        FROM recognized
        GROUP BY {location_codes}
        UNION ALL
        SELECT 'producers', producer.producer_type, NULL, NULL, NULL,
               COUNT(*), SUM(per_producer.products), {padding}
        FROM (
            SELECT producer_id, COUNT(*) AS products FROM recognized GROUP BY producer_id
        ) per_producer
        JOIN {producer} producer ON producer.id = per_producer.producer_id
        GROUP BY producer.producer_type
    """  # noqa: S608 - names come from the models and constants above; values are parameters


def _parameters(*, as_of: datetime.date, scope: StatisticsScope) -> list[Any]:
    day = connection.ops.adapt_datefield_value(as_of)
    if scope.province is None:
        return [day, day, day]
    return [day, scope.province.code, day, day]


@dataclass
class _Figures:
    by_rank: dict[str, int]
    valid_by_rank: dict[str, int]
    by_group: dict[str, int]
    producers_by_type: dict[str, int]
    products_by_producer_type: dict[str, int]
    # (recognised, valid) by location codes, coarsest first, as the scheme's _LOCATION_COLUMNS.
    by_location: dict[tuple[int | None, ...], tuple[int, int]]


def _figures(*, as_of: datetime.date, scope: StatisticsScope) -> _Figures:
    figures = _Figures(
        by_rank=dict.fromkeys(RANKS, 0),
        valid_by_rank=dict.fromkeys(RANKS, 0),
        by_group=dict.fromkeys(SECTORS, 0),
        producers_by_type=dict.fromkeys(PRODUCER_TYPES, 0),
        products_by_producer_type=dict.fromkeys(PRODUCER_TYPES, 0),
        by_location={},
    )
    depth = len(_LOCATION_COLUMNS[scope.scheme])
    ranks = list(_RANK_BY_DIGIT.values())
    with connection.cursor() as cursor:
        cursor.execute(_statement(scope=scope), _parameters(as_of=as_of, scope=scope))
        rows = cursor.fetchall()
    for kind, producer_type, *codes_and_counts in rows:
        codes, counts = codes_and_counts[:3], [int(value or 0) for value in codes_and_counts[3:]]
        if kind == "ranks":
            figures.by_rank.update(zip(ranks, counts[0:4], strict=True))
            figures.valid_by_rank.update(zip(ranks, counts[4:8], strict=True))
            figures.by_group.update(zip(SECTORS, counts[8:14], strict=True))
        elif kind == "units":
            figures.by_location[tuple(codes[:depth])] = (counts[0], counts[1])
        elif producer_type in figures.producers_by_type:
            figures.producers_by_type[producer_type] = counts[0]
            figures.products_by_producer_type[producer_type] = counts[1]
    return figures


def recognition_statistics(*, as_of: datetime.date, scope: StatisticsScope) -> dict[str, Any]:
    """The figures of contract §2 for ``scope`` on ``as_of``, as the JSON object the API returns.

    Kept in the cache for as long as the registry stays the same (``_registry_version``), at most
    ``CACHE_SECONDS``: the public answer may be that old anyway (``Cache-Control: max-age=300``), and a
    national answer over 100,000 products costs a few hundred milliseconds to compute on a small server.
    """
    province = scope.province.code if scope.province else ""
    version = ":".join(str(part) for part in _registry_version())
    key = f"reports:statistics:{as_of.isoformat()}:{scope.scheme}:{province}:{version}"
    figures: dict[str, Any] | None = cache.get(key)
    if figures is None:
        figures = _compute(as_of=as_of, scope=scope)
        cache.set(key, figures, CACHE_SECONDS)
    return figures


def _registry_version() -> tuple[int | None, ...]:
    """Changes whenever the registry does, in one cheap query (four index look-ups).

    Every change to producers, products and certificates writes an audit event in its transaction (the
    services, the recognitions import, the admin), so the newest event's id moves with them; the newest
    ids of the three tables also catch rows written in bulk without one (benchmarks, tests).
    """
    tables = [model._meta.db_table for model in (AuditEvent, Certificate, Product, Producer)]
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(f"(SELECT MAX(id) FROM {table})" for table in tables))  # noqa: S608
        row = cursor.fetchone()
    return tuple(row) if row else ()


def _compute(*, as_of: datetime.date, scope: StatisticsScope) -> dict[str, Any]:
    """The figures, from the database.

    National figures count every product, whichever scheme is asked for; only their division into units
    depends on the scheme, and a product recorded in current units whose commune came from several legacy
    provinces has no legacy province, so it is in the legacy national totals but in no ``by_unit`` row
    nor region. Likewise a product below a province but without a unit one level down in that scheme.
    """
    figures = _figures(as_of=as_of, scope=scope)
    child_level = _child_level(scope)
    # Which location code gives the unit one level down: the province nationally, else the next column.
    child_depth = 0 if scope.province is None else 1
    by_child: dict[int, list[int]] = {}
    with_products: dict[str, set[int]] = {Level.DISTRICT: set(), Level.COMMUNE: set()}
    location_levels = (
        (Level.PROVINCE, Level.COMMUNE)
        if scope.scheme == Scheme.CURRENT
        else (Level.PROVINCE, Level.DISTRICT, Level.COMMUNE)
    )
    for codes, (recognized, valid) in figures.by_location.items():
        child_code = codes[child_depth]
        if child_code is not None:
            child = by_child.setdefault(child_code, [0, 0])
            child[0] += recognized
            child[1] += valid
        for level, code in zip(location_levels, codes, strict=True):
            if level in with_products and code is not None:
                with_products[level].add(code)

    children = _units_below(scope, child_level)
    by_unit: list[dict[str, Any]] = [
        {
            "code": unit.code,
            "name": unit.name,
            "recognized": by_child.get(unit.code, [0, 0])[0],
            "valid": by_child.get(unit.code, [0, 0])[1],
        }
        for unit in children
    ]
    by_unit.sort(key=lambda row: (-row["recognized"], row["code"]))

    by_region = None
    if scope.province is None and scope.scheme == Scheme.LEGACY:
        by_region = dict.fromkeys(REGIONS, 0)
        for unit in children:
            if unit.region in by_region:
                by_region[unit.region] += by_child.get(unit.code, [0, 0])[0]

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
            "districts_with_products": len(with_products[Level.DISTRICT]) if has_districts else None,
            "districts_total": totals.get(Level.DISTRICT, 0) if has_districts else None,
            "communes_with_products": len(with_products[Level.COMMUNE]),
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
