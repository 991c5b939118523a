"""The public rubrics API: the scoring sheets and a scorer anyone may call (contracts/rubrics.md).

Anonymous, read-only, no CSRF token (it changes nothing), rate-limited per client with the products API.
Active and retired versions are public; a draft answers 404 but to central officers, who may try it.
"""

from typing import Annotated

from django.http import HttpRequest
from ninja import Path, Query, Router, Status

from ocop.core.api import PARAMETER_ERRORS, THROTTLE_ERRORS
from ocop.core.schemas import ErrorOut, ValidationErrorOut
from ocop.core.throttling import ApiRateThrottle
from ocop.evaluation import scoring, selectors
from ocop.evaluation.access import access_rubric_version_by_id
from ocop.evaluation.models import RubricStatus
from ocop.evaluation.schemas import AnswersIn, RubricOut, RubricSummaryOut, ScoreOut

router = Router(throttle=[ApiRateThrottle()])

_LARGEST_INTEGER = 2_147_483_647  # past the database's integer: 422, not an overflow
VersionId = Annotated[int, Path(ge=1, le=_LARGEST_INTEGER, description="A rubric version's id")]


@router.get(
    "",
    response={200: list[RubricSummaryOut], **PARAMETER_ERRORS, **THROTTLE_ERRORS},
    summary="The scoring sheets: every public version of every product set",
)
def rubric_list(
    request: HttpRequest,
    product_set: Annotated[
        str | None,
        Query(
            max_length=12,
            pattern=r"^[^\x00-\x1f\x7f]*$",  # PostgreSQL refuses NUL in a string: a 500 otherwise
            description="Product set code, e.g. I.3.c (1.3.c also read)",
        ),
    ] = None,
    status: Annotated[
        RubricStatus | None, Query(description="active or retired; drafts are not public")
    ] = None,
) -> list[dict[str, object]]:
    return selectors.rubric_list_public(product_set=product_set, status=status)


@router.get(
    "/{id}",
    response={200: RubricOut, 404: ErrorOut, **PARAMETER_ERRORS, **THROTTLE_ERRORS},
    summary="One whole scoring sheet: parts, groups, criteria, options and star bands",
)
def rubric_detail(request: HttpRequest, id: VersionId) -> dict[str, object]:
    return selectors.rubric_sheet(access_rubric_version_by_id(request.user, id))


@router.post(
    "/{id}/score",
    # 400: a body that is not JSON at all.
    response={200: ScoreOut, 400: ErrorOut, 404: ErrorOut, 422: ValidationErrorOut, **THROTTLE_ERRORS},
    summary="Score answers against a version: points, stars and what stands between them and each rank",
    description=(
        "Scores against the version asked for, whatever its status: a retired version still scores as it "
        "did, so a score kept with its version id can be checked again. An option id that is not an option "
        "of its criterion, or a criterion code the sheet does not have, answers 422 naming each one. "
        "Knock-outs and stop gates (the criteria's notes) need a person's decision and are not applied."
    ),
)
def rubric_score(request: HttpRequest, id: VersionId, body: AnswersIn) -> object:
    version = access_rubric_version_by_id(request.user, id)
    try:
        score = scoring.score_answers(scoring.sheet_of(version), body.answers)
    except scoring.AnswerError as error:
        return Status(422, {"detail": [_problem(problem) for problem in error.problems]})
    return scoring.score_as_dict(score)


def _problem(problem: scoring.AnswerProblem) -> dict[str, object]:
    if problem.kind == "unknown_criterion":
        message = (
            f"Bộ tiêu chí không có tiêu chí {problem.criterion} "
            f"(the sheet has no criterion {problem.criterion})"
        )
    else:
        message = (
            f"Phương án {problem.option} không phải phương án của tiêu chí {problem.criterion} "
            f"(option {problem.option} is not an option of criterion {problem.criterion})"
        )
    return {"type": problem.kind, "loc": ["body", "answers", problem.criterion], "msg": message}
