"""Recognitions out in the import format: what is exported imports back without changing anything."""

import csv
import io

import openpyxl
import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from ocop.accounts.models import Role
from ocop.accounts.tests.factories import UserFactory, province
from ocop.registry.exporting import (
    products_for_export,
    recognitions_export,
    write_recognitions_csv,
    write_recognitions_xlsx,
)
from ocop.registry.importing import COLUMNS, recognitions_import
from ocop.registry.models import Certificate, Producer, Product
from ocop.registry.tests.files import VINH_LONG, tra_vinh_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _plain_static_storage(settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def tra_vinh(db):
    result = recognitions_import(acting_user=None, file_name="tra-vinh.csv", content=tra_vinh_bytes())
    assert result.ok


def snapshot() -> dict[str, list[tuple[object, ...]]]:
    return {
        model.__name__: list(model.objects.order_by("pk").values_list("pk", "updated_at"))
        for model in (Producer, Product, Certificate)
    }


def exported(writer) -> bytes:
    out = io.BytesIO()
    writer(recognitions_export(Product.objects.all()), out)
    return out.getvalue()


def csv_rows(content: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))


@pytest.mark.parametrize(
    ("writer", "name"), [(write_recognitions_csv, "x.csv"), (write_recognitions_xlsx, "x.xlsx")]
)
def test_export_then_import_changes_nothing(tra_vinh, writer, name):
    before = snapshot()
    result = recognitions_import(acting_user=None, file_name=name, content=exported(writer))
    assert result.ok, result.errors
    assert result.summary == {
        "rows": 184,
        "producers": {"created": 0, "updated": 0, "unchanged": 105},
        "products": {"created": 0, "updated": 0, "unchanged": 184},
        "certificates": {"created": 0, "updated": 0, "unchanged": 184},
    }
    assert snapshot() == before


def test_one_row_per_certificate_with_exactly_the_contract_columns(tra_vinh):
    content = exported(write_recognitions_csv)
    assert content.startswith("\ufeff".encode())
    header = content.decode("utf-8-sig").splitlines()[0]
    assert header.split(",") == list(COLUMNS)
    rows = csv_rows(content)
    assert len(rows) == 184
    assert next(row for row in rows if row["product_code"] == "84-29461-158-2019") == {
        "product_code": "84-29461-158-2019",
        "product_name": "Lạp xưởng Trà Cú 158",
        "sector": "1",
        "product_set": "I.3.d",
        "producer_name": "Hộ kinh doanh Ngô Long",
        "producer_type": "ho_kinh_doanh",
        "producer_tax_code": "",
        "unit_scheme": "legacy",
        "ward_code": "29461",
        "district_code": "",
        "stars": "4",
        "potential_5_star": "0",
        "score": "79",
        "decision_no": "127/QĐ-UBND",
        "decision_date": "2019-12-03",
        "valid_until": "2022-12-03",
        "revoked_on": "",
    }


def test_the_xlsx_holds_every_cell_as_text(tra_vinh):
    sheet = openpyxl.load_workbook(io.BytesIO(exported(write_recognitions_xlsx)), read_only=True).worksheets[
        0
    ]
    header, first = list(sheet.iter_rows(max_row=2, values_only=True))
    assert list(header) == list(COLUMNS)
    assert all(isinstance(value, str) or value is None for value in first)


def test_the_command_writes_a_province_in_either_scheme(tra_vinh, tmp_path):
    out = tmp_path / "tra-vinh.csv"
    call_command("export_recognitions", "--legacy-province", "84", str(out), stdout=io.StringIO())
    assert len(csv_rows(out.read_bytes())) == 184
    workbook = tmp_path / "quang-ngai.xlsx"
    call_command(
        "export_recognitions", "--format", "xlsx", "--province", "51", str(workbook), stdout=io.StringIO()
    )
    assert (
        len(list(openpyxl.load_workbook(workbook, read_only=True).worksheets[0].iter_rows())) == 1
    )  # header
    with pytest.raises(CommandError, match="province: a whole number"):
        call_command("export_recognitions", "--province", "Vĩnh Long", str(out))


@pytest.mark.parametrize(
    ("filters", "count"),
    [
        ({}, 184),
        ({"sector": "1"}, 73),
        ({"rank": "5"}, 3),
        ({"rank": "5_potential"}, 6),
        ({"legacy_province": "84", "rank": "4"}, 38),
        ({"province": "51"}, 0),
        ({"q": "chè SHAN"}, 7),
    ],
)
def test_filters_narrow_the_export(tra_vinh, filters, count):
    assert products_for_export(None, **filters).count() == count


def test_officers_download_their_scope_only(tra_vinh):
    vinh_long = Client()
    vinh_long.force_login(UserFactory(role=Role.PROVINCE_OFFICER, unit=province(VINH_LONG)))
    response = vinh_long.get("/registry/export.csv", {"sector": "1"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="ocop-recognitions-')
    assert len(csv_rows(response.content)) == 73

    quang_ngai = Client()
    quang_ngai.force_login(UserFactory(role=Role.PROVINCE_OFFICER))
    assert csv_rows(quang_ngai.get("/registry/export.csv").content) == []
    assert csv_rows(quang_ngai.get("/registry/export.csv", {"province": str(VINH_LONG)}).content) == []

    central = Client()
    central.force_login(UserFactory(role=Role.CENTRAL_OFFICER))
    response = central.get("/registry/export.xlsx", {"rank": "5"})
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content), read_only=True).worksheets[0]
    assert len(list(sheet.iter_rows())) == 4
    assert central.get("/registry/export.csv", {"sector": "x"}).status_code == 400


def test_the_download_does_not_exist_for_others(tra_vinh):
    assert Client().get("/registry/export.csv").status_code == 302
    for role in (Role.BUYER, Role.PRODUCER, Role.COMMUNE_OFFICER, Role.COUNCIL_MEMBER):
        client = Client()
        client.force_login(UserFactory(role=role))
        assert client.get("/registry/export.csv").status_code == 404
