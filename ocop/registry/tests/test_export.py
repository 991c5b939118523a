"""Recognitions out in the import format: what is exported imports back without changing anything."""

import csv
import io

import openpyxl
import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from ocop.accounts.models import Role
from ocop.accounts.tests.factories import UserFactory, province
from ocop.registry import rules
from ocop.registry.exporting import (
    products_for_export,
    recognitions_export,
    write_recognitions_csv,
    write_recognitions_xlsx,
)
from ocop.registry.importing import COLUMNS, recognitions_import
from ocop.registry.models import Certificate, ImportBatch, Producer, Product, ProductSet
from ocop.registry.services import certificate_add
from ocop.registry.status import CertificateStatus, product_status
from ocop.registry.tests.factories import make_certificate, make_product
from ocop.registry.tests.files import VINH_LONG, tra_vinh_bytes

pytestmark = pytest.mark.django_db


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


def test_a_gtin_and_certifications_go_out_and_come_back_unchanged(tra_vinh):
    product = Product.objects.select_related("producer").get(code="84-29461-158-2019")
    Product.objects.filter(pk=product.pk).update(gtin="08938505974194")
    # Kept in another order than the contract's, as lists written by other means may be.
    Producer.objects.filter(pk=product.producer_id).update(management_certifications=["haccp", "organic"])
    before = snapshot()
    content = exported(write_recognitions_csv)
    row = next(row for row in csv_rows(content) if row["product_code"] == "84-29461-158-2019")
    assert (row["gtin"], row["producer_certifications"]) == ("08938505974194", "organic;haccp")
    result = recognitions_import(acting_user=None, file_name="x.csv", content=content)
    assert result.ok, result.errors
    assert result.summary["producers"] == {"created": 0, "updated": 0, "unchanged": 105}
    assert result.summary["products"] == {"created": 0, "updated": 0, "unchanged": 184}
    assert snapshot() == before
    product.refresh_from_db()
    product.producer.refresh_from_db()
    assert (product.gtin, product.producer.management_certifications) == (
        "08938505974194",
        ["haccp", "organic"],
    )


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
        "gtin": "",
        "producer_certifications": "",
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


def _codes(rows: list[dict[str, str]]) -> set[str]:
    return {row["product_code"] for row in rows}


def test_the_download_holds_what_the_list_shows(tra_vinh):
    """Every filter of the officers' list narrows the file alike: status today, unit, product set, import."""
    today = timezone.localdate()
    central = Client()
    central.force_login(UserFactory(role=Role.CENTRAL_OFFICER))
    # The file's products all expired by now: two recognised again today make the status filter choose.
    for product in Product.objects.order_by("pk")[:2]:
        certificate_add(
            acting_user=None, product=product, stars=3, decision_no="1/QĐ-UBND", decision_date=today
        )
    products = list(Product.objects.prefetch_related("certificates"))

    def expected(keep) -> set[str]:
        return {product.code for product in products if keep(product)}

    for status, count in ((CertificateStatus.EXPIRED, 182), (CertificateStatus.VALID, 2)):
        chosen = expected(
            lambda p, status=status: product_status(list(p.certificates.all()), today) == status
        )
        response = central.get("/registry/export.csv", {"status": status.value})
        assert response.status_code == 200
        assert _codes(csv_rows(response.content)) == chosen
        assert len(chosen) == count

    first = Product.objects.order_by("pk")[0]
    in_commune = expected(lambda p: p.commune_code == first.commune_code)
    officer = Client()
    officer.force_login(UserFactory(role=Role.PROVINCE_OFFICER, unit=province(VINH_LONG)))
    rows = csv_rows(officer.get("/registry/export.csv", {"unit": str(first.commune_code)}).content)
    assert _codes(rows) == in_commune
    assert len(in_commune) == 9

    # The file's products are classified under 1048/2019; the filter offers the current sets, so three
    # products are moved to one of them.
    current_set = ProductSet.objects.get(classification__code=rules.CURRENT_CLASSIFICATION, code="I.3.c")
    moved = Product.objects.order_by("-pk")[:3]
    Product.objects.filter(pk__in=[product.pk for product in moved]).update(product_set=current_set)
    rows = csv_rows(central.get("/registry/export.csv", {"product_set": "I.3.c"}).content)
    assert _codes(rows) == {product.code for product in moved}

    # A product recorded by hand is none of the import's: the batch narrows to the file's 184 products,
    # with every certificate each of them has (186 rows: two were recognised again above).
    by_hand = make_certificate(make_product(name="Mật ong bạc hà")).product
    batch = ImportBatch.objects.get()
    rows = csv_rows(central.get("/registry/export.csv", {"import_batch": str(batch.pk)}).content)
    assert _codes(rows) == {product.code for product in products}
    assert len(rows) == 186
    assert by_hand.code in _codes(csv_rows(central.get("/registry/export.csv").content))


def test_a_refused_filter_is_a_clear_error_not_a_bigger_file(tra_vinh):
    quang_ngai = Client()
    quang_ngai.force_login(UserFactory(role=Role.PROVINCE_OFFICER))
    central = Client()
    central.force_login(UserFactory(role=Role.CENTRAL_OFFICER))
    batch = ImportBatch.objects.get()

    for client, filters, named in (
        (quang_ngai, {"unit": str(VINH_LONG)}, "unit"),  # another province is no commune of theirs
        (quang_ngai, {"import_batch": str(batch.pk)}, "import_batch"),  # not theirs to see
        (central, {"status": "valid'--"}, "status"),
        (central, {"sector": "x"}, "sector"),
    ):
        response = client.get("/registry/export.csv", filters)
        assert response.status_code == 400
        assert response["Content-Type"] == "text/plain; charset=utf-8"
        assert response.content.decode().startswith(f"{named}: ")


def test_the_download_does_not_count_what_only_the_screen_shows(tra_vinh):
    """The list's status counts are the screen's: the file reads the products alone, without the
    aggregate over every product in scope that the screen's tabs show."""
    officer = Client()
    officer.force_login(UserFactory(role=Role.PROVINCE_OFFICER, unit=province(VINH_LONG)))
    with CaptureQueriesContext(connection) as queries:
        response = officer.get("/registry/export.csv", {"sector": "1"})
    assert len(csv_rows(response.content)) == 73
    assert [query["sql"] for query in queries.captured_queries if "COUNT(" in query["sql"]] == []

    with CaptureQueriesContext(connection) as queries:
        listing = officer.get("/registry/products/", {"sector": "1"})
    assert listing.status_code == 200
    counted = [query["sql"] for query in queries.captured_queries if "FILTER (WHERE" in query["sql"]]
    assert len(counted) == 1
