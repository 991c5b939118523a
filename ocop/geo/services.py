"""Loading the administrative units of the ``vietnam-provinces`` package into the database."""

import json
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import vietnam_provinces as current_units
import vietnam_provinces.legacy as legacy_units
from django.core.cache import cache
from django.db import transaction
from vietnam_provinces._province_conversion_2025 import OLD_TO_NEW as PROVINCE_OLD_TO_NEW
from vietnam_provinces._ward_conversion_2025 import OLD_TO_NEW as WARD_OLD_TO_NEW

from ocop.core.services import audit_record
from ocop.core.text import fold
from ocop.geo.models import AdministrativeUnit, Level, Scheme, UnitSuccession
from ocop.geo.selectors import UNITS_VERSION_KEY

REGIONS_FILE = Path(__file__).parent / "data" / "regions.json"

UnitKey = tuple[str, str, int]  # scheme, level, code


@dataclass
class UnitRow:
    scheme: str
    level: str
    code: int
    name: str
    division_type: str
    province_code: int
    parent: UnitKey | None = None
    region: str = ""

    @property
    def key(self) -> UnitKey:
        return (self.scheme, self.level, self.code)


@dataclass
class LoadReport:
    created: int = 0
    updated: int = 0
    successions_created: int = 0
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.successions_created)


def _region_by_legacy_province() -> dict[int, str]:
    data = json.loads(REGIONS_FILE.read_text(encoding="utf-8"))
    return {code: region for region, codes in data["regions"].items() for code in codes}


def package_unit_rows() -> list[UnitRow]:
    """Every unit of both schemes, parents before children."""
    regions = _region_by_legacy_province()
    rows: list[UnitRow] = []
    for province in current_units.Province.iter_all():
        code = int(province.code)
        rows.append(
            UnitRow(Scheme.CURRENT, Level.PROVINCE, code, province.name, province.division_type, code)
        )
    for ward in current_units.Ward.iter_all():
        province_code = int(ward.province_code)
        rows.append(
            UnitRow(
                Scheme.CURRENT,
                Level.COMMUNE,
                int(ward.code),
                ward.name,
                ward.division_type,
                province_code,
                parent=(Scheme.CURRENT, Level.PROVINCE, province_code),
            )
        )
    for legacy_province in legacy_units.Province.iter_all():
        code = int(legacy_province.code)
        rows.append(
            UnitRow(
                Scheme.LEGACY,
                Level.PROVINCE,
                code,
                legacy_province.name,
                legacy_province.division_type,
                code,
                region=regions[code],
            )
        )
    for district in legacy_units.District.iter_all():
        province_code = int(district.province_code)
        rows.append(
            UnitRow(
                Scheme.LEGACY,
                Level.DISTRICT,
                int(district.code),
                district.name,
                district.division_type,
                province_code,
                parent=(Scheme.LEGACY, Level.PROVINCE, province_code),
            )
        )
    for legacy_ward in legacy_units.Ward.iter_all():
        rows.append(
            UnitRow(
                Scheme.LEGACY,
                Level.COMMUNE,
                int(legacy_ward.code),
                legacy_ward.name,
                legacy_ward.division_type,
                int(legacy_ward.province_code),
                parent=(Scheme.LEGACY, Level.DISTRICT, int(legacy_ward.district_code)),
            )
        )
    return rows


def package_succession_rows(rows: list[UnitRow]) -> set[tuple[UnitKey, UnitKey, bool]]:
    """(legacy unit, current unit, partial) for provinces, communes and communeless island districts."""
    known = {row.key for row in rows}
    pairs: set[tuple[UnitKey, UnitKey, bool]] = set()
    for old_code, province_entry in PROVINCE_OLD_TO_NEW.items():
        for new in province_entry.new_provinces:
            pairs.add(
                ((Scheme.LEGACY, Level.PROVINCE, old_code), (Scheme.CURRENT, Level.PROVINCE, new.code), False)
            )
    for old_code, ward_entry in WARD_OLD_TO_NEW.items():
        legacy_key = (Scheme.LEGACY, Level.COMMUNE, old_code)
        for new_ward in ward_entry.new_wards:
            current_key = (Scheme.CURRENT, Level.COMMUNE, new_ward.code)
            if legacy_key in known and current_key in known:
                pairs.add((legacy_key, current_key, ward_entry.old_ward.is_partly_merged))
    # Island districts (Lý Sơn, Côn Đảo, Bạch Long Vĩ, Cồn Cỏ, Hoàng Sa) had no communes; each became the
    # special zone of the same name in the successor province. The package's tables go commune by commune,
    # so they carry no row for these: match them by name within the successor province.
    districts_with_communes = {
        row.parent for row in rows if row.scheme == Scheme.LEGACY and row.level == Level.COMMUNE
    }
    current_communes_by_province: dict[int, list[UnitRow]] = {}
    for row in rows:
        if row.scheme == Scheme.CURRENT and row.level == Level.COMMUNE:
            current_communes_by_province.setdefault(row.province_code, []).append(row)
    for row in rows:
        if row.scheme != Scheme.LEGACY or row.level != Level.DISTRICT or row.key in districts_with_communes:
            continue
        bare_name = fold(row.name).removeprefix("huyen ").removeprefix("quan ").strip()
        for new in PROVINCE_OLD_TO_NEW[row.province_code].new_provinces:
            for candidate in current_communes_by_province.get(new.code, []):
                if fold(candidate.name).removeprefix("dac khu ").strip() == bare_name:
                    pairs.add((row.key, candidate.key, False))
    return pairs


def _new_units_version() -> None:
    """Every process builds again what it kept from the units (``ocop.geo.selectors.province_names``)."""
    cache.set(UNITS_VERSION_KEY, uuid.uuid4().hex, timeout=None)


@transaction.atomic
def units_load(*, acting_user: Any = None) -> LoadReport:
    """Bring the units and their successions in line with the installed package; idempotent."""
    rows = package_unit_rows()
    report = LoadReport()
    existing = {(unit.scheme, unit.level, unit.code): unit for unit in AdministrativeUnit.objects.all()}
    for level in (Level.PROVINCE, Level.DISTRICT, Level.COMMUNE):
        to_create: list[AdministrativeUnit] = []
        to_update: list[AdministrativeUnit] = []
        for row in (row for row in rows if row.level == level):
            parent = existing[row.parent] if row.parent else None
            values = {
                "name": row.name,
                "division_type": str(row.division_type),
                "search_name": fold(row.name),
                "province_code": row.province_code,
                "region": row.region,
                "parent_id": parent.pk if parent else None,
            }
            unit = existing.get(row.key)
            if unit is None:
                to_create.append(
                    AdministrativeUnit(scheme=row.scheme, level=row.level, code=row.code, **values)
                )
            elif any(getattr(unit, name) != value for name, value in values.items()):
                for name, value in values.items():
                    setattr(unit, name, value)
                to_update.append(unit)
        created = AdministrativeUnit.objects.bulk_create(to_create, batch_size=2000)
        if created and created[0].pk is None:  # backends that return no ids on bulk insert
            created = list(
                AdministrativeUnit.objects.filter(level=level, code__in=[unit.code for unit in to_create])
            )
        for unit in created:
            existing[(unit.scheme, unit.level, unit.code)] = unit
        AdministrativeUnit.objects.bulk_update(
            to_update, ["name", "division_type", "search_name", "province_code", "region", "parent_id"], 2000
        )
        report.created += len(to_create)
        report.updated += len(to_update)

    have = set(UnitSuccession.objects.values_list("legacy_id", "current_id"))
    new_successions = [
        UnitSuccession(legacy=existing[legacy_key], current=existing[current_key], partial=partial)
        for legacy_key, current_key, partial in sorted(package_succession_rows(rows))
        if (existing[legacy_key].pk, existing[current_key].pk) not in have
    ]
    UnitSuccession.objects.bulk_create(new_successions, batch_size=2000)
    report.successions_created = len(new_successions)
    for scheme in Scheme:
        for level in Level:
            report.counts[f"{scheme.value}.{level.value}"] = sum(
                1 for row in rows if row.scheme == scheme and row.level == level
            )
    if report.changed:
        transaction.on_commit(_new_units_version)
        audit_record(
            actor=acting_user,
            action="units.load",
            object_type="geo.administrativeunit",
            object_id="*",
            details={
                "package_version": current_units.__version__,
                "created": report.created,
                "updated": report.updated,
                "successions_created": report.successions_created,
            },
        )
    return report
