"""The upload page: check and preview, confirm, import in the background with progress; officers only."""

import datetime
import time

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from ocop.accounts.models import Role
from ocop.accounts.tests.factories import UserFactory, province
from ocop.registry.importing import batches
from ocop.registry.models import Certificate, ImportBatch, Producer, Product
from ocop.registry.tests.files import VINH_LONG, csv_bytes, tra_vinh_bytes, tra_vinh_rows

pytestmark = pytest.mark.django_db
NEW = "/registry/imports/new"


@pytest.fixture(autouse=True)
def _pages_settings(settings, tmp_path):
    # Uploads are kept under VAR_DIR between preview and import; static files without a manifest.
    settings.VAR_DIR = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def run_in_line(monkeypatch):
    """The background run, in the test's own thread and transaction."""
    monkeypatch.setattr(batches, "launch", batches.import_batch_run)


@pytest.fixture
def officer(db):
    return UserFactory(email="vinhlong@example.test", role=Role.PROVINCE_OFFICER, unit=province(VINH_LONG))


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def upload(client: Client, content: bytes | None = None, name: str = "tra-vinh.csv"):
    return client.post(NEW, {"file": SimpleUploadedFile(name, content or tra_vinh_bytes())})


def registry_counts() -> tuple[int, int, int]:
    return Producer.objects.count(), Product.objects.count(), Certificate.objects.count()


def test_upload_preview_confirm_and_import(officer, run_in_line, django_capture_on_commit_callbacks):
    client = client_for(officer)
    assert client.get(NEW).status_code == 200

    response = upload(client)
    batch = ImportBatch.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/registry/imports/{batch.pk}"
    assert (batch.state, batch.rows_total, batch.acting_user) == ("validated", 184, officer)
    assert registry_counts() == (0, 0, 0)  # nothing written before the officer confirms

    page = client.get(f"/registry/imports/{batch.pk}").content.decode()
    assert "Xem trước: những gì sẽ thay đổi" in page
    assert "<td>105</td><td>0</td><td>0</td>" in page  # producers created, updated, unchanged
    assert "Dòng 2: Chè Shan tuyết Kim Hòa loại 15" in page
    assert f'action="/registry/imports/{batch.pk}/start"' in page

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/registry/imports/{batch.pk}/start")
    assert response.status_code == 302
    batch.refresh_from_db()
    assert (batch.state, batch.rows_done, batch.summary["products"]["created"]) == ("done", 184, 184)
    assert registry_counts() == (105, 184, 184)
    assert not batches.upload_path(batch).exists()

    fragment = client.get(f"/registry/imports/{batch.pk}", headers={"HX-Request": "true"}).content.decode()
    assert fragment.strip().startswith('<section id="import-progress"')
    assert "<html" not in fragment
    assert "hx-trigger" not in fragment  # done: the page stops polling
    assert "Đã nhập xong" in fragment


def test_a_second_click_on_confirm_imports_once(officer, run_in_line, django_capture_on_commit_callbacks):
    client = client_for(officer)
    upload(client)
    batch = ImportBatch.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/registry/imports/{batch.pk}/start")
        client.post(f"/registry/imports/{batch.pk}/start")
    assert ImportBatch.objects.filter(state="done").count() == 1
    assert registry_counts() == (105, 184, 184)


def test_the_running_import_shows_its_progress_and_keeps_polling(officer):
    client = client_for(officer)
    upload(client)
    batch = ImportBatch.objects.get()
    batches.import_batch_start(acting_user=officer, batch=batch)  # its thread is not started: no commit
    fragment = client.get(f"/registry/imports/{batch.pk}", headers={"HX-Request": "true"}).content.decode()
    assert f'hx-get="/registry/imports/{batch.pk}" hx-trigger="every 1s"' in fragment
    assert "Đang kiểm tra lại tệp trước khi ghi" in fragment

    cache.set(f"registry:import-progress:{batch.pk}", (9200, 18400, time.time()))
    fragment = client.get(f"/registry/imports/{batch.pk}", headers={"HX-Request": "true"}).content.decode()
    assert '<progress class="import-bar" max="18400" value="9200">' in fragment  # numbers, not "18.400"
    assert "Đã ghi 9.200/18.400 dòng." in fragment


def test_a_run_that_died_with_its_process_is_reported_as_stalled(officer):
    client = client_for(officer)
    upload(client)
    batch = ImportBatch.objects.get()
    batches.import_batch_start(acting_user=officer, batch=batch)
    cache.clear()  # the process that ran it, and what it published, are gone
    an_hour_ago = timezone.now() - datetime.timedelta(hours=1)
    ImportBatch.objects.filter(pk=batch.pk).update(updated_at=an_hour_ago)
    fragment = client.get(f"/registry/imports/{batch.pk}", headers={"HX-Request": "true"}).content.decode()
    assert "Lần nhập này không còn tiến triển" in fragment
    assert "hx-trigger" not in fragment


def test_a_bad_file_is_shown_with_its_errors_and_nothing_is_kept(officer):
    rows = tra_vinh_rows()
    rows[91]["stars"] = "7"
    response = upload(client_for(officer), csv_bytes(rows))
    assert response.status_code == 422
    page = response.content.decode()
    assert "Tệp chưa được nhập: cần sửa các lỗi sau" in page
    assert "<td>93</td>" in page
    assert "hạng sao phải là 3, 4 hoặc 5 (stars must be 3, 4 or 5), got &#x27;7&#x27;" in page
    assert ImportBatch.objects.count() == 0
    assert registry_counts() == (0, 0, 0)


def test_posting_without_a_file_asks_for_one(officer):
    response = client_for(officer).post(NEW, {})
    assert response.status_code == 422
    assert "errorlist" in response.content.decode()
    assert ImportBatch.objects.count() == 0


def test_rows_outside_the_officers_province_are_refused_on_the_page(db):
    quang_ngai_officer = UserFactory(role=Role.PROVINCE_OFFICER)
    response = upload(client_for(quang_ngai_officer))
    assert response.status_code == 422
    assert response.content.decode().count("đơn vị này nằm ngoài tỉnh bạn phụ trách") == 184
    assert registry_counts() == (0, 0, 0)


def test_anonymous_visitors_are_sent_to_sign_in(db):
    response = Client().get(NEW)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login")


@pytest.mark.parametrize(
    "role", [Role.BUYER, Role.PRODUCER, Role.COMMUNE_OFFICER, Role.COUNCIL_MEMBER, Role.SALES_POINT_OPERATOR]
)
def test_the_upload_page_does_not_exist_for_other_roles(db, role):
    client = client_for(UserFactory(role=role))
    assert client.get(NEW).status_code == 404
    assert upload(client).status_code == 404
    assert ImportBatch.objects.count() == 0


def test_a_batch_is_seen_by_its_uploader_and_central_officers_and_started_by_its_uploader(officer):
    upload(client_for(officer))
    batch = ImportBatch.objects.get()
    colleague = client_for(UserFactory(role=Role.PROVINCE_OFFICER, unit=province(VINH_LONG)))
    assert colleague.get(f"/registry/imports/{batch.pk}").status_code == 404
    assert colleague.post(f"/registry/imports/{batch.pk}/start").status_code == 404
    central = client_for(UserFactory(role=Role.CENTRAL_OFFICER))
    assert central.get(f"/registry/imports/{batch.pk}").status_code == 200
    assert central.post(f"/registry/imports/{batch.pk}/start").status_code == 404
    batch.refresh_from_db()
    assert batch.state == "validated"


def test_a_kept_upload_that_changed_on_disk_fails_the_batch(
    officer, run_in_line, django_capture_on_commit_callbacks
):
    client = client_for(officer)
    upload(client)
    batch = ImportBatch.objects.get()
    batches.upload_path(batch).write_bytes(b"tampered")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/registry/imports/{batch.pk}/start")
    batch.refresh_from_db()
    assert batch.state == "failed"
    assert "does not match" in batch.errors[0]["message"]
    assert registry_counts() == (0, 0, 0)


def test_an_upload_spooled_to_disk_is_read_from_there_and_kept_whole(
    officer, run_in_line, django_capture_on_commit_callbacks, settings
):
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 0  # every upload goes to a temporary file, as those above 2.5 MB
    client = client_for(officer)
    upload(client)
    batch = ImportBatch.objects.get()
    assert (batch.state, batch.rows_total) == ("validated", 184)
    assert batches.upload_path(batch).read_bytes() == tra_vinh_bytes()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/registry/imports/{batch.pk}/start")
    batch.refresh_from_db()
    assert (batch.state, batch.rows_done) == ("done", 184)
    assert registry_counts() == (105, 184, 184)
