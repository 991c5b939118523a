"""Reading administrative units: search, look-up by code, and what became of them on 1/7/2025."""

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from django.core.cache import cache
from django.db.models import Case, IntegerField, Q, QuerySet, Value, When

from ocop.core.text import fold
from ocop.geo.models import AdministrativeUnit, Level, Scheme, UnitSuccession

# Levels from the top down, in each scheme: the current scheme has had no districts since 1/7/2025.
LEVELS_BY_SCHEME: dict[str, tuple[str, ...]] = {
    Scheme.CURRENT: (Level.PROVINCE, Level.COMMUNE),
    Scheme.LEGACY: (Level.PROVINCE, Level.DISTRICT, Level.COMMUNE),
}
_LEVEL_RANK = Case(
    When(level=Level.PROVINCE, then=Value(0)),
    When(level=Level.DISTRICT, then=Value(1)),
    default=Value(2),
    output_field=IntegerField(),
)
# The folded type words unit names start with ("Thành phố Đà Nẵng", "Đặc khu Lý Sơn"), so that "da nang" is
# an exact match for the city. The division_type column cannot serve: a province's is "thành phố trung ương".
_NAME_PREFIXES = ("tinh", "thanh pho", "quan", "huyen", "thi xa", "phuong", "xa", "thi tran", "dac khu")
# In the cache the server's processes share: units_load gives it a new value when it changes any unit.
UNITS_VERSION_KEY = "geo:units-version"

ProvinceNames = Mapping[tuple[str, int], str]  # full name by (scheme, code)
_province_names: tuple[str, ProvinceNames] | None = None  # this process's, with the units version read


class UnitQueryError(ValueError):
    """A question the unit tables cannot answer; ``argument`` names the argument at fault."""

    def __init__(self, argument: str, message: str) -> None:
        super().__init__(f"{argument}: {message}")
        self.argument = argument


@dataclass(frozen=True)
class LinkedUnit:
    """A unit on the other side of the 1/7/2025 reform from the one asked about.

    ``partial`` is true when only part of the legacy unit went into the current unit.
    """

    unit: AdministrativeUnit
    partial: bool


def _check_level(*, scheme: str, level: str | None) -> None:
    if scheme not in LEVELS_BY_SCHEME:
        raise UnitQueryError("scheme", f"unknown scheme {scheme!r}; use current or legacy")
    if level is None or level in LEVELS_BY_SCHEME[scheme]:
        return
    if level == Level.DISTRICT:
        raise UnitQueryError("level", "the current scheme has no districts (abolished on 1/7/2025)")
    raise UnitQueryError("level", f"unknown level {level!r}; use province, district or commune")


def _describe(scheme: str, levels: tuple[str, ...] | list[str]) -> str:
    return f"{scheme} {' or '.join(levels)}"


def unit_get(*, scheme: str, code: int, level: str | None = None) -> AdministrativeUnit:
    """The unit with ``code`` in ``scheme``, with its parent.

    Codes repeat across levels (legacy province 1, district 1 and commune 1 are three units), so without
    ``level`` the highest level holding the code wins: province, then district, then commune.
    Raises ``AdministrativeUnit.DoesNotExist`` when there is none, its message naming the code.
    """
    _check_level(scheme=scheme, level=level)
    levels = [level] if level else list(LEVELS_BY_SCHEME[scheme])
    unit = (
        AdministrativeUnit.objects.filter(scheme=scheme, level__in=levels, code=code)
        .select_related("parent")
        .order_by(_LEVEL_RANK)
        .first()
    )
    if unit is None:
        described = _describe(scheme, levels) if level else f"{scheme} unit"
        raise AdministrativeUnit.DoesNotExist(f"no {described} with code {code}")
    return unit


def _parent_levels(*, scheme: str, level: str | None) -> tuple[str, ...]:
    levels = LEVELS_BY_SCHEME[scheme]
    if level is None:
        return levels[:-1]  # any level that has children
    position = levels.index(level)
    if position == 0:
        raise UnitQueryError("parent", "a province has no parent unit")
    return (levels[position - 1],)


def unit_search(
    *, scheme: str, level: str | None = None, parent: int | None = None, q: str | None = None
) -> QuerySet[AdministrativeUnit]:
    """The units of ``scheme`` matching every filter given, with their parents.

    ``parent`` is the code of the unit one level above ``level`` in that scheme: a province for legacy
    districts and for current communes, a district for legacy communes. Without ``level``, ``parent`` is
    looked up as ``unit_get`` does among the levels that have children (province first, then district) and
    its direct children are listed. A parent code that does not exist raises ``UnitQueryError``.

    ``q`` is folded like the names (no diacritics, đ → d) and matched word by word, in any order, as one
    types: every word but the last must be a word of the name, the last must begin one. "mo duc" and
    "Mộ Đ" find "Huyện Mộ Đức"; "phu quoc" finds "Thành phố Phú Quốc" but not "Phường Ái Quốc", as it
    would if words matched anywhere ("phu" is in every "phuong").

    Order: with ``q``, names equal to the query (with or without their type word: "da nang" is
    "Thành phố Đà Nẵng") come first, then names starting with it, then the rest; within each group, and
    always without ``q``, provinces before districts before communes, then by code, which is the order
    of the official lists and the same on every database, unlike collation-dependent name order.
    """
    _check_level(scheme=scheme, level=level)
    units = AdministrativeUnit.objects.filter(scheme=scheme).select_related("parent")
    if level:
        units = units.filter(level=level)
    if parent is not None:
        parent_levels = _parent_levels(scheme=scheme, level=level)
        parent_unit = (
            AdministrativeUnit.objects.filter(scheme=scheme, level__in=parent_levels, code=parent)
            .order_by(_LEVEL_RANK)
            .first()
        )
        if parent_unit is None:
            raise UnitQueryError("parent", f"no {_describe(scheme, parent_levels)} with code {parent}")
        units = units.filter(parent=parent_unit)
    folded = fold(q or "")
    if not folded:
        return units.order_by(_LEVEL_RANK, "code")
    *whole_words, last_word = folded.split(" ")
    for word in whole_words:
        units = units.filter(
            Q(search_name=word)
            | Q(search_name__startswith=f"{word} ")
            | Q(search_name__contains=f" {word} ")
            | Q(search_name__endswith=f" {word}")
        )
    units = units.filter(Q(search_name__startswith=last_word) | Q(search_name__contains=f" {last_word}"))
    exact = Q(search_name=folded) | Q(search_name__in=[f"{prefix} {folded}" for prefix in _NAME_PREFIXES])
    starts = Q(search_name__startswith=folded)
    for prefix in _NAME_PREFIXES:
        starts |= Q(search_name__startswith=f"{prefix} {folded}")
    closeness = Case(
        When(exact, then=Value(0)), When(starts, then=Value(1)), default=Value(2), output_field=IntegerField()
    )
    return units.order_by(closeness, _LEVEL_RANK, "code")


def _by_level_and_code(linked: LinkedUnit) -> tuple[int, int]:
    return (LEVELS_BY_SCHEME[Scheme.LEGACY].index(linked.unit.level), linked.unit.code)


def unit_successors(unit: AdministrativeUnit) -> list[LinkedUnit]:
    """The current units a legacy unit became on 1/7/2025; none for a current unit. One query.

    Provinces and communes follow the package's conversion tables. A district, which has no successor of
    its own, became the current communes its communes went into; it went partly into each of them unless
    there is only one. The island districts that had no communes became the special zone of their name.
    """
    if unit.scheme != Scheme.LEGACY:
        return []
    if unit.level != Level.DISTRICT:
        direct_only = UnitSuccession.objects.filter(legacy=unit).select_related("current")
        return sorted((LinkedUnit(s.current, s.partial) for s in direct_only), key=_by_level_and_code)
    through_district = Q(legacy=unit) | Q(legacy__parent=unit)
    successions = list(UnitSuccession.objects.filter(through_district).select_related("current"))
    direct = {s.current_id: s.partial for s in successions if s.legacy_id == unit.pk}
    currents = {s.current_id: s.current for s in successions}
    through_communes = len(currents) > 1
    return sorted(
        (LinkedUnit(current, direct.get(pk, through_communes)) for pk, current in currents.items()),
        key=_by_level_and_code,
    )


def unit_predecessors(unit: AdministrativeUnit) -> list[LinkedUnit]:
    """The legacy units a current unit was made of on 1/7/2025; none for a legacy unit. One query.

    A province lists legacy provinces; a commune lists legacy communes (``partial`` when only part of one
    came in) and, for a special zone, the island district without communes it replaced.
    """
    if unit.scheme != Scheme.CURRENT:
        return []
    successions = UnitSuccession.objects.filter(current=unit).select_related("legacy")
    return sorted((LinkedUnit(s.legacy, s.partial) for s in successions), key=_by_level_and_code)


def units_version() -> str:
    """Changes whenever ``units_load`` changes a unit, as every process sees: one read of the shared cache.

    A cache that lost the value (culled, cleared) starts a new one, so what was built from the units is
    built again rather than kept.
    """
    version = cache.get(UNITS_VERSION_KEY)
    if version is None:
        cache.add(UNITS_VERSION_KEY, uuid.uuid4().hex, timeout=None)
        version = cache.get(UNITS_VERSION_KEY) or "lost"
    return version


def province_names() -> ProvinceNames:
    """Full names of the provinces of both schemes, by (scheme, code), read only.

    Every catalogue page and search request asks, and the units are reference data that only
    ``units_load`` changes: the names are kept in the process while ``units_version()`` stays (a cache read,
    where the query was a 0.37 ms round trip of a PostgreSQL search request). Naming the schemes lets both
    engines read the 97 provinces from the unique (scheme, level, code) index instead of every one of the
    14,000 units.
    """
    global _province_names  # one process's copy of reference data, rebuilt when the units change
    version = units_version()
    if _province_names is None or _province_names[0] != version:
        provinces = (
            AdministrativeUnit.objects.filter(scheme__in=Scheme.values, level=Level.PROVINCE)
            .order_by()
            .values_list("scheme", "code", "name")
        )
        names = {(scheme, code): name for scheme, code, name in provinces}
        _province_names = (version, MappingProxyType(names))
    return _province_names[1]
