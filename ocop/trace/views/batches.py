"""Batches (lô) under /truy-xuat/: the products and batches a user sees, creating and editing a batch, its
page with the runs of stamps, and asking for stamps ("Phát hành tem").

Every page loads its product or batch through ``ocop.trace.access`` (out of scope: 404; read-only users
get 404 on the pages that change something). A service's ``PermissionDenied`` is a 404 too; refusals with
a reason re-render the form with the message, status 400.
"""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from ocop.accounts.access import request_actor, role_required
from ocop.accounts.models import Role
from ocop.core.text import grouped
from ocop.trace import alerts, jobs, selectors, services
from ocop.trace.access import (
    TRACE_ROLES,
    access_batch_by_id,
    access_product_by_id,
    manageable_product_ids,
)
from ocop.trace.forms import BatchForm, IssueForm, ReceiveForm, ShipmentForm
from ocop.trace.models import Batch


@require_safe
@role_required(*TRACE_ROLES)
def home(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    query = request.GET.get("q", "")[:100]
    found = selectors.products_with_batches(actor, query=query)
    return render(
        request,
        "trace/home.html",
        {
            "products": found.products,
            "truncated": found.truncated,
            "query": query,
            "is_producer": actor.role == Role.PRODUCER,
            "manageable": manageable_product_ids(actor, found.products),
            # The counterfeit alerts waiting for someone, linked from here rather than a menu of their own.
            "open_alerts": alerts.alerts_visible(actor).filter(resolved_at__isnull=True).count()
            if alerts.may_see_alerts(actor)
            else None,
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
@role_required(*TRACE_ROLES)
def batch_create(request: HttpRequest, product_id: int) -> HttpResponse:
    product = access_product_by_id(request.user, product_id, for_manage=True)
    form = BatchForm(request.POST or None, initial={"produced_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            batch = services.batch_create(acting_user=request.user, product=product, **form.cleaned_data)
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Đã tạo lô %(lot)s.") % {"lot": batch.lot})
            return redirect("trace:batch_detail", batch_id=batch.pk)
    return render(
        request,
        "trace/batch_form.html",
        {"product": product, "form": form, "batch": None},
        status=400 if form.is_bound else 200,
    )


@require_http_methods(["GET", "HEAD", "POST"])
@role_required(*TRACE_ROLES)
def batch_update(request: HttpRequest, batch_id: int) -> HttpResponse:
    batch = access_batch_by_id(request.user, batch_id, for_manage=True)
    form = BatchForm(request.POST or None, initial=BatchForm.initial_of(batch))
    if request.method == "POST" and form.is_valid():
        try:
            services.batch_update(acting_user=request.user, batch=batch, **form.cleaned_data)
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Đã lưu lô %(lot)s.") % {"lot": form.cleaned_data["lot"]})
            return redirect("trace:batch_detail", batch_id=batch.pk)
    return render(
        request,
        "trace/batch_form.html",
        {"product": batch.product, "form": form, "batch": batch},
        status=400 if form.is_bound else 200,
    )


def batch_page_context(request: HttpRequest, batch: Batch, **extra: Any) -> dict[str, Any]:
    may_manage = services.may_manage_batches(request.user, batch.product)
    warning = services.certificate_warning(batch.product, timezone.localdate())
    runs = list(selectors.batch_runs(batch))
    for run in runs:
        run.warning_text = services.warning_message(run.overridden_warning)  # type: ignore[attr-defined]
    context: dict[str, Any] = {
        "batch": batch,
        "product": batch.product,
        "runs": runs,
        "pending_jobs": selectors.batch_pending_jobs(batch) if may_manage else [],
        "may_manage": may_manage,
        "warning": warning,
        "warning_message": services.warning_message(warning) if warning else "",
        "issue_form": IssueForm(initial={"count": 24}) if may_manage else None,
        "max_stamps": grouped(services.MAX_STAMPS_PER_RUN),
        "shipment_form": ShipmentForm(initial=_now_initial("shipped")) if may_manage else None,
        "shipment_form_open": False,
    }
    receive_forms: dict[int, ReceiveForm] = extra.pop("receive_forms", {})
    shipments = list(selectors.batch_shipments(batch))
    for shipment in shipments:
        if may_manage and shipment.received_at is None:
            shipment.receive_form = receive_forms.get(  # type: ignore[attr-defined]
                shipment.pk,
                ReceiveForm(
                    prefix=f"receive-{shipment.pk}",
                    initial={**_now_initial("received"), "received_quantity": shipment.quantity},
                ),
            )
    context["shipments"] = shipments
    context.update(extra)
    return context


def _now_initial(prefix: str) -> dict[str, Any]:
    now = timezone.localtime()
    return {f"{prefix}_on": now.date(), f"{prefix}_time": now.time().replace(second=0, microsecond=0)}


@require_safe
@role_required(*TRACE_ROLES)
def batch_detail(request: HttpRequest, batch_id: int) -> HttpResponse:
    batch = access_batch_by_id(request.user, batch_id)
    return render(request, "trace/batch_detail.html", batch_page_context(request, batch))


@require_POST
@role_required(*TRACE_ROLES)
def stamps_issue(request: HttpRequest, batch_id: int) -> HttpResponse:
    """ "Phát hành tem": without a valid certificate today, only with "Tôi vẫn phát hành" ticked."""
    batch = access_batch_by_id(request.user, batch_id, for_manage=True)
    form = IssueForm(request.POST)
    if form.is_valid():
        try:
            job = services.sheet_job_create(
                acting_user=request.user,
                batch=batch,
                count=form.cleaned_data["count"],
                force=form.cleaned_data["insist"],
                label_size=form.cleaned_data["label_size"],
                sheet_format=form.cleaned_data["sheet_format"],
            )
        except PermissionDenied:
            raise Http404 from None
        except services.CertificateWarningError as warning:
            form.add_error(
                "insist",
                _("%(warning)s Đánh dấu “Tôi vẫn phát hành” nếu vẫn muốn phát hành tem.")
                % {"warning": warning.messages[0]},
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            # After the job's row is committed: a thread sees only committed rows.
            jobs.start(job)
            return redirect("trace:sheet_job", job_id=job.pk)
    context = batch_page_context(request, batch, issue_form=form)
    return render(request, "trace/batch_detail.html", context, status=400)
