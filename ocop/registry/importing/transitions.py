"""``import_batch_transition``: the one way an import batch changes state, along ``ImportBatch.TRANSITIONS``.

Only an importer may move a batch, and only their own: the import runs in the uploader's name and scope.
``None`` is the platform itself (the command line, or a background run recording that it died, even when
its uploader has lost the right to import meanwhile), which may move any batch along the table. The move
is a conditional update on the state the batch was read in, so two requests racing to start the same
batch cannot both succeed, on either engine; the loser gets ``ImportBatchTransitionError`` and nothing
changes. Every move writes an ``import_batch.transition`` audit event (``{"from": …, "to": …}``) in the
same transaction.
"""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from ocop.accounts.access import acting_user as active_user
from ocop.accounts.models import Role
from ocop.core.services import audit_record
from ocop.registry.models import ImportBatch


def may_import_recognitions(user: Any) -> bool:
    """Central and province officers; ``None`` is the command line, which acts for the whole country."""
    if user is None:
        return True
    actor = active_user(user)
    return actor is not None and actor.role in (Role.CENTRAL_OFFICER, Role.PROVINCE_OFFICER)


class ImportBatchTransitionError(ValueError):
    """A move ``ImportBatch.TRANSITIONS`` does not allow, or one overtaken by another request."""

    def __init__(self, batch: ImportBatch, source: str, target: str) -> None:
        self.source, self.target = source, target
        super().__init__(
            f"lượt nhập {batch.pk} không thể chuyển từ “{source or '—'}” sang “{target}” "
            f"(import batch {batch.pk} cannot move from “{source or '—'}” to “{target}”)"
        )


@transaction.atomic
def import_batch_transition(batch: ImportBatch, *, to: str, acting_user: Any, **changes: Any) -> ImportBatch:
    """Move ``batch`` (saved, or new and unsaved) to state ``to``, setting ``changes`` with it.

    Raises ``PermissionDenied`` when ``acting_user`` may not import or the batch is someone else's, and
    ``ImportBatchTransitionError`` when the table has no such move or the batch has moved meanwhile;
    either way nothing is written.
    """
    actor_id = acting_user.pk if getattr(acting_user, "is_authenticated", False) else None
    someone_elses = acting_user is not None and batch.pk is not None and batch.acting_user_id != actor_id
    if not may_import_recognitions(acting_user) or someone_elses:
        raise PermissionDenied("Only the officer who uploaded an import batch moves it.")
    source = batch.state if batch.pk is not None else ""
    if to not in ImportBatch.TRANSITIONS.get(source, frozenset()):
        raise ImportBatchTransitionError(batch, source, to)
    if batch.pk is None:
        batch.acting_user_id = actor_id  # the uploader, or no one for the command line
        for name, value in changes.items():
            setattr(batch, name, value)
        batch.state = to
        batch.save()
    else:
        moved = ImportBatch.objects.filter(pk=batch.pk, state=source).update(
            state=to, updated_at=timezone.now(), **changes
        )
        if not moved:
            raise ImportBatchTransitionError(batch, source, to)
        batch.refresh_from_db()
    audit_record(
        actor=acting_user,
        action="import_batch.transition",
        target=batch,
        province_code=getattr(acting_user, "province_code", None),
        details={"from": source, "to": to, "file_name": batch.file_name},
    )
    return batch
