"""The dossier screens (hồ sơ) under /ho-so/: a producer's dossiers, starting one, forms 01 and 02, evidence,
submitting; the officers' dossiers (those they hold first, overdue ones marked) and the workflow steps up to
"ready for council scoring".

Every page loads its dossier through ``access.access_dossier_by_id`` (out of scope: 404); a service's
``PermissionDenied`` (a step of another role, editing a dossier the producer does not hold) is a 404 too,
so nobody learns more by trying. Refusals with a reason re-render the page with the message, status 400.
"""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from ocop.accounts.access import request_actor, role_required
from ocop.accounts.models import Role
from ocop.core import private_files
from ocop.evaluation import scoring, selectors, services
from ocop.evaluation.access import (
    access_dossier_by_id,
    may_edit_dossier,
    may_take,
)
from ocop.evaluation.answers import answers_in
from ocop.evaluation.forms_dossiers import (
    AdvisoryReviewForm,
    CommuneCheckForm,
    EvidenceForm,
    FirstTimeStartForm,
    FollowUpStartForm,
    RegistrationForm,
    StepForm,
)
from ocop.evaluation.models import Dossier, DossierEvidence, DossierState, SelfAssessment
from ocop.evaluation.workflow import SCREEN_ACTIONS, Form, Transition, transition_for, transitions_from
from ocop.registry.access import producers_in_scope, products_in_scope

DOSSIER_ROLES = (Role.PRODUCER, Role.COMMUNE_OFFICER, Role.PROVINCE_OFFICER, Role.CENTRAL_OFFICER)
STEP_FORMS: dict[str, type[StepForm]] = {
    Form.COMMUNE_CHECK: CommuneCheckForm,
    Form.ADVISORY_REVIEW: AdvisoryReviewForm,
}


@require_safe
@role_required(*DOSSIER_ROLES)
def dossier_list(request: HttpRequest) -> HttpResponse:
    """A producer's dossiers; an officer's: those their level holds (overdue first), then the others."""
    actor = request_actor(request)
    today = timezone.localdate()
    held = selectors.dossiers_held(actor, today=today)
    held_ids = {dossier.pk for dossier in held}
    others = [
        dossier for dossier in selectors.dossiers_visible(actor, today=today) if dossier.pk not in held_ids
    ]
    return render(
        request,
        "evaluation/dossiers/list.html",
        {"held": held, "others": others, "is_producer": actor.role == Role.PRODUCER, "today": today},
    )


@require_http_methods(["GET", "HEAD", "POST"])
@role_required(Role.PRODUCER)
def dossier_start(request: HttpRequest) -> HttpResponse:
    """Start a dossier: first time from a saved self-assessment, or an upgrade or re-evaluation of a
    product."""
    actor = request_actor(request)
    producers = producers_in_scope(actor).order_by("name")
    first_producer = producers.first()
    first_form = FirstTimeStartForm(
        request.POST if request.POST.get("start") == "first_time" else None,
        assessments=SelfAssessment.objects.filter(user=actor).select_related("version__product_set"),
        producers=producers,
        province_code=first_producer.province_code if first_producer else None,
    )
    follow_form = FollowUpStartForm(
        request.POST if request.POST.get("start") == "follow_up" else None,
        products=products_in_scope(actor).order_by("name"),
        # A reminder's link chooses the product and the kind (``reminders.reevaluation_link``); they are
        # only the form's first values, checked like any answer when it is sent.
        initial={name: request.GET[name] for name in ("product", "kind") if name in request.GET},
    )
    status = 200
    if request.method == "POST":
        try:
            if first_form.is_bound and first_form.is_valid():
                dossier = services.dossier_start_first_time(acting_user=actor, **first_form.cleaned_data)
                return redirect("evaluation:dossier_detail", dossier_id=dossier.pk)
            if follow_form.is_bound and follow_form.is_valid():
                dossier = services.dossier_start_follow_up(acting_user=actor, **follow_form.cleaned_data)
                messages.success(
                    request, _("Hồ sơ mới được sao từ hồ sơ trước: chỉ cần sửa những gì đã thay đổi.")
                )
                return redirect("evaluation:dossier_detail", dossier_id=dossier.pk)
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        status = 400
    return render(
        request,
        "evaluation/dossiers/start.html",
        {"first_form": first_form, "follow_form": follow_form},
        status=status,
    )


def _criterion_choices(dossier: Dossier) -> list[tuple[str, str]]:
    return [
        (criterion.code, f"{criterion.code}. {criterion.text[:80]}")
        for criterion in dossier.version.criteria.order_by("position")
    ]


def _detail_context(request: HttpRequest, dossier: Dossier, **extra: Any) -> dict[str, Any]:
    actor = request_actor(request)
    today = timezone.localdate()
    score = scoring.score_answers(scoring.sheet_of(dossier.version), dossier.answers)
    actions = [
        row
        for row in transitions_from(dossier.state)
        if row.action in SCREEN_ACTIONS and may_take(actor, dossier, row)
    ]
    editable = may_edit_dossier(actor, dossier)
    context: dict[str, Any] = {
        "dossier": dossier,
        "score": score,
        "criteria_count": len(score.missing) + len(dossier.answers),
        "evidence": list(dossier.evidence.select_related("file")),
        "steps": selectors.dossier_steps(dossier),
        "actions": actions,
        "editable": editable,
        "overdue": dossier.holder_level != ""
        and any(day is not None and day < today for day in (dossier.deadline, dossier.decide_by)),
        "evidence_form": EvidenceForm(criterion_codes=_criterion_choices(dossier)) if editable else None,
    }
    context.update(extra)
    return context


@require_safe
@role_required(*DOSSIER_ROLES)
def dossier_detail(request: HttpRequest, dossier_id: int) -> HttpResponse:
    dossier = access_dossier_by_id(request.user, dossier_id)
    return render(request, "evaluation/dossiers/detail.html", _detail_context(request, dossier))


@require_http_methods(["GET", "HEAD", "POST"])
@role_required(Role.PRODUCER)
def dossier_registration(request: HttpRequest, dossier_id: int) -> HttpResponse:
    """Form 01, while the producer holds the dossier."""
    dossier = access_dossier_by_id(request.user, dossier_id)
    if not may_edit_dossier(request.user, dossier):
        raise Http404
    form = RegistrationForm(request.POST or None, instance=Dossier.objects.get(pk=dossier.pk))
    if request.method == "POST" and form.is_valid():
        try:
            services.dossier_registration_update(
                acting_user=request.user, dossier=dossier, **form.cleaned_data
            )
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Đã lưu phiếu đăng ký (mẫu 01)."))
            return redirect("evaluation:dossier_detail", dossier_id=dossier.pk)
    status = 400 if form.is_bound else 200
    return render(
        request, "evaluation/dossiers/registration.html", {"dossier": dossier, "form": form}, status=status
    )


@require_http_methods(["GET", "HEAD", "POST"])
@role_required(Role.PRODUCER)
def dossier_answers(request: HttpRequest, dossier_id: int) -> HttpResponse:
    """Form 02, one part of the sheet a screen (``?phan=A``), with what was carried over already chosen."""
    dossier = access_dossier_by_id(request.user, dossier_id)
    if not may_edit_dossier(request.user, dossier):
        raise Http404
    parts = selectors.rubric_parts(dossier.version)
    codes = [part.code for part in parts]
    asked = request.GET.get("phan", "")
    step = asked if asked in codes else codes[0]
    part = parts[codes.index(step)]
    problems: list[str] = []
    if request.method == "POST":
        answers, problems = answers_in(request.POST)
        if not problems:
            try:
                services.dossier_answers_update(acting_user=request.user, dossier=dossier, answers=answers)
            except PermissionDenied:
                raise Http404 from None
            except ValidationError as error:
                problems.extend(error.messages)
        if not problems:
            index = codes.index(step)
            if index + 1 < len(codes):
                return redirect(f"{request.path}?phan={codes[index + 1]}")
            messages.success(request, _("Đã lưu phiếu tự đánh giá (mẫu 02)."))
            return redirect("evaluation:dossier_detail", dossier_id=dossier.pk)
    return render(
        request,
        "evaluation/dossiers/answers.html",
        {
            "dossier": dossier,
            "part": part,
            "steps": codes,
            "step": step,
            "chosen_options": set(dossier.answers.values()),
            "evidence_codes": set(dossier.evidence.values_list("criterion_code", flat=True)),
            "problems": problems,
        },
        status=400 if problems else 200,
    )


@require_POST
@role_required(Role.PRODUCER)
def dossier_evidence_add(request: HttpRequest, dossier_id: int) -> HttpResponse:
    dossier = access_dossier_by_id(request.user, dossier_id)
    if not may_edit_dossier(request.user, dossier):
        raise Http404
    form = EvidenceForm(request.POST, request.FILES, criterion_codes=_criterion_choices(dossier))
    if form.is_valid():
        try:
            checked = private_files.check_upload(form.cleaned_data["file"])
            services.dossier_evidence_add(
                acting_user=request.user,
                dossier=dossier,
                criterion_code=form.cleaned_data["criterion_code"],
                checked=checked,
            )
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Đã thêm minh chứng “%(name)s”.") % {"name": checked.name})
            return redirect("evaluation:dossier_detail", dossier_id=dossier.pk)
    context = _detail_context(request, dossier, evidence_form=form)
    return render(request, "evaluation/dossiers/detail.html", context, status=400)


@require_POST
@role_required(Role.PRODUCER)
def dossier_evidence_remove(request: HttpRequest, dossier_id: int, evidence_id: int) -> HttpResponse:
    dossier = access_dossier_by_id(request.user, dossier_id)
    item = (
        DossierEvidence.objects.filter(dossier=dossier, pk=evidence_id)
        .select_related("dossier", "file")
        .first()
    )
    if item is None:
        raise Http404
    try:
        services.dossier_evidence_remove(acting_user=request.user, item=item)
    except PermissionDenied:
        raise Http404 from None
    messages.success(request, _("Đã bỏ minh chứng “%(name)s” khỏi hồ sơ.") % {"name": item.name})
    return redirect("evaluation:dossier_detail", dossier_id=dossier.pk)


@require_safe
def dossier_file(request: HttpRequest, dossier_id: int, sha256: str) -> FileResponse:
    """A file of the dossier (its evidence, a step's photos), to those who may see the dossier only: anyone
    else, signed in or not, gets 404."""
    dossier = access_dossier_by_id(request.user, dossier_id)
    item = dossier.evidence.filter(file__sha256=sha256).select_related("file").first()
    if item is not None:
        file, name = item.file, item.name
    else:
        step = dossier.steps.filter(files__sha256=sha256).first()
        if step is None:
            raise Http404
        file = step.files.get(sha256=sha256)
        name = f"{sha256[:12]}"
    return private_files.file_response(file, name=name, as_attachment=False)


@require_http_methods(["GET", "HEAD", "POST"])
@role_required(*DOSSIER_ROLES)
def dossier_step(request: HttpRequest, dossier_id: int, action: str) -> HttpResponse:
    """One step of the workflow: its form (GET), applied by ``dossier_transition`` (POST)."""
    dossier = access_dossier_by_id(request.user, dossier_id)
    if action not in SCREEN_ACTIONS:
        raise Http404
    transition = transition_for(dossier.state, action)
    if transition is not None and not may_take(request.user, dossier, transition):
        raise Http404
    form_class = STEP_FORMS.get(transition.form, StepForm) if transition else StepForm
    posted = request.method == "POST"
    form = form_class(request.POST if posted else None, request.FILES if posted else None)
    if request.method == "POST" and form.is_valid():
        try:
            data = dict(form.cleaned_data)
            data["photos"] = [private_files.check_upload(photo) for photo in data.get("photos") or []]
            services.dossier_transition(acting_user=request.user, dossier=dossier, action=action, **data)
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Đã thực hiện: %(action)s.") % {"action": _label(transition)})
            return redirect("evaluation:dossier_detail", dossier_id=dossier.pk)
    elif request.method != "POST" and transition is None:
        form.add_error(
            None,
            _("Hồ sơ đang ở trạng thái “%(state)s”: không thể thực hiện thao tác “%(action)s”.")
            % {"state": DossierState(dossier.state).label, "action": action},
        )
    return render(
        request,
        "evaluation/dossiers/step.html",
        {
            "dossier": dossier,
            "transition": transition,
            "action": action,
            "form": form,
            "label": _label(transition),
        },
        status=400 if form.errors else 200,
    )


def _label(transition: Transition | None) -> str:
    return str(transition.label) if transition else ""
