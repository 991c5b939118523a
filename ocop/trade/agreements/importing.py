"""``agreements_import``: an agreements file (contracts/trade.md §2) into the agreements, or nothing.

Who may import: central officers, anywhere; province officers, rows of their province (a row of another
province, or one that would change a document recorded in another, is an error naming its line); the
command line (``acting_user=None``), anywhere. Everyone else is refused with ``PermissionDenied`` before the
file is read.

The file is read by the recognitions import's reading layer, unchanged. Any error writes nothing; a file
written is kept as an ``AgreementImport`` with an ``agreements.import`` audit event in the same transaction.
Importing the same file again finds every document by its identity and changes nothing.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Sum

from ocop.accounts.access import acting_user as active_user
from ocop.accounts.access import can_act_in_province, is_central_officer
from ocop.accounts.models import Role
from ocop.core.services import audit_record
from ocop.core.text import fold
from ocop.geo.models import Scheme
from ocop.geo.selectors import province_names
from ocop.registry.importing.reading import FileRefusedError, Source, file_sha256, read_table
from ocop.registry.importing.validation import ErrorList, RowError
from ocop.registry.models import Producer, Product
from ocop.trade.agreements.parsing import AgreementRow, parse_agreements
from ocop.trade.models import (
    Agreement,
    AgreementImport,
    AgreementSource,
    Buyer,
    ConnectionEvent,
    Delivery,
)

# What a row sets on its agreement, compared field by field to tell an update from nothing.
_FIELDS = (
    "kind",
    "document_no",
    "signed_on",
    "event_id",
    "buyer_id",
    "buyer_name",
    "buyer_type",
    "producer_id",
    "producer_name",
    "producer_tax_code",
    "province_code",
    "product_codes",
    "value_vnd",
    "status",
    "delivered_vnd",
)


@dataclass
class AgreementsImportResult:
    ok: bool
    errors: list[RowError]
    warnings: list[str]
    # {"rows": n, "agreements": {"created", "updated", "unchanged"}, "events": {"created", "found"}}
    summary: dict[str, Any] = field(default_factory=dict)
    error_count: int = 0
    import_id: int | None = None


def may_import_agreements(user: Any) -> bool:
    """Central and province officers; ``None`` is the command line, which acts for the whole country."""
    if user is None:
        return True
    actor = active_user(user)
    return actor is not None and actor.role in (Role.CENTRAL_OFFICER, Role.PROVINCE_OFFICER)


def agreements_import(
    *, acting_user: Any, file_name: str, content: Source, dry_run: bool = False
) -> AgreementsImportResult:
    """Check ``content`` and, unless ``dry_run`` or anything is wrong, write it in one transaction."""
    if not may_import_agreements(acting_user):
        raise PermissionDenied("Only central and province officers import agreements.")
    sha256 = file_sha256(content)
    attempt = _Attempt(acting_user, file_name, sha256, dry_run)
    try:
        table = read_table(content)
    except FileRefusedError as refused:
        errors = ErrorList()
        errors.add(refused.line, "", refused.message)
        return attempt.refused(errors, [])
    in_scope = _scope(acting_user)
    provinces = frozenset(code for (scheme, code) in province_names() if scheme == Scheme.CURRENT)
    parsed = parse_agreements(table, provinces=provinces, in_scope=in_scope)
    if parsed.errors:
        return attempt.refused(parsed.errors, parsed.warnings)
    try:
        with transaction.atomic():
            batch = None
            if not dry_run:
                batch = AgreementImport.objects.create(
                    acting_user=acting_user, file_name=file_name[:255], sha256=sha256
                )
            errors = ErrorList()
            summary = _apply(
                parsed.rows, acting_user=acting_user, batch=batch, in_scope=in_scope, errors=errors
            )
            if errors or dry_run:
                raise _RolledBackError(errors, summary)
            if batch is None:  # only a dry run has none, and it left above
                raise _RolledBackError(errors, summary)
            batch.summary = summary
            batch.save(update_fields=["summary", "updated_at"])
            audit_record(
                actor=acting_user,
                action="agreements.import",
                target=batch,
                province_code=getattr(acting_user, "province_code", None),
                details={"file_name": file_name, "sha256": sha256, "summary": summary},
            )
    except _RolledBackError as rolled_back:
        if rolled_back.errors:
            return attempt.refused(rolled_back.errors, parsed.warnings)
        return AgreementsImportResult(True, [], parsed.warnings, rolled_back.summary)
    except IntegrityError as error:
        errors = ErrorList()
        errors.add(
            0,
            "",
            "dữ liệu vừa được thay đổi đồng thời bởi người khác, hãy nhập lại "
            f"(the agreements changed while importing, please import again): {error}",
        )
        return attempt.refused(errors, parsed.warnings)
    return AgreementsImportResult(True, [], parsed.warnings, summary, import_id=batch.pk)


class _RolledBackError(Exception):
    """Leaves the transaction so that nothing stays: errors found while writing, or a dry run."""

    def __init__(self, errors: ErrorList, summary: dict[str, Any]) -> None:
        self.errors = errors
        self.summary = summary


@dataclass
class _Attempt:
    acting_user: Any
    file_name: str
    sha256: str
    dry_run: bool

    def refused(self, errors: ErrorList, warnings: list[str]) -> AgreementsImportResult:
        """The answer naming the errors; a refused import (not a dry run) is kept in the audit log."""
        if not self.dry_run:
            with transaction.atomic():
                audit_record(
                    actor=self.acting_user,
                    action="agreements.import_refused",
                    object_type="trade.agreementimport",
                    object_id="",
                    province_code=getattr(self.acting_user, "province_code", None),
                    details={"file_name": self.file_name, "sha256": self.sha256, "error_count": errors.total},
                )
        return AgreementsImportResult(False, errors.shown, warnings, error_count=errors.total)


def _scope(user: Any) -> Callable[[int], bool] | None:
    if user is None or is_central_officer(user):
        return None
    return lambda province_code: can_act_in_province(user, province_code)


def _apply(
    rows: list[AgreementRow],
    *,
    acting_user: Any,
    batch: AgreementImport | None,
    in_scope: Callable[[int], bool] | None,
    errors: ErrorList,
) -> dict[str, Any]:
    events, events_created = _events(rows, acting_user)
    tax_codes = {row.producer_tax_code for row in rows if row.producer_tax_code}
    producers = {p.tax_code: p.pk for p in Producer.objects.filter(tax_code__in=tax_codes)}
    buyers = _buyers({row.buyer_name for row in rows})
    codes = {code for row in rows for code in row.product_codes}
    products: dict[str, list[int]] = {}
    for product_id, code in Product.objects.filter(code__in=codes).values_list("pk", "code"):
        products.setdefault(code, []).append(product_id)
    existing = {
        agreement.identity: agreement
        for agreement in Agreement.objects.select_for_update().filter(
            identity__in=[row.identity for row in rows]
        )
    }
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    today = datetime.date.today()
    for row in rows:
        agreement = existing.get(row.identity)
        if agreement is not None and in_scope is not None and not in_scope(agreement.province_code):
            errors.add(
                row.line,
                "document_no",
                "văn bản này đã được ghi cho một tỉnh ngoài phạm vi bạn phụ trách "
                "(this document is recorded for a province outside your scope)",
            )
            continue
        product_ids = sorted({pk for code in row.product_codes for pk in products.get(code, [])})
        values: dict[str, Any] = {
            "kind": row.kind,
            "document_no": row.document_no,
            "signed_on": row.signed_on,
            "event_id": events[row.event_key].pk if row.event_key else None,
            "buyer_id": buyers.get(fold(row.buyer_name)),
            "buyer_name": row.buyer_name,
            "buyer_type": row.buyer_type,
            "producer_id": producers.get(row.producer_tax_code),
            "producer_name": row.producer_name,
            "producer_tax_code": row.producer_tax_code,
            "province_code": row.province_code,
            "product_codes": ";".join(row.product_codes),
            "value_vnd": row.value_vnd,
            "status": row.status,
        }
        if agreement is None:
            values["delivered_vnd"] = row.delivered_vnd or 0
            agreement = Agreement(
                identity=row.identity, source=AgreementSource.IMPORT, import_batch=batch, **values
            )
            agreement.save()
            agreement.products.set(product_ids)
            _set_imported_delivery(agreement, row, today, errors)
            counts["created"] += 1
            continue
        deliveries_changed = _set_imported_delivery(agreement, row, today, errors)
        values["delivered_vnd"] = agreement.delivered_vnd if row.delivered_vnd is None else row.delivered_vnd
        if values["value_vnd"] is not None and values["delivered_vnd"] > values["value_vnd"]:
            errors.add(
                row.line,
                "value_vnd",
                f"giá trị {values['value_vnd']} nhỏ hơn giá trị đã giao {values['delivered_vnd']} "
                f"(value_vnd is below the {values['delivered_vnd']} đồng already delivered)",
            )
            continue
        changed_fields = [name for name in _FIELDS if getattr(agreement, name) != values[name]]
        products_changed = sorted(agreement.products.values_list("pk", flat=True)) != product_ids
        if not changed_fields and not products_changed and not deliveries_changed:
            counts["unchanged"] += 1
            continue
        for name in changed_fields:
            setattr(agreement, name, values[name])
        agreement.import_batch = batch
        agreement.save()
        if products_changed:
            agreement.products.set(product_ids)
        counts["updated"] += 1
    return {
        "rows": len(rows),
        "agreements": counts,
        "events": {"created": events_created, "found": len(events) - events_created},
    }


def _events(
    rows: list[AgreementRow], acting_user: Any
) -> tuple[dict[tuple[str, datetime.date | None], ConnectionEvent], int]:
    """The event of each (folded name, date) the rows name, found or created in the first row's province."""
    events: dict[tuple[str, datetime.date | None], ConnectionEvent] = {}
    created = 0
    actor = active_user(acting_user) if acting_user is not None else None
    for row in rows:
        key = row.event_key
        if key is None or key in events:
            continue
        event = ConnectionEvent.objects.filter(search_name=key[0], date=key[1]).order_by("pk").first()
        if event is None:
            event = ConnectionEvent.objects.create(
                name=row.event_name,
                search_name=key[0],
                date=key[1],
                province_code=row.province_code,
                created_by=actor,
            )
            created += 1
        events[key] = event
    return events, created


def _buyers(names: set[str]) -> dict[str, int]:
    """Registered buyers by folded name: a file names its buyers, it cannot know their ids."""
    folded = {fold(name) for name in names}
    found: dict[str, int] = {}
    for pk, name in Buyer.objects.order_by("pk").values_list("pk", "name"):
        key = fold(name)
        if key in folded:
            found.setdefault(key, pk)
    return found


def _set_imported_delivery(
    agreement: Agreement, row: AgreementRow, today: datetime.date, errors: ErrorList
) -> bool:
    """Keep the one imported delivery at the file's ``delivered_vnd`` less what was recorded on screen.

    The agreement (saved) gets ``delivered_vnd`` from the caller; returns whether a delivery changed. An
    empty cell leaves what was recorded.
    """
    if row.delivered_vnd is None:
        return False
    on_screen = agreement.deliveries.filter(from_import=False).aggregate(total=Sum("value_vnd"))["total"] or 0
    if row.delivered_vnd < on_screen:
        errors.add(
            row.line,
            "delivered_vnd",
            f"nhỏ hơn {on_screen} đồng đã ghi nhận giao trên màn hình "
            f"(below the {on_screen} đồng of deliveries recorded on screen)",
        )
        return False
    imported = agreement.deliveries.filter(from_import=True).first()
    rest = row.delivered_vnd - on_screen
    if imported is None and rest > 0:
        Delivery.objects.create(agreement=agreement, on=today, value_vnd=rest, from_import=True)
        return True
    if imported is not None and imported.value_vnd != rest:
        if rest == 0:
            imported.delete()
        else:
            imported.value_vnd, imported.on = rest, today
            imported.save()
        return True
    return False
