"""Names that a spreadsheet would evaluate leave every export as text and come back in unchanged.

The payloads are those of the hostile test (issue #8, point 2): names imported as formulas were written
live into the XLSX and unescaped into both CSVs.
"""

import csv
import io
import zipfile
from collections.abc import Callable

import openpyxl
import pytest
from django.core.management import call_command
from django.test import Client

from ocop.accounts.models import Role
from ocop.accounts.tests.factories import UserFactory
from ocop.core.spreadsheets import csv_escape
from ocop.registry.importing import recognitions_import
from ocop.registry.models import Certificate, Producer, Product
from ocop.registry.tests.factories import make_certificate, make_producer, make_product

pytestmark = pytest.mark.django_db

FORMULAS = [
    '=HYPERLINK("http://evil.example/x","x")',
    "+cmd|' /C calc'!A0",
    "@SUM(1+1)",
    "-2+3+4",
]
# Names that genuinely begin with an apostrophe before a trigger, and one with an apostrophe alone.
APOSTROPHES = ["'=Chè Shan tuyết", "''+Rượu sim", "'Trà xanh"]
NAMES = FORMULAS + APOSTROPHES
DECISION = "=1+1"


@pytest.fixture
def hostile() -> None:
    """One producer and one certified product per name, the producer named like its product."""
    for number, name in enumerate(NAMES):
        producer = make_producer(name=name)
        product = make_product(producer=producer, name=name)
        make_certificate(product, stars=4, decision_no=DECISION if number == 0 else f"{number}/QĐ-UBND")


def snapshot() -> dict[str, list[tuple[object, ...]]]:
    return {
        model.__name__: list(model.objects.order_by("pk").values_list("pk", "updated_at"))
        for model in (Producer, Product, Certificate)
    }


def central() -> Client:
    client = Client()
    client.force_login(UserFactory(role=Role.CENTRAL_OFFICER))
    return client


def from_page(file_format: str) -> bytes:
    response = central().get(f"/registry/export.{file_format}")
    assert response.status_code == 200
    return response.content


def from_command(file_format: str, tmp_path) -> bytes:
    out = tmp_path / f"out.{file_format}"
    call_command("export_recognitions", "--format", file_format, str(out), stdout=io.StringIO())
    return out.read_bytes()


EXPORTS: dict[str, Callable[..., bytes]] = {
    "page csv": lambda tmp_path: from_page("csv"),
    "page xlsx": lambda tmp_path: from_page("xlsx"),
    "command csv": lambda tmp_path: from_command("csv", tmp_path),
    "command xlsx": lambda tmp_path: from_command("xlsx", tmp_path),
}


def csv_cells(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


@pytest.mark.parametrize("source", ["page csv", "command csv"])
def test_the_recognitions_csv_writes_formulas_behind_an_apostrophe(hostile, source, tmp_path):
    header, *rows = csv_cells(EXPORTS[source](tmp_path))
    name, producer, decision = (
        header.index(column) for column in ("product_name", "producer_name", "decision_no")
    )
    assert sorted(row[name] for row in rows) == sorted(
        [
            '\'=HYPERLINK("http://evil.example/x","x")',
            "'+cmd|' /C calc'!A0",
            "'@SUM(1+1)",
            "'-2+3+4",
            "''=Chè Shan tuyết",
            "'''+Rượu sim",
            "'Trà xanh",  # no trigger after the apostrophe: written as it is
        ]
    )
    assert [row[producer] for row in rows] == [row[name] for row in rows]
    assert sorted(row[decision] for row in rows)[0] == "'=1+1"


def test_the_open_data_csv_writes_formulas_behind_an_apostrophe(hostile, client):
    response = client.get("/api/v1/products/export.csv")
    content = b"".join(response.streaming_content) if response.streaming else response.content
    assert b'"\'=HYPERLINK(""http://evil.example/x"",""x"")"' in content
    header, *rows = csv_cells(content)
    name, producer, decision, number = (
        header.index(column) for column in ("name", "producer_name", "decision_no", "id")
    )
    assert sorted(row[name] for row in rows) == sorted(csv_escape(name) for name in NAMES)
    assert "'@SUM(1+1)" in {row[producer] for row in rows}
    assert "'=1+1" in {row[decision] for row in rows}
    assert all(row[number].isdigit() for row in rows)  # numbers stay numbers


@pytest.mark.parametrize("source", ["page xlsx", "command xlsx"])
def test_the_recognitions_xlsx_holds_formulas_as_text(hostile, source, tmp_path):
    content = EXPORTS[source](tmp_path)
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        sheets = [archive.read(name) for name in archive.namelist() if name.startswith("xl/worksheets/")]
    assert sheets
    assert all(b"<f>" not in sheet and b"<f " not in sheet for sheet in sheets)
    sheet = openpyxl.load_workbook(io.BytesIO(content)).worksheets[0]
    header = [cell.value for cell in sheet[1]]
    name, decision = header.index("product_name") + 1, header.index("decision_no") + 1
    cells = [sheet.cell(row=row, column=name) for row in range(2, sheet.max_row + 1)]
    assert sorted(cell.value for cell in cells) == sorted(NAMES)  # no apostrophe added: XLSX has types
    assert {cell.data_type for cell in cells} == {"s"}
    decisions = {sheet.cell(row=row, column=decision).value for row in range(2, sheet.max_row + 1)}
    assert DECISION in decisions


@pytest.mark.parametrize("source", list(EXPORTS))
@pytest.mark.parametrize("dry_run", [True, False])
def test_an_export_imported_again_changes_nothing(hostile, source, dry_run, tmp_path):
    content = EXPORTS[source](tmp_path)
    before = snapshot()

    result = recognitions_import(
        acting_user=None, file_name=f"again.{source.split()[1]}", content=content, dry_run=dry_run
    )

    assert result.ok, result.errors
    count = len(NAMES)
    assert result.summary == {
        "rows": count,
        "producers": {"created": 0, "updated": 0, "unchanged": count},
        "products": {"created": 0, "updated": 0, "unchanged": count},
        "certificates": {"created": 0, "updated": 0, "unchanged": count},
    }
    assert snapshot() == before
    assert sorted(Product.objects.values_list("name", flat=True)) == sorted(NAMES)
