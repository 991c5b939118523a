"""``POST /api/v1/imports/agreements``: officers in, everyone else out with nothing written."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from ocop.accounts.models import Role
from ocop.accounts.tests.factories import UserFactory
from ocop.trade.models import Agreement, AgreementImport
from ocop.trade.tests.agreements_helpers import csv_file, row

pytestmark = pytest.mark.django_db
URL = "/api/v1/imports/agreements"


def upload(client: Client, content: bytes, **fields: str):
    return client.post(URL, {"file": SimpleUploadedFile("ket-qua.csv", content, "text/csv"), **fields})


def signed_in(role: Role) -> Client:
    client = Client()
    client.force_login(UserFactory(role=role))
    return client


def test_a_central_officer_imports_and_again_changes_nothing():
    client = signed_in(Role.CENTRAL_OFFICER)
    first = upload(client, csv_file([row(), row(document_no="HĐ-2", kind="mou", value_vnd="")]))
    assert first.status_code == 200
    body = first.json()
    assert body["summary"]["agreements"] == {"created": 2, "updated": 0, "unchanged": 0}
    assert (body["ok"], body["dry_run"], body["import_id"]) == (True, False, AgreementImport.objects.get().pk)
    again = upload(client, csv_file([row(), row(document_no="HĐ-2", kind="mou", value_vnd="")]))
    assert again.json()["summary"]["agreements"] == {"created": 0, "updated": 0, "unchanged": 2}
    assert Agreement.objects.count() == 2


def test_a_bad_file_answers_422_naming_rows_and_writes_nothing():
    client = signed_in(Role.PROVINCE_OFFICER)
    response = upload(client, csv_file([row(), row(document_no="HĐ-2", value_vnd="")]))
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"line": 3, "column": "value_vnd", "message": "bắt buộc với hợp đồng (required for a contract)"}
    ]
    assert response.json()["error_count"] == 1
    assert Agreement.objects.count() == AgreementImport.objects.count() == 0


@pytest.mark.parametrize(("role", "status"), [(None, 401), (Role.PRODUCER, 403), (Role.BUYER, 403)])
def test_others_are_refused_and_nothing_is_written(role, status):
    client = signed_in(role) if role else Client()
    response = upload(client, csv_file([row()]))
    assert response.status_code == status
    assert Agreement.objects.count() == 0


def test_without_the_csrf_token_a_signed_in_officer_is_refused():
    client = Client(enforce_csrf_checks=True)
    client.force_login(UserFactory(role=Role.CENTRAL_OFFICER))
    assert upload(client, csv_file([row()])).status_code == 403
    assert Agreement.objects.count() == 0
