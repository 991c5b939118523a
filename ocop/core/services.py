from typing import Any

from django.db import models, transaction

from ocop.core.models import AuditEvent


def audit_record(
    *,
    actor: Any,
    action: str,
    target: models.Model | None = None,
    object_type: str = "",
    object_id: str = "",
    details: dict[str, Any] | None = None,
    province_code: int | None = None,
) -> AuditEvent:
    """Write the audit event for a change; must run inside the transaction that makes the change."""
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        raise RuntimeError("audit_record must be called inside the transaction of the change it records")
    if target is not None:
        object_type, object_id = target._meta.label_lower, str(target.pk)
    return AuditEvent.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        object_type=object_type,
        object_id=object_id,
        object_repr=str(target)[:300] if target is not None else "",
        province_code=province_code,
        details=details or {},
    )
