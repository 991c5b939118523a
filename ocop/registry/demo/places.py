"""Where demo producers live: every legacy commune (and island district) with the current commune it became.

A producer is placed in a legacy unit so that decisions before 1/7/2025 can name it and later ones can
name its successor, as provincial records do. Rural communes get more producers than urban wards, and
provinces more or fewer according to how active their OCOP programmes have been.
"""

import bisect
import random
from dataclasses import dataclass
from itertools import accumulate

from ocop.geo.mapping import UnitIndex
from ocop.geo.models import AdministrativeUnit, Level, Scheme, UnitSuccession
from ocop.registry.demo.names import bare_place_name

# How much more (or less) OCOP activity a legacy province has than its number of communes suggests. Hà Nội
# alone holds about a sixth of all products; the big cities' urban wards hold few.
PROVINCE_ACTIVITY: dict[int, float] = {1: 3.5, 22: 1.5, 19: 1.3, 87: 1.3, 79: 0.6, 74: 0.5, 48: 0.7}
DIVISION_WEIGHT = {"xã": 3.0, "thị trấn": 1.5, "phường": 0.6, "huyện": 2.0}
# Island districts with neither communes then nor products we could place there.
NO_PRODUCTS = {"Huyện Hoàng Sa"}


@dataclass(frozen=True)
class Place:
    legacy_unit: AdministrativeUnit  # a legacy commune, or an island district that had no communes
    current_commune: AdministrativeUnit
    legacy_province_code: int
    legacy_district_code: int
    # Bare names: "Khoái Châu", not "Huyện Khoái Châu"; None when the unit's name is a number.
    commune_name: str | None
    district_name: str | None
    current_commune_name: str | None
    legacy_province_name: str
    current_province_name: str
    current_province_full_name: str
    urban: bool

    @property
    def is_island_district(self) -> bool:
        return self.legacy_unit.level == Level.DISTRICT

    def name_choices(self) -> list[str]:
        names = [self.commune_name, self.district_name, self.current_commune_name, self.legacy_province_name]
        return [name for name in names if name]


class Places:
    def __init__(self, index: UnitIndex | None = None) -> None:
        self.index = index or UnitIndex()
        units = self.index.units
        places: list[Place] = []
        weights: list[float] = []
        legacy_units = sorted(
            (
                unit
                for (scheme, level, _code), unit in units.items()
                if scheme == Scheme.LEGACY and level in (Level.COMMUNE, Level.DISTRICT)
            ),
            key=lambda unit: (unit.level, unit.code),
        )
        island_districts = self.index.communeless_districts
        # UnitIndex leaves the division type out; one query here instead of one per unit.
        self._division = dict(AdministrativeUnit.objects.values_list("id", "division_type"))
        for unit in legacy_units:
            if unit.level == Level.DISTRICT and (
                unit.code not in island_districts or unit.name in NO_PRODUCTS
            ):
                continue
            place = self._place(unit)
            if place is None:
                continue
            division = "huyện" if place.is_island_district else self._division[unit.pk]
            places.append(place)
            weights.append(
                DIVISION_WEIGHT.get(division, 1.0) * PROVINCE_ACTIVITY.get(place.legacy_province_code, 1.0)
            )
        self.places = places
        self._cumulative = list(accumulate(weights))

    def _place(self, unit: AdministrativeUnit) -> Place | None:
        coordinates = self.index.coordinates(unit)
        if coordinates.commune_code is None:
            return None  # the package's table does not say which commune it became
        current = self.index.get(Scheme.CURRENT, Level.COMMUNE, coordinates.commune_code)
        district = unit if unit.level == Level.DISTRICT else self.index.parent(unit)
        if current is None or district is None:
            return None
        legacy_province = self.index.get(Scheme.LEGACY, Level.PROVINCE, unit.province_code)
        current_province = self.index.get(Scheme.CURRENT, Level.PROVINCE, current.province_code)
        if legacy_province is None or current_province is None:
            return None
        return Place(
            legacy_unit=unit,
            current_commune=current,
            legacy_province_code=unit.province_code,
            legacy_district_code=district.code,
            commune_name=None if unit.level == Level.DISTRICT else bare_place_name(unit.name),
            district_name=bare_place_name(district.name),
            current_commune_name=bare_place_name(current.name),
            legacy_province_name=bare_place_name(legacy_province.name) or legacy_province.name,
            current_province_name=bare_place_name(current_province.name) or current_province.name,
            current_province_full_name=current_province.name,
            urban=self._division[unit.pk] == "phường",
        )

    def pick(self, rng: random.Random) -> Place:
        point = rng.random() * self._cumulative[-1]
        return self.places[bisect.bisect_right(self._cumulative, point)]


_cached: tuple[tuple[int, int], Places] | None = None


def national_places() -> Places:
    """The places of the units in the database, built once per process while the unit tables stay."""
    global _cached  # units change only when a new package release is loaded
    fingerprint = (AdministrativeUnit.objects.count(), UnitSuccession.objects.count())
    if _cached is None or _cached[0] != fingerprint:
        _cached = (fingerprint, Places())
    return _cached[1]
