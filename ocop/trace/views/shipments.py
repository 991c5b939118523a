"""Shipments of a batch on its page: "Ghi chuyến xuất hàng" and "Ghi nhận đã đến", for those who manage the
batch (others: 404). A refusal re-renders the batch's page with the form and its messages, status 400."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ocop.accounts.access import role_required
from ocop.trace import shipments
from ocop.trace.access import TRACE_ROLES, access_batch_by_id
from ocop.trace.forms import ReceiveForm, ShipmentForm
from ocop.trace.views.batches import batch_page_context


@require_POST
@role_required(*TRACE_ROLES)
def shipment_create(request: HttpRequest, batch_id: int) -> HttpResponse:
    batch = access_batch_by_id(request.user, batch_id, for_manage=True)
    form = ShipmentForm(request.POST)
    if form.is_valid():
        try:
            shipment = shipments.shipment_record(acting_user=request.user, batch=batch, **form.cleaned_data)
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as error:
            _add_errors(form, error, moment_field="shipped_on")
        else:
            messages.success(
                request,
                _("Đã ghi chuyến xuất %(quantity)s %(unit)s đến %(destination)s.")
                % {
                    "quantity": shipment.quantity,
                    "unit": batch.unit,
                    "destination": shipment.destination_name,
                },
            )
            return redirect(f"{batch_page(batch.pk)}#shipments-heading")
    context = batch_page_context(request, batch, shipment_form=form, shipment_form_open=True)
    return render(request, "trace/batch_detail.html", context, status=400)


@require_POST
@role_required(*TRACE_ROLES)
def shipment_receive(request: HttpRequest, batch_id: int, shipment_id: int) -> HttpResponse:
    batch = access_batch_by_id(request.user, batch_id, for_manage=True)
    shipment = get_object_or_404(batch.shipments, pk=shipment_id)
    form = ReceiveForm(request.POST, prefix=f"receive-{shipment.pk}")
    if form.is_valid():
        try:
            shipments.shipment_receive(acting_user=request.user, shipment=shipment, **form.cleaned_data)
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as error:
            _add_errors(form, error, moment_field="received_on")
        else:
            messages.success(
                request,
                _("Đã ghi nhận hàng đến %(destination)s.") % {"destination": shipment.destination_name},
            )
            return redirect(f"{batch_page(batch.pk)}#shipments-heading")
    context = batch_page_context(request, batch, receive_forms={shipment.pk: form})
    return render(request, "trace/batch_detail.html", context, status=400)


def batch_page(batch_id: int) -> str:
    return reverse("trace:batch_detail", kwargs={"batch_id": batch_id})


def _add_errors(form: ShipmentForm | ReceiveForm, error: ValidationError, *, moment_field: str) -> None:
    """The service's messages on the form's fields; the moment's on the day the user typed."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        target = moment_field if field in ("shipped_at", "received_at") else field
        form.add_error(target if target in form.fields else None, errors)
