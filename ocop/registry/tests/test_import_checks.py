"""The recognitions import refuses every bad input of contract §1 by line and column, and writes nothing."""

import datetime
from decimal import Decimal

import pytest

from ocop.core.models import AuditEvent
from ocop.registry.importing import reading, recognitions_import
from ocop.registry.importing.service import unit_index
from ocop.registry.models import Certificate, ImportBatch, Producer, Product
from ocop.registry.tests.files import csv_bytes, tra_vinh_bytes, tra_vinh_rows, xlsx_bytes, zip_bytes

pytestmark = pytest.mark.django_db


def run(content: bytes, *, file_name: str = "test.csv", dry_run: bool = False):
    return recognitions_import(acting_user=None, file_name=file_name, content=content, dry_run=dry_run)


def counts() -> tuple[int, int, int]:
    return Producer.objects.count(), Product.objects.count(), Certificate.objects.count()


def errors_of(result) -> list[tuple[int, str]]:
    return [(error.line, error.column) for error in result.errors]


def refused(content: bytes, **kwargs) -> list[str]:
    """Import ``content``, check that it failed and wrote nothing, and return the errors as text."""
    result = run(content, **kwargs)
    assert result.ok is False
    assert counts() == (0, 0, 0)
    assert AuditEvent.objects.filter(action="recognitions.import").count() == 0
    return [str(error) for error in result.errors]


def with_changes(line: int, **changes: str) -> bytes:
    """The Trà Vinh file with the row on ``line`` (header = 1) changed."""
    rows = tra_vinh_rows()
    rows[line - 2].update(changes)
    return csv_bytes(rows)


def test_a_bad_row_in_the_middle_stops_everything_and_is_named_by_line_and_column():
    messages = refused(with_changes(93, stars="7"))
    assert messages == ["Dòng 93, cột stars: hạng sao phải là 3, 4 hoặc 5 (stars must be 3, 4 or 5), got '7'"]
    batch = ImportBatch.objects.get()
    assert (batch.state, batch.rows_total, batch.rows_done) == ("failed", 184, 0)
    assert batch.errors == [
        {
            "line": 93,
            "column": "stars",
            "message": "hạng sao phải là 3, 4 hoặc 5 (stars must be 3, 4 or 5), got '7'",
        }
    ]


def test_every_bad_row_is_reported_not_only_the_first():
    rows = tra_vinh_rows()
    rows[0]["sector"] = "7"
    rows[10]["decision_date"] = "31/02/2021"
    rows[20]["producer_type"] = "Công ty TNHH"
    rows[30]["unit_scheme"] = "2024"
    result = run(csv_bytes(rows))
    assert errors_of(result) == [
        (2, "sector"),
        (12, "decision_date"),
        (22, "producer_type"),
        (32, "unit_scheme"),
    ]
    assert result.error_count == 4


def test_errors_are_capped_at_200_with_the_count_of_all():
    rows = [dict(row, stars="9") for row in tra_vinh_rows()] * 2  # 368 bad rows
    result = run(csv_bytes(rows))
    assert (len(result.errors), result.error_count) == (200, 368)
    assert result.errors[-1].line == 201


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        (
            {"stars": "6"},
            "Dòng 57, cột stars: hạng sao phải là 3, 4 hoặc 5 (stars must be 3, 4 or 5), got '6'",
        ),
        (
            {"stars": "2"},
            "Dòng 57, cột stars: hạng sao phải là 3, 4 hoặc 5 (stars must be 3, 4 or 5), got '2'",
        ),
        ({"decision_date": "31/02/2021"}, "Dòng 57, cột decision_date: ngày phải là ngày có thật"),
        ({"decision_date": "2021-13-01"}, "Dòng 57, cột decision_date: ngày phải là ngày có thật"),
        ({"decision_date": "hôm qua"}, "Dòng 57, cột decision_date: ngày phải là ngày có thật"),
        ({"decision_date": ""}, "Dòng 57, cột decision_date: không được để trống (required)"),
        ({"sector": "7"}, "Dòng 57, cột sector: ngành phải là số từ 1 đến 6 (sector must be 1–6), got '7'"),
        ({"product_set": "1.9.z"}, "Dòng 57, cột product_set: không có bộ sản phẩm này"),
        (
            {"sector": "2", "product_set": "1.3.c"},
            "Dòng 57, cột product_set: bộ sản phẩm I.3.c thuộc ngành 1",
        ),
        ({"producer_type": "Công ty TNHH"}, "Dòng 57, cột producer_type: loại hình chủ thể không hợp lệ"),
        ({"unit_scheme": "2024"}, "Dòng 57, cột unit_scheme: hệ đơn vị phải là 2025"),
        (
            {"ward_code": "99999"},
            "Dòng 57, cột ward_code: không có xã/phường mã 99999 trong hệ đơn vị legacy",
        ),
        # 29434 (Xã Kim Hòa) is a legacy commune that no longer exists since 1/7/2025.
        (
            {"unit_scheme": "2025", "ward_code": "29434"},
            "Dòng 57, cột ward_code: không có xã/phường mã 29434 trong hệ đơn vị 2025",
        ),
        ({"ward_code": "xã 1"}, "Dòng 57, cột ward_code: mã đơn vị phải là số"),
        ({"ward_code": ""}, "Dòng 57, cột ward_code: cần mã xã/phường (ward_code is required"),
        # Châu Thành (847) has communes: a row in it must name its commune.
        (
            {"ward_code": "", "district_code": "847"},
            "Dòng 57, cột ward_code: cần mã xã/phường: Huyện Châu Thành",
        ),
        ({"district_code": "848", "ward_code": "29386"}, "Dòng 57, cột district_code: xã 29386 không thuộc"),
        (
            {"unit_scheme": "2025", "ward_code": "", "district_code": "536"},
            "Dòng 57, cột district_code: mã quận/huyện chỉ dùng với hệ đơn vị legacy",
        ),
        ({"potential_5_star": "1", "stars": "3"}, "Dòng 57, cột potential_5_star: chỉ sản phẩm 4 sao"),
        ({"potential_5_star": "có thể"}, "Dòng 57, cột potential_5_star: tiềm năng 5 sao phải là 1/0"),
        ({"score": "101"}, "Dòng 57, cột score: điểm phải là số từ 0 đến 100"),
        ({"score": "-1"}, "Dòng 57, cột score: điểm phải là số từ 0 đến 100"),
        ({"score": "7x"}, "Dòng 57, cột score: điểm phải là số từ 0 đến 100"),
        ({"score": "65,125"}, "Dòng 57, cột score: điểm có tối đa 2 chữ số thập phân"),
        ({"decision_no": ""}, "Dòng 57, cột decision_no: không được để trống (required)"),
        ({"product_name": ""}, "Dòng 57, cột product_name: không được để trống (required)"),
        ({"product_name": "x" * 256}, "Dòng 57, cột product_name: dài quá 255 ký tự"),
        (
            {"revoked_on": "2018-01-01"},
            "Dòng 57, cột revoked_on: ngày thu hồi 01/01/2018 trước ngày quyết định",
        ),
        ({"valid_until": "2018-01-01"}, "Dòng 57, cột valid_until: ngày hết hiệu lực 01/01/2018 trước"),
    ],
)
def test_each_bad_cell_gives_its_own_error(changes, expected):
    messages = refused(with_changes(57, **changes))
    assert len(messages) == 1
    assert messages[0].startswith(expected)


def test_a_revocation_before_the_decision_says_so_in_english_too():
    (message,) = refused(with_changes(57, revoked_on="2019-01-01", decision_date="2020-06-23"))
    assert message == (
        "Dòng 57, cột revoked_on: ngày thu hồi 01/01/2019 trước ngày quyết định 23/06/2020 "
        "(a revocation before the decision)"
    )


def test_the_same_product_code_with_another_name_or_producer_names_both_lines():
    rows = tra_vinh_rows()
    rows[40]["product_code"] = rows[2]["product_code"]  # line 42 takes the code of line 4
    rows[41]["product_code"] = rows[2]["product_code"]
    rows[41]["product_name"] = rows[2]["product_name"]  # line 43: same name, another producer
    rows[2]["producer_tax_code"] = rows[41]["producer_tax_code"] = ""  # producers known by name and unit
    result = run(csv_bytes(rows))
    assert errors_of(result) == [(42, "product_name"), (43, "producer_name")]
    assert "ở dòng 4" in result.errors[0].message
    assert "on line 4" in result.errors[1].message


def test_missing_required_columns_are_one_error_on_the_header():
    rows = tra_vinh_rows()
    columns = [column for column in rows[0] if column not in ("stars", "decision_date")]
    messages = refused(csv_bytes(rows, columns=columns))
    assert messages == [
        "Dòng 1, cột stars, decision_date: thiếu cột bắt buộc: stars, decision_date "
        "(missing required columns: stars, decision_date)."
    ]


def test_a_semicolon_file_is_told_to_use_commas():
    content = "product_name;sector;stars\nChè;1;3\n".encode()
    (message,) = refused(content)
    assert message.endswith("Các cột phải cách nhau bằng dấu phẩy (columns must be separated by commas).")


def test_windows_1258_bytes_are_refused_naming_the_encoding_and_the_first_bad_line():
    text = tra_vinh_bytes().decode("utf-8-sig")
    (message,) = refused(text.encode("cp1258", errors="replace"))
    assert message.startswith("Dòng 2: tệp không phải UTF-8: byte 0xE8 không hợp lệ")
    assert "Windows-1258" in message


def test_latin_1_bytes_are_refused_naming_the_first_bad_line():
    rows = tra_vinh_rows()[:1]
    latin = dict(rows[0], product_name="Café Long Hoa", producer_name="HTX Cafe", producer_type="HTX")
    latin_row = ",".join(dict(latin, product_code="", decision_no="12/QD-UBND").values())
    content = csv_bytes(rows) + latin_row.encode("latin-1") + b"\r\n"
    (message,) = refused(content)
    assert message.startswith("Dòng 3: tệp không phải UTF-8: byte 0xE9 không hợp lệ")


def test_a_file_over_50_mb_is_refused_before_it_is_read():
    with pytest.raises(reading.FileRefusedError, match="vượt giới hạn 50 MB"):
        reading.check_size(50 * 1024 * 1024 + 1)
    reading.check_size(50 * 1024 * 1024)
    (message,) = refused(b"x" * (50 * 1024 * 1024 + 1))
    assert message.startswith("Tệp: tệp lớn 50.0 MB, vượt giới hạn 50 MB")


def test_a_zip_bomb_named_xlsx_is_refused_before_it_is_opened():
    bomb = zip_bytes(
        {
            "[Content_Types].xml": b"<Types/>",
            "xl/workbook.xml": b"<workbook/>",
            "xl/worksheets/sheet1.xml": b"\0" * (4 * 1024 * 1024),
        }
    )
    assert len(bomb) < 10_000
    (message,) = refused(bomb, file_name="recognitions.xlsx")
    assert "zip bomb" in message


def test_a_workbook_that_inflates_past_the_limit_is_refused(monkeypatch):
    monkeypatch.setattr(reading, "MAX_XLSX_UNCOMPRESSED_BYTES", 1024)
    (message,) = refused(xlsx_bytes(tra_vinh_rows()), file_name="recognitions.xlsx")
    assert "giải nén ra" in message


def test_a_zip_that_is_not_a_workbook_is_refused():
    (message,) = refused(zip_bytes({"readme.txt": b"hello"}), file_name="recognitions.xlsx")
    assert message == (
        "Tệp: tệp là một tệp nén ZIP nhưng không phải bảng tính XLSX "
        "(the file is a ZIP archive but not an XLSX workbook)"
    )


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", "neither CSV text nor XLSX"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "an old binary .xls file"),
        ("product_name\n".encode("utf-16"), "the file is UTF-16"),
        (b"", "the file is empty"),
        (b"  \r\n", "the file is empty"),
    ],
)
def test_files_that_are_neither_csv_nor_xlsx_are_refused(content, expected):
    (message,) = refused(content)
    assert expected in message


def test_a_header_alone_is_nothing_to_do():
    result = run(tra_vinh_bytes().split(b"\n")[0] + b"\n")
    assert result.ok is True
    assert result.warnings == [
        "Tệp chỉ có dòng tiêu đề, không có gì để nhập (the file has a header and no rows)."
    ]
    assert result.summary["products"] == {"created": 0, "updated": 0, "unchanged": 0}
    assert counts() == (0, 0, 0)


def test_line_numbers_count_the_lines_of_cells_that_span_several():
    rows = tra_vinh_rows()[:6]
    rows[1]["product_name"] = "Chè Shan tuyết\nloại đặc biệt"  # line 3 spans lines 3–4
    rows[3]["stars"] = "8"  # the fourth data row starts on line 6
    assert errors_of(run(csv_bytes(rows))) == [(6, "stars")]


def test_blank_lines_are_skipped_but_counted():
    rows = tra_vinh_rows()[:2]
    rows[1]["stars"] = "9"
    header, first, second = csv_bytes(rows).split(b"\r\n")[:3]
    content = b"\r\n".join([header, first, b"", b",,,", second]) + b"\r\n"
    assert errors_of(run(content)) == [(5, "stars")]


def test_column_order_case_and_unknown_columns_are_free():
    rows = tra_vinh_rows()[:3]
    columns = list(reversed(rows[0]))
    content = csv_bytes(rows, columns=columns).decode()
    header, rest = content.split("\r\n", 1)
    header = ",".join(f" {name.upper()} " for name in header.split(",")) + ",ghi_chu,Người nhập"
    result = run((header + "\r\n" + rest).encode())
    assert result.ok is True
    assert result.warnings == [
        "Bỏ qua các cột không có trong định dạng (ignored unknown columns): ghi_chu, Người nhập"
    ]
    assert counts() == (3, 3, 3)


def test_vietnamese_labels_and_yes_words_are_read_in_any_case():
    rows = tra_vinh_rows()[:4]
    rows[0].update(producer_type="HỘ SẢN XUẤT", stars="4", potential_5_star="Có")
    rows[1].update(producer_type="tht", stars="4", potential_5_star="x")
    rows[2].update(producer_type="Hợp Tác Xã", stars="4", potential_5_star="KHÔNG")
    rows[3].update(producer_type="Công ty", stars="4", potential_5_star="TRUE")
    assert run(csv_bytes(rows)).ok is True
    found = {
        name: (producer_type, potential)
        for name, producer_type, potential in Product.objects.values_list(
            "name", "producer__producer_type", "latest_certificate__potential_five_star"
        )
    }
    assert found == {
        rows[0]["product_name"]: ("ho_kinh_doanh", True),
        rows[1]["product_name"]: ("to_hop_tac", True),
        rows[2]["product_name"]: ("hop_tac_xa", False),
        rows[3]["product_name"]: ("doanh_nghiep", True),
    }


def test_a_legacy_district_without_communes_is_a_place_of_its_own():
    ly_son = 536  # Huyện Lý Sơn, an island district without communes, now Đặc khu Lý Sơn (Quảng Ngãi)
    assert ly_son in unit_index().communeless_districts
    rows = tra_vinh_rows()[:1]
    rows[0].update(ward_code="", district_code=str(ly_son), product_code="51-536-1-2022")
    assert run(csv_bytes(rows)).ok is True
    product = Product.objects.get()
    assert (product.unit.level, product.unit.code, product.province_code) == ("district", ly_son, 51)
    assert (product.legacy_province_code, product.legacy_district_code, product.legacy_commune_code) == (
        51,
        ly_son,
        None,
    )


def test_scores_take_a_decimal_comma_and_dates_both_forms():
    rows = tra_vinh_rows()[:2]
    rows[0].update(score="65,5", decision_date="3/7/2021", valid_until="", revoked_on="")
    rows[1].update(score="", decision_date="2021-07-03", valid_until="31/12/2023", revoked_on="01/06/2022")
    assert run(csv_bytes(rows)).ok is True
    first, second = (Certificate.objects.get(product__name=row["product_name"]) for row in rows)
    assert (first.score, first.decision_date, first.valid_until) == (
        Decimal("65.50"),
        datetime.date(2021, 7, 3),
        datetime.date(2024, 7, 3),
    )
    assert (second.score, second.valid_until, second.revoked_on) == (
        None,
        datetime.date(2023, 12, 31),
        datetime.date(2022, 6, 1),
    )


def test_a_repeated_row_is_imported_once_with_a_warning():
    rows = tra_vinh_rows()[:3]
    rows.append(dict(rows[1]))
    result = run(csv_bytes(rows))
    assert result.ok is True
    assert result.warnings == [
        "Dòng 5 lặp lại dòng 3, chỉ nhập một lần (line 5 repeats line 3 and is imported once)."
    ]
    assert counts() == (3, 3, 3)


def test_the_same_decision_twice_with_other_values_is_an_error():
    rows = tra_vinh_rows()[:3]
    rows.append(dict(rows[1], stars="5"))
    assert errors_of(run(csv_bytes(rows))) == [(5, "decision_no")]


def test_a_dry_run_reports_what_would_change_and_writes_nothing():
    result = run(tra_vinh_bytes(), dry_run=True)
    assert result.ok is True
    assert result.summary == {
        "rows": 184,
        "producers": {"created": 105, "updated": 0, "unchanged": 0},
        "products": {"created": 184, "updated": 0, "unchanged": 0},
        "certificates": {"created": 184, "updated": 0, "unchanged": 0},
    }
    assert result.preview["products"]["created"][0] == {
        "line": 2,
        "label": "Chè Shan tuyết Kim Hòa loại 15",
        "changes": [],
    }
    assert len(result.preview["certificates"]["created"]) == 10
    assert counts() == (0, 0, 0)
    assert ImportBatch.objects.count() == 0


def test_a_failed_dry_run_leaves_no_batch():
    assert run(with_changes(93, stars="7"), dry_run=True).ok is False
    assert ImportBatch.objects.count() == 0


def test_an_xlsx_with_numbers_and_dates_as_cells_reads_like_the_csv():
    rows = tra_vinh_rows()
    result = run(xlsx_bytes(rows), file_name="tra-vinh.xlsx")
    assert result.ok is True
    assert counts() == (105, 184, 184)
