"""Sheet jobs (``SheetJob``): issue a run of stamps and draw its printable sheet, away from the request.

The platform has no task queue, so a job runs in a thread of the web process, started once the request's
transaction has committed (a thread has its own connection and sees only committed rows). A small job
(``SYNCHRONOUS_LIMIT`` stamps or fewer: a second or two) runs in the request itself.

Whoever runs a job first claims it with one conditional UPDATE (queued → running), so the web process and
``manage.py build_stamp_sheets`` never run the same job twice. A server restarted mid-job leaves it
"running" with no thread behind it: ``recover_stale`` marks it failed, and its owner may retry it —
at once when the process that ran it is known to be gone (same host, its pid no longer alive, or this
process with no thread for it), else after ``STALE_AFTER`` without a sign of life.

Progress: while issuing, the run's transaction is open and nothing it writes is visible, so the bar says
"issuing" without a number; while drawing, ``sheet_pdf`` reports each page and the job row is updated at
most once a second.
"""

import datetime
import io
import logging
import os
import secrets
import socket
import threading
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from ocop.trace import services
from ocop.trace.models import Batch, SheetFormat, SheetJob, SheetJobState, StampRun
from ocop.trace.sheets import LABEL_SIZES, Label, LabelTooSmallError, sheet_pdf, sheet_svg
from ocop.trace.sheets import LABELS_PER_CHUNK as SVG_LABELS_PER_CHUNK

logger = logging.getLogger(__name__)

SYNCHRONOUS_LIMIT = 500
# Issuing five million stamps on SQLite writes for minutes without a visible heartbeat.
STALE_AFTER = datetime.timedelta(minutes=20)
PROGRESS_INTERVAL_SECONDS = 1.0
SHEETS_DIRECTORY = "stamp-sheets"

# The thread running each job in this process (an inline run included): a job "running" under this
# process's name with no live thread here was cut short.
_running: dict[int, threading.Thread] = {}
_running_lock = threading.Lock()


def runner_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def start(job: SheetJob) -> None:
    """Run ``job`` now if it is small, else in a thread once the current transaction commits."""
    if job.count <= SYNCHRONOUS_LIMIT:
        run(job.pk)
    else:
        transaction.on_commit(lambda: start_thread(job.pk))


def start_thread(job_id: int) -> threading.Thread:
    thread = threading.Thread(target=_run_in_thread, args=(job_id,), name=f"sheet-job-{job_id}", daemon=True)
    thread.start()
    return thread


def _run_in_thread(job_id: int) -> None:
    try:
        run(job_id)
    finally:
        connection.close()


def run(job_id: int) -> bool:
    """Claim ``job_id`` if it is queued and run it to done or failed; ``False`` when it was not queued."""
    now = timezone.now()
    claimed = SheetJob.objects.filter(pk=job_id, state=SheetJobState.QUEUED).update(
        state=SheetJobState.RUNNING, started_at=now, heartbeat_at=now, runner=runner_name(), done=0
    )
    if not claimed:
        return False
    with _running_lock:
        _running[job_id] = threading.current_thread()
    try:
        _run_claimed(SheetJob.objects.select_related("batch", "created_by").get(pk=job_id))
    finally:
        with _running_lock:
            _running.pop(job_id, None)
    return True


def _run_claimed(job: SheetJob) -> None:
    try:
        run = job.run
        if run is None:
            _update(job, phase="issuing", done=0, total=job.count)
            # The run and the job's link to it commit together: a job never loses a run it issued, so a
            # retry never issues twice.
            with transaction.atomic():
                run = services.stamps_issue(
                    acting_user=job.created_by, batch=job.batch, count=job.count, force=job.insisted
                )
                SheetJob.objects.filter(pk=job.pk).update(run=run)
        _update(job, phase="drawing", done=0, total=run.count)
        path = _draw(job, run)
    except services.CertificateWarningError as error:
        _fail(job, " ".join(error.messages) + " " + _("Hãy yêu cầu lại và đánh dấu “Tôi vẫn phát hành”."))
    except ValidationError as error:
        _fail(job, " ".join(error.messages))
    except PermissionDenied:
        _fail(job, _("Người yêu cầu không còn quyền phát hành tem cho sản phẩm này."))
    except LabelTooSmallError:
        _fail(job, _("Khổ nhãn này quá nhỏ cho mã QR của tem: hãy chọn khổ lớn hơn."))
    except Exception:
        logger.exception("sheet job %s failed", job.pk)
        _fail(job, _("Có lỗi khi làm tệp tem. Hãy thử lại; nếu vẫn lỗi, hãy báo quản trị viên."))
    else:
        now = timezone.now()
        SheetJob.objects.filter(pk=job.pk).update(
            state=SheetJobState.DONE,
            file_path=path,
            done=run.count,
            total=run.count,
            heartbeat_at=now,
            finished_at=now,
        )


def _update(job: SheetJob, **fields: object) -> None:
    SheetJob.objects.filter(pk=job.pk).update(heartbeat_at=timezone.now(), **fields)


def _fail(job: SheetJob, message: str) -> None:
    now = timezone.now()
    SheetJob.objects.filter(pk=job.pk).update(
        state=SheetJobState.FAILED, error=message, heartbeat_at=now, finished_at=now
    )


def _progress(job: SheetJob) -> Callable[[int, int], None]:
    last = 0.0

    def report(done: int, total: int) -> None:
        nonlocal last
        moment = time.monotonic()
        if moment - last >= PROGRESS_INTERVAL_SECONDS or done == total:
            last = moment
            _update(job, done=done, total=total)

    return report


def labels_of(run: StampRun) -> list[Label]:
    """The labels of ``run``'s stamps in the order they were issued: the product and certificate in one
    query, the URIs (whose last segment is the serial) from ``services.stamp_uris``."""
    lot, name, stars, potential = (
        Batch.objects.filter(pk=run.batch_id)
        .values_list(
            "lot",
            "product__name",
            "product__latest_certificate__stars",
            "product__latest_certificate__potential_five_star",
        )
        .get()
    )
    return [
        Label(
            uri=uri,
            product_name=name,
            stars=stars or 0,
            potential_five_star=bool(potential),
            lot=lot,
            serial=uri.rsplit("/", 1)[1],
        )
        for uri in services.stamp_uris(run)
    ]


def _draw(job: SheetJob, run: StampRun) -> str:
    """Draw and store the sheet; returns its path under ``PRIVATE_FILES_ROOT``."""
    size = LABEL_SIZES[job.label_size]
    report = _progress(job)
    if job.format == SheetFormat.URIS:
        return _uri_file(job, run, report)
    labels = labels_of(run)
    if job.format == SheetFormat.PDF:
        data, extension = sheet_pdf(labels, size, report), "pdf"
    else:
        pages: list[str] = []
        report(0, len(labels))
        step = max(1, SVG_LABELS_PER_CHUNK // size.labels_per_page) * size.labels_per_page
        for start_at in range(0, len(labels), step):
            pages += sheet_svg(labels[start_at : start_at + step], size)
            report(min(start_at + step, len(labels)), len(labels))
        data, extension = _svg_file(pages)
    relative, target = _new_file(job, extension)
    partial = target.with_name(target.name + ".partial")
    partial.write_bytes(data)
    partial.replace(target)
    return relative


def _new_file(job: SheetJob, extension: str) -> tuple[str, Path]:
    relative = f"{SHEETS_DIRECTORY}/{job.pk}-{secrets.token_hex(8)}.{extension}"
    target = Path(settings.PRIVATE_FILES_ROOT) / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    return relative, target


def _uri_file(job: SheetJob, run: StampRun, report: Callable[[int, int], None]) -> str:
    """The run's URI file, one URI a line as ``issue_stamps`` writes it, streamed from the database in
    chunks: a run of millions never sits in memory."""
    relative, target = _new_file(job, "txt")
    partial = target.with_name(target.name + ".partial")
    report(0, run.count)
    with partial.open("w", encoding="utf-8", newline="\n") as file:
        services.stamp_uris_write(run, file, progress=lambda written: report(written, run.count))
    partial.replace(target)
    return relative


def _svg_file(pages: list[str]) -> tuple[bytes, str]:
    """One SVG for one page, else a ZIP of the pages numbered in order."""
    if len(pages) == 1:
        return pages[0].encode(), "svg"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for number, page in enumerate(pages, start=1):
            archive.writestr(f"trang-{number:04d}.svg", page)
    return buffer.getvalue(), "zip"


def path_of(job: SheetJob) -> Path | None:
    if job.state != SheetJobState.DONE or not job.file_path:
        return None
    return Path(settings.PRIVATE_FILES_ROOT) / job.file_path


# --- Recovery after a restart


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _is_gone(job: SheetJob, now: datetime.datetime) -> bool:
    if job.heartbeat_at is None or now - job.heartbeat_at > STALE_AFTER:
        return True
    host, _separator, pid = job.runner.rpartition(":")
    if host != socket.gethostname() or not pid.isdigit():
        return False  # another machine's job: only the timeout tells
    if int(pid) == os.getpid():
        with _running_lock:
            thread = _running.get(job.pk)
        return thread is None or not thread.is_alive()
    return not _process_alive(int(pid))


def recover_stale(jobs: QuerySet[SheetJob] | None = None) -> int:
    """Mark failed the running jobs (of ``jobs``, else all) whose runner is gone; how many were."""
    now = timezone.now()
    candidates = (jobs if jobs is not None else SheetJob.objects.all()).filter(state=SheetJobState.RUNNING)
    recovered = 0
    for job in candidates:
        if not _is_gone(job, now):
            continue
        # Conditional: a runner that reported progress in the meantime is alive after all.
        recovered += SheetJob.objects.filter(
            pk=job.pk, state=SheetJobState.RUNNING, heartbeat_at=job.heartbeat_at
        ).update(
            state=SheetJobState.FAILED,
            error=_("Việc làm tệp tem bị dừng giữa chừng (máy chủ khởi động lại). Hãy bấm “Làm lại”."),
            finished_at=now,
        )
    return recovered
