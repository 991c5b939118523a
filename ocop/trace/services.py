"""Batches and the issuing of stamps: who may, what is checked, what is recorded.

Issuing for a product without a valid OCOP certificate today is refused with the status in words unless
the issuer insists (``force``): the run then records the warning it overrode and who overrode it, and the
audit event says so. The stamps of a run are written in one statement per chunk (``_insert_stamps``), not
as model instances: a million stamps is a printer's ordinary order.
"""

import contextlib
import datetime
import itertools
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TextIO

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ocop.accounts import access as accounts_access
from ocop.accounts.access import Actor
from ocop.core.services import audit_record
from ocop.core.text import grouped
from ocop.registry import status
from ocop.registry.access import can_change_product
from ocop.registry.models import Certificate, Product
from ocop.trace import links
from ocop.trace.models import Batch, SheetFormat, SheetJob, SheetJobState, Stamp, StampRun
from ocop.trace.sheets import LABEL_SIZES

MAX_STAMPS_PER_RUN = 5_000_000
# A drawn sheet is held whole while it is written (a 10,000-label PDF is 6 MB, drawn in about 10 s): above
# this many labels a run goes to the printer as its URI file, written as it is read.
MAX_DRAWN_LABELS = 100_000
_CHUNK = 50_000
BULK_PAGE_CACHE_KIB = 1024 * 1024


def may_manage_batches(user: Actor, product: Product) -> bool:
    """The producer's own members, and the officers who may change the product (an officer issues for a
    producer who cannot)."""
    actor = accounts_access.acting_user(user)
    if actor is None:
        return False
    return product.producer.members.filter(pk=actor.pk).exists() or can_change_product(actor, product)


def _check_actor(acting_user: Actor | None, product: Product) -> None:
    """``None`` is the command line of the platform's operator (``issue_stamps``)."""
    if acting_user is not None and not may_manage_batches(acting_user, product):
        raise PermissionDenied


@transaction.atomic
def batch_create(
    *,
    acting_user: Actor | None,
    product: Product,
    lot: str,
    produced_on: datetime.date,
    **fields: Any,
) -> Batch:
    _check_actor(acting_user, product)
    batch = Batch(product=product, lot=lot.strip(), produced_on=produced_on, **fields)
    batch.created_by = accounts_access.acting_user(acting_user) if acting_user is not None else None
    _check_lot(batch.lot)
    if batch.expires_on is not None and batch.expires_on < batch.produced_on:
        raise ValidationError({"expires_on": _("Hạn sử dụng không được trước ngày sản xuất.")})
    if Batch.objects.filter(product=product, lot=batch.lot).exists():
        raise ValidationError({"lot": _("Sản phẩm này đã có lô %(lot)s.") % {"lot": batch.lot}})
    batch.full_clean()
    batch.save()
    audit_record(
        actor=acting_user,
        action="batch.create",
        target=batch,
        province_code=product.province_code,
        details={"product": product.pk, "lot": batch.lot, "produced_on": produced_on.isoformat()},
    )
    return batch


def _check_lot(lot: str) -> None:
    if not lot:
        raise ValidationError({"lot": _("Hãy ghi số lô.")})
    if len(lot) > links.LOT_MAX_LENGTH:
        raise ValidationError(
            {"lot": _("Số lô dài tối đa %(limit)s ký tự (GS1 AI 10).") % {"limit": links.LOT_MAX_LENGTH}}
        )
    if any(not character.isprintable() or character in "/\\" for character in lot):
        raise ValidationError({"lot": _("Số lô chỉ gồm chữ, số và dấu, không có “/” hay ký tự điều khiển.")})


def certificate_warning(product: Product, day: datetime.date) -> str:
    """Empty when ``product`` has a valid certificate on ``day``; else its status (``expired``, ``revoked``,
    ``no_certificate``) by the registry's rule, which is what issuing warns about."""
    certificate: Certificate | None = product.latest_certificate
    if certificate is None:
        return "no_certificate"
    found = status.certificate_status(
        decision_date=certificate.decision_date,
        valid_until=certificate.valid_until,
        revoked_on=certificate.revoked_on,
        day=day,
    )
    return "" if found == status.CertificateStatus.VALID else str(found)


class CertificateWarningError(ValidationError):
    """Issuing was refused: the product has no valid certificate today; ``status`` says which."""

    def __init__(self, warning: str) -> None:
        self.status = warning
        super().__init__(warning_message(warning), code="certificate_warning")


def warning_message(warning: str) -> str:
    messages = {
        "no_certificate": _("Sản phẩm chưa có giấy chứng nhận OCOP."),
        "expired": _("Giấy chứng nhận OCOP của sản phẩm đã hết hạn."),
        "revoked": _("Giấy chứng nhận OCOP của sản phẩm đã bị thu hồi."),
    }
    return messages.get(warning, warning)


def stamps_issue(
    *,
    acting_user: Actor | None,
    batch: Batch,
    count: int,
    force: bool = False,
    progress: Callable[[int, int], None] | None = None,
    serials: Sequence[str] | None = None,
) -> StampRun:
    """Issue ``count`` stamps of ``batch`` in one transaction: all of them or none.

    ``serials``: the demo's own (``ocop.trace.demo``), so that the README can list stamps to try; every
    other caller leaves them to ``links.new_serial``."""
    product = Product.objects.select_related("producer", "latest_certificate").get(pk=batch.product_id)
    _check_actor(acting_user, product)
    warning = issue_check(product=product, count=count, force=force)
    for attempt in itertools.count():
        try:
            with transaction.atomic():
                return _issue(acting_user, batch, product, count, warning, progress, serials)
        except IntegrityError:
            # Two equal 72-bit serials: about once in 10^8 runs of a million; a new draw is the answer.
            if attempt >= 2:
                raise
    raise AssertionError("unreachable")


def _issue(
    acting_user: Actor | None,
    batch: Batch,
    product: Product,
    count: int,
    warning: str,
    progress: Callable[[int, int], None] | None,
    serials: Sequence[str] | None = None,
) -> StampRun:
    actor = accounts_access.acting_user(acting_user) if acting_user is not None else None
    run = StampRun.objects.create(batch=batch, count=count, issued_by=actor, overridden_warning=warning)
    done = 0
    with _page_cache_for_bulk_writes():
        if serials is not None:
            if len(serials) != count:
                raise ValueError(f"{len(serials)} serials for {count} stamps")
            _insert_stamps(run, list(serials))
        for chunk in _chunks(count if serials is None else 0):
            _insert_stamps(run, links.new_serials(chunk))
            done += chunk
            if progress is not None:
                progress(done, count)
    audit_record(
        actor=acting_user,
        action="stamps.issue",
        target=run,
        province_code=product.province_code,
        details={"batch": batch.pk, "lot": batch.lot, "count": count, "overridden_warning": warning},
    )
    return run


def _chunks(count: int) -> Iterator[int]:
    while count > 0:
        yield min(count, _CHUNK)
        count -= _CHUNK


@contextlib.contextmanager
def _page_cache_for_bulk_writes() -> Iterator[None]:
    """On SQLite, a page cache of up to 1 GiB while a run is written, the usual one after.

    Every stamp goes into the unique index of serials at a random place: with ten million stamps that
    index is a few hundred megabytes, and in the usual 64 MiB cache most inserts read their page again.
    300,000 stamps into ten million (load 3): 5.3 s of CPU, 3.3 s so. SQLite takes the memory as it uses
    it and gives it back when the size is set down again.
    """
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        (usual,) = cursor.fetchone()
        cursor.execute(f"PRAGMA cache_size = {-BULK_PAGE_CACHE_KIB}")
        try:
            yield
        finally:
            cursor.execute(f"PRAGMA cache_size = {int(usual)}")


def _insert_stamps(run: StampRun, serials: list[str]) -> None:
    """Write ``serials`` as stamps of ``run``, in serial order: a chunk's inserts then walk the unique
    index of serials from one end to the other instead of jumping (300,000 stamps into ten million on
    SQLite: 15 µs of CPU a stamp instead of 17 to 18). Nothing reads meaning into the order of a run."""
    table = connection.ops.quote_name(Stamp._meta.db_table)
    rows = zip(
        sorted(serials),
        itertools.repeat(run.batch_id),
        itertools.repeat(run.pk),
        itertools.repeat(0),
        strict=False,
    )
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # COPY: PostgreSQL's bulk path, several times faster than INSERT for a million rows.
            raw = cursor.cursor
            with raw.copy(f"COPY {table} (serial, batch_id, run_id, scan_count) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            # sqlite3's own executemany with its own placeholders, in the same transaction: Django's cursor
            # adds nothing a row of three values needs and costs a few seconds a million.
            cursor.connection.executemany(
                f"INSERT INTO {table} (serial, batch_id, run_id, scan_count) VALUES (?, ?, ?, ?)",  # noqa: S608
                rows,
            )


def stamp_uris(run: StampRun) -> Iterator[str]:
    """The URIs of ``run``'s stamps, in the order they were issued."""
    for lines in _uri_lines(run):
        yield from lines.splitlines()


def stamp_uris_write(run: StampRun, file: TextIO, *, progress: Callable[[int], None] | None = None) -> int:
    """Write the URIs of ``run``'s stamps to ``file``, one a line in the order they were issued; how many.
    ``progress`` is told how many are written after each chunk."""
    written = 0
    for lines in _uri_lines(run):
        file.write(lines)
        written += lines.count("\n")
        if progress is not None:
            progress(written)
    return written


def _uri_lines(run: StampRun) -> Iterator[str]:
    """The URIs of ``run``'s stamps as text of ``_CHUNK`` lines at most, each ending in a newline: a
    million URIs are one ``join`` per chunk, not a million strings built and written one by one."""
    batch = Batch.objects.select_related("product").get(pk=run.batch_id)
    prefix = links.origin() + links.batch_path(
        gtin=batch.product.gtin, code=batch.product.code, lot=batch.lot
    )
    separator = f"\n{prefix}/21/"
    table = connection.ops.quote_name(Stamp._meta.db_table)
    last_id = 0
    with connection.cursor() as cursor:
        while True:
            cursor.execute(
                f"SELECT id, serial FROM {table} WHERE run_id = %s AND id > %s ORDER BY id LIMIT %s",  # noqa: S608
                [run.pk, last_id, _CHUNK],
            )
            rows = cursor.fetchall()
            if not rows:
                return
            last_id = rows[-1][0]
            yield f"{prefix}/21/" + separator.join([serial for _id, serial in rows]) + "\n"


# --- Editing a batch, and asking for stamps and their sheet (the screens, ``ocop.trace.views``)

BATCH_EDITABLE_FIELDS = frozenset(
    {
        "lot",
        "produced_on",
        "expires_on",
        "quantity",
        "unit",
        "raw_material_origin",
        "suppliers",
        "processing_steps",
    }
)


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime.date) else value


@transaction.atomic
def batch_update(*, acting_user: Actor | None, batch: Batch, **changes: Any) -> Batch:
    """Change the fields of ``batch`` that differ; the audit event keeps each one's before and after.

    The lot may change while no stamp carries it: printed stamps name it in their URI, so once a run is
    issued the lot is what they say for ever."""
    unknown = set(changes) - BATCH_EDITABLE_FIELDS
    if unknown:
        raise ValueError(f"fields that cannot be changed here: {', '.join(sorted(unknown))}")
    batch = Batch.objects.select_for_update().select_related("product").get(pk=batch.pk)
    _check_actor(acting_user, batch.product)
    if "lot" in changes:
        changes["lot"] = changes["lot"].strip()
    diff: dict[str, list[Any]] = {}
    for name, value in changes.items():
        before = getattr(batch, name)
        if before != value:
            diff[name] = [_plain(before), _plain(value)]
            setattr(batch, name, value)
    if not diff:
        return batch
    if "lot" in diff:
        _check_lot(batch.lot)
        if StampRun.objects.filter(batch=batch).exists():
            raise ValidationError({"lot": _("Lô đã có tem phát hành: số lô in trên tem không đổi được nữa.")})
        if Batch.objects.filter(product=batch.product, lot=batch.lot).exclude(pk=batch.pk).exists():
            raise ValidationError({"lot": _("Sản phẩm này đã có lô %(lot)s.") % {"lot": batch.lot}})
    if batch.expires_on is not None and batch.expires_on < batch.produced_on:
        raise ValidationError({"expires_on": _("Hạn sử dụng không được trước ngày sản xuất.")})
    batch.full_clean()
    batch.save()
    audit_record(
        actor=acting_user,
        action="batch.update",
        target=batch,
        province_code=batch.product.province_code,
        details={"lot": batch.lot, "changes": diff},
    )
    return batch


def issue_check(*, product: Product, count: int, force: bool) -> str:
    """What ``stamps_issue`` will refuse, checked when stamps are asked for (the issuing itself may run
    later, in a sheet job): the same messages. Returns the certificate warning the issuer insisted past."""
    if not 1 <= count <= MAX_STAMPS_PER_RUN:
        raise ValidationError(
            {"count": _("Số tem phải từ 1 đến %(limit)s.") % {"limit": grouped(MAX_STAMPS_PER_RUN)}}
        )
    if not product.gtin and not product.code:
        raise ValidationError(_("Sản phẩm chưa có mã GTIN hay mã sản phẩm OCOP: tem không có địa chỉ để in."))
    warning = certificate_warning(product, timezone.localdate())
    if warning and not force:
        raise CertificateWarningError(warning)
    return warning


def _check_sheet(label_size: str, sheet_format: str, count: int) -> None:
    if label_size not in LABEL_SIZES:
        raise ValidationError({"label_size": _("Hãy chọn một khổ nhãn trong danh sách.")})
    if sheet_format not in SheetFormat.values:
        raise ValidationError({"sheet_format": _("Hãy chọn PDF, SVG hoặc danh sách địa chỉ tem (TXT).")})
    if sheet_format != SheetFormat.URIS and count > MAX_DRAWN_LABELS:
        raise ValidationError(
            {
                "sheet_format": _(
                    "Tệp in PDF hay SVG có tối đa %(limit)s tem; với %(count)s tem, hãy chọn "
                    "danh sách địa chỉ tem (TXT) cho máy in của nhà in."
                )
                % {
                    "limit": grouped(MAX_DRAWN_LABELS),
                    "count": grouped(count),
                }
            }
        )


@transaction.atomic
def sheet_job_create(
    *,
    acting_user: Actor,
    batch: Batch,
    count: int,
    force: bool,
    label_size: str,
    sheet_format: str,
) -> SheetJob:
    """Ask for ``count`` stamps of ``batch`` and their sheet: a job (``ocop.trace.jobs``) issues the run
    with ``stamps_issue`` and draws it. Refused here, with nothing recorded, for what issuing would refuse."""
    product = Product.objects.select_related("producer", "latest_certificate").get(pk=batch.product_id)
    _check_actor(acting_user, product)
    warning = issue_check(product=product, count=count, force=force)
    _check_sheet(label_size, sheet_format, count)
    job = SheetJob.objects.create(
        batch=batch,
        count=count,
        insisted=bool(warning),
        label_size=label_size,
        format=sheet_format,
        total=count,
        created_by=accounts_access.acting_user(acting_user),
    )
    audit_record(
        actor=acting_user,
        action="stamp_sheet.request",
        target=job,
        province_code=product.province_code,
        details={
            "batch": batch.pk,
            "lot": batch.lot,
            "count": count,
            "label_size": label_size,
            "format": sheet_format,
            "overridden_warning": warning,
        },
    )
    return job


@transaction.atomic
def sheet_job_for_run(*, acting_user: Actor, run: StampRun, label_size: str, sheet_format: str) -> SheetJob:
    """Draw the sheet of an issued run again (another label size, a lost file): no new stamps, the same
    serials printed again, which is why it is recorded."""
    batch = Batch.objects.select_related("product").get(pk=run.batch_id)
    _check_actor(acting_user, batch.product)
    _check_sheet(label_size, sheet_format, run.count)
    job = SheetJob.objects.create(
        batch=batch,
        run=run,
        count=run.count,
        label_size=label_size,
        format=sheet_format,
        total=run.count,
        created_by=accounts_access.acting_user(acting_user),
    )
    audit_record(
        actor=acting_user,
        action="stamp_sheet.redraw",
        target=job,
        province_code=batch.product.province_code,
        details={"batch": batch.pk, "lot": batch.lot, "run": run.pk, "count": run.count},
    )
    return job


@transaction.atomic
def sheet_job_retry(*, acting_user: Actor, job: SheetJob) -> SheetJob:
    """Queue a failed job again: it issues if its run was never issued (issuing is all or nothing), and
    draws the sheet."""
    job = SheetJob.objects.select_for_update().select_related("batch__product").get(pk=job.pk)
    _check_actor(acting_user, job.batch.product)
    if job.state != SheetJobState.FAILED:
        raise ValidationError(_("Chỉ làm lại được tệp tem không thành công."))
    failed_with = job.error
    job.state = SheetJobState.QUEUED
    job.phase = ""
    job.done = 0
    job.error = ""
    job.runner = ""
    job.started_at = job.heartbeat_at = job.finished_at = None
    job.save()
    audit_record(
        actor=acting_user,
        action="stamp_sheet.retry",
        target=job,
        province_code=job.batch.product.province_code,
        details={"batch": job.batch_id, "lot": job.batch.lot, "error": failed_with[:300]},
    )
    return job
