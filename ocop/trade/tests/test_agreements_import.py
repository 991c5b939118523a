"""The agreements file (contracts/trade.md §2): atomic, idempotent, every bad row named, scoped."""

import io

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.core.management.base import CommandError

from ocop.accounts.models import Role
from ocop.accounts.tests.factories import UserFactory, province
from ocop.core.models import AuditEvent
from ocop.registry.tests.factories import make_producer, make_product
from ocop.trade.agreements.importing import agreements_import
from ocop.trade.models import (
    Agreement,
    AgreementImport,
    Buyer,
    BuyerType,
    ConnectionEvent,
    Delivery,
    Verification,
)
from ocop.trade.tests.agreements_helpers import DAK_LAK, HEADER, QUANG_NGAI, csv_file, row

pytestmark = pytest.mark.django_db


def run(content: bytes, *, user=None, dry_run: bool = False):
    return agreements_import(acting_user=user, file_name="ket-qua.csv", content=content, dry_run=dry_run)


def written() -> tuple[int, int, int, int]:
    return (
        Agreement.objects.count(),
        ConnectionEvent.objects.count(),
        Delivery.objects.count(),
        AgreementImport.objects.count(),
    )


def test_a_file_is_written_linked_and_a_second_import_changes_nothing():
    producer = make_producer(tax_code="4300123456")
    product = make_product(producer=producer, code="QNG-2024-001")
    buyer = Buyer.objects.create(
        name="Siêu thị Co.opmart Quảng Ngãi",
        buyer_type=BuyerType.SUPERMARKET,
        province_code=QUANG_NGAI,
        verification=Verification.VERIFIED,
    )
    content = csv_file(
        [
            row(
                producer_tax_code="4300123456",
                product_codes="QNG-2024-001; KHONG-CO",
                status="in_progress",
                delivered_vnd="250.000.000",
            ),
            row(kind="Biên bản ghi nhớ", document_no="", value_vnd="", buyer_type="SIÊU THỊ"),
            row(kind="HỢP ĐỒNG", document_no="HĐ-02", event_name="", event_date="", value_vnd="0"),
        ]
    )
    result = run(content)
    assert result.ok, result.errors
    assert result.summary == {
        "rows": 3,
        "agreements": {"created": 3, "updated": 0, "unchanged": 0},
        "events": {"created": 1, "found": 0},
    }
    contract = Agreement.objects.get(document_no="HĐ-01/2024")
    assert (contract.kind, contract.status, contract.value_vnd, contract.delivered_vnd) == (
        "contract",
        "in_progress",
        1_000_000_000,
        250_000_000,
    )
    assert contract.producer == producer
    assert contract.buyer == buyer
    assert list(contract.products.all()) == [product]
    assert contract.product_codes == "QNG-2024-001;KHONG-CO"
    assert contract.source == "import"
    assert list(contract.deliveries.values_list("value_vnd", "from_import")) == [(250_000_000, True)]
    event = ConnectionEvent.objects.get()
    assert (event.name, str(event.date), event.province_code) == (
        "Hội nghị kết nối cung cầu Quảng Ngãi 2024",
        "2024-09-12",
        QUANG_NGAI,
    )
    memorandum = Agreement.objects.get(kind="mou")
    assert (memorandum.value_vnd, memorandum.buyer_type, memorandum.event) == (None, "supermarket", event)
    assert Agreement.objects.get(document_no="HĐ-02").event is None
    assert AuditEvent.objects.filter(action="agreements.import").count() == 1

    before = list(Agreement.objects.order_by("pk").values())
    again = run(content)
    assert again.ok
    assert again.summary["agreements"] == {"created": 0, "updated": 0, "unchanged": 3}
    assert again.summary["events"] == {"created": 0, "found": 1}
    assert list(Agreement.objects.order_by("pk").values()) == before
    assert Delivery.objects.count() == 1


def test_a_new_status_and_delivery_for_a_numbered_document_update_it():
    assert run(csv_file([row(delivered_vnd="100")])).ok
    result = run(csv_file([row(status="fulfilled", delivered_vnd="1000000000")]))
    assert result.summary["agreements"] == {"created": 0, "updated": 1, "unchanged": 0}
    contract = Agreement.objects.get()
    assert (contract.status, contract.delivered_vnd) == ("fulfilled", 1_000_000_000)
    assert list(contract.deliveries.values_list("value_vnd", flat=True)) == [1_000_000_000]


def test_one_bad_row_writes_nothing_and_every_bad_row_is_named_by_line_and_column():
    content = csv_file(
        [
            row(),
            row(document_no="HĐ-2", kind="thư", signed_on="31/02/2024"),
            row(document_no="HĐ-3", value_vnd="", buyer_type="chợ"),
            row(document_no="HĐ-4", value_vnd="-5", province="99"),
            row(document_no="HĐ-5", value_vnd="100", delivered_vnd="200"),
            row(document_no="HĐ-6", producer_name="", value_vnd="1,5"),
        ]
    )
    result = run(content)
    assert not result.ok
    assert [(error.line, error.column) for error in result.errors] == [
        (3, "kind"),
        (3, "signed_on"),
        (4, "buyer_type"),
        (4, "value_vnd"),
        (5, "province"),
        (5, "value_vnd"),
        (6, "delivered_vnd"),
        (7, "producer_name"),
        (7, "value_vnd"),
    ]
    assert result.errors[0].message.startswith("loại văn bản phải là mou hoặc contract")
    assert "(kind must be mou or contract), got 'thư'" in result.errors[0].message
    assert str(result.errors[1]) == (
        "Dòng 3, cột signed_on: ngày phải là ngày có thật, dạng YYYY-MM-DD hoặc DD/MM/YYYY "
        "(a real date as YYYY-MM-DD or DD/MM/YYYY), got '31/02/2024'"
    )
    assert result.error_count == 9
    assert written() == (0, 0, 0, 0)
    refused = AuditEvent.objects.get(action="agreements.import_refused")
    assert (refused.details["file_name"], refused.details["error_count"]) == ("ket-qua.csv", 9)


def test_a_missing_column_and_the_same_number_for_two_documents_are_named():
    missing = run(csv_file([row()], header=tuple(c for c in HEADER if c not in ("kind", "province"))))
    assert [(e.line, e.column) for e in missing.errors] == [(1, "kind, province")]
    twice = run(csv_file([row(), row(value_vnd="5")]))
    assert [(e.line, e.column) for e in twice.errors] == [(3, "document_no")]
    assert written() == (0, 0, 0, 0)


def test_a_row_repeated_whole_is_one_document_and_rows_without_number_are_told_apart_by_their_cells():
    content = csv_file(
        [row(), row(), row(document_no="", kind="mou"), row(document_no="", kind="mou", value_vnd="")]
    )
    result = run(content)
    assert result.ok
    assert result.summary["agreements"]["created"] == 3


def test_a_dry_run_reports_and_writes_nothing():
    result = run(csv_file([row()]), dry_run=True)
    assert result.ok
    assert result.summary["agreements"] == {"created": 1, "updated": 0, "unchanged": 0}
    assert written() == (0, 0, 0, 0)
    assert not AuditEvent.objects.filter(action="agreements.import").exists()


def test_an_xlsx_first_sheet_in_any_column_order_is_read_and_formulas_stay_text():
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    columns = list(reversed(HEADER))
    sheet.append(columns)
    cells = row(buyer_name='=HYPERLINK("x")', value_vnd="")
    sheet.append([cells[column] if column != "value_vnd" else 2_500_000 for column in columns])
    # Written as the platform's exports write text (ocop.core.spreadsheets): a string, never a formula.
    sheet.cell(row=2, column=columns.index("buyer_name") + 1).data_type = "s"
    workbook.create_sheet("ghi chú").append(["bỏ qua"])
    output = io.BytesIO()
    workbook.save(output)
    result = run(output.getvalue())
    assert result.ok, result.errors
    agreement = Agreement.objects.get()
    assert (agreement.value_vnd, agreement.buyer_name) == (2_500_000, '=HYPERLINK("x")')


def test_a_province_officer_imports_only_rows_of_their_province():
    officer = UserFactory(role=Role.PROVINCE_OFFICER, unit=province(QUANG_NGAI))
    result = run(csv_file([row(), row(document_no="HĐ-9", province=str(DAK_LAK))]), user=officer)
    assert [(e.line, e.column) for e in result.errors] == [(3, "province")]
    assert "ngoài phạm vi" in result.errors[0].message
    assert written() == (0, 0, 0, 0)
    assert run(csv_file([row()]), user=officer).ok


def test_a_producer_may_not_import():
    with pytest.raises(PermissionDenied):
        run(csv_file([row()]), user=UserFactory(role=Role.PRODUCER))
    assert written() == (0, 0, 0, 0)


def test_the_command_imports_and_fails_with_the_errors(tmp_path, capsys):
    good = tmp_path / "tot.csv"
    good.write_bytes(csv_file([row()]))
    call_command("import_agreements", str(good), "--dry-run")
    assert Agreement.objects.count() == 0
    call_command("import_agreements", str(good))
    assert "agreements: 1 created, 0 updated, 0 unchanged" in capsys.readouterr().out
    bad = tmp_path / "xau.csv"
    bad.write_bytes(csv_file([row(document_no="X", signed_on="")]))
    with pytest.raises(CommandError, match="1 lỗi"):
        call_command("import_agreements", str(bad))
    assert "Dòng 2, cột signed_on: không được để trống (required)" in capsys.readouterr().err
    assert Agreement.objects.count() == 1


def test_a_file_that_is_not_a_spreadsheet_is_refused_with_line_0():
    result = run(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100)
    assert [(e.line, e.column) for e in result.errors] == [(0, "")]
    assert "xls" in result.errors[0].message


@pytest.mark.parametrize(
    ("cells", "expected"),
    [
        ({"buyer_type": "Nhà hàng / Khách sạn"}, ("contract", "horeca", "signed")),
        (
            {"buyer_type": "SÀN THƯƠNG MẠI ĐIỆN TỬ", "status": "Đang thực hiện"},
            ("contract", "ecommerce", "in_progress"),
        ),
        (
            {"buyer_type": "doanh nghiệp xuất khẩu", "status": "FULFILLED"},
            ("contract", "exporter", "fulfilled"),
        ),
        ({"buyer_type": "Nhà phân phối", "kind": "BIÊN BẢN GHI NHỚ"}, ("mou", "distributor", "signed")),
        ({"buyer_type": "Khác", "kind": "Contract", "status": "đã hủy"}, ("contract", "other", "cancelled")),
    ],
)
def test_codes_and_vietnamese_names_are_read_in_any_case(cells, expected):
    assert run(csv_file([row(**cells)])).ok
    agreement = Agreement.objects.get()
    assert (agreement.kind, agreement.buyer_type, agreement.status) == expected


def test_a_csv_cell_written_escaped_comes_back_as_it_was():
    assert run(csv_file([row(producer_name="=Hợp tác xã", document_no="-01")])).ok
    agreement = Agreement.objects.get()
    assert (agreement.producer_name, agreement.document_no) == ("=Hợp tác xã", "-01")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("4200000000", 4_200_000_000),
        ("4.200.000.000", 4_200_000_000),
        ("4,200,000,000", 4_200_000_000),
        ("4 200 000 000", 4_200_000_000),
        ("4.200,000.000", None),
        ("4.200.000,5", None),
        ("42.00", None),
    ],
)
def test_a_value_grouped_by_thousands_with_one_mark_is_read_and_a_mixed_one_refused(value, expected):
    result = run(csv_file([row(value_vnd=value, delivered_vnd="")]))
    if expected is None:
        assert [(error.line, error.column) for error in result.errors] == [(2, "value_vnd")]
        assert written() == (0, 0, 0, 0)
    else:
        assert result.ok
        assert Agreement.objects.get().value_vnd == expected
