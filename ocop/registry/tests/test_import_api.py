"""``POST /api/v1/imports/recognitions``: officers in, everyone else out with nothing written."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from ocop.accounts.models import Role
from ocop.accounts.tests.factories import UserFactory, province
from ocop.registry.models import Certificate, ImportBatch, Producer, Product
from ocop.registry.tests.files import VINH_LONG, csv_bytes, tra_vinh_bytes, tra_vinh_rows

pytestmark = pytest.mark.django_db
URL = "/api/v1/imports/recognitions"


def upload(client: Client, content: bytes | None = None, **fields: str):
    file = SimpleUploadedFile("tra-vinh.csv", content or tra_vinh_bytes(), content_type="text/csv")
    return client.post(URL, {"file": file, **fields})


def registry_counts() -> tuple[int, int, int, int]:
    return (
        Producer.objects.count(),
        Product.objects.count(),
        Certificate.objects.count(),
        ImportBatch.objects.count(),
    )


def signed_in(**user_fields) -> Client:
    client = Client()
    client.force_login(UserFactory(**user_fields))
    return client


def test_a_central_officer_imports_and_a_second_import_changes_nothing():
    client = signed_in(role=Role.CENTRAL_OFFICER)
    response = upload(client)
    assert response.status_code == 200
    body = response.json()
    assert (body["ok"], body["dry_run"], body["warnings"]) == (True, False, [])
    assert body["summary"] == {
        "rows": 184,
        "producers": {"created": 105, "updated": 0, "unchanged": 0},
        "products": {"created": 184, "updated": 0, "unchanged": 0},
        "certificates": {"created": 184, "updated": 0, "unchanged": 0},
    }
    assert body["batch_id"] == ImportBatch.objects.get().pk
    stamps = list(Product.objects.order_by("pk").values_list("updated_at", flat=True))
    again = upload(client).json()
    assert again["summary"]["products"] == {"created": 0, "updated": 0, "unchanged": 184}
    assert again["summary"]["certificates"] == {"created": 0, "updated": 0, "unchanged": 184}
    assert list(Product.objects.order_by("pk").values_list("updated_at", flat=True)) == stamps
    assert registry_counts() == (105, 184, 184, 2)


def test_a_province_officer_imports_rows_of_their_province():
    client = signed_in(role=Role.PROVINCE_OFFICER, unit=province(VINH_LONG))
    response = upload(client)
    assert response.status_code == 200
    assert registry_counts()[:3] == (105, 184, 184)


def test_a_dry_run_answers_the_summary_and_writes_nothing():
    response = upload(signed_in(role=Role.CENTRAL_OFFICER), dry_run="true")
    assert response.status_code == 200
    body = response.json()
    assert body["dry_run"] is True
    assert body["summary"]["products"] == {"created": 184, "updated": 0, "unchanged": 0}
    assert body["preview"]["producers"]["created"][0] == {
        "line": 2,
        "label": "Hộ kinh doanh Nguyễn Long",
        "changes": [],
    }
    assert registry_counts() == (0, 0, 0, 0)


def test_a_bad_file_answers_422_with_every_error_by_line_and_column():
    rows = tra_vinh_rows()
    rows[91]["stars"] = "7"
    rows[99]["decision_date"] = "31/02/2021"
    response = upload(signed_in(role=Role.CENTRAL_OFFICER), csv_bytes(rows))
    assert response.status_code == 422
    body = response.json()
    assert body["errors"] == [
        {
            "line": 93,
            "column": "stars",
            "message": "hạng sao phải là 3, 4 hoặc 5 (stars must be 3, 4 or 5), got '7'",
        },
        {
            "line": 101,
            "column": "decision_date",
            "message": "ngày phải là ngày có thật, dạng YYYY-MM-DD hoặc DD/MM/YYYY "
            "(a real date as YYYY-MM-DD or DD/MM/YYYY), got '31/02/2021'",
        },
    ]
    assert (body["ok"], body["error_count"]) == (False, 2)
    assert registry_counts()[:3] == (0, 0, 0)
    assert ImportBatch.objects.get().state == "failed"


def test_a_file_that_is_not_a_table_is_422_on_line_0():
    response = upload(signed_in(role=Role.CENTRAL_OFFICER), b"\x89PNG\r\n\x1a\n\0\0\0")
    assert response.status_code == 422
    assert response.json()["errors"][0]["line"] == 0


def test_anonymous_callers_are_401_and_nothing_is_written():
    response = upload(Client())
    assert response.status_code == 401
    assert registry_counts() == (0, 0, 0, 0)


@pytest.mark.parametrize(
    "role", [Role.BUYER, Role.PRODUCER, Role.COMMUNE_OFFICER, Role.COUNCIL_MEMBER, Role.SALES_POINT_OPERATOR]
)
def test_other_roles_are_403_and_nothing_is_written(role):
    response = upload(signed_in(role=role))
    assert response.status_code == 403
    assert registry_counts() == (0, 0, 0, 0)


def test_a_deactivated_officer_is_refused():
    response = upload(signed_in(role=Role.CENTRAL_OFFICER, is_active=False))
    assert response.status_code in (401, 403)
    assert registry_counts() == (0, 0, 0, 0)


def test_a_province_officer_of_another_province_is_refused_row_by_row_with_nothing_written():
    response = upload(signed_in(role=Role.PROVINCE_OFFICER))  # Quảng Ngãi (51)
    assert response.status_code == 422
    body = response.json()
    assert body["error_count"] == 184
    assert body["errors"][0] == {
        "line": 2,
        "column": "ward_code",
        "message": "đơn vị này nằm ngoài tỉnh bạn phụ trách (this unit lies outside your province), "
        "got '29434'",
    }
    assert registry_counts()[:3] == (0, 0, 0)


def test_a_province_officer_cannot_change_products_recorded_in_another_province():
    upload(signed_in(role=Role.CENTRAL_OFFICER))  # Trà Vinh's products, in Vĩnh Long
    rows = tra_vinh_rows()[:1]
    rows[0].update(unit_scheme="2025", ward_code="21025", product_name="Chè đổi chủ")  # a Quảng Ngãi commune
    response = upload(signed_in(role=Role.PROVINCE_OFFICER), csv_bytes(rows))
    assert response.status_code == 422
    assert [(e["line"], e["column"]) for e in response.json()["errors"]] == [(2, "product_code")]
    assert Product.objects.get(code=rows[0]["product_code"]).province_code == VINH_LONG


def test_the_session_must_carry_its_csrf_token():
    client = Client(enforce_csrf_checks=True)
    client.force_login(UserFactory(role=Role.CENTRAL_OFFICER))
    response = upload(client)
    assert response.status_code == 403
    assert registry_counts() == (0, 0, 0, 0)
