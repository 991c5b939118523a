"""The preview says how the file was read: dates, product sets, producer types and legacy units, grouped."""

import collections
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from ocop.accounts.models import Role
from ocop.accounts.tests.factories import UserFactory, province
from ocop.registry.importing import batches, recognitions_import
from ocop.registry.models import ImportBatch, Product
from ocop.registry.tests.files import VINH_LONG, csv_bytes, tra_vinh_bytes, tra_vinh_rows

pytestmark = pytest.mark.django_db
ROMAN = {"1": "I", "2": "II", "3": "III", "4": "IV", "5": "V", "6": "VI"}
CODES = {"doanh_nghiep", "hop_tac_xa", "to_hop_tac", "ho_kinh_doanh"}
DATE_COLUMNS = ("decision_date", "valid_until", "revoked_on")


@pytest.fixture(autouse=True)
def _pages_settings(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


def normalised_of(content: bytes) -> dict[str, dict]:
    result = recognitions_import(acting_user=None, file_name="t.csv", content=content, dry_run=True)
    assert result.ok
    return {group["label"].split(" (")[0]: group for group in result.normalised}


def lines_text(lines: list[int], count: int) -> str:
    return ", ".join(map(str, lines[:3])) + (", …" if count > 3 else "")


def test_the_example_file_is_read_as_the_preview_says():
    """Every count and example worked out from the file itself, independently of the import's code."""
    rows = list(enumerate(tra_vinh_rows(), start=2))
    groups = normalised_of(tra_vinh_bytes())
    assert list(groups) == [
        "Ngày viết dạng ngày/tháng/năm, đọc thành năm-tháng-ngày",
        "Mã bộ sản phẩm viết lại như Phụ lục I Quyết định 148/QĐ-TTg",
        "Loại hình chủ thể viết bằng chữ, hiểu thành",
        "Đơn vị hành chính trước 1/7/2025, chuyển sang tỉnh hiện hành",
    ]

    day_first = [
        (line, row[c]) for line, row in rows for c in DATE_COLUMNS if re.match(r"\d\d/\d\d/", row[c])
    ]
    assert all("-" in row[c] or "/" in row[c] or not row[c] for _, row in rows for c in DATE_COLUMNS)
    first_line, first_text = day_first[0]
    day, month, year = first_text.split("/")
    dates = groups["Ngày viết dạng ngày/tháng/năm, đọc thành năm-tháng-ngày"]
    assert (first_line, first_text) == (3, "03/12/2019")
    assert (dates["count"], dates["mappings"]) == (
        len(day_first),
        [
            f"DD/MM/YYYY → YYYY-MM-DD, ví dụ (e.g.) 03/12/2019 → {year}-{month}-{day}: {len(day_first)} lần "
            f"(times), dòng (lines) {lines_text([line for line, _ in day_first], len(day_first))}"
        ],
    )

    rewritten: dict[str, list[int]] = collections.defaultdict(list)
    for line, row in rows:
        sector, _, rest = row["product_set"].partition(".")
        if sector in ROMAN:
            rewritten[f"{row['product_set']} → {ROMAN[sector]}.{rest}"].append(line)
    ranked = sorted(rewritten.items(), key=lambda item: (-len(item[1]), item[1][0]))
    sets = groups["Mã bộ sản phẩm viết lại như Phụ lục I Quyết định 148/QĐ-TTg"]
    assert sets["count"] == sum(len(lines) for lines in rewritten.values()) == 147
    assert sets["mappings"] == [
        *(
            f"{text}: {len(lines)} lần (times), dòng (lines) {lines_text(lines, len(lines))}"
            for text, lines in ranked[:5]
        ),
        f"… và {len(ranked) - 5} cách viết khác (and {len(ranked) - 5} more)",
    ]
    assert sets["mappings"][0] == "6.1 → VI.1: 25 lần (times), dòng (lines) 10, 14, 25, …"

    spelt = [row["producer_type"] for _, row in rows if row["producer_type"] not in CODES]
    types = groups["Loại hình chủ thể viết bằng chữ, hiểu thành"]
    assert types["count"] == len(spelt) == 110
    assert types["mappings"][:2] == [
        "Hộ kinh doanh → ho_kinh_doanh (Hộ kinh doanh, cơ sở sản xuất): 24 lần (times), "
        "dòng (lines) 2, 12, 31, …",
        "Công ty → doanh_nghiep (Doanh nghiệp): 21 lần (times), dòng (lines) 8, 14, 19, …",
    ]
    assert types["mappings"][-1] == "… và 3 cách viết khác (and 3 more)"  # 8 spellings in the file

    assert groups["Đơn vị hành chính trước 1/7/2025, chuyển sang tỉnh hiện hành"]["mappings"] == [
        "Tỉnh Trà Vinh (84) → Tỉnh Vĩnh Long (86): 184 lần (times), dòng (lines) 2, 3, 4, …"
    ]


def test_a_file_written_as_the_format_prefers_has_nothing_to_say():
    row = tra_vinh_rows()[0]
    row.update(product_set="I.5.a", producer_type="ho_kinh_doanh", decision_date="2022-05-19")
    row.update(unit_scheme="2025", ward_code="21025")  # a Quảng Ngãi commune
    assert normalised_of(csv_bytes([row])) == {}


def test_single_digit_days_and_months_are_a_form_of_their_own():
    first, second = tra_vinh_rows()[:2]
    first.update(decision_date="3/2/2021", valid_until="03/02/2024")
    second.update(decision_date="9/12/2019")
    dates = normalised_of(csv_bytes([first, second]))[
        "Ngày viết dạng ngày/tháng/năm, đọc thành năm-tháng-ngày"
    ]
    assert dates["mappings"] == [
        "D/M/YYYY → YYYY-MM-DD, ví dụ (e.g.) 3/2/2021 → 2021-02-03: 1 lần (times), dòng (lines) 2",
        "DD/MM/YYYY → YYYY-MM-DD, ví dụ (e.g.) 03/02/2024 → 2024-02-03: 1 lần (times), dòng (lines) 2",
        "D/MM/YYYY → YYYY-MM-DD, ví dụ (e.g.) 9/12/2019 → 2019-12-09: 1 lần (times), dòng (lines) 3",
    ]


def test_the_pages_show_the_reading_and_link_the_products_written(
    monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(batches, "launch", batches.import_batch_run)
    officer = UserFactory(role=Role.PROVINCE_OFFICER, unit=province(VINH_LONG))
    client = Client()
    client.force_login(officer)
    client.post("/registry/imports/new", {"file": SimpleUploadedFile("tra-vinh.csv", tra_vinh_bytes())})
    batch = ImportBatch.objects.get()
    page = client.get(f"/registry/imports/{batch.pk}").content.decode()
    assert "<h3>Tệp được đọc như sau</h3>" in page
    assert (
        "<li>Tỉnh Trà Vinh (84) → Tỉnh Vĩnh Long (86): 184 lần (times), dòng (lines) 2, 3, 4, …</li>" in page
    )
    assert "6.1 → VI.1: 25 lần (times)" in page

    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/registry/imports/{batch.pk}/start")
    page = client.get(f"/registry/imports/{batch.pk}").content.decode()
    first = list(Product.objects.order_by("pk")[:10])
    assert [p.import_batch_id for p in first] == [batch.pk] * 10
    links = re.findall(r'<li><a href="/registry/products/(\d+)/">([^<]*)</a></li>', page)
    assert links == [(str(product.pk), product.name) for product in first]
    assert (
        "<li>Tỉnh Trà Vinh (84) → Tỉnh Vĩnh Long (86): 184 lần (times), dòng (lines) 2, 3, 4, …</li>" in page
    )


def test_the_products_linked_include_those_written_only_through_a_certificate(db):
    recognitions_import(acting_user=None, file_name="a.csv", content=tra_vinh_bytes())
    last = Product.objects.order_by("-pk")[0]
    row = next(row for row in tra_vinh_rows() if row["product_code"] == last.code)
    row.update(decision_no="7/QĐ-UBND", decision_date="2025-01-02")
    renewal = recognitions_import(acting_user=None, file_name="b.csv", content=csv_bytes([row]))
    batch = ImportBatch.objects.get(file_name="b.csv")
    assert (renewal.batch_id, batches.products_written_by(batch)) == (batch.pk, [last])
