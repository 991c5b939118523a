"""The officers' pages for targets, ``/thong-ke/muc-tieu/`` (contract ``targets.md`` §2).

Officers see targets: a central officer every one, a province officer their province's (current and
legacy) and the national ones, a commune officer their province's (``area_visible_to``). Only those who
may set a target's scope (``area_settable_by``) change it: anyone else, and anyone outside the officer
roles, gets 404 for it, and nothing changes. The scopes a page offers come from the same areas. Every
change goes through ``ocop.reports.targets.services`` (or the import), which checks the scope again and
writes the audit event.
"""

import datetime
from collections.abc import Callable
from dataclasses import asdict
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import F
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from ocop.accounts.access import acting_user, request_actor, role_required
from ocop.accounts.models import OFFICER_ROLES, User
from ocop.core import private_files
from ocop.registry.importing.reading import FileRefusedError, check_size
from ocop.registry.importing.validation import RowError
from ocop.reports.forms import (
    FigureForm,
    TargetFilterForm,
    TargetForm,
    TargetImportForm,
    scope_options,
)
from ocop.reports.models import Metric, Target
from ocop.reports.selectors import today
from ocop.reports.targets.access import (
    SETTER_ROLES,
    TargetArea,
    area_settable_by,
    area_visible_to,
    targets_in,
    targets_settable_by,
    targets_visible_to,
)
from ocop.reports.targets.definition import (
    COLUMNS,
    InvalidTargetError,
    TargetDefinition,
    number_text,
    read_scope,
    target_scope,
    target_text,
)
from ocop.reports.targets.importing import TargetsImportResult, targets_import
from ocop.reports.targets.progress import with_figures
from ocop.reports.targets.services import (
    manual_figure_record,
    target_create,
    target_delete,
    target_update,
)
from ocop.reports.targets.words import goal_text, scope_label, target_card

SAMPLE_ROW = {
    "scope": "province:51",
    "from": "2026-01-01",
    "to": "2030-12-31",
    "metric": "new",
    "min_stars": "3",
    "step": "",
    "cohort_from": "",
    "cohort_to": "",
    "min": "150",
    "max": "200",
    "decision": "Kế hoạch thực hiện Chương trình OCOP tỉnh giai đoạn 2026–2030",
    "label": "150 đến 200 sản phẩm OCOP mới đạt 3 sao trở lên",
}


# --- Who sees which targets


def _scopes_in(area: TargetArea) -> list[tuple[str, str]]:
    """The scopes a page offers for ``area``: the same area its targets are listed or changed in."""
    return scope_options(**asdict(area))


def _target_to_change(actor: User, target_id: int) -> Target:
    """The target ``target_id`` if ``actor`` may change it, else 404."""
    return get_object_or_404(targets_settable_by(actor).select_related("province"), pk=target_id)


# --- The list


@role_required(*OFFICER_ROLES)
@require_safe
def target_list(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    seen = area_visible_to(actor)
    settable = area_settable_by(actor)
    filters = TargetFilterForm(request.GET, scopes=_scopes_in(seen))
    targets = targets_in(seen)
    as_of = today()
    rows: list[dict[str, Any]] = []
    status = 200
    if filters.is_valid():
        as_of = filters.cleaned_data["as_of"] or as_of
        if filters.cleaned_data["scope"]:
            scope = read_scope(filters.cleaned_data["scope"])  # a choice: read before it was offered
            targets = targets.filter(scheme=scope.scheme, province=scope.province)
        # The country first, then each province (current before legacy under one code), as a plan reads.
        ordered = targets.order_by(
            F("province__code").asc(nulls_first=True), "scheme", "date_from", "label", "pk"
        )
        rows = [_row(settable, target, as_of) for target in with_figures(ordered)]
    else:
        status = 400
    context = {
        "filters": filters,
        "rows": rows,
        "as_of": as_of,
        "may_set": actor.role in SETTER_ROLES,
    }
    return render(request, "reports/targets/list.html", context, status=status)


def _row(settable: TargetArea, target: Target, as_of: datetime.date) -> dict[str, Any]:
    return target_card(target, as_of=as_of) | {"may_change": settable.covers(target_scope(target))}


# --- Create, edit, delete


@role_required(*SETTER_ROLES)
@require_http_methods(["GET", "POST"])
def target_create_page(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    return _target_form_page(
        request,
        actor,
        data=request.POST if request.method == "POST" else None,
        initial=None,
        target=None,
        save=lambda definition: target_create(acting_user=actor, definition=definition),
        saved=_("Đã thêm mục tiêu “%(label)s”."),
    )


@role_required(*SETTER_ROLES)
@require_http_methods(["GET", "POST"])
def target_update_page(request: HttpRequest, target_id: int) -> HttpResponse:
    actor = request_actor(request)
    target = _target_to_change(actor, target_id)
    posted = request.method == "POST"
    return _target_form_page(
        request,
        actor,
        data=request.POST if posted else None,
        initial=None if posted else target_text(target),
        target=target,
        save=lambda definition: target_update(acting_user=actor, target=target, definition=definition),
        saved=_("Đã lưu mục tiêu “%(label)s”."),
    )


def _target_form_page(
    request: HttpRequest,
    actor: User,
    *,
    data: QueryDict | None,
    initial: dict[str, str] | None,
    target: Target | None,
    save: Callable[[TargetDefinition], Target],
    saved: str,
) -> HttpResponse:
    """The target form, offering the scopes ``actor`` may set: on a valid post ``save`` (a service, which
    checks the scope again and audits) and back to the list with ``saved`` (``%(label)s``: the saved
    target's); otherwise the form again, with the faults of the check and 400 if it was sent."""
    form = TargetForm(data, initial=initial, actor=actor, scopes=_scopes_in(area_settable_by(actor)))
    if form.is_valid() and form.definition is not None:
        try:
            saved_target = save(form.definition)
        except InvalidTargetError as invalid:
            form.add_faults(invalid)
        else:
            messages.success(request, saved % {"label": saved_target.label})
            return redirect("reports:target_list")
    status = 400 if form.is_bound else 200
    return render(request, "reports/targets/form.html", {"form": form, "target": target}, status=status)


@role_required(*SETTER_ROLES)
@require_http_methods(["GET", "POST"])
def target_delete_page(request: HttpRequest, target_id: int) -> HttpResponse:
    actor = request_actor(request)
    target = _target_to_change(actor, target_id)
    if request.method == "POST":
        label = target.label
        target_delete(acting_user=actor, target=target)
        messages.success(request, _("Đã xóa mục tiêu “%(label)s”.") % {"label": label})
        return redirect("reports:target_list")
    context = {
        "target": target,
        "scope": scope_label(target.scheme, target.province),
        "goal": goal_text(target),
    }
    return render(request, "reports/targets/delete.html", context)


# --- Manual figures


@role_required(*SETTER_ROLES)
@require_http_methods(["GET", "POST"])
def target_figure_page(request: HttpRequest, target_id: int) -> HttpResponse:
    actor = request_actor(request)
    target = _target_to_change(actor, target_id)
    if target.metric != Metric.MANUAL:
        raise Http404  # the registry's figures are computed, never recorded
    posted = request.method == "POST"
    form = FigureForm(request.POST if posted else None, request.FILES if posted else None)
    if form.is_valid():
        try:
            # The file is read and checked before the service opens its transaction.
            upload = form.cleaned_data["evidence_file"]
            checked = private_files.check_upload(upload) if upload else None
        except ValidationError as refused:
            for message in refused.message_dict.get("file", []):
                form.add_error("evidence_file", message)
        else:
            manual_figure_record(
                acting_user=actor,
                target=target,
                as_of=form.cleaned_data["as_of"],
                value=form.cleaned_data["value"],
                evidence=form.cleaned_data["evidence"],
                evidence_file=private_files.store(checked) if checked else None,
            )
            messages.success(request, _("Đã ghi số liệu."))
            return redirect("reports:target_figure", target_id=target.pk)
    figures = [
        (figure, number_text(figure.value))
        for figure in target.manual_figures.select_related("recorded_by").order_by("-as_of", "-id")
    ]
    context = {"target": target, "form": form, "figures": figures, "goal": goal_text(target)}
    return render(request, "reports/targets/figure.html", context, status=400 if form.is_bound else 200)


@require_safe
def target_figure_file(request: HttpRequest, target_id: int, figure_id: int) -> FileResponse:
    """A figure's evidence file, to the officers who see its target; 404 to anyone else: evidence may hold
    personal data, and the API says only that a file exists."""
    actor = acting_user(request.user)
    if actor is None or actor.role not in OFFICER_ROLES:
        raise Http404
    target = get_object_or_404(targets_visible_to(actor), pk=target_id)
    figure = get_object_or_404(
        target.manual_figures.select_related("evidence_file"), pk=figure_id, evidence_file__isnull=False
    )
    file = figure.evidence_file
    if file is None:  # filtered out above; the type checker cannot know
        raise Http404
    name = f"minh-chung-muc-tieu-{target.pk}-{figure.pk}.{_extension(file.content_type)}"
    return private_files.file_response(file, name=name, as_attachment=True)


# --- Import


@role_required(*SETTER_ROLES)
@require_http_methods(["GET", "POST"])
def target_import_page(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    posted = request.method == "POST"
    form = TargetImportForm(request.POST if posted else None, request.FILES if posted else None)
    result: TargetsImportResult | None = None
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            check_size(upload.size)
        except FileRefusedError as refused:
            result = TargetsImportResult(False, [RowError(0, "", refused.message)], [], error_count=1)
        else:
            result = targets_import(
                acting_user=actor,
                file_name=upload.name or "",
                content=upload,
                dry_run=form.cleaned_data["dry_run"],
            )
    context = {
        "form": form,
        "result": result,
        "dry_run": form.is_bound and form.is_valid() and form.cleaned_data["dry_run"],
        "hidden_errors": result.error_count - len(result.errors) if result else 0,
    }
    status = 400 if form.is_bound and (result is None or not result.ok) else 200
    return render(request, "reports/targets/import.html", context, status=status)


@role_required(*SETTER_ROLES)
@require_safe
def target_import_sample(request: HttpRequest) -> HttpResponse:
    """The CSV's header and one example row: a file to fill in."""
    lines = [",".join(COLUMNS), ",".join(_csv_cell(SAMPLE_ROW[column]) for column in COLUMNS)]
    response = HttpResponse("\ufeff" + "\r\n".join(lines) + "\r\n", content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="muc-tieu-mau.csv"'
    return response


def _extension(content_type: str) -> str:
    """ "pdf" for a PDF: the first extension the upload check accepts for the type found in the bytes."""
    return private_files.EXTENSIONS.get(content_type, (".bin",))[0].lstrip(".")


def _csv_cell(text: str) -> str:
    return f'"{text}"' if any(mark in text for mark in ',"\r\n') else text
