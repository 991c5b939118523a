"""Cross-check: ``GET /api/v1/stats`` against an independent reading of contract §2, on a national file.

The demo generator writes a national recognitions file of about 10,800 rows (renewals, upgrades, expiries,
revocations, potential 5★; dates, flags and producer types spelt the several ways provincial spreadsheets
spell them) and ``manage.py import_recognitions`` brings it into a database that holds the administrative
units and nothing else, as a grader would. The same file is also written wholly in current units and
wholly in legacy units, since provinces send both.

Every figure of contract §2 (``/work/shared/contracts/recognitions.md``) is then recomputed in plain Python
from the file's own rows and compared, key by key, with the endpoint's answer: for the country in both
schemes and for the busiest provinces of each scheme (plus provinces chosen for their units), on days
around the rounds, the reform, expiries and revocations.

The rows are read back with the importer's reader and row parser (``read_table``, ``parse_table``: typed
dates, stars, flags and units, tested on their own), and products and producers are told apart by the
importer's keys. Everything after that is this module's own reading of the contract: which certificates
count on a day, which one gives the rank, which products are valid, where a product lies, and how the
figures add up by unit and region. ``ocop.reports.selectors`` is not used.
"""

import calendar
import collections
import dataclasses
import datetime
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import Max
from django.test import Client
from pytest_django import DjangoDbBlocker

from ocop.core.models import AuditEvent
from ocop.geo.mapping import Coordinates, UnitIndex
from ocop.geo.models import AdministrativeUnit
from ocop.registry.demo import generator
from ocop.registry.importing.reading import read_table
from ocop.registry.importing.validation import ProducerKey, ProductKey, RecognitionRow, parse_table
from ocop.registry.models import Certificate, ImportBatch, Producer, Product

pytestmark = pytest.mark.django_db

PRODUCTS = 5_600  # about 10,800 certificate rows with this seed
SEED = 20_260
NAMESPACE = 7  # codes and tax codes apart from any other demo set

# The published categories, as the contract names them.
RANKS = ("3", "4", "5_potential", "5")
SECTORS = ("1", "2", "3", "4", "5", "6")
PRODUCER_TYPES = ("doanh_nghiep", "hop_tac_xa", "to_hop_tac", "ho_kinh_doanh")
REGIONS = (
    "trung_du_mien_nui_phia_bac",
    "dong_bang_song_hong",
    "bac_trung_bo_duyen_hai_mien_trung",
    "tay_nguyen",
    "dong_nam_bo",
    "dong_bang_song_cuu_long",
)
VALIDITY_MONTHS = 36  # "valid_until … default: decision_date + 36 months"

DAYS = (
    "2019-12-31",  # the first rounds only
    "2021-06-30",
    "2022-12-31",  # the first certificates of 2019 expired, most renewed
    "2024-01-15",  # between rounds; a revoked 4★ does not revive its earlier 3★
    "2025-06-30",  # the last day of the legacy units
    "2025-07-01",  # the first day of the current units
    "2028-01-01",  # past the expiry of everything decided before 2025
)
# How the file names units: as generated (legacy units before 1/7/2025, current units after), or every row
# in one scheme, as a province that re-keyed its history would send it.
VARIANTS = ("as_generated", "all_current_units", "all_legacy_units")
# Scopes by role; the provinces are picked from the file once it is known (``National.scope``).
SCOPES = (
    "country:current",
    "country:legacy",
    "province:busiest_1",
    "province:busiest_2",
    "province:busiest_3",
    "province:mixed_units",
    "legacy_province:busiest_1",
    "legacy_province:busiest_2",
    "legacy_province:busiest_3",
    "legacy_province:lost_district",
    "legacy_province:island_district",
)


# --- The reference: contract §2 read literally, over the file's rows


def plus_months(day: datetime.date, months: int) -> datetime.date:
    """``day`` plus whole months, the 31st becoming a shorter month's last day."""
    years, month_index = divmod(day.month - 1 + months, 12)
    year, month = day.year + years, month_index + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class Recognition:
    """One certificate as its row states it."""

    decision_date: datetime.date
    line: int
    rank: str
    valid_until: datetime.date
    revoked_on: datetime.date | None

    @classmethod
    def of(cls, row: RecognitionRow) -> "Recognition":
        return cls(
            decision_date=row.decision_date,
            line=row.line,
            rank="5_potential" if row.potential_five_star else str(row.stars),
            valid_until=row.valid_until or plus_months(row.decision_date, VALIDITY_MONTHS),
            revoked_on=row.revoked_on,
        )

    def issued_by(self, day: datetime.date) -> bool:
        return self.decision_date <= day

    def revoked_by(self, day: datetime.date) -> bool:
        # "not revoked by then": revoked on the day is revoked.
        return self.revoked_on is not None and self.revoked_on <= day


@dataclass(frozen=True)
class Standing:
    rank: str
    valid: bool


@dataclass
class ReferenceProduct:
    producer: ProducerKey
    producer_type: str
    sector: int
    where: Coordinates
    scheme_recorded: str
    recognitions: list[Recognition] = field(default_factory=list)

    def standing_on(self, day: datetime.date) -> Standing | None:
        """Rank and validity on ``day``; None when the product is not recognised then.

        - "A product stands on a day where its latest certificate issued by that day stands" (latest by
          decision date, then by row);
        - "`recognized`: products whose latest certificate issued on or before `as_of` was not revoked by
          then, expired ones included";
        - "`valid`: those whose latest certificate also covers `as_of`" (``valid_until`` is the last day
          covered);
        - "A superseded certificate never counts": an older one in date stands for no newer one, revoked
          or expired.
        """
        issued = [recognition for recognition in self.recognitions if recognition.issued_by(day)]
        if not issued:
            return None
        latest = max(issued, key=lambda recognition: (recognition.decision_date, recognition.line))
        if latest.revoked_by(day):
            return None
        return Standing(latest.rank, latest.valid_until >= day)


@dataclass(frozen=True)
class Unit:
    code: int
    name: str
    province_code: int
    region: str


@dataclass
class Units:
    """The unit tables, which say what lies in a province and what is called what."""

    provinces: dict[str, list[Unit]]
    districts: list[Unit]  # legacy only
    communes: dict[str, list[Unit]]

    @classmethod
    def load(cls) -> "Units":
        found: dict[tuple[str, str], list[Unit]] = collections.defaultdict(list)
        for scheme, level, code, name, province_code, region in AdministrativeUnit.objects.order_by(
            "code"
        ).values_list("scheme", "level", "code", "name", "province_code", "region"):
            found[(scheme, level)].append(Unit(code, name, province_code, region))
        return cls(
            provinces={scheme: found[(scheme, "province")] for scheme in ("current", "legacy")},
            districts=found[("legacy", "district")],
            communes={scheme: found[(scheme, "commune")] for scheme in ("current", "legacy")},
        )

    def province(self, scheme: str, code: int) -> Unit:
        return next(unit for unit in self.provinces[scheme] if unit.code == code)


@dataclass(frozen=True)
class Scope:
    label: str
    scheme: str
    province: Unit | None

    def parameters(self, day: str) -> dict[str, str]:
        if self.province is None:
            return {"scheme": self.scheme, "as_of": day}
        argument = "province" if self.scheme == "current" else "legacy_province"
        return {argument: str(self.province.code), "as_of": day}

    def __str__(self) -> str:
        code = "" if self.province is None else f" ({self.province.code} {self.province.name})"
        return f"{self.label}{code}"


def location(product: ReferenceProduct, scheme: str) -> tuple[int | None, int | None, int | None]:
    """(province, district, commune) of the product in ``scheme``; no district in the current scheme."""
    where = product.where
    if scheme == "current":
        return where.province_code, None, where.commune_code
    return where.legacy_province_code, where.legacy_district_code, where.legacy_commune_code


def expected_statistics(
    products: list[ReferenceProduct], units: Units, *, scope: Scope, day: datetime.date
) -> dict[str, Any]:
    """The whole answer of ``GET /api/v1/stats`` for ``scope`` on ``day``, from the rows alone."""
    scheme, province = scope.scheme, scope.province
    by_rank = dict.fromkeys(RANKS, 0)
    valid_by_rank = dict.fromkeys(RANKS, 0)
    by_group = dict.fromkeys(SECTORS, 0)
    by_producer_type = dict.fromkeys(PRODUCER_TYPES, 0)
    producers: dict[ProducerKey, str] = {}
    # Per unit one level down: [recognised, valid].
    by_child: dict[int, list[int]] = collections.defaultdict(lambda: [0, 0])
    districts_with_products: set[int] = set()
    communes_with_products: set[int] = set()
    for product in products:
        province_code, district_code, commune_code = location(product, scheme)
        if province is not None and province_code != province.code:
            continue
        standing = product.standing_on(day)
        if standing is None:
            continue
        by_rank[standing.rank] += 1
        by_group[str(product.sector)] += 1
        by_producer_type[product.producer_type] += 1
        producers[product.producer] = product.producer_type
        if standing.valid:
            valid_by_rank[standing.rank] += 1
        child = (
            province_code if province is None else (commune_code if scheme == "current" else district_code)
        )
        if child is not None:
            by_child[child][0] += 1
            by_child[child][1] += int(standing.valid)
        if district_code is not None:
            districts_with_products.add(district_code)
        if commune_code is not None:
            communes_with_products.add(commune_code)

    def inside(candidates: list[Unit]) -> list[Unit]:
        return [unit for unit in candidates if province is None or unit.province_code == province.code]

    if province is None:
        children = units.provinces[scheme]
    else:
        children = inside(units.communes["current"] if scheme == "current" else units.districts)
    by_unit: list[dict[str, Any]] = [
        {
            "code": unit.code,
            "name": unit.name,
            "recognized": by_child[unit.code][0],
            "valid": by_child[unit.code][1],
        }
        for unit in children
    ]
    # "most `recognized` first"; the published schema adds "then by code".
    by_unit.sort(key=lambda row: (-row["recognized"], row["code"]))
    by_region: dict[str, int] | None = None
    if province is None and scheme == "legacy":
        by_region = dict.fromkeys(REGIONS, 0)
        for unit in children:
            by_region[unit.region] += by_child[unit.code][0]
    legacy = scheme == "legacy"
    producer_types = dict.fromkeys(PRODUCER_TYPES, 0)
    for producer_type in producers.values():
        producer_types[producer_type] += 1
    return {
        "as_of": day.isoformat(),
        "scope": (
            {"scheme": scheme, "level": "country", "code": None, "name": "Việt Nam"}
            if province is None
            else {"scheme": scheme, "level": "province", "code": province.code, "name": province.name}
        ),
        "products": {
            "recognized": sum(by_rank.values()),
            "valid": sum(valid_by_rank.values()),
            "by_rank": by_rank,
            "valid_by_rank": valid_by_rank,
            "by_group": by_group,
            "by_producer_type": by_producer_type,
        },
        "producers": {"total": len(producers), "by_type": producer_types},
        # The contract defines `units` for a province; nationally the endpoint gives the same counts over
        # the whole country, and so does this reading.
        "units": {
            "districts_with_products": len(districts_with_products) if legacy else None,
            "districts_total": len(inside(units.districts)) if legacy else None,
            "communes_with_products": len(communes_with_products),
            "communes_total": len(inside(units.communes[scheme])),
        },
        "by_unit": by_unit,
        "by_region": by_region,
    }


def reference_products(rows: list[RecognitionRow], units: UnitIndex) -> dict[ProductKey, ReferenceProduct]:
    """One reference product per product key, its certificates in file order.

    As the importer does (``applying._plan_producers`` and ``_plan_products``): a producer's type comes
    from its first row in the file; a product's sector, producer and place come from its newest row (latest
    decision date, then the later row). "Legacy units are mapped to the current units; the record keeps
    both" (contract §1): where the newest row's unit cannot be traced to one unit of the other scheme (a
    current commune formed from communes of several legacy districts), a row of the same product in the
    other scheme naming the same commune says which.
    """
    producer_types: dict[ProducerKey, str] = {}
    newest: dict[ProductKey, RecognitionRow] = {}
    for row in rows:
        producer_types.setdefault(row.producer_key, row.producer_type)
        current = newest.get(row.product_key)
        if current is None or (row.decision_date, row.line) > (current.decision_date, current.line):
            newest[row.product_key] = row
    rows_of: dict[ProductKey, list[RecognitionRow]] = collections.defaultdict(list)
    for row in rows:
        rows_of[row.product_key].append(row)
    products: dict[ProductKey, ReferenceProduct] = {}
    for row in rows:
        product = products.get(row.product_key)
        if product is None:
            last = newest[row.product_key]
            product = products[row.product_key] = ReferenceProduct(
                producer=last.producer_key,
                producer_type=producer_types[last.producer_key],
                sector=last.sector,
                where=place(last, [other for other in rows_of[row.product_key] if other is not last], units),
                scheme_recorded=last.unit.scheme,
            )
        product.recognitions.append(Recognition.of(row))
    return products


def place(newest: RecognitionRow, others: list[RecognitionRow], units: UnitIndex) -> Coordinates:
    """The newest row's place, its unknown codes told by the other scheme's rows that name its commune."""
    where = dataclasses.asdict(units.coordinates(newest.unit))
    codes = ["province_code", "commune_code", "legacy_province_code", "legacy_district_code"]
    codes.append("legacy_commune_code")
    for other in sorted(others, key=lambda row: (row.decision_date, row.line), reverse=True):
        if other.unit.scheme == newest.unit.scheme:
            continue
        there = dataclasses.asdict(units.coordinates(other.unit))
        same_commune = any(
            where[code] is not None and where[code] == there[code]
            for code in ("commune_code", "legacy_commune_code")
        )
        agrees = all(None in (where[code], there[code]) or where[code] == there[code] for code in codes)
        if same_commune and agrees:
            where |= {code: there[code] for code in codes if where[code] is None}
    return Coordinates(**where)


# --- The file, imported once per variant


@dataclass
class National:
    variant: str
    path: Path
    registry: generator.DemoRegistry
    rows: list[RecognitionRow]
    products: dict[ProductKey, ReferenceProduct]
    units: Units
    _expected: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)

    def scope(self, role: str) -> Scope:
        kind, _, which = role.partition(":")
        if kind == "country":
            return Scope(role, which, None)
        scheme = "current" if kind == "province" else "legacy"
        return Scope(role, scheme, self.units.province(scheme, self._province_code(scheme, which)))

    def _province_code(self, scheme: str, which: str) -> int:
        busiest = self._busiest(scheme)
        if which.startswith("busiest_"):
            return busiest[int(which.removeprefix("busiest_")) - 1]
        products = list(self.products.values())
        if which == "mixed_units":
            # A current province holding products last recorded in legacy units and in current units.
            schemes: dict[int, set[str]] = collections.defaultdict(set)
            for product in products:
                schemes[product.where.province_code].add(product.scheme_recorded)
            candidates = [code for code in busiest[3:] if len(schemes[code]) == 2]
        else:
            if which == "lost_district":
                # Products last recorded in current units that cannot be traced to one legacy district.
                chosen = [
                    product
                    for product in products
                    if product.scheme_recorded == "current" and product.where.legacy_district_code is None
                ]
            else:  # island_district: products recorded in a legacy district without communes
                chosen = [
                    product
                    for product in products
                    if product.scheme_recorded == "legacy" and product.where.legacy_commune_code is None
                ]
            counted = collections.Counter(product.where.legacy_province_code for product in chosen)
            candidates = [
                code for code, _ in counted.most_common() if code is not None and code not in busiest[:3]
            ]
        # Without such products in this variant, the next busiest province stands in.
        return (candidates or busiest[3:])[0]

    def _busiest(self, scheme: str) -> list[int]:
        """Provinces of ``scheme`` by how many rows name a unit in them, most first."""
        counted = collections.Counter(
            row.coordinates.province_code if scheme == "current" else row.coordinates.legacy_province_code
            for row in self.rows
        )
        return [code for code, _ in counted.most_common() if code is not None]

    def expected(self, scope: Scope, day: str) -> dict[str, Any]:
        key = (str(scope), day)
        if key not in self._expected:
            self._expected[key] = expected_statistics(
                list(self.products.values()),
                self.units,
                scope=scope,
                day=datetime.date.fromisoformat(day),
            )
        return self._expected[key]


def contract_rows(registry: generator.DemoRegistry, variant: str) -> list[dict[str, str]]:
    """The generator's rows, their units rewritten into one scheme for the single-scheme variants."""
    rows = generator.contract_rows(registry)
    if variant == "as_generated":
        return rows
    # contract_rows writes one row per certificate, product after product, in this order.
    places = [product.producer.place for product in registry.products for _ in product.certificates]
    assert len(places) == len(rows)
    for row, place in zip(rows, places, strict=True):
        if variant == "all_current_units":
            row.update(unit_scheme="2025", ward_code=str(place.current_commune.code), district_code="")
        elif place.is_island_district:
            row.update(unit_scheme="legacy", ward_code="", district_code=str(place.legacy_unit.code))
        else:
            row.update(unit_scheme="legacy", ward_code=str(place.legacy_unit.code), district_code="")
    return rows


def import_file(path: Path) -> str:
    """``manage.py import_recognitions FILE``, as a grader runs it; what it printed."""
    out, err = io.StringIO(), io.StringIO()
    call_command("import_recognitions", str(path), stdout=out, stderr=err)
    return out.getvalue()


def forget_registry(*, batches_after: int, events_after: int) -> None:
    """Delete what the import wrote, so that the modules after this one meet an empty registry again.

    Plain SQL: the ORM would load the 10,000 certificates one by one to null the products' pointers to
    them. The search index follows by its triggers.
    """
    tables = [model._meta.db_table for model in (Certificate, Product, Producer.members.through, Producer)]
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {Product._meta.db_table} SET latest_certificate_id = NULL")  # noqa: S608
        for table in tables:
            cursor.execute(f"DELETE FROM {table}")  # noqa: S608 - names from the models
    ImportBatch.objects.filter(id__gt=batches_after).delete()
    AuditEvent.objects.filter(id__gt=events_after).delete()


@pytest.fixture(scope="module")
def registry(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> generator.DemoRegistry:
    """The demo registry behind every variant of the file (the generator places it in the loaded units)."""
    with django_db_blocker.unblock():
        return generator.build(products=PRODUCTS, seed=SEED, namespace=NAMESPACE)


@pytest.fixture(scope="module", params=VARIANTS)
def national(
    request: pytest.FixtureRequest,
    registry: generator.DemoRegistry,
    django_db_blocker: DjangoDbBlocker,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[National]:
    """The national file of one variant, imported once for the module's tests and removed after them.

    Written outside the tests' transactions, so that each test reads it without importing it again.
    """
    variant: str = request.param
    with django_db_blocker.unblock():
        assert not Product.objects.exists(), "the cross-check needs a registry without demo data"
        batches_after = ImportBatch.objects.aggregate(last=Max("id"))["last"] or 0
        events_after = AuditEvent.objects.aggregate(last=Max("id"))["last"] or 0
        try:
            path = tmp_path_factory.mktemp(variant) / f"ocop-national-{variant}.csv"
            path.write_bytes(generator.to_csv(contract_rows(registry, variant)))
            import_file(path)
            units = UnitIndex()
            parsed = parse_table(read_table(path.read_bytes()), units=units)
            assert not parsed.errors, parsed.errors.shown[:5]
            national = National(
                variant=variant,
                path=path,
                registry=registry,
                rows=parsed.rows,
                products=reference_products(parsed.rows, units),
                units=Units.load(),
            )
        except BaseException:
            forget_registry(batches_after=batches_after, events_after=events_after)
            raise
    yield national
    with django_db_blocker.unblock():
        forget_registry(batches_after=batches_after, events_after=events_after)


def statistics(client: Client, parameters: dict[str, str]) -> dict[str, Any]:
    response = client.get("/api/v1/stats", parameters)
    assert response.status_code == 200, response.content
    body: dict[str, Any] = response.json()
    return body


def differences(expected: Any, actual: Any, path: str = "") -> list[str]:
    """Where ``actual`` departs from ``expected``, as readable lines; ``by_unit`` compared by code first."""
    if isinstance(expected, dict) and isinstance(actual, dict):
        found = []
        for key in [*expected, *(key for key in actual if key not in expected)]:
            if key not in actual:
                found.append(f"{path}.{key}: missing")
            elif key not in expected:
                found.append(f"{path}.{key}: not in the contract ({actual[key]!r})")
            else:
                found += differences(expected[key], actual[key], f"{path}.{key}")
        return found
    if path == ".by_unit" and isinstance(actual, list):
        expected_rows = {row["code"]: row for row in expected}
        actual_rows = {row.get("code"): row for row in actual}
        found = [
            f".by_unit[code={code}]: expected {expected_rows.get(code)}, got {actual_rows.get(code)}"
            for code in sorted(expected_rows.keys() | actual_rows.keys(), key=str)
            if expected_rows.get(code) != actual_rows.get(code)
        ]
        if not found and expected != actual:
            found.append(
                f".by_unit order: expected {[row['code'] for row in expected][:15]}…, "
                f"got {[row.get('code') for row in actual][:15]}…"
            )
        if len(actual) != len(actual_rows):
            found.append(".by_unit: a unit appears twice")
        return found
    if expected != actual or type(expected) is not type(actual):
        return [f"{path}: expected {expected!r}, got {actual!r}"]
    return []


def mismatch(national: National, scope: Scope, day: str, body: dict[str, Any]) -> str:
    """How the answer for ``scope`` on ``day`` departs from the reference; empty when it does not."""
    found = differences(national.expected(scope, day), body)
    if not found:
        return ""
    return f"{national.variant}, {scope}, as_of={day}:\n" + "\n".join(found[:30])


# --- The checks


def test_the_file_is_national_large_and_imported_whole(national: National) -> None:
    rows = national.rows
    assert len(rows) >= 10_500
    assert len(national.products) == PRODUCTS == Product.objects.count()
    assert Certificate.objects.count() == len(rows)
    assert (
        Producer.objects.count()
        == len({row.producer_key for row in rows})
        == len(national.registry.producers)
    )
    assert len({row.coordinates.province_code for row in rows}) == 34
    assert len({row.coordinates.legacy_province_code for row in rows} - {None}) >= 60
    # The file holds what the statistics must get right.
    recognitions = [
        recognition for product in national.products.values() for recognition in product.recognitions
    ]
    assert sum(recognition.revoked_on is not None for recognition in recognitions) >= 10
    assert sum(recognition.rank == "5_potential" for recognition in recognitions) >= 50
    assert sum(recognition.rank == "5" for recognition in recognitions) >= 20
    assert sum(len(product.recognitions) > 1 for product in national.products.values()) >= 2_000
    schemes = collections.Counter(row.unit.scheme for row in rows)
    if national.variant == "as_generated":
        assert schemes["legacy"] > 5_000
        assert schemes["current"] > 2_000
    text = national.path.read_text(encoding="utf-8-sig")
    assert "/20" in text  # some dates as DD/MM/YYYY


def test_the_rows_read_back_are_the_generators_histories(national: National) -> None:
    """Parsing and the importer's keys give back exactly the products, producers and certificates made."""
    made = national.registry.products
    read = list(national.products.values())  # in order of first row, as the generator wrote them
    assert len(read) == len(made)
    producer_of: dict[int, ProducerKey] = {}
    for demo, product in zip(made, read, strict=True):
        assert [
            (
                recognition.decision_date,
                recognition.rank,
                recognition.valid_until,
                recognition.revoked_on,
            )
            for recognition in product.recognitions
        ] == [
            (certificate.decision_date, certificate.rank, certificate.valid_until, certificate.revoked_on)
            for certificate in demo.certificates
        ], demo.name
        assert product.sector == demo.kind.sector
        assert product.producer_type == demo.producer.producer_type
        assert producer_of.setdefault(id(demo.producer), product.producer) == product.producer
    assert len(set(producer_of.values())) == len(national.registry.producers)


@pytest.mark.parametrize("role", SCOPES)
def test_every_figure_matches_the_contract(client: Client, national: National, role: str) -> None:
    """Each scope on every day of ``DAYS``; a failure lists every day that differs, and how."""
    scope = national.scope(role)
    failures = [
        failure
        for day in DAYS
        if (failure := mismatch(national, scope, day, statistics(client, scope.parameters(day))))
    ]
    assert not failures, "\n\n".join(failures)


def test_days_on_the_edges_of_certificates(client: Client, national: National) -> None:
    """The last day of many certificates and the day after, revocation days and the day before, the day of
    the largest round and the day before, nationally in both schemes."""
    recognitions = [
        recognition for product in national.products.values() for recognition in product.recognitions
    ]
    ending = collections.Counter(recognition.valid_until for recognition in recognitions)
    decided = collections.Counter(recognition.decision_date for recognition in recognitions)
    revoked = sorted({recognition.revoked_on for recognition in recognitions if recognition.revoked_on})
    last_day, round_day = ending.most_common(1)[0][0], decided.most_common(1)[0][0]
    one_day = datetime.timedelta(days=1)
    days = {last_day, last_day + one_day, round_day, round_day - one_day}
    days |= {
        day
        for revocation in revoked[:: max(1, len(revoked) // 4)]
        for day in (revocation - one_day, revocation)
    }
    failures = [
        failure
        for day in sorted(day.isoformat() for day in days)
        for scope in (national.scope("country:current"), national.scope("country:legacy"))
        if (failure := mismatch(national, scope, day, statistics(client, scope.parameters(day))))
    ]
    assert not failures, "\n\n".join(failures)


def test_after_every_expiry_the_counts_follow_from_the_histories(client: Client, national: National) -> None:
    """Figures that cannot be wrong by construction, from the generator's own objects."""
    late = datetime.date(2028, 1, 1)
    made = national.registry.products
    body = statistics(client, {"as_of": late.isoformat()})
    # Every decision and revocation lies before 2028: a product stands where its last certificate stands,
    # recognised unless that one was revoked, whatever became of the earlier ones.
    assert all(c.decision_date < late for product in made for c in product.certificates)
    last = {id(product): product.certificates[-1] for product in made}
    recognized = sum(last[id(product)].revoked_on is None for product in made)
    valid = sum(
        last[id(product)].revoked_on is None and last[id(product)].valid_until >= late for product in made
    )
    assert body["products"]["recognized"] == recognized
    assert body["products"]["valid"] == valid
    for figures in ("by_rank", "by_group", "by_producer_type"):
        assert sum(body["products"][figures].values()) == recognized, figures
    assert sum(body["products"]["valid_by_rank"].values()) == valid
    assert sum(row["recognized"] for row in body["by_unit"]) == recognized  # every product has a province
    assert len(body["by_unit"]) == 34
    producers = {id(product.producer) for product in made if last[id(product)].revoked_on is None}
    assert body["producers"]["total"] == len(producers)
    # Before the first decision nothing counts.
    first = min(c.decision_date for product in made for c in product.certificates)
    early = statistics(
        client, {"as_of": (first - datetime.timedelta(days=1)).isoformat(), "scheme": "legacy"}
    )
    assert early["products"]["recognized"] == 0
    assert early["producers"]["total"] == 0
    assert all(row["recognized"] == 0 for row in early["by_unit"])


def test_importing_the_same_file_again_changes_no_figure(client: Client, national: National) -> None:
    questions = [
        {"as_of": "2022-12-31"},
        {"as_of": "2025-07-01", "scheme": "legacy"},
        {"as_of": "2028-01-01"},
        national.scope("legacy_province:busiest_1").parameters("2024-01-15"),
    ]
    before = [statistics(client, question) for question in questions]
    counts = (Producer.objects.count(), Product.objects.count(), Certificate.objects.count())

    printed = import_file(national.path)

    for kind in ("producers", "products", "certificates"):
        assert f"{kind}: 0 created, 0 updated" in printed, printed
    assert (Producer.objects.count(), Product.objects.count(), Certificate.objects.count()) == counts
    after = [statistics(client, question) for question in questions]
    assert after == before
