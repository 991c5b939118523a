"""A product's history on the officials' page names every import that wrote it or its certificates."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from ocop.accounts.models import Role
from ocop.accounts.tests.factories import UserFactory, province
from ocop.registry.importing import recognitions_import
from ocop.registry.models import Certificate, ImportBatch, Product
from ocop.registry.tests.files import VINH_LONG, csv_bytes, tra_vinh_bytes, tra_vinh_rows

pytestmark = pytest.mark.django_db
TEA = "84-29434-15-2022"  # line 2 of the example: Chè Shan tuyết Kim Hòa loại 15, 3★, 1708/QĐ-UBND


@pytest.fixture
def uploader(db):
    return UserFactory(role=Role.PROVINCE_OFFICER, full_name="Lê Thị Nhập", unit=province(VINH_LONG))


@pytest.fixture
def colleague(db):
    return UserFactory(role=Role.PROVINCE_OFFICER, full_name="Phan Văn Xem", unit=province(VINH_LONG))


def page_of(user, product: Product) -> tuple[str, int]:
    client = Client()
    client.force_login(user)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/registry/products/{product.pk}/")
    assert response.status_code == 200
    return response.content.decode(), len(queries)


def history_rows(page: str) -> list[str]:
    """The history table's rows, as text with links kept: ``who | what | details``."""
    section = page[page.index('id="audit-heading"') :]
    rows = re.findall(r"<tr>(.*?)</tr>", section[section.index("<tbody>") :], re.S)
    cells = [re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)[1:] for row in rows]
    return [
        " | ".join(re.sub(r"\s+", " ", re.sub(r"</?(ul|li)[^>]*>", " ", c)).strip() for c in r) for r in cells
    ]


def products_link(batch_id: int | None) -> str:
    """The entry's link to the officers' product list narrowed to what the import wrote."""
    return f' · <a href="/registry/products/?import_batch={batch_id}">Xem các sản phẩm của lần nhập này</a>'


def renewal_of_tea() -> bytes:
    row = next(row for row in tra_vinh_rows() if row["product_code"] == TEA)
    row.update(stars="4", potential_5_star="0", decision_no="88/QĐ-UBND", decision_date="2025-05-20")
    return csv_bytes([row])


def test_each_import_that_wrote_a_product_shows_in_its_history_with_its_certificates(uploader, colleague):
    first = recognitions_import(
        acting_user=uploader, file_name="tra-vinh-2019-2022.csv", content=tra_vinh_bytes()
    )
    tea = Product.objects.get(code=TEA)
    _, queries_after_one = page_of(uploader, tea)

    second = recognitions_import(acting_user=uploader, file_name="gia-han-2025.csv", content=renewal_of_tea())
    assert second.summary["certificates"] == {"created": 1, "updated": 0, "unchanged": 0}
    page, queries_after_two = page_of(uploader, tea)
    assert history_rows(page) == [
        f'Lê Thị Nhập | Nhập từ tệp <a href="/registry/imports/{second.batch_id}">gia-han-2025.csv</a>'
        f"{products_link(second.batch_id)} | Giấy chứng nhận: 4★ 88/QĐ-UBND (20/05/2025)",
        f'Lê Thị Nhập | Nhập từ tệp <a href="/registry/imports/{first.batch_id}">tra-vinh-2019-2022.csv</a>'
        f"{products_link(first.batch_id)} | Giấy chứng nhận: 3★ 1708/QĐ-UBND (19/05/2022)",
    ]
    assert queries_after_two == queries_after_one  # one more import, no more queries

    # A colleague of the same province sees the product and the imports, but not the uploader's batches.
    page, _ = page_of(colleague, tea)
    assert history_rows(page) == [
        "Lê Thị Nhập | Nhập từ tệp gia-han-2025.csv | Giấy chứng nhận: 4★ 88/QĐ-UBND (20/05/2025)",
        "Lê Thị Nhập | Nhập từ tệp tra-vinh-2019-2022.csv | Giấy chứng nhận: 3★ 1708/QĐ-UBND (19/05/2022)",
    ]


def test_the_import_links_exactly_the_rows_it_wrote(uploader):
    first = recognitions_import(acting_user=uploader, file_name="tra-vinh.csv", content=tra_vinh_bytes())
    assert Product.objects.filter(import_batch_id=first.batch_id).count() == 184
    assert Certificate.objects.filter(import_batch_id=first.batch_id).count() == 184

    # The same file again changes nothing, so it points at nothing; a renewal points at its certificate.
    again = recognitions_import(acting_user=uploader, file_name="tra-vinh.csv", content=tra_vinh_bytes())
    renewal = recognitions_import(acting_user=uploader, file_name="gia-han.csv", content=renewal_of_tea())
    assert ImportBatch.objects.filter(state="done").count() == 3
    assert not Product.objects.filter(import_batch_id=again.batch_id).exists()
    assert not Certificate.objects.filter(import_batch_id=again.batch_id).exists()
    assert list(Certificate.objects.filter(import_batch_id=renewal.batch_id).values_list("decision_no")) == [
        ("88/QĐ-UBND",)
    ]
    assert Product.objects.get(code=TEA).import_batch_id == first.batch_id  # its own fields did not change


def test_a_command_line_import_shows_as_the_system_and_links_for_central_officers(db, uploader):
    batch_id = recognitions_import(
        acting_user=None, file_name="tra-vinh.csv", content=tra_vinh_bytes()
    ).batch_id
    tea = Product.objects.get(code=TEA)
    central = UserFactory(role=Role.CENTRAL_OFFICER)
    assert history_rows(page_of(central, tea)[0]) == [
        f'Hệ thống | Nhập từ tệp <a href="/registry/imports/{batch_id}">tra-vinh.csv</a>'
        f"{products_link(batch_id)} | Giấy chứng nhận: 3★ 1708/QĐ-UBND (19/05/2022)"
    ]
    assert history_rows(page_of(uploader, tea)[0]) == [
        "Hệ thống | Nhập từ tệp tra-vinh.csv | Giấy chứng nhận: 3★ 1708/QĐ-UBND (19/05/2022)"
    ]
