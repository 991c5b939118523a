"""Sheet jobs: the progress page, the download, a large job in the background, a job a stopped server left
"running", and ``manage.py build_stamp_sheets``."""

import datetime
import io
import zipfile

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from ocop.accounts.models import Role
from ocop.accounts.tests.factories import UserFactory
from ocop.core.models import AuditEvent
from ocop.trace import jobs, services
from ocop.trace.models import SheetJob, SheetJobState, StampRun


@pytest.fixture(autouse=True)
def _private_files(settings, tmp_path):
    settings.PRIVATE_FILES_ROOT = tmp_path


@pytest.fixture
def owner(product):
    user = UserFactory(role=Role.PRODUCER)
    product.producer.members.add(user)
    return user


def ask(owner, batch, count=3, sheet_format="pdf", label_size="a4-3x8"):
    return services.sheet_job_create(
        acting_user=owner,
        batch=batch,
        count=count,
        force=False,
        label_size=label_size,
        sheet_format=sheet_format,
    )


def test_the_pdf_is_served_only_as_a_private_attachment(client, owner, batch):
    job = ask(owner, batch)
    jobs.start(job)
    job.refresh_from_db()
    client.force_login(owner)

    response = client.get(reverse("trace:sheet_download", kwargs={"job_id": job.pk}))

    assert response.status_code == 200
    body = b"".join(response.streaming_content)
    assert body.startswith(b"%PDF")
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="tem-L2026-01-dot-{job.run_id}.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"
    assert job.file_path.startswith("stamp-sheets/")


def test_svg_is_one_file_for_one_page_and_a_zip_of_pages_for_more(client, owner, batch):
    client.force_login(owner)
    one = ask(owner, batch, count=3, sheet_format="svg")
    jobs.start(one)
    many = ask(owner, batch, count=30, sheet_format="svg")
    jobs.start(many)

    single = client.get(reverse("trace:sheet_download", kwargs={"job_id": one.pk}))
    archive = client.get(reverse("trace:sheet_download", kwargs={"job_id": many.pk}))

    assert single["Content-Type"] == "image/svg+xml"
    assert b"".join(single.streaming_content).startswith(b'<?xml version="1.0" encoding="UTF-8"?>\n<svg ')
    assert archive["Content-Type"] == "application/zip"
    names = zipfile.ZipFile(io.BytesIO(b"".join(archive.streaming_content))).namelist()
    assert names == ["trang-0001.svg", "trang-0002.svg"]  # 30 labels, 24 a sheet


def test_a_large_job_runs_in_a_thread_after_the_commit_and_its_page_polls(
    client, owner, batch, monkeypatch, django_capture_on_commit_callbacks
):
    started: list[int] = []
    monkeypatch.setattr(jobs, "start_thread", started.append)
    client.force_login(owner)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("trace:stamps_issue", kwargs={"batch_id": batch.pk}),
            {"count": "501", "label_size": "a4-5x13", "sheet_format": "pdf"},
        )

    job = SheetJob.objects.get()
    assert started == [job.pk]
    assert (job.state, job.run) == (SheetJobState.QUEUED, None)
    url = reverse("trace:sheet_job", kwargs={"job_id": job.pk})
    assert response["Location"] == url
    page = client.get(url).content.decode()
    assert f'hx-get="{url}" hx-trigger="every 2s"' in page
    assert "Tải lại trang để xem tiến độ" in page

    # Halfway through drawing, as the thread reports it.
    SheetJob.objects.filter(pk=job.pk).update(
        state=SheetJobState.RUNNING,
        phase="drawing",
        done=130,
        total=501,
        heartbeat_at=timezone.now(),
        runner="another-host:1",
    )
    fragment = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert '<progress class="import-bar" max="501" value="130">25%</progress>' in fragment
    assert "Đã vẽ 130/501 nhãn." in fragment
    assert "<html" not in fragment


def test_the_command_runs_queued_jobs(owner, batch):
    job = ask(owner, batch, count=501)
    out = io.StringIO()

    call_command("build_stamp_sheets", stdout=out)

    job.refresh_from_db()
    assert (job.state, job.done, job.total, job.run.count) == (SheetJobState.DONE, 501, 501, 501)
    assert out.getvalue() == f"Job {job.pk} (501 stamps): {job.file_path}\n"
    # Claimed once: a second run finds nothing queued.
    assert jobs.run(job.pk) is False


@pytest.mark.parametrize(
    ("runner", "heartbeat_minutes_ago", "recovered"),
    [
        ("another-host:1", 60, True),  # no sign of life for an hour
        ("another-host:1", 1, False),  # another machine, still reporting
        ("THIS_PROCESS", 1, True),  # this process, no thread for it: the server restarted
        ("THIS_HOST_DEAD_PID", 1, True),  # this machine, a process that is gone
    ],
)
def test_a_job_left_running_without_its_thread_is_failed_and_can_be_retried(
    client, owner, batch, runner, heartbeat_minutes_ago, recovered
):
    job = ask(owner, batch)
    if runner == "THIS_PROCESS":
        runner = jobs.runner_name()
    elif runner == "THIS_HOST_DEAD_PID":
        runner = jobs.runner_name().rsplit(":", 1)[0] + ":4194999"
    SheetJob.objects.filter(pk=job.pk).update(
        state=SheetJobState.RUNNING,
        runner=runner,
        heartbeat_at=timezone.now() - datetime.timedelta(minutes=heartbeat_minutes_ago),
    )
    client.force_login(owner)
    url = reverse("trace:sheet_job", kwargs={"job_id": job.pk})

    page = client.get(url).content.decode()

    job.refresh_from_db()
    if not recovered:
        assert job.state == SheetJobState.RUNNING
        return
    assert job.state == SheetJobState.FAILED
    assert job.error == "Việc làm tệp tem bị dừng giữa chừng (máy chủ khởi động lại). Hãy bấm “Làm lại”."
    assert job.error in page
    assert StampRun.objects.count() == 0

    retried = client.post(reverse("trace:sheet_retry", kwargs={"job_id": job.pk}))

    assert retried["Location"] == url
    job.refresh_from_db()
    assert (job.state, job.error, job.run.count) == (SheetJobState.DONE, "", 3)
    assert AuditEvent.objects.get(action="stamp_sheet.retry").details["error"].startswith("Việc làm tệp tem")


def test_a_retry_of_a_job_that_had_issued_draws_the_same_run_again(client, owner, batch):
    job = ask(owner, batch)
    jobs.start(job)
    job.refresh_from_db()
    run = job.run
    SheetJob.objects.filter(pk=job.pk).update(state=SheetJobState.FAILED, error="disk full", file_path="")
    client.force_login(owner)

    client.post(reverse("trace:sheet_retry", kwargs={"job_id": job.pk}))

    job.refresh_from_db()
    assert (job.state, job.run) == (SheetJobState.DONE, run)
    assert StampRun.objects.count() == 1


def test_a_run_is_drawn_again_in_another_size_without_new_stamps(client, owner, batch):
    job = ask(owner, batch)
    jobs.start(job)
    job.refresh_from_db()
    client.force_login(owner)

    response = client.post(
        reverse("trace:sheet_redraw", kwargs={"run_id": job.run_id}),
        {"label_size": "roll-50x30", "sheet_format": "pdf"},
    )

    again = SheetJob.objects.exclude(pk=job.pk).get()
    assert response["Location"] == reverse("trace:sheet_job", kwargs={"job_id": again.pk})
    assert (again.state, again.run_id, again.label_size) == (SheetJobState.DONE, job.run_id, "roll-50x30")
    assert StampRun.objects.count() == 1
    assert AuditEvent.objects.get(action="stamp_sheet.redraw").details["run"] == job.run_id


def test_a_label_too_small_fails_the_job_in_words(owner, batch, monkeypatch):
    job = ask(owner, batch)

    def too_small(*args, **kwargs):
        raise jobs.LabelTooSmallError("too small")

    monkeypatch.setattr(jobs, "sheet_pdf", too_small)
    jobs.start(job)

    job.refresh_from_db()
    assert (job.state, job.error) == (
        SheetJobState.FAILED,
        "Khổ nhãn này quá nhỏ cho mã QR của tem: hãy chọn khổ lớn hơn.",
    )
    # The run was issued before the drawing failed: a retry draws it without issuing again.
    assert job.run.count == 3


def test_the_uri_file_streams_every_stamp_as_issue_stamps_writes_it(client, owner, batch, monkeypatch):
    monkeypatch.setattr(services, "_CHUNK", 7)  # several chunks, each told to the progress bar
    job = ask(owner, batch, count=30, sheet_format="txt")
    jobs.start(job)
    job.refresh_from_db()
    client.force_login(owner)

    response = client.get(reverse("trace:sheet_download", kwargs={"job_id": job.pk}))

    assert (job.state, job.done, job.total) == (SheetJobState.DONE, 30, 30)
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="tem-L2026-01-dot-{job.run_id}.txt"'
    body = b"".join(response.streaming_content).decode()
    assert body == "".join(f"{uri}\n" for uri in services.stamp_uris(job.run))
    assert body.count("\n") == 30
    assert body.startswith("http://127.0.0.1:8000/p/51-21400-901-2025/10/L2026-01/21/")


@pytest.mark.parametrize("sheet_format", ["pdf", "svg"])
def test_a_drawn_sheet_above_its_limit_is_refused_before_anything_is_issued(owner, batch, sheet_format):
    before = (SheetJob.objects.count(), StampRun.objects.count(), AuditEvent.objects.count())

    with pytest.raises(services.ValidationError) as refused:
        ask(owner, batch, count=services.MAX_DRAWN_LABELS + 1, sheet_format=sheet_format)

    assert refused.value.message_dict == {
        "sheet_format": [
            "Tệp in PDF hay SVG có tối đa 100.000 tem; với 100.001 tem, hãy chọn "
            "danh sách địa chỉ tem (TXT) cho máy in của nhà in."
        ]
    }
    assert (SheetJob.objects.count(), StampRun.objects.count(), AuditEvent.objects.count()) == before
