"""The provincial report (báo cáo sơ kết): its content for a hand-made province, table by table, the XLSX
and the PDF read back, and ``manage.py provincial_report``.

The cast lies in current Quảng Ngãi (51); the period asked is 2024–2025, the report's day 31/12/2025:

| product | producer | commune | certificates | in the period |
|---|---|---|---|---|
| P1 | cooperative X | Phường Cẩm Thành (21025) | 3★ 1/3/2023, 4★ 1/6/2024 | upgraded 3→4 (2024) |
| P2 | enterprise Y | Xã Mộ Đức (21400) | 4★ 1/2/2025 | new 4 (2025) |
| P3 | household Z | Xã Mộ Đức | 3★ 1/5/2021 (to 1/5/2024) | lapsed 2/5/2024; expired at the end |
| P4 | cooperative X | Phường Cẩm Thành | potential 5★ 9/9/2024, revoked 1/3/2025 | new 5_potential, revoked |
| P5 | enterprise W | Phường Kon Tum (23293)¹ | 3★ 15/7/2025 | new 3 (2025) |
| TV | enterprise | legacy Trà Vinh (84), now Vĩnh Long | 5★ 1/1/2025 | outside Quảng Ngãi |

¹ Recorded in legacy Phường Quang Trung (23281) of Thành phố Kon Tum (608), legacy Kon Tum (62).
"""

import datetime
import io
from pathlib import Path

import openpyxl
import pypdf
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from ocop.geo.models import AdministrativeUnit, Scheme
from ocop.registry import services
from ocop.registry.models import ProducerType, Product
from ocop.registry.tests.factories import commune, make_certificate, make_producer, make_product
from ocop.reports.provincial import Report, Row, filename, provincial_report, write_report
from ocop.reports.selectors import TIME_ZONE, StatisticsQueryError, statistics_scope
from ocop.reports.targets.definition import definition_from_text
from ocop.reports.targets.services import target_create

pytestmark = pytest.mark.django_db

QUANG_NGAI, KON_TUM, TRA_VINH = 51, 62, 84
CAM_THANH, MO_DUC, KON_TUM_WARD = 21025, 21400, 23293
FROM, TO, MADE = datetime.date(2024, 1, 1), datetime.date(2025, 12, 31), datetime.date(2026, 1, 5)


def day(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text)


@pytest.fixture
def cast() -> dict[str, Product]:
    cooperative = make_producer(unit=commune(CAM_THANH), producer_type=ProducerType.COOPERATIVE)
    enterprise = make_producer(unit=commune(MO_DUC), producer_type=ProducerType.ENTERPRISE)
    household = make_producer(unit=commune(MO_DUC), producer_type=ProducerType.HOUSEHOLD_BUSINESS)
    kon_tum = make_producer(unit=commune(23281, "legacy"), producer_type=ProducerType.ENTERPRISE)
    products = {
        "P1": make_product(producer=cooperative, name="Sản phẩm P1"),
        "P2": make_product(producer=enterprise, name="Sản phẩm P2"),
        "P3": make_product(producer=household, name="Sản phẩm P3"),
        "P4": make_product(producer=cooperative, name="Sản phẩm P4"),
        "P5": make_product(producer=kon_tum, name="Sản phẩm P5"),
        "TV": make_product(
            producer=make_producer(unit=commune(29236, "legacy"), producer_type=ProducerType.ENTERPRISE),
            name="Sản phẩm Trà Vinh",
        ),
    }
    make_certificate(products["P1"], stars=3, decision_date=day("2023-03-01"))
    make_certificate(products["P1"], stars=4, decision_date=day("2024-06-01"))
    make_certificate(products["P2"], stars=4, decision_date=day("2025-02-01"))
    make_certificate(products["P3"], stars=3, decision_date=day("2021-05-01"))
    revoked = make_certificate(
        products["P4"], stars=4, decision_date=day("2024-09-09"), potential_five_star=True
    )
    services.certificate_revoke(
        acting_user=None, certificate=revoked, revoked_on=day("2025-03-01"), reason="Không duy trì chất lượng"
    )
    make_certificate(products["P5"], stars=3, decision_date=day("2025-07-15"))
    make_certificate(products["TV"], stars=5, decision_date=day("2025-01-01"))
    return products


def quang_ngai_report() -> Report:
    scope = statistics_scope(province=QUANG_NGAI)
    return provincial_report(scope=scope, date_from=FROM, date_to=TO, made_on=MADE)


def cells(rows: tuple[Row, ...]) -> list[tuple[object, ...]]:
    return [row.cells for row in rows]


# --- The content


def set_target(scope: str, first: str, last: str, metric: str, minimum: str, label: str) -> None:
    values = {"scope": scope, "from": first, "to": last, "metric": metric, "min": minimum}
    target_create(
        acting_user=None,
        definition=definition_from_text(values | {"decision": "Kế hoạch thử", "label": label}),
    )


def test_the_targets_table_holds_the_area_targets_of_the_period(cast: dict[str, Product]) -> None:
    set_target("province:51", "2024-01-01", "2025-12-31", "new", "3", "3 sản phẩm mới")
    set_target("province:51", "2024-01-01", "2025-12-31", "share_4_plus", "0.3", "30% đạt 4 sao")
    # Kon Tum (62) went into Quảng Ngãi: its plan is the province's to report on. P5 is its one product.
    set_target("legacy_province:62", "2021-01-01", "2025-12-31", "recognized", "2", "Kon Tum giữ 2 sản phẩm")
    set_target("province:51", "2026-01-01", "2026-12-31", "new", "5", "Năm sau")
    set_target("province:66", "2024-01-01", "2025-12-31", "new", "5", "Đắk Lắk")

    table = quang_ngai_report().tables[4]
    assert table.headers == (
        "STT",
        "Mục tiêu",
        "Căn cứ",
        "Phạm vi",
        "Thời gian",
        "Chỉ tiêu",
        "Mức mục tiêu",
        "Đạt được",
        "Dự kiến cả kỳ",
        "Đánh giá",
    )
    period = "01/01/2024–31/12/2025"
    assert cells(table.rows) == [
        (
            1,
            "3 sản phẩm mới",
            "Kế hoạch thử",
            "Tỉnh Quảng Ngãi",
            period,
            "Sản phẩm mới được công nhận (từ 3 sao)",
            "3",
            "3",
            "3",
            "đã đạt",
        ),
        (
            2,
            "30% đạt 4 sao",
            "Kế hoạch thử",
            "Tỉnh Quảng Ngãi",
            period,
            "Tỷ lệ sản phẩm 4 sao trở lên",
            "30%",
            "50%",
            "50%",
            "đã đạt",
        ),
        (
            3,
            "Kon Tum giữ 2 sản phẩm",
            "Kế hoạch thử",
            "Tỉnh Kon Tum (trước 1/7/2025)",
            "01/01/2021–31/12/2025",
            "Sản phẩm OCOP được công nhận",
            "2",
            "1",
            "1",
            "không đạt",
        ),
    ]


def test_a_report_without_targets_says_so(cast: dict[str, Product]) -> None:
    assert cells(quang_ngai_report().tables[4].rows) == [
        ("", "Chưa có mục tiêu nào trong kỳ báo cáo.", *("",) * 8)
    ]


def test_the_title_block_names_the_province_and_the_period(cast: dict[str, Product]) -> None:
    report = quang_ngai_report()
    assert report.authority == "UBND tỉnh Quảng Ngãi"
    assert report.area == "tỉnh Quảng Ngãi"
    assert report.title == "BÁO CÁO Kết quả thực hiện Chương trình OCOP"
    assert report.period == "từ ngày 01/01/2024 đến ngày 31/12/2025"
    assert report.made == "Lập ngày 05/01/2026"
    assert [table.caption for table in report.tables] == [
        "Biểu 1. Sản phẩm OCOP được công nhận đến ngày 31/12/2025",
        "Biểu 2. Biến động trong kỳ (từ ngày 01/01/2024 đến ngày 31/12/2025)",
        "Biểu 3. Theo đơn vị hành chính",
        "Biểu 4. Theo loại hình chủ thể",
        "Biểu 5. Thực hiện mục tiêu đến ngày 31/12/2025",
    ]


def test_table_1_counts_the_products_recognised_on_the_last_day(cast: dict[str, Product]) -> None:
    table = quang_ngai_report().tables[0]
    assert table.headers == ("STT", "Chỉ tiêu", "Được công nhận", "Còn hiệu lực")
    # P4 revoked is not recognised; P3 expired is recognised, not valid.
    assert cells(table.rows) == [
        ("", "Tổng số sản phẩm", 4, 3),
        ("I", "Theo hạng sao", None, None),
        (1, "3 sao", 2, 1),
        (2, "4 sao", 2, 2),
        (3, "Tiềm năng 5 sao", 0, 0),
        (4, "5 sao", 0, 0),
        ("II", "Theo ngành", None, None),
        (1, "Sản phẩm thực phẩm", 4, None),
        (2, "Sản phẩm đồ uống", 0, None),
        (3, "Sản phẩm dược liệu và sản phẩm từ dược liệu", 0, None),
        (4, "Sản phẩm hàng thủ công mỹ nghệ", 0, None),
        (5, "Sản phẩm sinh vật cảnh", 0, None),
        (6, "Sản phẩm dịch vụ du lịch cộng đồng, du lịch sinh thái và điểm du lịch", 0, None),
    ]
    assert [row.kind for row in table.rows[:3]] == ["total", "section", "item"]


def test_table_2_gives_the_flows_of_the_period_and_of_each_year(cast: dict[str, Product]) -> None:
    table = quang_ngai_report().tables[1]
    assert table.headers == ("STT", "Chỉ tiêu", "Cả kỳ", "Năm 2024", "Năm 2025")
    assert cells(table.rows) == [
        (1, "Sản phẩm được công nhận mới", 3, 1, 2),
        ("", "Trong đó: 3 sao", 1, None, None),
        ("", "Trong đó: 4 sao", 1, None, None),
        ("", "Trong đó: Tiềm năng 5 sao", 1, None, None),
        ("", "Trong đó: 5 sao", 0, None, None),
        (2, "Sản phẩm được nâng hạng", 1, 1, 0),
        ("", "Trong đó: 3 sao lên 4 sao", 1, None, None),
        ("", "Trong đó: 3 sao lên 5 sao", 0, None, None),
        ("", "Trong đó: 4 sao lên 5 sao", 0, None, None),
        (3, "Sản phẩm được công nhận lại cùng hạng", 0, 0, 0),
        (4, "Sản phẩm bị hạ hạng", 0, 0, 0),
        (5, "Giấy chứng nhận bị thu hồi", 1, 0, 1),
        (6, "Sản phẩm hết hiệu lực, chưa được công nhận lại", 1, 1, 0),
    ]


def test_table_3_lists_every_commune_of_the_province_by_code(cast: dict[str, Product]) -> None:
    table = quang_ngai_report().tables[2]
    assert table.headers == ("STT", "Mã đơn vị", "Xã, phường, đặc khu", "Được công nhận", "Còn hiệu lực")
    rows = cells(table.rows)
    assert len(rows) == 96 + 1
    assert rows[0] == (1, "21025", "Phường Cẩm Thành", 1, 1)
    with_products = [row for row in rows[:-1] if row[3]]
    assert [row[1:] for row in with_products] == [
        ("21025", "Phường Cẩm Thành", 1, 1),
        ("21400", "Xã Mộ Đức", 2, 1),
        ("23293", "Phường Kon Tum", 1, 1),
    ]
    assert [row[0] for row in rows[:-1]] == list(range(1, 97))
    assert rows[-1] == ("", "", "Tổng cộng", 4, 3)
    assert table.notes == ("Xã, phường, đặc khu có sản phẩm OCOP: 3/96.",)


def test_table_4_counts_producers_and_products_by_producer_type(cast: dict[str, Product]) -> None:
    table = quang_ngai_report().tables[3]
    assert table.headers == ("STT", "Loại hình chủ thể", "Số chủ thể có sản phẩm", "Sản phẩm được công nhận")
    assert cells(table.rows) == [
        (1, "Doanh nghiệp", 2, 2),
        (2, "Hợp tác xã", 1, 1),
        (3, "Tổ hợp tác", 0, 0),
        (4, "Hộ kinh doanh, cơ sở sản xuất", 1, 1),
        ("", "Tổng cộng", 4, 4),
    ]


def test_a_legacy_province_is_reported_by_its_districts_and_sent_by_its_current_province(
    cast: dict[str, Product],
) -> None:
    scope = statistics_scope(legacy_province=KON_TUM)
    report = provincial_report(scope=scope, date_from=FROM, date_to=TO, made_on=MADE)
    assert (report.authority, report.area) == ("UBND tỉnh Quảng Ngãi", "tỉnh Kon Tum (trước 1/7/2025)")
    assert cells(report.tables[0].rows)[0] == ("", "Tổng số sản phẩm", 1, 1)
    districts = report.tables[2]
    assert districts.headers[2] == "Quận, huyện, thị xã"
    assert len(districts.rows) == 10 + 1
    assert districts.rows[0].cells == (1, "608", "Thành phố Kon Tum", 1, 1)
    assert districts.rows[-1].cells == ("", "", "Tổng cộng", 1, 1)
    assert districts.notes == (
        "Quận, huyện, thị xã có sản phẩm OCOP: 1/10.",
        "Xã, phường, thị trấn có sản phẩm OCOP: 1/102.",
    )
    assert filename(report, "pdf") == "bao-cao-ocop-kon-tum-cu-2024-01-01-2025-12-31.pdf"


def test_the_country_counts_every_province(cast: dict[str, Product]) -> None:
    report = provincial_report(scope=statistics_scope(), date_from=FROM, date_to=TO, made_on=MADE)
    assert (report.authority, report.area) == ("Cơ quan OCOP Trung ương", "cả nước")
    assert cells(report.tables[0].rows)[0] == ("", "Tổng số sản phẩm", 5, 4)
    assert cells(report.tables[1].rows)[0] == (1, "Sản phẩm được công nhận mới", 4, 1, 3)
    provinces = report.tables[2]
    assert provinces.headers[2] == "Tỉnh, thành phố"
    assert len(provinces.rows) == 34 + 1
    assert provinces.rows[-1].cells == ("", "", "Tổng cộng", 5, 4)
    assert filename(report, "xlsx") == "bao-cao-ocop-toan-quoc-2024-01-01-2025-12-31.xlsx"


def test_a_period_that_ends_before_it_starts_is_refused_naming_to() -> None:
    with pytest.raises(StatisticsQueryError) as raised:
        provincial_report(scope=statistics_scope(), date_from=TO, date_to=FROM)
    assert raised.value.argument == "to"


# --- The files


def written(report: Report, file_format: str) -> bytes:
    stream = io.BytesIO()
    write_report(report, file_format, stream)
    return stream.getvalue()


def test_the_workbook_holds_the_title_block_and_one_sheet_per_table(cast: dict[str, Product]) -> None:
    report = quang_ngai_report()
    assert filename(report, "xlsx") == "bao-cao-ocop-quang-ngai-2024-01-01-2025-12-31.xlsx"
    workbook = openpyxl.load_workbook(io.BytesIO(written(report, "xlsx")))
    assert workbook.sheetnames == ["Báo cáo", "Biểu 1", "Biểu 2", "Biểu 3", "Biểu 4", "Biểu 5"]
    cover = [row[0] for row in workbook["Báo cáo"].iter_rows(values_only=True)]
    assert cover == [
        "UBND TỈNH QUẢNG NGÃI",
        "BÁO CÁO Kết quả thực hiện Chương trình OCOP",
        "Trên địa bàn tỉnh Quảng Ngãi, từ ngày 01/01/2024 đến ngày 31/12/2025",
        "Lập ngày 05/01/2026",
        None,
        "Biểu 1. Sản phẩm OCOP được công nhận đến ngày 31/12/2025",
        "Biểu 2. Biến động trong kỳ (từ ngày 01/01/2024 đến ngày 31/12/2025)",
        "Biểu 3. Theo đơn vị hành chính",
        "Biểu 4. Theo loại hình chủ thể",
        "Biểu 5. Thực hiện mục tiêu đến ngày 31/12/2025",
    ]
    flows = list(workbook["Biểu 2"].iter_rows(values_only=True))
    assert flows[0][0] == "Biểu 2. Biến động trong kỳ (từ ngày 01/01/2024 đến ngày 31/12/2025)"
    assert flows[1] == ("STT", "Chỉ tiêu", "Cả kỳ", "Năm 2024", "Năm 2025")
    assert flows[2] == (1, "Sản phẩm được công nhận mới", 3, 1, 2)
    assert flows[3] == (None, "Trong đó: 3 sao", 1, None, None)
    assert flows[-3:] == [
        (6, "Sản phẩm hết hiệu lực, chưa được công nhận lại", 1, 1, 0),
        (None, None, None, None, None),
        ('Các dòng "Trong đó" tính cho cả kỳ.', None, None, None, None),
    ]
    products = list(workbook["Biểu 1"].iter_rows(values_only=True))
    assert products[2] == (None, "Tổng số sản phẩm", 4, 3)
    assert workbook["Biểu 1"]["B3"].font.bold
    producers = list(workbook["Biểu 4"].iter_rows(min_row=3, values_only=True))
    assert producers[-1] == (None, "Tổng cộng", 4, 4)
    units = workbook["Biểu 3"]
    assert [cell.value for cell in units[3]] == [1, "21025", "Phường Cẩm Thành", 1, 1]
    assert units["B3"].data_type == "s"  # a code, not a number


def test_a_unit_name_that_looks_like_a_formula_stays_text(cast: dict[str, Product]) -> None:
    hostile = '=HYPERLINK("http://evil.example/x","x")'
    AdministrativeUnit.objects.filter(scheme=Scheme.CURRENT, level="commune", code=CAM_THANH).update(
        name=hostile
    )
    workbook = openpyxl.load_workbook(io.BytesIO(written(quang_ngai_report(), "xlsx")))
    cell = workbook["Biểu 3"]["C3"]
    assert (cell.value, cell.data_type, cell.quotePrefix) == (hostile, "s", True)


def test_the_pdf_reads_in_vietnamese(cast: dict[str, Product]) -> None:
    document = pypdf.PdfReader(io.BytesIO(written(quang_ngai_report(), "pdf")))
    text = "\n".join(page.extract_text() for page in document.pages)
    assert "UBND TỈNH QUẢNG NGÃI" in text
    assert "Kết quả thực hiện Chương trình OCOP trên địa bàn tỉnh Quảng Ngãi" in text
    assert "Kỳ báo cáo: từ ngày 01/01/2024 đến ngày 31/12/2025" in text
    assert "Biểu 2. Biến động trong kỳ (từ ngày 01/01/2024 đến ngày 31/12/2025)" in text
    assert "Sản phẩm được công nhận mới 3 1 2" in text
    assert "Xã Mộ Đức 2 1" in text
    assert "Hộ kinh doanh, cơ sở sản xuất 1 1" in text
    assert "Biểu 4. Theo loại hình chủ thể" in text
    assert f"Trang 1/{len(document.pages)}" in text


def test_numbers_in_the_pdf_are_grouped_as_vietnamese_write_them() -> None:
    from ocop.reports.provincial.pdf import _cell

    assert [_cell(12345), _cell("29263"), _cell(None)] == [("12.345", True), ("29263", False), ("", False)]


# --- The command


def test_the_command_writes_each_format(cast: dict[str, Product], tmp_path: Path) -> None:
    out = io.StringIO()
    for file_format in ("xlsx", "pdf"):
        target = tmp_path / f"report.{file_format}"
        call_command(
            "provincial_report", "--province", "51", "--from", "2024-01-01", "--to", "2025-12-31",
            "--format", file_format, "--output", str(target), stdout=out,
        )  # fmt: skip
    workbook = openpyxl.load_workbook(tmp_path / "report.xlsx")
    assert list(workbook["Biểu 1"].iter_rows(min_row=3, max_row=3, values_only=True)) == [
        (None, "Tổng số sản phẩm", 4, 3)
    ]
    assert "Biểu 1" in pypdf.PdfReader(tmp_path / "report.pdf").pages[0].extract_text()
    assert out.getvalue().splitlines() == [
        f"UBND tỉnh Quảng Ngãi: từ ngày 01/01/2024 đến ngày 31/12/2025 written to {tmp_path / 'report.xlsx'}",
        f"UBND tỉnh Quảng Ngãi: từ ngày 01/01/2024 đến ngày 31/12/2025 written to {tmp_path / 'report.pdf'}",
    ]
    assert sorted(path.name for path in tmp_path.iterdir()) == ["report.pdf", "report.xlsx"]


def test_the_command_takes_a_legacy_province_or_the_country(cast: dict[str, Product], tmp_path: Path) -> None:
    call_command(
        "provincial_report", "--legacy-province", "62", "--from", "2024-01-01", "--to", "2025-12-31",
        "--format", "xlsx", "--output", str(tmp_path / "kon-tum.xlsx"), stdout=io.StringIO(),
    )  # fmt: skip
    call_command(
        "provincial_report", "--national", "--from", "2024-01-01", "--to", "2025-12-31",
        "--format", "xlsx", "--output", str(tmp_path / "national.xlsx"), stdout=io.StringIO(),
    )  # fmt: skip
    kon_tum = openpyxl.load_workbook(tmp_path / "kon-tum.xlsx")["Biểu 3"]
    assert [cell.value for cell in kon_tum[3]] == [1, "608", "Thành phố Kon Tum", 1, 1]
    national = openpyxl.load_workbook(tmp_path / "national.xlsx")["Biểu 1"]
    assert [cell.value for cell in national[3]] == [None, "Tổng số sản phẩm", 5, 4]


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--province", "99"], "--province: no current province with code 99"),
        (["--province", "năm mốt"], "--province: expected a province code (a whole number), got 'năm mốt'"),
        (["--legacy-province", "85"], "--legacy-province: no pre-2025 (legacy) province with code 85"),
        (["--national", "--from", "2025-02-30"], "--from: expected a date as YYYY-MM-DD, got '2025-02-30'"),
        (["--national", "--to", "31/12/2025"], "--to: expected a date as YYYY-MM-DD, got '31/12/2025'"),
        (
            ["--national", "--from", "2025-02-01", "--to", "2025-01-31"],
            "--to: the period ends (2025-01-31) before it starts (2025-02-01)",
        ),
    ],
)
def test_bad_options_are_named_and_nothing_is_written(
    tmp_path: Path, arguments: list[str], message: str
) -> None:
    target = tmp_path / "report.xlsx"
    with pytest.raises(CommandError) as raised:
        call_command("provincial_report", *arguments, "--format", "xlsx", "--output", str(target))
    assert str(raised.value) == message
    assert list(tmp_path.iterdir()) == []


def test_an_output_in_no_directory_is_named(tmp_path: Path) -> None:
    with pytest.raises(CommandError) as raised:
        call_command(
            "provincial_report", "--national", "--format", "pdf", "--output", str(tmp_path / "no" / "r.pdf")
        )
    assert str(raised.value) == f"--output: no directory {str(tmp_path / 'no')!r}"
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (
            ["--format", "xlsx", "--output", "r.xlsx"],
            "Error: one of the arguments --province --legacy-province --national is required",
        ),
        (
            ["--national", "--format", "doc", "--output", "r.doc"],
            "Error: argument --format: invalid choice: 'doc'",
        ),
        (
            ["--national", "--province", "51", "--format", "xlsx", "--output", "r.xlsx"],
            "Error: argument --province: not allowed with argument --national",
        ),
        (["--national", "--format", "xlsx"], "Error: the following arguments are required: --output"),
    ],
)
def test_the_command_line_itself_names_a_missing_or_unknown_option(
    tmp_path: Path, arguments: list[str], message: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(CommandError) as raised:
        call_command("provincial_report", *arguments)
    assert str(raised.value).startswith(message)
    assert list(tmp_path.iterdir()) == []


def test_the_command_defaults_to_this_year_until_today(tmp_path: Path) -> None:
    out = io.StringIO()
    target = tmp_path / "r.xlsx"
    call_command("provincial_report", "--national", "--format", "xlsx", "--output", str(target), stdout=out)
    today = datetime.datetime.now(TIME_ZONE).date()
    assert out.getvalue() == (
        f"Cơ quan OCOP Trung ương: từ ngày 01/01/{today.year} đến ngày {today:%d/%m/%Y} written to {target}\n"
    )
    assert openpyxl.load_workbook(target)["Biểu 1"]["A1"].value == (
        f"Biểu 1. Sản phẩm OCOP được công nhận đến ngày {today:%d/%m/%Y}"
    )
