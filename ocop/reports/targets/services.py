"""Every change to targets: made, changed, removed, a manual figure recorded; each with its audit event in
the same transaction, each refused to anyone outside the target's scope (``access``)."""

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction

from ocop.accounts.models import User
from ocop.core.models import EvidenceFile
from ocop.core.services import audit_record
from ocop.reports.models import ManualFigure, Metric, Target
from ocop.reports.targets.access import may_set_scope
from ocop.reports.targets.definition import (
    InvalidTargetError,
    TargetDefinition,
    number_text,
    target_scope,
    target_text,
)


def _province_code(target: Target) -> int | None:
    """The current province an audit event of ``target`` is filed under: a current province's own code;
    none for a national or legacy target (central officers read those)."""
    return target.province_code if target.scheme == "current" else None


def _check_unique(definition: TargetDefinition, *, other_than: int | None = None) -> None:
    same = Target.objects.filter(identity=definition.identity)
    if other_than is not None:
        same = same.exclude(pk=other_than)
    if same.exists():
        raise InvalidTargetError(
            {
                "label": "đã có mục tiêu cùng phạm vi, kỳ, chỉ tiêu và tên "
                "(a target with the same scope, period, metric and label exists)"
            }
        )


@transaction.atomic
def target_create(*, acting_user: User | None, definition: TargetDefinition) -> Target:
    """A new target; ``acting_user`` None is the command line."""
    if acting_user is not None and not may_set_scope(acting_user, definition.scope):
        raise PermissionDenied("This officer does not set targets for this scope.")
    _check_unique(definition)
    target = Target(**definition.fields(), created_by=acting_user)
    target.full_clean()
    target.save()
    audit_record(
        actor=acting_user,
        action="targets.create",
        target=target,
        province_code=_province_code(target),
        details=target_text(target),
    )
    return target


@transaction.atomic
def target_update(*, acting_user: User | None, target: Target, definition: TargetDefinition) -> Target:
    """``target`` changed to ``definition``; the audit event keeps what changed, before and after."""
    if acting_user is not None and not (
        may_set_scope(acting_user, target_scope(target)) and may_set_scope(acting_user, definition.scope)
    ):
        raise PermissionDenied("This officer does not set targets for this scope.")
    locked = Target.objects.select_for_update().get(pk=target.pk)
    _check_unique(definition, other_than=locked.pk)
    before = target_text(locked)
    for name, value in definition.fields().items():
        setattr(locked, name, value)
    locked.full_clean()
    locked.save()
    after = target_text(locked)
    changes = {column: [before[column], after[column]] for column in after if before[column] != after[column]}
    if changes:
        audit_record(
            actor=acting_user,
            action="targets.update",
            target=locked,
            province_code=_province_code(locked),
            details={"changes": changes},
        )
    return locked


@transaction.atomic
def target_delete(*, acting_user: User | None, target: Target) -> None:
    if acting_user is not None and not may_set_scope(acting_user, target_scope(target)):
        raise PermissionDenied("This officer does not set targets for this scope.")
    audit_record(
        actor=acting_user,
        action="targets.delete",
        target=target,
        province_code=_province_code(target),
        details=target_text(target),
    )
    target.delete()


@transaction.atomic
def manual_figure_record(
    *,
    acting_user: User,
    target: Target,
    as_of: datetime.date,
    value: Decimal,
    evidence: str,
    evidence_file: EvidenceFile | None = None,
) -> ManualFigure:
    """A figure of a ``manual`` target as of ``as_of``, with the document it comes from."""
    if not may_set_scope(acting_user, target_scope(target)):
        raise PermissionDenied("This officer does not set targets for this scope.")
    if target.metric != Metric.MANUAL:
        raise InvalidTargetError({"metric": "chỉ tiêu này do hệ thống tính (this metric is computed)"})
    figure = ManualFigure(
        target=target,
        as_of=as_of,
        value=value,
        evidence=evidence.strip(),
        evidence_file=evidence_file,
        recorded_by=acting_user,
    )
    figure.full_clean()
    figure.save()
    audit_record(
        actor=acting_user,
        action="targets.figure",
        target=target,
        province_code=_province_code(target),
        details={"as_of": as_of.isoformat(), "value": number_text(value), "evidence": figure.evidence},
    )
    return figure
