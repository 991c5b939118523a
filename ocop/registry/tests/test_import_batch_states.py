"""Import batches move only along ``ImportBatch.TRANSITIONS``, by their uploader, each move audited."""

import pytest
from django.core.exceptions import PermissionDenied

from ocop.accounts.models import Role
from ocop.accounts.tests.factories import UserFactory, province
from ocop.core.models import AuditEvent
from ocop.registry.importing import batches, recognitions_import
from ocop.registry.importing.transitions import ImportBatchTransitionError, import_batch_transition
from ocop.registry.models import ImportBatch, Product
from ocop.registry.tests.files import VINH_LONG, tra_vinh_bytes

pytestmark = pytest.mark.django_db
STATES = ["", "validated", "running", "done", "failed"]
ALLOWED = {
    ("", "validated"),
    ("", "running"),
    ("", "failed"),
    ("validated", "running"),
    ("running", "done"),
    ("running", "failed"),
}


@pytest.fixture
def officer(db):
    return UserFactory(email="vinhlong@example.test", role=Role.PROVINCE_OFFICER, unit=province(VINH_LONG))


def batch_in(state: str, owner) -> ImportBatch:
    """A batch in ``state`` (``""``: not saved yet), written directly to set the scene."""
    batch = ImportBatch(acting_user=owner, file_name="tra-vinh.csv", sha256="0" * 64, rows_total=3)
    if state:
        batch.state = state
        batch.save()
    return batch


def transition_events() -> list[tuple[str, str, str]]:
    return [
        (event.object_id, event.details["from"], event.details["to"])
        for event in AuditEvent.objects.filter(action="import_batch.transition").order_by("id")
    ]


def test_the_table_is_the_one_the_workflow_needs():
    assert {
        (source, target) for source, targets in ImportBatch.TRANSITIONS.items() for target in targets
    } == ALLOWED


@pytest.mark.parametrize(("source", "target"), sorted(ALLOWED))
def test_every_allowed_transition_moves_the_batch_and_is_audited(officer, source, target):
    batch = batch_in(source, officer)
    moved = import_batch_transition(batch, to=target, acting_user=officer, rows_done=2)
    moved.refresh_from_db()
    assert (moved.state, moved.rows_done, moved.acting_user) == (target, 2, officer)
    event = AuditEvent.objects.get(action="import_batch.transition")
    assert (event.actor, event.object_type, event.object_id, event.province_code) == (
        officer,
        "registry.importbatch",
        str(moved.pk),
        VINH_LONG,
    )
    assert event.details == {"from": source, "to": target, "file_name": "tra-vinh.csv"}


@pytest.mark.parametrize(
    ("source", "target"),
    sorted((s, t) for s in STATES for t in STATES[1:] if (s, t) not in ALLOWED),
)
def test_every_refused_transition_changes_nothing(officer, source, target):
    batch = batch_in(source, officer)
    with pytest.raises(ImportBatchTransitionError, match=f"sang “{target}”"):
        import_batch_transition(batch, to=target, acting_user=officer, rows_done=2)
    assert list(ImportBatch.objects.values_list("state", "rows_done")) == ([(source, 0)] if source else [])
    assert transition_events() == []


def test_only_the_uploader_moves_a_batch(officer):
    batch = batch_in("validated", officer)
    central = UserFactory(role=Role.CENTRAL_OFFICER)
    buyer = UserFactory(role=Role.BUYER)
    for outsider in (central, buyer):
        with pytest.raises(PermissionDenied):
            import_batch_transition(batch, to="running", acting_user=outsider)
    with pytest.raises(PermissionDenied):
        import_batch_transition(batch_in("", None), to="validated", acting_user=buyer)
    assert list(ImportBatch.objects.values_list("state", flat=True)) == ["validated"]
    assert transition_events() == []


def test_a_batch_moved_meanwhile_is_not_moved_twice(officer):
    batch = batch_in("validated", officer)
    stale = ImportBatch.objects.get(pk=batch.pk)
    import_batch_transition(batch, to="running", acting_user=officer)
    with pytest.raises(ImportBatchTransitionError):
        import_batch_transition(stale, to="running", acting_user=officer)
    assert transition_events() == [(str(batch.pk), "validated", "running")]


def test_the_command_line_import_goes_through_running_to_done(db):
    result = recognitions_import(acting_user=None, file_name="tra-vinh.csv", content=tra_vinh_bytes())
    batch = ImportBatch.objects.get()
    assert (result.batch_id, batch.state, batch.rows_done) == (batch.pk, "done", 184)
    assert transition_events() == [(str(batch.pk), "", "running"), (str(batch.pk), "running", "done")]


def test_a_refused_file_is_kept_as_failed_in_one_move(officer):
    content = tra_vinh_bytes().replace(b"2022-05-19", b"2022-02-31", 1)
    result = recognitions_import(acting_user=officer, file_name="tra-vinh.csv", content=content)
    batch = ImportBatch.objects.get()
    assert (result.ok, batch.state) == (False, "failed")
    assert transition_events() == [(str(batch.pk), "", "failed")]


def test_the_platform_records_a_run_that_failed_after_its_uploader_lost_the_right(
    officer, monkeypatch, tmp_path
):
    monkeypatch.setattr(batches, "launch", lambda batch_id: None)
    monkeypatch.setattr(batches.settings, "VAR_DIR", tmp_path)
    batch, _ = batches.import_batch_prepare(
        acting_user=officer, file_name="tra-vinh.csv", content=tra_vinh_bytes()
    )
    assert batch is not None
    assert batches.import_batch_start(acting_user=officer, batch=batch)
    officer.is_active = False
    officer.save()

    batches.import_batch_run(batch.pk)
    batch.refresh_from_db()
    assert (batch.state, batch.errors) == (
        "failed",
        [
            {
                "line": 0,
                "column": "",
                "message": "lỗi khi nhập (import failed): "
                "Only central and province officers import recognitions.",
            }
        ],
    )
    assert Product.objects.count() == 0
    events = AuditEvent.objects.filter(action="import_batch.transition").order_by("id")
    assert [(event.actor, event.details["to"]) for event in events] == [
        (officer, "validated"),
        (officer, "running"),
        (None, "failed"),
    ]
