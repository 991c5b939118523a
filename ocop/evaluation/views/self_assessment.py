"""The public self-assessment (tự đánh giá): pick a product set, answer its sheet one part a screen, see the
points, the stars and what stands between them and the next star; a producer keeps it for their dossier.

Every screen is a plain GET form carrying the answers given so far (``t-<criterion code>`` = option id), so
it works without JavaScript and the address of a result can be kept. Saving is a POST; an anonymous visitor
is sent to sign in with the answers kept in the session, and confirms once signed in.
"""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from ocop.accounts.access import acting_user
from ocop.evaluation import scoring, selectors, services
from ocop.evaluation.access import access_rubric_version_by_id, may_save_self_assessment
from ocop.evaluation.answers import ANSWER_PREFIX, answers_in, problem_message
from ocop.evaluation.models import RubricPart, RubricStatus, RubricVersion

RESULT_STEP = "ket-qua"
PENDING_KEY = "self_assessment_pending"


@dataclass(frozen=True)
class Answers:
    chosen: dict[str, int]
    problems: list[str]


@require_safe
def self_assessment_start(request: HttpRequest) -> HttpResponse:
    return render(
        request, "evaluation/self_assessment_start.html", {"sectors": selectors.active_rubrics_by_sector()}
    )


def _answers_from(data: QueryDict, sheet: scoring.Sheet) -> Answers:
    """The answers in ``data``, those that are options of their criterion; the others named as problems."""
    chosen, problems = answers_in(data)
    try:
        scoring.score_answers(sheet, chosen)
    except scoring.AnswerError as error:
        for problem in error.problems:
            chosen.pop(problem.criterion)
            problems.append(problem_message(problem))
    return Answers(chosen, problems)


@require_safe
def self_assessment_sheet(request: HttpRequest, version_id: int) -> HttpResponse:
    """One part of the sheet (``?phan=A``), or the result (``?phan=ket-qua``)."""
    version = access_rubric_version_by_id(request.user, version_id)
    sheet = scoring.sheet_of(version)
    answers = _answers_from(request.GET, sheet)
    parts = selectors.rubric_parts(version)
    step = request.GET.get("phan") or parts[0].code
    codes = [part.code for part in parts]
    if step not in (*codes, RESULT_STEP):
        step = codes[0]
    context: dict[str, object] = {
        "version": version,
        "parts": parts,
        "step": step,
        "steps": [*codes, RESULT_STEP],
        "answers": answers.chosen,
        "chosen_options": set(answers.chosen.values()),
        "problems": answers.problems,
    }
    if step == RESULT_STEP:
        context.update(_result_context(request, version, sheet, parts, answers.chosen))
    else:
        index = codes.index(step)
        part = parts[index]
        context.update(
            {
                "part": part,
                "previous_step": codes[index - 1] if index > 0 else None,
                "next_step": codes[index + 1] if index + 1 < len(codes) else RESULT_STEP,
                "carried": _carried(answers.chosen, part),
            }
        )
    status = 400 if answers.problems else 200
    return render(request, "evaluation/self_assessment_sheet.html", context, status=status)


def _carried(answers: dict[str, int], part: RubricPart) -> dict[str, int]:
    """The answers of the other parts, carried in hidden fields by this part's form."""
    here = {criterion.code for group in part.groups.all() for criterion in group.criteria.all()}
    return {code: option for code, option in answers.items() if code not in here}


def _result_context(
    request: HttpRequest,
    version: RubricVersion,
    sheet: scoring.Sheet,
    parts: list[RubricPart],
    answers: dict[str, int],
) -> dict[str, object]:
    score = scoring.score_answers(sheet, answers)
    criteria = {
        criterion.code: criterion
        for part in parts
        for group in part.groups.all()
        for criterion in group.criteria.all()
    }
    actor = acting_user(request.user)
    return {
        "score": score,
        "stars_text": "★" * score.stars,
        "part_rows": [(part, score.by_part[part.code]) for part in parts],
        "unmet_rows": [(item, criteria[item.criterion]) for item in score.unmet_minimums],
        "next_star": scoring.next_star(sheet, score),
        "missing_by_part": [
            (part.code, codes)
            for part in parts
            if (codes := [code for code in score.missing if criteria[code].group.part_id == part.pk])
        ],
        "may_save": actor is None or may_save_self_assessment(actor),
        "signed_in": actor is not None,
        "carried": answers,
    }


@require_POST
def self_assessment_save(request: HttpRequest, version_id: int) -> HttpResponse:
    """Keep the answers as the producer's self-assessment; anonymous visitors sign in first."""
    version = access_rubric_version_by_id(request.user, version_id)
    answers = _answers_from(request.POST, scoring.sheet_of(version))
    result_url = _result_url(version, answers.chosen)
    if answers.problems:
        messages.error(request, " ".join(answers.problems))
        return redirect(result_url)
    if acting_user(request.user) is None:
        request.session[PENDING_KEY] = {"version": version.pk, "answers": answers.chosen}
        return redirect_to_login(reverse("evaluation:self_assessment_pending"))
    return _save(request, version, answers.chosen, result_url)


def _save(
    request: HttpRequest, version: RubricVersion, answers: dict[str, int], result_url: str
) -> HttpResponse:
    if not may_save_self_assessment(request.user):
        messages.error(request, _("Chỉ tài khoản chủ thể OCOP lưu được bản tự đánh giá."))
        return redirect(result_url)
    try:
        assessment = services.self_assessment_create(
            acting_user=request.user, version=version, answers=answers
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(result_url)
    request.session.pop(PENDING_KEY, None)
    messages.success(
        request,
        _("Đã lưu bản tự đánh giá: %(total)s điểm, %(stars)s sao. Bản này sẽ là bước đầu của hồ sơ.")
        % {"total": assessment.result["total"], "stars": assessment.stars},
    )
    return redirect(result_url)


@require_http_methods(["GET", "HEAD", "POST"])
def self_assessment_pending(request: HttpRequest) -> HttpResponse:
    """After signing in: the answers kept in the session, saved with one more click (GET changes nothing)."""
    pending = request.session.get(PENDING_KEY)
    if acting_user(request.user) is None:
        return redirect_to_login(request.get_full_path())
    if not pending:
        messages.info(request, _("Không có bản tự đánh giá nào đang chờ lưu."))
        return redirect("evaluation:self_assessment")
    version = (
        RubricVersion.objects.filter(
            pk=pending["version"], status__in=(RubricStatus.ACTIVE, RubricStatus.RETIRED)
        )
        .select_related("product_set")
        .first()
    )
    if version is None:
        request.session.pop(PENDING_KEY, None)
        return redirect("evaluation:self_assessment")
    # Checked against this version when they were kept; a version never changes once public.
    answers: dict[str, int] = pending["answers"]
    result_url = _result_url(version, answers)
    if request.method == "POST":
        return _save(request, version, answers, result_url)
    return render(
        request,
        "evaluation/self_assessment_pending.html",
        {
            "version": version,
            "score": scoring.score_answers(scoring.sheet_of(version), answers),
            "result_url": result_url,
            "may_save": may_save_self_assessment(request.user),
        },
    )


def _result_url(version: RubricVersion, answers: dict[str, int]) -> str:
    query = QueryDict(mutable=True)
    query["phan"] = RESULT_STEP
    for code, option in answers.items():
        query[ANSWER_PREFIX + code] = str(option)
    return f"{reverse('evaluation:self_assessment_sheet', args=[version.pk])}?{query.urlencode()}"
