"""The scoring rule on plain data: bands at their edges (with a council's two-decimal means), minimums per
rank, what is missing (Decision 26/2026/QĐ-TTg, Phụ lục II; contract §4)."""

from decimal import Decimal

import pytest

from ocop.evaluation.scoring import (
    AnswerError,
    AnswerProblem,
    Band,
    Sheet,
    SheetCriterion,
    SheetOption,
    classify,
    rank_by_points,
    score_answers,
)

BANDS = (Band(5, 90), Band(4, 70), Band(3, 50), Band(2, 30), Band(1, 0))


def sheet(*criteria: SheetCriterion) -> Sheet:
    return Sheet(parts=("A", "B", "C"), criteria=criteria, bands=BANDS, recognised_from_stars=3)


def criterion(code: str, part: str, maximum: int, base: int, **minimums: int) -> SheetCriterion:
    """Options worth 0 to ``maximum`` points, whose ids are ``base`` + their points."""
    options = tuple(SheetOption(id=base + points, points=points) for points in range(maximum + 1))
    return SheetCriterion(
        code=code,
        part=part,
        options=options,
        mandatory_for_stars={int(stars.removeprefix("s")): least for stars, least in minimums.items()},
    )


# One criterion a part carrying all points but a 5-point line with star minimums.
THREE_PARTS = sheet(
    criterion("1.1", "A", 40, base=100),
    criterion("3.4", "B", 20, base=300),
    criterion("3.5", "B", 5, base=500, s3=1, s4=2, s5=3),
    criterion("7", "C", 35, base=700),
)


@pytest.mark.parametrize(
    ("total", "stars"),
    [
        (Decimal("0"), 1),
        (Decimal("29.99"), 1),
        (Decimal("30"), 2),
        (Decimal("49.99"), 2),
        (Decimal("50"), 3),
        (Decimal("50.00"), 3),
        (Decimal("69.99"), 3),
        (Decimal("70"), 4),
        (Decimal("89.99"), 4),
        (Decimal("90"), 5),
        (Decimal("100"), 5),
        (49, 2),
        (50, 3),
        (90, 5),
    ],
)
def test_the_band_is_read_from_the_versions_bands_to_the_hundredth(total, stars):
    assert rank_by_points(total, BANDS) == stars


@pytest.mark.parametrize(
    ("points_a", "expected_total", "expected_stars"),
    [
        (Decimal("14.99"), Decimal("49.99"), 2),
        (Decimal("15"), Decimal("50"), 3),
        (Decimal("34.99"), Decimal("69.99"), 3),
        (Decimal("35"), Decimal("70"), 4),
        (Decimal("34.99") + 20, Decimal("89.99"), 4),
        (Decimal("35") + 20, Decimal("90"), 5),
    ],
)
def test_council_means_total_and_rank_at_each_edge(points_a, expected_total, expected_stars):
    # B: 15 + 5 (every minimum met), C: 15; A moves the total across each edge.
    score = classify(THREE_PARTS, {"1.1": points_a, "3.4": 15, "3.5": 5, "7": 15})

    assert score.total == expected_total
    assert score.by_part == {"A": points_a, "B": 20, "C": 15}
    assert score.rank_by_points == expected_stars
    assert score.stars == expected_stars
    assert score.unmet_minimums == ()
    assert score.missing == ()


def test_a_92_point_answer_with_one_unmet_5_star_minimum_holds_4_stars():
    score = score_answers(THREE_PARTS, {"1.1": 140, "3.4": 320, "3.5": 502, "7": 730})

    assert score.total == 92
    assert score.by_part == {"A": 40, "B": 22, "C": 30}
    assert score.rank_by_points == 5
    assert score.stars == 4
    assert score.recognisable is True
    assert [(item.criterion, item.stars, item.min_points, item.points) for item in score.unmet_minimums] == [
        ("3.5", 5, 3, 2)
    ]


def test_minimums_are_listed_for_every_rank_whether_or_not_the_total_reaches_it():
    score = score_answers(THREE_PARTS, {"1.1": 110, "3.4": 300, "3.5": 500, "7": 700})

    assert score.total == 10
    assert score.rank_by_points == 1
    assert score.stars == 1
    assert [(item.criterion, item.stars, item.min_points, item.points) for item in score.unmet_minimums] == [
        ("3.5", 3, 1, 0),
        ("3.5", 4, 2, 0),
        ("3.5", 5, 3, 0),
    ]


def test_an_unmet_3_star_minimum_holds_a_high_total_at_2_stars():
    score = score_answers(THREE_PARTS, {"1.1": 140, "3.4": 320, "3.5": 500, "7": 735})

    assert (score.total, score.rank_by_points, score.stars, score.recognisable) == (95, 5, 2, False)


def test_an_unanswered_criterion_counts_nothing_and_is_missing():
    score = score_answers(THREE_PARTS, {"1.1": 140, "3.4": 320, "3.5": 505})

    assert score.total == 65
    assert score.by_part == {"A": 40, "B": 25, "C": 0}
    assert score.missing == ("7",)
    assert score.stars == 3
    assert score.recognisable is False


def test_every_unknown_criterion_and_foreign_option_is_named():
    with pytest.raises(AnswerError) as refused:
        score_answers(THREE_PARTS, {"1.1": 505, "9.9": 1, "3.5": 505})

    assert refused.value.problems == (
        AnswerProblem("1.1", "unknown_option", 505),
        AnswerProblem("9.9", "unknown_criterion", 1),
    )


def test_a_criterion_with_cases_takes_an_option_of_either_case():
    cases = SheetCriterion(
        code="8",
        part="A",
        options=(
            SheetOption(1, 1, "a"),
            SheetOption(2, 3, "a"),
            SheetOption(3, 1, "b"),
            SheetOption(4, 3, "b"),
        ),
        mandatory_for_stars={},
    )
    with_cases = sheet(cases)

    assert score_answers(with_cases, {"8": 4}).total == 3
    assert score_answers(with_cases, {"8": 1}).total == 1
