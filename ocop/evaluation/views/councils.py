"""The council screens under /hoi-dong/: an officer's rounds (opening one, assigning dossiers, forming the
council, a session's attendance and closing), a member's dossiers to score and the scoring sheet (one part
a screen), and the chair's decision.

Every page loads its round, session or dossier through ``ocop.evaluation.access`` (out of scope: 404); a
service's ``PermissionDenied`` is a 404 too. A member sees no other member's score; once they have
submitted theirs, the sheet shows the council's mean and spread so far. Refusals with a reason re-render
the page with the message, status 400.
"""

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from ocop.accounts.access import request_actor, role_required
from ocop.accounts.models import Role, User
from ocop.evaluation import council_rules, selectors, services
from ocop.evaluation.access import (
    COUNCIL_ROLES,
    access_dossier_by_id,
    access_round_by_id,
    may_manage_round,
    membership_of,
    rounds_in_scope,
)
from ocop.evaluation.answers import answers_in
from ocop.evaluation.models import (
    Council,
    CouncilMember,
    CouncilRole,
    CouncilSession,
    Dossier,
    EvaluationRound,
    MemberScore,
    RoundLevel,
)
from ocop.evaluation.services.councils import WAITING_STATE, council_result, dossiers_to_score
from ocop.evaluation.services.decisions import deciding_session, outcome_of
from ocop.evaluation.views.councils_forms import (
    AssignForm,
    AttendanceForm,
    CouncilForm,
    DecisionForm,
    RoundForm,
    SessionForm,
)
from ocop.evaluation.workflow import transition_for

OPENING_ROLES = (Role.PROVINCE_OFFICER, Role.CENTRAL_OFFICER)


@dataclass(frozen=True)
class ToScore:
    session: CouncilSession
    dossier: Dossier
    score: MemberScore | None


def _to_score(actor: User) -> list[ToScore]:
    """The dossiers of the open sessions ``actor`` sits in, with their own score so far."""
    rows = []
    seats = CouncilMember.objects.filter(user=actor).select_related("council__round")
    for seat in seats:
        for session in seat.council.sessions.filter(closed_at__isnull=True, present=seat):
            mine = {score.dossier_id: score for score in session.scores.filter(member=seat)}
            for dossier in dossiers_to_score(seat.council.round).select_related("producer").order_by("pk"):
                rows.append(ToScore(session, dossier, mine.get(dossier.pk)))
    return rows


@require_http_methods(["GET", "HEAD", "POST"])
@role_required(*COUNCIL_ROLES)
def council_home(request: HttpRequest) -> HttpResponse:
    """A member's dossiers to score and their submitted scores; an officer's rounds and a round to open."""
    actor = request_actor(request)
    form = None
    status = 200
    if actor.role in OPENING_ROLES:
        level = RoundLevel.CENTRAL if actor.role == Role.CENTRAL_OFFICER else RoundLevel.PROVINCE
        form = RoundForm(
            request.POST or None,
            initial={"closes_on": council_rules.next_closing_date(level, timezone.localdate())},
        )
        if request.method == "POST":
            if form.is_valid():
                try:
                    opened = services.round_open(acting_user=actor, **form.cleaned_data)
                    return redirect("evaluation:round_detail", round_id=opened.pk)
                except ValidationError as error:
                    _add_errors(form, error)
            status = 400
    elif request.method == "POST":
        raise Http404
    submitted = (
        MemberScore.objects.filter(member__user=actor, submitted_at__isnull=False)
        .select_related("dossier", "session__council")
        .order_by("-submitted_at")
    )
    return render(
        request,
        "evaluation/councils/home.html",
        {
            "to_score": _to_score(actor),
            "submitted": submitted,
            "rounds": rounds_in_scope(actor).order_by("-closes_on", "-id"),
            "form": form,
            "is_member": actor.role == Role.COUNCIL_MEMBER,
        },
        status=status,
    )


def _add_errors(form: Any, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, problems in error.message_dict.items():
            form.add_error(field if field in form.fields else None, problems)
    else:
        form.add_error(None, error.messages)


# --- A round


def _waiting_dossiers(evaluation_round: EvaluationRound) -> QuerySet[Dossier]:
    waiting = Dossier.objects.filter(state=WAITING_STATE[RoundLevel(evaluation_round.level)])
    if evaluation_round.level == RoundLevel.PROVINCE:
        waiting = waiting.filter(province_code=evaluation_round.province_code or 0)
    return waiting.exclude(rounds__level=evaluation_round.level).select_related("producer").order_by("pk")


def _eligible_people(evaluation_round: EvaluationRound) -> QuerySet[User]:
    if evaluation_round.level == RoundLevel.CENTRAL:
        people = Q(role__in=[Role.CENTRAL_OFFICER, Role.COUNCIL_MEMBER])
    else:
        people = Q(
            role__in=[Role.PROVINCE_OFFICER, Role.COUNCIL_MEMBER],
            unit__province_code=evaluation_round.province_code,
        )
    return User.objects.filter(people, is_active=True).order_by("full_name")


@dataclass(frozen=True)
class DossierRow:
    dossier: Dossier
    submitted: int
    result: services.CouncilResult | None  # after the session closed
    may_decide: bool
    flagged: bool  # shown to the officer running the session, never to a member before they submit


def _round_page(
    request: HttpRequest, evaluation_round: EvaluationRound, *, status: int = 200, **forms: Any
) -> HttpResponse:
    actor = request_actor(request)
    manages = may_manage_round(actor, evaluation_round)
    council: Council | None = getattr(evaluation_round, "council", None)
    seats = council.members.select_related("user") if council else CouncilMember.objects.none()
    open_session = council.sessions.filter(closed_at__isnull=True).first() if council else None
    last_closed = (
        council.sessions.filter(closed_at__isnull=False).order_by("-closed_at").first() if council else None
    )
    chair = membership_of(actor, council)
    is_chair = chair is not None and chair.role == CouncilRole.CHAIR
    session = open_session or last_closed
    # The scores handed in, by dossier: one query for the round, not one per dossier.
    submitted_by_dossier: dict[int, int] = (
        dict(
            session.scores.filter(submitted_at__isnull=False)
            .values_list("dossier_id")
            .annotate(handed_in=Count("pk"))
            .values_list("dossier_id", "handed_in")
        )
        if session
        else {}
    )
    closed = last_closed is not None and open_session is None
    rows = []
    for dossier in evaluation_round.dossiers.select_related("producer", "version").order_by("pk"):
        rows.append(
            DossierRow(
                dossier=dossier,
                submitted=submitted_by_dossier.get(dossier.pk, 0),
                result=council_result(last_closed, dossier) if closed and last_closed else None,
                may_decide=is_chair and deciding_session(dossier) is not None,
                flagged=manages
                and open_session is not None
                and council_result(open_session, dossier).flagged,
            )
        )
    context: dict[str, Any] = {
        "round": evaluation_round,
        "council": council,
        "seats": seats,
        "open_session": open_session,
        "sessions": council.sessions.order_by("held_on", "id") if council else [],
        "rows": rows,
        "manages": manages,
    }
    if manages:
        context["assign_form"] = forms.get("assign_form") or AssignForm(
            dossiers=_waiting_dossiers(evaluation_round)
        )
        if council is None:
            context["council_form"] = forms.get("council_form") or CouncilForm(
                people=_eligible_people(evaluation_round)
            )
        elif open_session is None:
            context["session_form"] = forms.get("session_form") or SessionForm(seats=seats)
        else:
            context["attendance_form"] = forms.get("attendance_form") or AttendanceForm(
                seats=seats, initial={"present": list(open_session.present.all())}
            )
            context["quorum"] = services.councils.session_has_quorum(open_session)
            context["quorum_percent"] = int(council_rules.rules().quorum_share * 100)
    return render(request, "evaluation/councils/round.html", context, status=status)


@require_http_methods(["GET", "HEAD"])
@role_required(*COUNCIL_ROLES)
def round_detail(request: HttpRequest, round_id: int) -> HttpResponse:
    return _round_page(request, access_round_by_id(request.user, round_id))


def _managed_round(request: HttpRequest, round_id: int) -> EvaluationRound:
    evaluation_round = access_round_by_id(request.user, round_id)
    if not may_manage_round(request.user, evaluation_round):
        raise Http404
    return evaluation_round


@require_POST
@role_required(*OPENING_ROLES)
def round_assign(request: HttpRequest, round_id: int) -> HttpResponse:
    evaluation_round = _managed_round(request, round_id)
    form = AssignForm(request.POST, dossiers=_waiting_dossiers(evaluation_round))
    if form.is_valid():
        try:
            services.round_assign(
                acting_user=request.user,
                evaluation_round=evaluation_round,
                dossiers=list(form.cleaned_data["dossiers"]),
            )
            messages.success(request, _("Đã đưa hồ sơ vào đợt đánh giá."))
            return redirect("evaluation:round_detail", round_id=round_id)
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as error:
            _add_errors(form, error)
    return _round_page(request, evaluation_round, status=400, assign_form=form)


@require_POST
@role_required(*OPENING_ROLES)
def council_form(request: HttpRequest, round_id: int) -> HttpResponse:
    evaluation_round = _managed_round(request, round_id)
    form = CouncilForm(request.POST, people=_eligible_people(evaluation_round))
    if form.is_valid():
        try:
            services.council_form(
                acting_user=request.user,
                evaluation_round=evaluation_round,
                name=form.cleaned_data["name"],
                chair=form.cleaned_data["chair"],
                members=list(form.cleaned_data["members"]),
                secretary=form.cleaned_data["secretary"],
            )
            messages.success(request, _("Đã lập hội đồng."))
            return redirect("evaluation:round_detail", round_id=round_id)
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as error:
            _add_errors(form, error)
    return _round_page(request, evaluation_round, status=400, council_form=form)


def _council_of(evaluation_round: EvaluationRound) -> Council:
    council = getattr(evaluation_round, "council", None)
    if council is None:
        raise Http404
    return council


@require_POST
@role_required(*OPENING_ROLES)
def session_open(request: HttpRequest, round_id: int) -> HttpResponse:
    evaluation_round = _managed_round(request, round_id)
    council = _council_of(evaluation_round)
    form = SessionForm(request.POST, seats=council.members.all())
    if form.is_valid():
        try:
            services.session_open(
                acting_user=request.user,
                council=council,
                held_on=form.cleaned_data["held_on"],
                present=list(form.cleaned_data["present"]),
            )
            messages.success(request, _("Đã mở phiên chấm."))
            return redirect("evaluation:round_detail", round_id=round_id)
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as error:
            _add_errors(form, error)
    return _round_page(request, evaluation_round, status=400, session_form=form)


def _managed_session(request: HttpRequest, session_id: int) -> CouncilSession:
    session = (
        CouncilSession.objects.select_related("council__round")
        .filter(pk=session_id, council__round__in=rounds_in_scope(request.user))
        .first()
    )
    if session is None or not may_manage_round(request.user, session.council.round):
        raise Http404
    return session


@require_POST
@role_required(*OPENING_ROLES)
def session_attendance(request: HttpRequest, session_id: int) -> HttpResponse:
    session = _managed_session(request, session_id)
    form = AttendanceForm(request.POST, seats=session.council.members.all())
    if form.is_valid():
        try:
            services.session_attendance_update(
                acting_user=request.user, session=session, present=list(form.cleaned_data["present"])
            )
            messages.success(request, _("Đã ghi danh sách có mặt."))
            return redirect("evaluation:round_detail", round_id=session.council.round_id)
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as error:
            _add_errors(form, error)
    return _round_page(request, session.council.round, status=400, attendance_form=form)


@require_POST
@role_required(*OPENING_ROLES)
def session_close(request: HttpRequest, session_id: int) -> HttpResponse:
    session = _managed_session(request, session_id)
    try:
        services.session_close(acting_user=request.user, session=session)
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as error:
        for problem in error.messages:
            messages.error(request, problem)
        return _round_page(request, session.council.round, status=400)
    messages.success(request, _("Đã khóa phiên chấm: điểm của các thành viên không thể thay đổi."))
    return redirect("evaluation:round_detail", round_id=session.council.round_id)


# --- A member's scoring sheet


def _seat_and_dossier(
    request: HttpRequest, session_id: int, dossier_id: int
) -> tuple[CouncilMember, Dossier]:
    session = CouncilSession.objects.select_related("council__round").filter(pk=session_id).first()
    seat = membership_of(request.user, session.council if session else None)
    if session is None or seat is None:
        raise Http404
    dossier = (
        session.council.round.dossiers.select_related("version", "producer").filter(pk=dossier_id).first()
    )
    if dossier is None:
        raise Http404
    return seat, dossier


@require_http_methods(["GET", "HEAD", "POST"])
@role_required(*COUNCIL_ROLES)
def score_sheet(request: HttpRequest, session_id: int, dossier_id: int) -> HttpResponse:
    """One part of the sheet a screen (``?phan=A``); the last part's button submits the score."""
    seat, dossier = _seat_and_dossier(request, session_id, dossier_id)
    session = CouncilSession.objects.select_related("council__round").get(pk=session_id)
    parts = selectors.rubric_parts(dossier.version)
    codes = [part.code for part in parts]
    asked = request.GET.get("phan", "")
    step = asked if asked in codes else codes[0]
    problems: list[str] = []
    if request.method == "POST":
        answers, problems = answers_in(request.POST)
        submit = "submit" in request.POST
        if not problems:
            try:
                services.member_score_save(
                    acting_user=request.user, session=session, dossier=dossier, answers=answers, submit=submit
                )
            except PermissionDenied:
                raise Http404 from None
            except ValidationError as error:
                problems.extend(error.messages)
        if not problems:
            index = codes.index(step)
            if not submit and index + 1 < len(codes):
                return redirect(f"{request.path}?phan={codes[index + 1]}")
            if submit:
                messages.success(request, _("Đã nộp phiếu chấm."))
            return redirect(request.path)
    mine = MemberScore.objects.filter(session=session, member=seat, dossier=dossier).first()
    submitted = mine is not None and mine.submitted_at is not None
    result = council_result(session, dossier) if submitted else None
    return render(
        request,
        "evaluation/councils/sheet.html",
        {
            "session": session,
            "dossier": dossier,
            "part": parts[codes.index(step)],
            "steps": codes,
            "step": step,
            "is_last": step == codes[-1],
            "chosen_options": set((mine.answers if mine else {}).values()),
            "mine": mine,
            "submitted": submitted,
            "result": result,
            "may_score": not session.is_closed and (not submitted or (result is not None and result.flagged)),
            "problems": problems,
            "evidence_codes": set(dossier.evidence.values_list("criterion_code", flat=True)),
        },
        status=400 if problems else 200,
    )


# --- The chair's decision


ACTION_LABELS = {
    "recognise": gettext_lazy("Công nhận"),
    "not_recognise": gettext_lazy("Không công nhận"),
    "forward_central": gettext_lazy("Công nhận 4 sao tiềm năng 5 sao và chuyển hội đồng Trung ương"),
    "back_to_province": gettext_lazy("Trả về tỉnh xét 3–4 sao"),
}


@require_http_methods(["GET", "HEAD", "POST"])
@role_required(*COUNCIL_ROLES)
def decision(request: HttpRequest, dossier_id: int) -> HttpResponse:
    dossier = access_dossier_by_id(request.user, dossier_id)
    session = deciding_session(dossier)
    seat = membership_of(request.user, session.council if session else None)
    if session is None or seat is None or seat.role != CouncilRole.CHAIR:
        raise Http404
    result = council_result(session, dossier)
    expected, stars = outcome_of(dossier.state, result)
    actions = [expected, *(["not_recognise"] if expected != "not_recognise" else [])]
    choices = [
        (action, _label(dossier, action, stars if action == expected else 0))
        for action in actions
        if transition_for(dossier.state, action) is not None
    ]
    form = DecisionForm(
        request.POST or None, actions=choices, initial={"decision_date": timezone.localdate()}
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                recorded = services.decision_record(
                    acting_user=request.user, dossier=dossier, **form.cleaned_data
                )
                if recorded.certificate is not None:
                    messages.success(
                        request,
                        _("Đã ghi quyết định; giấy chứng nhận số %(number)s.")
                        % {"number": recorded.certificate.number},
                    )
                else:
                    messages.success(request, _("Đã ghi quyết định."))
                return redirect("evaluation:dossier_detail", dossier_id=dossier.pk)
            except PermissionDenied:
                raise Http404 from None
            except ValidationError as error:
                _add_errors(form, error)
        status = 400
    return render(
        request,
        "evaluation/councils/decision.html",
        {"dossier": dossier, "session": session, "result": result, "form": form},
        status=status,
    )


def _label(dossier: Dossier, action: str, stars: int) -> str:
    label = str(ACTION_LABELS[action])
    if action == "recognise" and stars:
        return _("%(label)s %(stars)s sao") % {"label": label, "stars": stars}
    return label
