"""The optional columns gtin and producer_certifications of the recognitions file (contract §1)."""

import pytest

from ocop.core.models import AuditEvent
from ocop.registry.importing import recognitions_import
from ocop.registry.models import Certificate, Producer, Product
from ocop.registry.tests.files import csv_bytes, tra_vinh_rows, xlsx_bytes

pytestmark = pytest.mark.django_db

# Hộ kinh doanh Hồ Tuấn (no tax code, commune 29434) has four products of the example, on these lines.
HO_TUAN_LINES = [17, 103, 161, 164]


def run(content: bytes, *, file_name: str = "test.csv"):
    return recognitions_import(acting_user=None, file_name=file_name, content=content)


def counts() -> tuple[int, int, int]:
    return Producer.objects.count(), Product.objects.count(), Certificate.objects.count()


def rows_with(changes: dict[int, dict[str, str]]) -> list[dict[str, str]]:
    """The Trà Vinh rows, each with the new columns, empty unless ``changes`` (by line, header = 1) says."""
    rows = tra_vinh_rows()
    for row in rows:
        row.update(gtin="", producer_certifications="")
    for line, row_changes in changes.items():
        rows[line - 2].update(row_changes)
    return rows


def refused(rows: list[dict[str, str]]) -> list[str]:
    result = run(csv_bytes(rows))
    assert result.ok is False
    assert counts() == (0, 0, 0)
    assert AuditEvent.objects.filter(action="recognitions.import").count() == 0
    return [str(error) for error in result.errors]


def product_on(line: int) -> Product:
    return Product.objects.select_related("producer").get(code=tra_vinh_rows()[line - 2]["product_code"])


def test_a_bad_gtin_is_named_by_line_and_column_and_nothing_is_written():
    assert refused(rows_with({93: {"gtin": "8938505974195"}})) == [
        "Dòng 93, cột gtin: Số kiểm tra của mã GTIN không đúng: chữ số cuối phải là 4, không phải 5. "
        "(wrong check digit: the last digit should be 4, not 5), got '8938505974195'"
    ]


@pytest.mark.parametrize(
    ("gtin", "message"),
    [
        (
            "123",
            "Mã GTIN gồm 8, 12, 13 hoặc 14 chữ số, mã này có 3 chữ số. "
            "(a GTIN has 8, 12, 13 or 14 digits, this one has 3), got '123'",
        ),
        ("GTIN893", "Mã GTIN chỉ gồm các chữ số. (a GTIN is digits only), got 'GTIN893'"),
    ],
)
def test_a_gtin_that_is_not_one_says_why(gtin, message):
    assert refused(rows_with({4: {"gtin": gtin}})) == [f"Dòng 4, cột gtin: {message}"]


def test_gtins_are_kept_as_14_digits_and_an_empty_cell_keeps_the_one_recorded():
    result = run(csv_bytes(rows_with({2: {"gtin": "96385074"}, 3: {"gtin": "8938505974194"}})))
    assert result.ok, result.errors
    assert (product_on(2).gtin, product_on(3).gtin, product_on(4).gtin) == (
        "00000096385074",
        "08938505974194",
        "",
    )
    assert next(group for group in result.normalised if "GTIN" in group["label"]) == {
        "label": "Mã GTIN 8, 12 hoặc 13 chữ số, thêm số 0 phía trước thành 14 chữ số "
        "(GTINs of 8, 12 or 13 digits, left-padded with zeros to 14)",
        "count": 2,
        "mappings": [
            "GTIN-8 → GTIN-14, ví dụ (e.g.) 96385074 → 00000096385074: 1 lần (times), dòng (lines) 2",
            "GTIN-13 → GTIN-14, ví dụ (e.g.) 8938505974194 → 08938505974194: 1 lần (times), dòng (lines) 3",
        ],
    }
    # The same file without the column, or with the cell empty, leaves the GTINs recorded.
    again = run(csv_bytes(rows_with({})))
    assert again.summary["products"] == {"created": 0, "updated": 0, "unchanged": 184}
    assert product_on(3).gtin == "08938505974194"


def test_a_gtin_in_a_workbook_cell_as_a_number_loses_nothing():
    # A spreadsheet keeps a 13-digit code typed in a cell as a number: read back, it is the same GTIN.
    rows = rows_with({3: {"gtin": "8938505974194"}})
    assert run(xlsx_bytes(rows), file_name="x.xlsx").ok
    assert product_on(3).gtin == "08938505974194"


def test_certifications_are_read_in_any_case_and_hu_co_is_organic():
    result = run(
        csv_bytes(
            rows_with(
                {
                    2: {"producer_certifications": "VietGAP; Hữu cơ;HACCP"},
                    3: {"producer_certifications": "ISO_22000;hữu cơ;fssc_22000;"},
                    4: {"producer_certifications": "organic"},
                }
            )
        )
    )
    assert result.ok, result.errors
    assert [product_on(line).producer.management_certifications for line in (2, 3, 4)] == [
        ["vietgap", "organic", "haccp"],  # in the contract's order, whatever the cell's
        ["organic", "iso_22000", "fssc_22000"],
        ["organic"],
    ]
    certification_group = next(group for group in result.normalised if "certifications" in group["label"])
    assert certification_group["count"] == 5


def test_an_unknown_certification_is_named():
    assert refused(rows_with({50: {"producer_certifications": "vietgap;ISO 14001"}})) == [
        "Dòng 50, cột producer_certifications: chứng nhận không có trong định dạng: dùng vietgap, globalgap, "
        "organic (hữu cơ), haccp, iso_22000, iso_9001, gmp, fssc_22000, cách nhau bằng dấu chấm phẩy "
        "(unknown certification; use these, separated by ';'), got 'ISO 14001'"
    ]


def test_a_non_empty_cell_replaces_the_list_and_an_empty_one_leaves_it():
    assert run(csv_bytes(rows_with({2: {"producer_certifications": "vietgap;haccp"}}))).ok
    producer = product_on(2).producer
    assert producer.management_certifications == ["vietgap", "haccp"]
    assert run(csv_bytes(rows_with({}))).summary["producers"]["updated"] == 0
    producer.refresh_from_db()
    assert producer.management_certifications == ["vietgap", "haccp"]
    assert (
        run(csv_bytes(rows_with({2: {"producer_certifications": "GMP"}}))).summary["producers"]["updated"]
        == 1
    )
    producer.refresh_from_db()
    assert producer.management_certifications == ["gmp"]


def test_a_producer_listed_differently_on_several_rows_keeps_the_last_list_with_a_warning():
    first, middle, _, last = HO_TUAN_LINES
    result = run(
        csv_bytes(
            rows_with(
                {
                    first: {"producer_certifications": "vietgap"},
                    middle: {"producer_certifications": ""},  # empty: says nothing
                    last: {"producer_certifications": "haccp;gmp"},
                }
            )
        )
    )
    assert result.ok, result.errors
    assert product_on(first).producer.management_certifications == ["haccp", "gmp"]
    assert (
        f"Dòng {last}: chứng nhận của chủ thể này khác dòng {first}; dùng danh sách của dòng sau cùng "
        f"(line {last}: the producer's certifications differ from line {first}; "
        "the last line's list is kept)."
    ) in result.warnings
