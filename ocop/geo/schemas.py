"""Shapes of the public units API."""

from ninja import Field, Schema
from pydantic import field_validator


class ParentOut(Schema):
    level: str
    code: int
    name: str


class UnitOut(Schema):
    scheme: str
    level: str
    code: int
    name: str
    division_type: str
    province_code: int
    region: str | None = Field(description="GSO region of a legacy province; null where none is recorded")
    parent: ParentOut | None

    @field_validator("region")
    @classmethod
    def _empty_region_is_null(cls, region: str | None) -> str | None:
        return region or None


class UnitListOut(Schema):
    count: int
    items: list[UnitOut]


class LinkedUnitOut(Schema):
    """A unit across the 1/7/2025 reform; ``partial`` when only part of the legacy unit is involved."""

    scheme: str = Field(alias="unit.scheme")
    level: str = Field(alias="unit.level")
    code: int = Field(alias="unit.code")
    name: str = Field(alias="unit.name")
    partial: bool


class UnitDetailOut(UnitOut):
    children_count: int
    successors: list[LinkedUnitOut]
    predecessors: list[LinkedUnitOut]
