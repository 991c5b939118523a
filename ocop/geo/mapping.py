"""Where a recorded unit lies in both schemes, for records that name either legacy or current units.

A legacy commune maps to the current commune it became. When it was split between several (the package
marks these ``partial``), the record cannot say which part it lies in: the lowest code is taken, so the
answer is stable, and the province is right in every case seen (splits stay inside one province). A
current commune maps back to legacy codes only where its predecessors agree on them.
"""

from collections import defaultdict
from dataclasses import dataclass

from ocop.geo.models import AdministrativeUnit, Level, Scheme, UnitSuccession


@dataclass(frozen=True)
class Coordinates:
    unit_id: int
    province_code: int
    commune_code: int | None
    legacy_province_code: int | None
    legacy_district_code: int | None
    legacy_commune_code: int | None


class UnitIndex:
    """All units and successions in memory (about 25,000 rows), for mapping many records at once."""

    def __init__(self) -> None:
        self.units: dict[tuple[str, str, int], AdministrativeUnit] = {}
        by_id: dict[int, AdministrativeUnit] = {}
        for unit in AdministrativeUnit.objects.only(
            "id", "scheme", "level", "code", "name", "province_code", "parent_id"
        ):
            self.units[(unit.scheme, unit.level, unit.code)] = unit
            by_id[unit.pk] = unit
        self._by_id = by_id
        self.successors: dict[int, list[AdministrativeUnit]] = defaultdict(list)
        self.predecessors: dict[int, list[AdministrativeUnit]] = defaultdict(list)
        for legacy_id, current_id in UnitSuccession.objects.values_list("legacy_id", "current_id"):
            self.successors[legacy_id].append(by_id[current_id])
            self.predecessors[current_id].append(by_id[legacy_id])
        self.communeless_districts = {
            unit.code
            for unit in by_id.values()
            if unit.scheme == Scheme.LEGACY and unit.level == Level.DISTRICT
        } - {
            by_id[unit.parent_id].code
            for unit in by_id.values()
            if unit.scheme == Scheme.LEGACY and unit.level == Level.COMMUNE and unit.parent_id
        }
        self._cache: dict[int, Coordinates] = {}

    def get(self, scheme: str, level: str, code: int) -> AdministrativeUnit | None:
        return self.units.get((scheme, level, code))

    def parent(self, unit: AdministrativeUnit) -> AdministrativeUnit | None:
        return self._by_id.get(unit.parent_id) if unit.parent_id else None

    def coordinates(self, unit: AdministrativeUnit) -> Coordinates:
        if unit.pk not in self._cache:
            self._cache[unit.pk] = self._coordinates(unit)
        return self._cache[unit.pk]

    def _coordinates(self, unit: AdministrativeUnit) -> Coordinates:
        if unit.scheme == Scheme.CURRENT:
            if unit.level != Level.COMMUNE:
                raise ValueError(f"records lie in a commune, not in {unit.level} {unit.code}")
            legacy_communes = [u for u in self.predecessors[unit.pk] if u.level == Level.COMMUNE]
            legacy_districts = {
                district.code
                for district in (self.parent(u) for u in legacy_communes)
                if district is not None
            } | {u.code for u in self.predecessors[unit.pk] if u.level == Level.DISTRICT}
            legacy_provinces = {u.province_code for u in self.predecessors[unit.pk]}
            return Coordinates(
                unit_id=unit.pk,
                province_code=unit.province_code,
                commune_code=unit.code,
                legacy_province_code=_only(legacy_provinces),
                legacy_district_code=_only(legacy_districts),
                legacy_commune_code=legacy_communes[0].code if len(legacy_communes) == 1 else None,
            )
        if unit.level == Level.PROVINCE:
            raise ValueError(f"records lie in a commune or district, not in province {unit.code}")
        successors = sorted(self.successors[unit.pk], key=lambda u: u.code)
        if successors:
            province_code: int | None = successors[0].province_code
            commune_code: int | None = successors[0].code
        else:  # a handful of legacy communes the package's table does not cover: the province still maps
            province = self.units[(Scheme.LEGACY, Level.PROVINCE, unit.province_code)]
            province_code = _only({u.code for u in self.successors[province.pk]})
            commune_code = None
        if province_code is None:
            raise ValueError(f"legacy unit {unit.code} has no successor province")
        parent = self.parent(unit)
        return Coordinates(
            unit_id=unit.pk,
            province_code=province_code,
            commune_code=commune_code,
            legacy_province_code=unit.province_code,
            legacy_district_code=unit.code
            if unit.level == Level.DISTRICT
            else (parent.code if parent else None),
            legacy_commune_code=unit.code if unit.level == Level.COMMUNE else None,
        )


def _only(values: set[int]) -> int | None:
    return next(iter(values)) if len(values) == 1 else None
