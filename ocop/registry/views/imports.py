"""Recognitions in and out for officials: the upload page with preview and progress, and the export.

Central and province officers only; everyone else gets 404 (anonymous users go to sign in). A batch is
seen by the officer who uploaded it and by central officers, and started only by its uploader, since the
import runs in their name and scope.
"""

import io

from django import forms
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ocop.accounts.access import Actor, request_actor, role_required
from ocop.accounts.models import Role
from ocop.core.htmx import is_htmx
from ocop.registry.access import import_batches_in_scope
from ocop.registry.exporting import (
    recognitions_export,
    write_recognitions_csv,
    write_recognitions_xlsx,
)
from ocop.registry.forms import ProductFilterForm
from ocop.registry.importing import ImportResult, RowError
from ocop.registry.importing.batches import (
    import_batch_prepare,
    import_batch_start,
    import_progress,
    products_written_by,
)
from ocop.registry.importing.reading import MAX_FILE_BYTES, FileRefusedError, check_size
from ocop.registry.models import ImportBatch
from ocop.registry.selectors import product_list_for_officials

IMPORTER_ROLES = (Role.CENTRAL_OFFICER, Role.PROVINCE_OFFICER)
BATCHES_PER_PAGE = 50
PREVIEW_KINDS = {"producers": _("Chủ thể"), "products": _("Sản phẩm"), "certificates": _("Giấy chứng nhận")}
EXPORT_FORMATS = {
    "csv": (write_recognitions_csv, "text/csv; charset=utf-8"),
    "xlsx": (
        write_recognitions_xlsx,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
}


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Tệp kết quả công nhận (CSV hoặc XLSX)"),
        help_text=_("Tối đa %(size)d MB, theo định dạng đã công bố.")
        % {"size": MAX_FILE_BYTES // 1024 // 1024},
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,text/csv"}),
    )


def _access_batch(actor: Actor, batch_id: int, *, to_start: bool = False) -> ImportBatch:
    """The batch if ``actor`` may look at it (and, ``to_start``, uploaded it); else 404."""
    batch = get_object_or_404(import_batches_in_scope(actor).select_related("acting_user"), pk=batch_id)
    if to_start and batch.acting_user_id != actor.pk:
        raise Http404
    return batch


@role_required(*IMPORTER_ROLES)
@require_http_methods(["GET", "POST"])
def import_new(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    form = UploadForm(request.POST, request.FILES) if request.method == "POST" else UploadForm()
    result: ImportResult | None = None
    if form.is_bound and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            check_size(upload.size)
        except FileRefusedError as refused:
            result = ImportResult(False, [RowError(0, "", refused.message)], [], {}, error_count=1)
        else:
            batch, result = import_batch_prepare(acting_user=actor, file_name=upload.name, content=upload)
            if batch is not None:
                return redirect("registry:import_detail", batch_id=batch.pk)
    context = {
        "form": form,
        "result": result,
        "hidden_errors": result.error_count - len(result.errors) if result else 0,
        "recent": ImportBatch.objects.filter(acting_user=actor).select_related("acting_user")[:10],
    }
    status = 422 if result is not None or form.errors else 200
    return render(request, "registry/import_new.html", context, status=status)


@role_required(*IMPORTER_ROLES)
@require_GET
def import_list(request: HttpRequest) -> HttpResponse:
    """The import batches the officer may look at, newest first: their own, or all for central officers."""
    actor = request_actor(request)
    batches = import_batches_in_scope(actor).select_related("acting_user").order_by("-created_at", "-pk")
    page = Paginator(batches, BATCHES_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "registry/import_list.html", {"page": page})


@role_required(*IMPORTER_ROLES)
@require_GET
def import_detail(request: HttpRequest, batch_id: int) -> HttpResponse:
    """The batch's page; for htmx, only its progress, polled while the import runs."""
    actor = request_actor(request)
    batch = _access_batch(actor, batch_id)
    summary = batch.summary or {}
    preview = summary.get("preview", {})
    context = {
        "batch": batch,
        "progress": import_progress(batch),
        "preview_sections": [
            {"label": label, **preview.get(kind, {})} for kind, label in PREVIEW_KINDS.items()
        ],
        "warnings": summary.get("warnings", []),
        "normalised": summary.get("normalised", []),
        "written_products": products_written_by(batch) if batch.state == ImportBatch.State.DONE else [],
        "hidden_errors": summary.get("error_count", 0) - len(batch.errors or []),
        "can_start": batch.state == ImportBatch.State.VALIDATED and batch.acting_user_id == actor.pk,
    }
    template = "registry/import_detail.html#progress" if is_htmx(request) else "registry/import_detail.html"
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


@role_required(*IMPORTER_ROLES)
@require_POST
def import_start(request: HttpRequest, batch_id: int) -> HttpResponse:
    actor = request_actor(request)
    batch = _access_batch(actor, batch_id, to_start=True)
    import_batch_start(acting_user=actor, batch=batch)  # a second click finds it running: nothing to do
    return redirect("registry:import_detail", batch_id=batch.pk)


@role_required(*IMPORTER_ROLES)
@require_GET
def export(request: HttpRequest, file_format: str) -> HttpResponse:
    """The recognitions of the products the officer's list shows, in the import format.

    The list's own filters, checked by its form and applied by its selector, so the file holds what the
    screen showed (unit, status today, product set, import batch included). A filter the list would show
    with an error is refused here: a file with more than was asked for is worse than none.
    """
    actor = request_actor(request)
    filters = ProductFilterForm(request.GET, actor=actor)
    if not filters.is_valid():
        refused = "; ".join(
            f"{name}: {' '.join(map(str, errors))}" for name, errors in filters.errors.items()
        )
        return HttpResponseBadRequest(refused, content_type="text/plain; charset=utf-8")
    listing = product_list_for_officials(
        actor=actor, filters=filters.as_filters(), today=timezone.localdate()
    )
    products = listing.products
    writer, content_type = EXPORT_FORMATS[file_format]
    buffer = io.BytesIO()
    writer(recognitions_export(products), buffer)
    response = HttpResponse(buffer.getvalue(), content_type=content_type)
    day = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="ocop-recognitions-{day}.{file_format}"'
    return response
