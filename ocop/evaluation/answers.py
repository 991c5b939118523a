"""Answers to a scoring sheet as people send them: read from a form, scored by the one scoring module
(``ocop.evaluation.scoring``), and what is wrong with them said in words. The public self-assessment, a
dossier's form 02 and a council member's score sheet all read and refuse answers here."""

from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from ocop.evaluation import scoring

# A form field holding the option chosen for a criterion: "t-1.1".
ANSWER_PREFIX = "t-"


def answers_in(data: Mapping[str, object]) -> tuple[dict[str, int], list[str]]:
    """The options chosen in ``data`` ({criterion code: option id}), and a problem for each value that is
    not an option id at all (a number past the database's integer included)."""
    chosen: dict[str, int] = {}
    problems: list[str] = []
    for key in data:
        if not key.startswith(ANSWER_PREFIX):
            continue
        code, value = key.removeprefix(ANSWER_PREFIX), str(data.get(key, ""))
        if not (value.isascii() and value.isdigit() and len(value) <= 10):
            problems.append(_("Câu trả lời cho tiêu chí %(code)s không hợp lệ.") % {"code": code})
            continue
        chosen[code] = int(value)
    return chosen, problems


def problem_message(problem: scoring.AnswerProblem) -> str:
    """What is wrong with one answer, in words."""
    if problem.kind == "unknown_criterion":
        return _("Bộ tiêu chí không có tiêu chí %(code)s.") % {"code": problem.criterion}
    return _("Phương án đã chọn không thuộc tiêu chí %(code)s.") % {"code": problem.criterion}


def score_or_refuse(sheet: scoring.Sheet, answers: Mapping[str, object]) -> scoring.Score:
    """``answers`` scored on ``sheet``; a ``ValidationError`` on ``answers`` naming each one the sheet
    refuses, for a service to leave everything as it was."""
    try:
        return scoring.score_answers(sheet, answers)
    except scoring.AnswerError as error:
        raise ValidationError({"answers": [problem_message(problem) for problem in error.problems]}) from None
