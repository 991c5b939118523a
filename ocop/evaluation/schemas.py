"""The shapes of the rubrics API, in the order of ``../shared/contracts/rubrics.md``."""

import datetime
from typing import Annotated

from ninja import Field, Schema
from pydantic import Strict

from ocop.evaluation.models import RubricStatus


class ProductSetOut(Schema):
    code: str = Field(description="Product set (bộ sản phẩm) code of Appendix I, e.g. I.3.c")
    name: str


class RubricSummaryOut(Schema):
    id: int
    decision: str = Field(description="The decision that set the sheet, e.g. 26/2026/QĐ-TTg")
    version: int
    status: RubricStatus
    valid_from: datetime.date
    product_set: ProductSetOut


class BandOut(Schema):
    stars: int
    min_points: int = Field(description="The lowest total that reaches this rank")


class OptionOut(Schema):
    id: int = Field(description="The platform's own id, stable for a version: what a score names")
    text: str
    points: int
    case: str | None = Field(description="The case it belongs to, on a criterion with cases; else null")


class CriterionOut(Schema):
    code: str
    text: str
    max_points: int
    mandatory_for_stars: dict[str, int] = Field(
        description='Least points on this criterion to hold a rank: {"4": 2} means 2 points for 4 stars'
    )
    notes: list[str] = Field(description="Knock-outs, stop gates and requirements, as the sheet writes them")
    cases: list[str] = Field(description="Choose one of these cases, then one of its options")
    options: list[OptionOut]


class GroupOut(Schema):
    code: str
    name: str
    max_points: int
    criteria: list[CriterionOut]


class PartOut(Schema):
    code: str
    name: str
    max_points: int
    groups: list[GroupOut]


class RubricOut(Schema):
    id: int
    decision: str
    version: int
    status: RubricStatus
    source: str
    product_set: ProductSetOut
    bands: list[BandOut] = Field(description="From the highest rank down")
    parts: list[PartOut]


class AnswersIn(Schema):
    # Strict: an option id is a number, so true, 1.0 or "901" are refused rather than read as one.
    answers: dict[str, Annotated[int, Strict()]] = Field(
        description="{criterion code: option id}; one option per criterion, unanswered criteria count 0"
    )


class UnmetMinimumOut(Schema):
    criterion: str
    stars: int
    min_points: int
    points: int


class ScoreOut(Schema):
    total: int
    by_part: dict[str, int]
    rank_by_points: int = Field(description="The band the total falls in")
    stars: int = Field(
        description="The highest rank up to rank_by_points whose minimums, and those of every rank "
        "below it, are met"
    )
    recognisable: bool = Field(description="stars is a recognised rank (3 and above) and nothing is missing")
    unmet_minimums: list[UnmetMinimumOut] = Field(
        description="Every minimum for 3, 4 or 5 stars not met, whether or not the total reaches that rank"
    )
    missing: list[str] = Field(description="Criteria without an answer")
