"""The upload page's way through an import: check and preview, then write in the background with progress.

1. ``import_batch_prepare`` runs a dry run; when the file is clean it keeps the upload under
   ``VAR_DIR/imports/`` beside a ``validated`` ``ImportBatch`` holding the preview.
2. ``import_batch_start`` moves the batch to ``running`` (once: a second click finds it running) and,
   after the commit, starts ``import_batch_run`` in a thread of its own, so the request returns at once.
3. ``import_batch_run`` imports the kept file as the officer who uploaded it, publishing
   ``(rows_done, rows_total)`` in the shared cache as it writes (its transaction is not visible to others
   until it ends, so the progress cannot live in the batch row), and leaves the batch ``done`` or
   ``failed``.

A thread dies with its process: a batch left ``running`` by a restart stays so, with no progress published;
``import_progress`` reports it as stalled after ``STALLED_AFTER_SECONDS`` without news so the officer can
upload the file again (the import is all-or-nothing, so nothing half-written remains).
"""

import logging
import shutil
import threading
import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction

from ocop.registry.importing.reading import Source, as_file, file_sha256
from ocop.registry.importing.service import ImportResult, recognitions_import
from ocop.registry.importing.transitions import ImportBatchTransitionError, import_batch_transition
from ocop.registry.models import Certificate, ImportBatch, Product

logger = logging.getLogger(__name__)
STALLED_AFTER_SECONDS = 120
PROGRESS_TTL_SECONDS = 3600


def upload_path(batch: ImportBatch) -> Path:
    return Path(settings.VAR_DIR) / "imports" / f"{batch.pk}.upload"


def _progress_key(batch_id: int) -> str:
    return f"registry:import-progress:{batch_id}"


def import_batch_prepare(
    *, acting_user: Any, file_name: str, content: Source
) -> tuple[ImportBatch | None, ImportResult]:
    """Check the file without writing; when it is clean, keep it for ``import_batch_start``.

    ``content`` is read streaming, like the import's: an upload or an open file (or bytes, in tests).
    """
    result = recognitions_import(acting_user=acting_user, file_name=file_name, content=content, dry_run=True)
    if not result.ok:
        return None, result
    batch = import_batch_transition(
        ImportBatch(),
        to=ImportBatch.State.VALIDATED,
        acting_user=acting_user,
        file_name=file_name[:255],
        sha256=file_sha256(content),
        rows_total=result.summary["rows"],
        summary={
            **result.summary,
            "preview": result.preview,
            "normalised": result.normalised,
            "warnings": result.warnings,
        },
    )
    path = upload_path(batch)
    path.parent.mkdir(parents=True, exist_ok=True)
    file = as_file(content)
    file.seek(0)
    with path.open("wb") as kept:
        shutil.copyfileobj(file, kept)
    return batch, result


def import_batch_start(*, acting_user: Any, batch: ImportBatch) -> bool:
    """Start writing a validated batch; ``False`` when it was already started (a second click)."""
    try:
        import_batch_transition(batch, to=ImportBatch.State.RUNNING, acting_user=acting_user, rows_done=0)
    except ImportBatchTransitionError:
        return False
    cache.set(_progress_key(batch.pk), (0, batch.rows_total, time.time()), PROGRESS_TTL_SECONDS)
    transaction.on_commit(lambda: launch(batch.pk))
    return True


def launch(batch_id: int) -> None:
    """Run the import beside the request; the tests replace this to run it in line."""
    threading.Thread(
        target=import_batch_run, args=(batch_id,), name=f"recognitions-import-{batch_id}"
    ).start()


def import_batch_run(batch_id: int) -> None:
    batch = ImportBatch.objects.select_related("acting_user").get(pk=batch_id)
    path = upload_path(batch)
    try:
        with path.open("rb") as content:
            if file_sha256(content) != batch.sha256:
                raise ValueError("the kept upload does not match the file that was checked")

            def publish(done: int, total: int) -> None:
                cache.set(_progress_key(batch_id), (done, total, time.time()), PROGRESS_TTL_SECONDS)

            recognitions_import(
                acting_user=batch.acting_user,
                file_name=batch.file_name,
                content=content,
                progress=publish,
                batch=batch,
            )
    except Exception as error:  # the thread has no one to raise to: the batch records the failure
        logger.exception("recognitions import %s failed", batch_id)
        batch.refresh_from_db()
        try:
            import_batch_transition(  # by the platform: the uploader may have lost the right meanwhile
                batch,
                to=ImportBatch.State.FAILED,
                acting_user=None,
                errors=[{"line": 0, "column": "", "message": f"lỗi khi nhập (import failed): {error}"}],
            )
        except ImportBatchTransitionError:  # it had already ended: the failure came after
            logger.exception("recognitions import %s: could not be marked failed", batch_id)
    finally:
        path.unlink(missing_ok=True)
        cache.delete(_progress_key(batch_id))
        if threading.current_thread() is not threading.main_thread():
            connection.close()  # the thread's own connection, opened for this run


def products_written_by(batch: ImportBatch, *, limit: int = 10) -> list[Product]:
    """The first products (by id) the batch created or changed, itself or through their certificates.

    Two index lookups on ``import_batch``, each of at most ``limit`` ids, instead of one join with an OR.
    """
    own = Product.objects.filter(import_batch=batch).order_by("pk").values_list("pk", flat=True)[:limit]
    certified = (
        Certificate.objects.filter(import_batch=batch)
        .order_by("product_id")
        .values_list("product_id", flat=True)
        .distinct()[:limit]
    )
    first = sorted({*own, *certified})[:limit]
    return list(Product.objects.filter(pk__in=first).order_by("pk"))


def import_progress(batch: ImportBatch) -> dict[str, Any]:
    """What the progress fragment shows: rows written so far, and whether the run seems to have died."""
    if batch.state != ImportBatch.State.RUNNING:
        return {"done": batch.rows_done, "total": batch.rows_total, "stalled": False}
    published = cache.get(_progress_key(batch.pk))
    if published is None:
        stalled = (time.time() - batch.updated_at.timestamp()) > STALLED_AFTER_SECONDS
        return {"done": 0, "total": batch.rows_total, "stalled": stalled}
    done, total, at = published
    return {"done": done, "total": total, "stalled": time.time() - at > STALLED_AFTER_SECONDS}
