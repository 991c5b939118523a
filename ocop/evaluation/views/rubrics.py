"""The rubric screens of central officers: the versions of every sheet, and correcting one without code —
copy the active version to a draft, edit its criteria and options, publish it (the old one is retired).

Everyone else: anonymous visitors are sent to sign in, other roles get 404 (``role_required``).
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from ocop.accounts.access import request_actor, role_required
from ocop.accounts.models import Role
from ocop.evaluation import selectors, services
from ocop.evaluation.forms import CriterionForm, OptionForm
from ocop.evaluation.models import Criterion, Option, RubricStatus, RubricVersion

CORRECTORS = (Role.CENTRAL_OFFICER,)


@role_required(*CORRECTORS)
@require_safe
def rubric_list(request: HttpRequest) -> HttpResponse:
    versions = RubricVersion.objects.select_related("product_set", "published_by").order_by(
        "product_set__sector", "product_set__code", "-version"
    )
    return render(request, "evaluation/rubric_list.html", {"versions": versions})


@role_required(*CORRECTORS)
@require_safe
def rubric_detail(request: HttpRequest, version_id: int) -> HttpResponse:
    version = get_object_or_404(
        RubricVersion.objects.select_related("product_set", "based_on"), pk=version_id
    )
    context = {
        "version": version,
        "parts": selectors.rubric_parts(version),
        "bands": version.bands.order_by("-stars"),
        "is_draft": version.status == RubricStatus.DRAFT,
        "problems": services.sheet_problems(version) if version.status == RubricStatus.DRAFT else [],
        "draft": version.corrections.filter(status=RubricStatus.DRAFT).first(),
    }
    return render(request, "evaluation/rubric_detail.html", context)


@role_required(*CORRECTORS)
@require_POST
def rubric_copy(request: HttpRequest, version_id: int) -> HttpResponse:
    version = get_object_or_404(RubricVersion, pk=version_id)
    try:
        draft = services.rubric_draft_create(acting_user=request_actor(request), version=version)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("evaluation:rubric_detail", version_id=version.pk)
    messages.success(request, _("Đã tạo bản nháp phiên bản %(number)s để sửa.") % {"number": draft.version})
    return redirect("evaluation:rubric_detail", version_id=draft.pk)


@role_required(*CORRECTORS)
@require_POST
def rubric_publish(request: HttpRequest, version_id: int) -> HttpResponse:
    draft = get_object_or_404(RubricVersion, pk=version_id)
    try:
        services.rubric_publish(acting_user=request_actor(request), draft=draft)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Đã ban hành phiên bản %(number)s; phiên bản trước không còn áp dụng.")
            % {"number": draft.version},
        )
    return redirect("evaluation:rubric_detail", version_id=draft.pk)


def _draft_or_404(version: RubricVersion) -> None:
    # A published version is never edited: its edit pages do not exist.
    if version.status != RubricStatus.DRAFT:
        raise Http404


@role_required(*CORRECTORS)
@require_http_methods(["GET", "POST"])
def criterion_edit(request: HttpRequest, criterion_id: int) -> HttpResponse:
    criterion = get_object_or_404(Criterion.objects.select_related("version__product_set"), pk=criterion_id)
    _draft_or_404(criterion.version)
    form = CriterionForm(request.POST if request.method == "POST" else None, criterion=criterion)
    if form.is_valid():
        try:
            services.rubric_criterion_update(
                acting_user=request_actor(request),
                criterion=criterion,
                text=form.cleaned_data["text"],
                mandatory_for_stars=form.mandatory_for_stars(),
                notes=form.notes_list(),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Đã lưu tiêu chí %(code)s.") % {"code": criterion.code})
            return redirect("evaluation:rubric_detail", version_id=criterion.version_id)
    return render(
        request,
        "evaluation/rubric_item_form.html",
        {
            "form": form,
            "version": criterion.version,
            "heading": _("Sửa tiêu chí %(code)s") % {"code": criterion.code},
        },
    )


@role_required(*CORRECTORS)
@require_http_methods(["GET", "POST"])
def option_edit(request: HttpRequest, option_id: int) -> HttpResponse:
    option = get_object_or_404(Option.objects.select_related("criterion__version__product_set"), pk=option_id)
    version = option.criterion.version
    _draft_or_404(version)
    data = request.POST if request.method == "POST" else None
    form = OptionForm(data, initial={"text": option.text, "points": option.points})
    if form.is_valid():
        try:
            services.rubric_option_update(
                acting_user=request_actor(request),
                option=option,
                text=form.cleaned_data["text"],
                points=form.cleaned_data["points"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("Đã lưu phương án của tiêu chí %(code)s.") % {"code": option.criterion.code}
            )
            return redirect("evaluation:rubric_detail", version_id=version.pk)
    heading = _("Sửa phương án của tiêu chí %(code)s") % {"code": option.criterion.code}
    return render(
        request, "evaluation/rubric_item_form.html", {"form": form, "version": version, "heading": heading}
    )
