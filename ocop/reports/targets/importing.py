"""``targets_import``: a targets CSV (contract ``targets.md`` §2) into the targets, or nothing.

The file is read by the recognitions import's reading layer (size, encoding and zip checks, line numbers,
header), and every row is checked by the one target check (``definition``): every bad cell is named by line
and column, a row repeating another's identity is named with both lines, and a row outside the officer's
scope is named on its ``scope``. Any error writes nothing. A target is found again by its identity (scope,
period, metric, narrowing columns, label), so importing the same file twice changes nothing; a row whose
target exists with other figures or another decision updates it.

Who may import: central officers (any scope), province officers (their province's targets, current and
legacy) and the command line (``acting_user=None``). Everyone else is refused before the file is read.
"""

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction

from ocop.accounts.models import User
from ocop.core.services import audit_record
from ocop.registry.importing.reading import FileRefusedError, Source, file_sha256, read_table
from ocop.registry.importing.validation import ErrorList, RowError, read_header, row_texts
from ocop.reports.models import Target
from ocop.reports.selectors import StatisticsScope
from ocop.reports.targets.access import may_set_scope, may_set_targets
from ocop.reports.targets.definition import (
    COLUMNS,
    REQUIRED_COLUMNS,
    InvalidTargetError,
    TargetDefinition,
    definition_from_text,
    read_scope,
    scope_text,
)
from ocop.reports.targets.services import target_create, target_update


@dataclass
class TargetsImportResult:
    ok: bool
    errors: list[RowError]
    warnings: list[str]
    # {"rows": n, "targets": {"created", "updated", "unchanged"}}
    summary: dict[str, Any] = field(default_factory=dict)
    error_count: int = 0


class _RolledBackError(Exception):
    def __init__(self, summary: dict[str, Any]) -> None:
        self.summary = summary


def targets_import(
    *, acting_user: User | None, file_name: str, content: Source, dry_run: bool = False
) -> TargetsImportResult:
    """Check ``content`` and, unless ``dry_run`` or anything is wrong, write it in one transaction."""
    if acting_user is not None and not may_set_targets(acting_user):
        raise PermissionDenied("Only central and province officers set targets.")
    sha256 = file_sha256(content)
    try:
        table = read_table(content)
    except FileRefusedError as refused:
        errors = ErrorList()
        errors.add(refused.line, "", refused.message)
        return TargetsImportResult(False, errors.shown, [], error_count=errors.total)
    positions, errors, warnings = read_header(table, columns=COLUMNS, required=REQUIRED_COLUMNS)
    if errors:
        return TargetsImportResult(False, errors.shown, warnings, error_count=errors.total)
    definitions = _definitions(table, positions, acting_user=acting_user, errors=errors)
    if errors:
        return TargetsImportResult(False, errors.shown, warnings, error_count=errors.total)
    try:
        with transaction.atomic():
            summary = _apply(definitions, acting_user=acting_user)
            if dry_run:
                raise _RolledBackError(summary)
            audit_record(
                actor=acting_user,
                action="targets.import",
                object_type="reports.target",
                object_id="",
                province_code=getattr(acting_user, "province_code", None),
                details={"file_name": file_name[:255], "sha256": sha256, "summary": summary},
            )
    except _RolledBackError as rolled_back:
        return TargetsImportResult(True, [], warnings, rolled_back.summary)
    return TargetsImportResult(True, [], warnings, summary)


def _definitions(
    table: Any, positions: dict[str, int], *, acting_user: User | None, errors: ErrorList
) -> list[TargetDefinition]:
    scopes: dict[str, StatisticsScope] = {}

    def scope_of(text: str) -> StatisticsScope:
        if text not in scopes:
            scopes[text] = read_scope(text)
        return scopes[text]

    definitions: list[TargetDefinition] = []
    lines: dict[str, int] = {}
    for line, values in row_texts(table, positions, COLUMNS):
        try:
            definition = definition_from_text(values, scope_of=scope_of)
        except InvalidTargetError as invalid:
            for column, message in invalid.errors.items():
                errors.add(line, column, message)
            continue
        if acting_user is not None and not may_set_scope(acting_user, definition.scope):
            errors.add(
                line,
                "scope",
                f"{scope_text(definition.scope)} ngoài phạm vi của bạn (outside your scope)",
            )
            continue
        if definition.identity in lines:
            errors.add(
                line,
                "label",
                f"trùng mục tiêu ở dòng {lines[definition.identity]}: cùng phạm vi, kỳ, chỉ tiêu và tên "
                f"(the same target as line {lines[definition.identity]})",
            )
            continue
        lines[definition.identity] = line
        definitions.append(definition)
    return definitions


def _apply(definitions: list[TargetDefinition], *, acting_user: User | None) -> dict[str, Any]:
    existing = {
        target.identity: target
        # Ordered by key, not by the model's province code: PostgreSQL locks no row through the outer join
        # that ordering needs (a national target has no province).
        for target in Target.objects.select_for_update()
        .filter(identity__in=[definition.identity for definition in definitions])
        .order_by("pk")
    }
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    for definition in definitions:
        target = existing.get(definition.identity)
        if target is None:
            target_create(acting_user=acting_user, definition=definition)
            counts["created"] += 1
        elif _same(target, definition):
            counts["unchanged"] += 1
        else:
            target_update(acting_user=acting_user, target=target, definition=definition)
            counts["updated"] += 1
    return {"rows": len(definitions), "targets": counts}


def _same(target: Target, definition: TargetDefinition) -> bool:
    return all(getattr(target, name) == value for name, value in definition.fields().items())
