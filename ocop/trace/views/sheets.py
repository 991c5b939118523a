"""A sheet job's page (its progress bar, polled by htmx, with a plain refresh link without JavaScript), the
download of its file, a retry, and drawing the sheet of an issued run again.

Only those who manage the batch see any of it (``access.access_sheet_job_by_id``): the file is as good as
the stamps themselves.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from ocop.accounts.access import role_required
from ocop.core.htmx import is_htmx
from ocop.trace import jobs, services
from ocop.trace.access import TRACE_ROLES, access_run_by_id, access_sheet_job_by_id
from ocop.trace.forms import SheetForm
from ocop.trace.models import SheetJob, SheetJobState

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "svg": "image/svg+xml",
    "zip": "application/zip",
    "txt": "text/plain; charset=utf-8",
}
POLL_SECONDS = 2


@require_safe
@role_required(*TRACE_ROLES)
def sheet_job(request: HttpRequest, job_id: int) -> HttpResponse:
    job = access_sheet_job_by_id(request.user, job_id)
    if job.state == SheetJobState.RUNNING and jobs.recover_stale(SheetJob.objects.filter(pk=job.pk)):
        job = access_sheet_job_by_id(request.user, job_id)
    context = {
        "job": job,
        "batch": job.batch,
        "working": job.state in (SheetJobState.QUEUED, SheetJobState.RUNNING),
        "poll_seconds": POLL_SECONDS,
    }
    template = "trace/sheet_job.html#progress" if is_htmx(request) else "trace/sheet_job.html"
    return render(request, template, context)


@require_safe
def sheet_download(request: HttpRequest, job_id: int) -> FileResponse:
    """The file, to those who manage the batch only: anyone else, signed in or not, gets 404 (like a
    dossier's evidence; a file link is not a page to sign in for)."""
    job = access_sheet_job_by_id(request.user, job_id)
    path = jobs.path_of(job)
    if path is None or not path.exists():
        raise Http404
    extension = path.suffix.lstrip(".")
    response = FileResponse(
        path.open("rb"),
        content_type=CONTENT_TYPES[extension],
        as_attachment=True,
        filename=f"tem-{job.batch.lot}-dot-{job.run_id}.{extension}",
    )
    response["X-Content-Type-Options"] = "nosniff"
    # Nothing between the server and the user keeps a copy of stamps anyone could print again.
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
@role_required(*TRACE_ROLES)
def sheet_retry(request: HttpRequest, job_id: int) -> HttpResponse:
    job = access_sheet_job_by_id(request.user, job_id)
    try:
        job = services.sheet_job_retry(acting_user=request.user, job=job)
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        jobs.start(job)
    return redirect("trace:sheet_job", job_id=job.pk)


@require_POST
@role_required(*TRACE_ROLES)
def sheet_redraw(request: HttpRequest, run_id: int) -> HttpResponse:
    """The sheet of an issued run again, in the size and format chosen: no new stamps."""
    run = access_run_by_id(request.user, run_id)
    form = SheetForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Hãy chọn khổ nhãn và định dạng tệp."))
        return redirect("trace:batch_detail", batch_id=run.batch_id)
    try:
        job = services.sheet_job_for_run(
            acting_user=request.user,
            run=run,
            label_size=form.cleaned_data["label_size"],
            sheet_format=form.cleaned_data["sheet_format"],
        )
    except PermissionDenied:
        raise Http404 from None
    jobs.start(job)
    return redirect("trace:sheet_job", job_id=job.pk)
