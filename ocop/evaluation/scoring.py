"""Where points become stars: the one place, for the public scorer, the self-assessment and the council.

Decision 26/2026/QĐ-TTg, Phụ lục II (contract ``../shared/contracts/rubrics.md`` §4):

- the total is the sum of the points per criterion; an unanswered criterion counts 0 and is missing;
- ``rank_by_points`` is the version's band the total falls in (read from the version, never constants);
- a starred option is the minimum a product must reach on that criterion to hold that rank, and a rank
  needs the minimums of every rank up to it: ``stars`` is the highest rank up to ``rank_by_points`` whose
  minimums, and those of every rank below, are met;
- ``recognisable``: at least the version's lowest recognised rank (3 sao) and nothing missing.

Knock-outs and stop gates (the criteria's notes) need a person's decision in the workflow: not applied here.

The functions take plain data (``Sheet``) and points as ``int`` or ``Decimal``: option points are whole,
a council's mean per criterion has two decimals, and both go through the same comparison.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from ocop.evaluation.models import Option, RubricVersion

type Points = int | Decimal


@dataclass(frozen=True)
class SheetOption:
    id: int
    points: int
    case: str | None = None


@dataclass(frozen=True)
class SheetCriterion:
    code: str
    part: str
    options: tuple[SheetOption, ...]
    # {stars: least points on this criterion to hold that rank}
    mandatory_for_stars: Mapping[int, int]


@dataclass(frozen=True)
class Band:
    stars: int
    min_points: Points


@dataclass(frozen=True)
class Sheet:
    parts: tuple[str, ...]
    criteria: tuple[SheetCriterion, ...]
    bands: tuple[Band, ...]
    recognised_from_stars: int


@dataclass(frozen=True)
class UnmetMinimum:
    criterion: str
    stars: int
    min_points: int
    points: Points


@dataclass(frozen=True)
class Score:
    total: Points
    by_part: dict[str, Points]
    rank_by_points: int
    stars: int
    recognisable: bool
    unmet_minimums: tuple[UnmetMinimum, ...]
    missing: tuple[str, ...]


@dataclass(frozen=True)
class AnswerProblem:
    """An answer that names no criterion of the sheet, or an option that is not one of its criterion."""

    criterion: str
    kind: str  # "unknown_criterion" or "unknown_option"
    option: object = None


class AnswerError(ValueError):
    def __init__(self, problems: Sequence[AnswerProblem]) -> None:
        super().__init__(", ".join(f"{problem.criterion}: {problem.kind}" for problem in problems))
        self.problems = tuple(problems)


def rank_by_points(total: Points, bands: Sequence[Band]) -> int:
    """The rank of the highest band whose lowest total ``total`` reaches (49.99 → 2, 50 → 3)."""
    reached = [band.stars for band in bands if total >= band.min_points]
    return max(reached, default=0)


def classify(sheet: Sheet, points: Mapping[str, Points]) -> Score:
    """The score of ``points`` per criterion code; criteria absent from ``points`` are missing."""
    by_part: dict[str, Points] = dict.fromkeys(sheet.parts, 0)
    missing: list[str] = []
    unmet: list[UnmetMinimum] = []
    for criterion in sheet.criteria:
        if criterion.code not in points:
            missing.append(criterion.code)
        earned = points.get(criterion.code, 0)
        by_part[criterion.part] += earned
        for stars in sorted(criterion.mandatory_for_stars):
            minimum = criterion.mandatory_for_stars[stars]
            if earned < minimum:
                unmet.append(UnmetMinimum(criterion.code, stars, minimum, earned))
    total = sum(by_part.values(), start=0)
    by_points = rank_by_points(total, sheet.bands)
    first_unmet_rank = min((item.stars for item in unmet), default=by_points + 1)
    stars = min(by_points, first_unmet_rank - 1)
    unmet.sort(key=lambda item: item.stars)  # stable: sheet order within each rank
    return Score(
        total=total,
        by_part=by_part,
        rank_by_points=by_points,
        stars=stars,
        recognisable=stars >= sheet.recognised_from_stars and not missing,
        unmet_minimums=tuple(unmet),
        missing=tuple(missing),
    )


def score_answers(sheet: Sheet, answers: Mapping[str, object]) -> Score:
    """The score of ``answers`` ({criterion code: option id}); raises ``AnswerError`` naming every bad one.

    One option per criterion, so a criterion with cases is answered with one option of one case.
    """
    criteria = {criterion.code: criterion for criterion in sheet.criteria}
    problems: list[AnswerProblem] = []
    points: dict[str, Points] = {}
    for code, option_id in answers.items():
        criterion = criteria.get(code)
        if criterion is None:
            problems.append(AnswerProblem(code, "unknown_criterion", option_id))
            continue
        option = next((option for option in criterion.options if option.id == option_id), None)
        if option is None:
            problems.append(AnswerProblem(code, "unknown_option", option_id))
            continue
        points[code] = option.points
    if problems:
        raise AnswerError(problems)
    return classify(sheet, points)


def sheet_of(version: RubricVersion) -> Sheet:
    """The plain sheet of a stored version, read in four queries."""
    parts = tuple(version.parts.values_list("code", flat=True))
    options_by_criterion: dict[int, list[SheetOption]] = {}
    for option in Option.objects.filter(criterion__version=version).order_by("criterion_id", "position"):
        options_by_criterion.setdefault(option.criterion_id, []).append(
            SheetOption(option.id, option.points, option.case or None)
        )
    criteria = tuple(
        SheetCriterion(
            code=criterion.code,
            part=criterion.group.part.code,
            options=tuple(options_by_criterion.get(criterion.pk, ())),
            mandatory_for_stars={
                int(stars): points for stars, points in criterion.mandatory_for_stars.items()
            },
        )
        for criterion in version.criteria.select_related("group__part").order_by("position")
    )
    bands = tuple(Band(band.stars, band.min_points) for band in version.bands.order_by("-stars"))
    return Sheet(parts, criteria, bands, version.recognised_from_stars)


def _plain(points: Points) -> int | float:
    """Points for JSON: whole points as integers, as the contract has them; a council's mean as a number."""
    return int(points) if points == int(points) else float(points)


def score_as_dict(score: Score) -> dict[str, object]:
    """``score`` in the shape and order of the contract's answer (``POST /api/v1/rubrics/{id}/score``)."""
    return {
        "total": _plain(score.total),
        "by_part": {part: _plain(points) for part, points in score.by_part.items()},
        "rank_by_points": score.rank_by_points,
        "stars": score.stars,
        "recognisable": score.recognisable,
        "unmet_minimums": [
            {
                "criterion": item.criterion,
                "stars": item.stars,
                "min_points": item.min_points,
                "points": _plain(item.points),
            }
            for item in score.unmet_minimums
        ],
        "missing": list(score.missing),
    }


@dataclass(frozen=True)
class NextStar:
    """What stands between a score and the rank above its stars."""

    stars: int
    points_short: Points  # to the lowest total of that rank's band; 0 when the total reaches it
    unmet_minimums: tuple[UnmetMinimum, ...]  # the minimums of that rank, and of those below, still unmet


def next_star(sheet: Sheet, score: Score) -> NextStar | None:
    """The next rank up and what it takes; ``None`` at the highest rank."""
    bands = {band.stars: band for band in sheet.bands}
    target = score.stars + 1
    if target not in bands:
        return None
    return NextStar(
        stars=target,
        points_short=max(bands[target].min_points - score.total, 0),
        unmet_minimums=tuple(item for item in score.unmet_minimums if item.stars <= target),
    )
