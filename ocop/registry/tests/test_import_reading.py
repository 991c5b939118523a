"""Reading a recognitions file streaming: every limit is checked while reading, and stops it there.

The limits are module constants that these tests lower, so that a small file hits the same check a large
one would; ``test_import_memory.py`` runs the full-size attacks through the command.
"""

import io
import zipfile
from typing import Any

import openpyxl
import pytest

from ocop.core.models import AuditEvent
from ocop.registry.importing import reading, recognitions_import
from ocop.registry.models import Certificate, ImportBatch, Producer, Product
from ocop.registry.tests.files import csv_bytes, tra_vinh_rows
from ocop.registry.tests.files.workbooks import write_shared_strings_xlsx

pytestmark = pytest.mark.django_db


class CountingFile(io.BytesIO):
    """A file that remembers how many bytes were read from it."""

    def __init__(self, content: bytes) -> None:
        super().__init__(content)
        self.bytes_read = 0

    def read(self, size: int | None = -1, /) -> bytes:
        data = super().read(size)
        self.bytes_read += len(data)
        return data

    def read1(self, size: int | None = -1, /) -> bytes:
        data = super().read1(size)
        self.bytes_read += len(data)
        return data

    def readinto(self, buffer: Any, /) -> int:
        count = super().readinto(buffer)
        self.bytes_read += count
        return count


def refused(content: bytes | io.BytesIO, *, file_name: str = "test.csv") -> list[str]:
    """Import ``content``, check that it failed and wrote nothing but its failed batch, return the errors."""
    result = recognitions_import(acting_user=None, file_name=file_name, content=content)
    assert result.ok is False
    assert (Producer.objects.count(), Product.objects.count(), Certificate.objects.count()) == (0, 0, 0)
    assert AuditEvent.objects.filter(action="recognitions.import").count() == 0
    assert list(ImportBatch.objects.values_list("state", "rows_total")) == [("failed", 0)]
    return [str(error) for error in result.errors]


def shared_strings_xlsx(rows: list[dict[str, str]]) -> bytes:
    out = io.BytesIO()
    write_shared_strings_xlsx(out, [list(rows[0]), *(list(row.values()) for row in rows)])
    return out.getvalue()


def many_rows(count: int) -> list[dict[str, str]]:
    rows = tra_vinh_rows()
    return [rows[index % len(rows)] for index in range(count)]


def test_a_csv_over_the_row_limit_is_refused_while_reading(monkeypatch):
    monkeypatch.setattr(reading, "MAX_DATA_ROWS", 10)
    assert refused(csv_bytes(many_rows(2_000))) == [
        "Dòng 12: tệp có hơn 10 dòng dữ liệu (more than 10 data rows); hãy chia thành nhiều tệp"
    ]


def test_reading_alone_stops_at_the_row_limit(monkeypatch):
    monkeypatch.setattr(reading, "MAX_DATA_ROWS", 10)
    content = csv_bytes(many_rows(2_000))
    file = CountingFile(content)
    with pytest.raises(reading.FileRefusedError) as refusal:
        reading.read_table(file)
    assert (refusal.value.line, refusal.value.message) == (
        12,
        "tệp có hơn 10 dòng dữ liệu (more than 10 data rows); hãy chia thành nhiều tệp",
    )
    # The sniff of the first 64 KB, then the decoder's first chunks: nowhere near the file's 320 KB.
    assert len(content) > 300_000
    assert file.bytes_read < 100_000


def test_an_invalid_byte_is_named_by_line_across_reading_chunks(monkeypatch):
    # Chunks of 7 bytes cut the Vietnamese letters (2–3 bytes in UTF-8) and the lines anywhere.
    monkeypatch.setattr(reading, "_CHUNK_BYTES", 7)
    rows = many_rows(40)
    content = csv_bytes(rows)
    lines = content.split(b"\r\n")
    lines[37] = lines[37].replace(b",", b",Caf\xe9 ", 1)  # line 38, as Latin-1 would write "Café"

    assert refused(b"\r\n".join(lines)) == [
        "Dòng 38: tệp không phải UTF-8: byte 0xE9 không hợp lệ, có lẽ tệp được lưu bằng bảng mã "
        "Windows-1258, TCVN3 hoặc Latin-1 (the file is not UTF-8: an invalid byte on this line; it was "
        'probably saved as Windows-1258 or Latin-1). Hãy lưu lại dưới dạng "CSV UTF-8" '
        '(save it as "CSV UTF-8").'
    ]


def test_a_character_cut_off_at_the_end_of_the_file_is_named_by_its_line():
    content = csv_bytes(many_rows(3)) + "Chè".encode()[:-1]
    (message,) = refused(content)
    assert message.startswith("Dòng 5: tệp không phải UTF-8: byte 0xC3 không hợp lệ")


def test_an_xlsx_whose_shared_strings_hold_too_much_text_is_refused_before_it_is_opened(monkeypatch):
    content = shared_strings_xlsx(many_rows(200))
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        assert 20_000 < archive.getinfo("xl/sharedStrings.xml").file_size < 200_000
    monkeypatch.setattr(reading, "MAX_TEXT_CHARS", 10_000)

    # Line 0: the shared-strings table, counted before any row is read, is what is refused.
    assert refused(content, file_name="big.xlsx") == [
        "Tệp: tệp chứa hơn 10000 ký tự văn bản (more than 10000 characters of text); hãy chia thành nhiều tệp"
    ]


def test_an_xlsx_with_too_many_shared_strings_is_refused(monkeypatch):
    monkeypatch.setattr(reading, "MAX_CELLS", 100)
    assert refused(shared_strings_xlsx(many_rows(200)), file_name="big.xlsx") == [
        "Tệp: tệp XLSX có hơn 100 chuỗi dùng chung (more than 100 shared strings); hãy chia thành nhiều tệp"
    ]


def test_an_xlsx_of_shared_strings_within_the_limits_reads_like_the_csv():
    rows = many_rows(5)
    table = reading.read_table(shared_strings_xlsx(rows))
    assert (table.kind, table.header) == ("xlsx", list(rows[0]))
    assert table.rows[2] == (4, tuple(list(rows[2].values())[: len(table.rows[2][1])]))


def test_the_text_of_the_cells_read_is_limited_too(monkeypatch):
    monkeypatch.setattr(reading, "MAX_TEXT_CHARS", 2_000)
    (message,) = refused(csv_bytes(many_rows(100)))
    assert message.startswith("Dòng ")
    assert message.endswith(
        ": tệp chứa hơn 2000 ký tự văn bản (more than 2000 characters of text); hãy chia thành nhiều tệp"
    )
    line = int(message.removeprefix("Dòng ").split(":")[0])
    assert 2 < line < 100


def test_the_cells_read_are_limited(monkeypatch):
    monkeypatch.setattr(reading, "MAX_CELLS", 50)
    rows = many_rows(10)
    # 17 columns, none empty in the first rows of the example up to their last filled one.
    widths = [max(i for i, value in enumerate(row.values()) if value.strip()) + 1 for row in rows]
    line = next(index + 2 for index in range(len(rows)) if sum(widths[: index + 1]) > 50)
    assert refused(csv_bytes(rows)) == [
        f"Dòng {line}: tệp có hơn 50 ô dữ liệu (more than 50 cells); hãy bỏ các cột không cần "
        "hoặc chia thành nhiều tệp"
    ]


def test_a_csv_row_too_long_is_refused_before_it_is_split_into_cells(monkeypatch):
    monkeypatch.setattr(reading, "MAX_ROW_CHARS", 1_000)
    rows = many_rows(5)
    rows[2]["product_name"] = '"' + "x\n" * 600 + '"'  # one row over 600 physical lines, from line 4
    assert refused(csv_bytes(rows)) == [
        "Dòng 4: một dòng dữ liệu dài hơn 1000 ký tự (a row is longer than 1000 characters)"
    ]


def test_a_header_wider_than_200_columns_is_refused():
    header = ",".join(f"cot_{number}" for number in range(201))
    assert refused(f"{header}\r\n1,2,3\r\n".encode()) == [
        "Dòng 1: dòng tiêu đề có 201 cột, vượt giới hạn 200 cột (the header has 201 columns, more than 200)"
    ]


def test_blank_cells_after_the_header_do_not_count_as_columns():
    rows = many_rows(3)
    content = csv_bytes(rows).replace(b"\r\n", b"," * 500 + b"\r\n", 1)
    result = recognitions_import(acting_user=None, file_name="t.csv", content=content, dry_run=True)
    assert (result.ok, result.warnings, result.summary["rows"]) == (True, [], 3)


def test_unknown_columns_are_named_up_to_ten_and_the_rest_counted():
    rows = many_rows(2)
    extra = [f"ghi_chu_{number}" for number in range(1, 16)]
    content = csv_bytes([dict(row, **dict.fromkeys(extra, "")) for row in rows])
    result = recognitions_import(acting_user=None, file_name="t.csv", content=content, dry_run=True)
    assert result.ok is True
    assert result.warnings == [
        "Bỏ qua các cột không có trong định dạng (ignored unknown columns): ghi_chu_1, ghi_chu_2, "
        "ghi_chu_3, ghi_chu_4, ghi_chu_5, ghi_chu_6, ghi_chu_7, ghi_chu_8, ghi_chu_9, ghi_chu_10 "
        "và 5 cột khác (and 5 more)"
    ]


def test_cells_beyond_the_header_are_warned_of_by_line_unless_blank():
    lines = csv_bytes(many_rows(14)).split(b"\r\n")
    lines[1] += b",,  ,"  # line 2: blank extra cells, not worth a word
    lines[2] += b",x,,y"  # line 3: two extra cells
    for index in range(4, 15):  # lines 5 to 15: one each
        lines[index] += b",z"
    result = recognitions_import(
        acting_user=None, file_name="t.csv", content=b"\r\n".join(lines), dry_run=True
    )
    assert (result.ok, result.summary["rows"]) == (True, 14)
    assert result.warnings == [
        "Bỏ qua các ô bên phải cột cuối của dòng tiêu đề, số ô trong ngoặc (ignored cells right of the "
        "header's last column, their number in brackets): dòng (line) 3 (2), 5 (1), 6 (1), 7 (1), 8 (1), "
        "9 (1), 10 (1), 11 (1), 12 (1), 13 (1) và 2 dòng khác (and 2 more lines)."
    ]


def test_an_xlsx_row_with_cells_beyond_the_header_is_warned_of_too():
    rows = many_rows(3)
    rows[1]["ghi_chu"] = "thêm"  # line 3 has one cell right of the header's last column

    table = reading.read_table(workbook_bytes(rows))

    assert (table.kind, len(table.header), len(table.rows)) == ("xlsx", 17, 3)
    assert table.warnings == (
        "Bỏ qua các ô bên phải cột cuối của dòng tiêu đề, số ô trong ngoặc (ignored cells right of the "
        "header's last column, their number in brackets): dòng (line) 3 (1).",
    )


def test_equal_cells_are_kept_as_one_string_up_to_a_number_of_distinct_ones(monkeypatch):
    content = csv_bytes(many_rows(2))
    first, second = (cells[7] for _, cells in reading.read_table(content).rows)
    assert first == second == "legacy"  # unit_scheme
    assert first is second
    monkeypatch.setattr(reading, "DISTINCT_CELLS_SHARED", 0)
    first, second = (cells[7] for _, cells in reading.read_table(content).rows)
    assert first == second == "legacy"
    assert first is not second


@pytest.mark.parametrize(
    ("limit", "value", "maximum"),
    [
        (
            "MAX_XLSX_ROW_CELLS",
            30,
            "30 ô hoặc 1000000 ký tự (a row of the sheet has more than 30 cells or 1000000",
        ),
        # The sheet's own characters: here the 40 numbers that point into the shared strings.
        ("MAX_ROW_CHARS", 50, "16384 ô hoặc 50 ký tự (a row of the sheet has more than 16384 cells or 50"),
    ],
)
def test_an_xlsx_row_too_large_is_refused_before_openpyxl_builds_it(monkeypatch, limit, value, maximum):
    monkeypatch.setattr(reading, limit, value)
    out = io.BytesIO()
    write_shared_strings_xlsx(out, [["product_name", "sector"], ["Chè", "1"], [f"ô {n}" for n in range(40)]])
    assert refused(out.getvalue(), file_name="wide.xlsx") == [
        f"Tệp: một dòng của bảng tính có hơn {maximum} characters)"
    ]


def workbook_bytes(
    rows: list[dict[str, str]], formulas: dict[str, str] | None = None, *, values: bytes = b""
) -> bytes:
    """``rows`` under the first row's keys, as a workbook written by openpyxl (as a script or pandas writes
    one): the cells named in ``formulas`` (``"K2"``) hold those formulas and no computed value.
    ``values``: what a spreadsheet program would have stored in each formula cell's ``<v>`` on saving."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(list(rows[0]))
    for row in rows:
        sheet.append(list(row.values()))
    for cell, formula in (formulas or {}).items():
        sheet[cell] = formula
    out = io.BytesIO()
    workbook.save(out)
    if not values:
        return out.getvalue()
    computed = io.BytesIO()
    with zipfile.ZipFile(out) as source, zipfile.ZipFile(computed, "w") as target:
        for member in source.infolist():
            data = source.read(member)
            if member.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"<v />", b"<v>" + values + b"</v>")
            target.writestr(member, data)
    return computed.getvalue()


def test_formulas_saved_without_their_values_are_named_by_cell_not_read_as_empty():
    # openpyxl keeps "=1+2" as text and no value; read for values the stars would be empty ("required").
    content = workbook_bytes(many_rows(3), {"K2": "=1+2", "K4": "=1+2", "M3": "=50+6"})

    assert refused(content, file_name="script.xlsx") == [
        "Dòng 2: ô K2, M3, K4 chứa công thức chưa được tính: tệp được lưu bởi một chương trình không tính "
        "công thức. Hãy mở tệp bằng Excel hoặc LibreOffice Calc rồi lưu lại, hoặc dán giá trị thay cho "
        "công thức (cells K2, M3, K4 hold formulas saved without their values: open the file in Excel or "
        "LibreOffice Calc and save it again, or paste values instead of the formulas)"
    ]


def test_formula_cells_past_the_ones_named_are_counted(monkeypatch):
    monkeypatch.setattr(reading, "LINES_NAMED", 2)
    content = workbook_bytes(many_rows(4), {f"K{line}": "=1+2" for line in range(2, 6)})

    [error] = refused(content, file_name="script.xlsx")

    assert error.startswith("Dòng 2: ô K2, K3 và 2 ô khác (and 2 more) chứa công thức chưa được tính")


def test_formulas_saved_with_their_values_read_as_those_values():
    content = workbook_bytes(many_rows(2), {"K2": "=1+2", "K3": "=2+2"}, values=b"4")

    table = reading.read_table(content)

    assert [cells[10] for _, cells in table.rows] == ["4", "4"]


def test_a_formula_whose_answer_is_empty_text_or_that_lies_right_of_the_header_is_not_refused():
    rows = many_rows(2)
    content = workbook_bytes(rows, {"L2": '=""', "R2": "=1+2", "T3": "=SUM(A1:A2)"})
    # Excel marks a formula that answers text t="str", and stores its empty answer as an empty <v>.
    members = {}
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        for member in archive.infolist():
            members[member.filename] = archive.read(member)
    sheet = members["xl/worksheets/sheet1.xml"]
    members["xl/worksheets/sheet1.xml"] = sheet.replace(b'<c r="L2">', b'<c r="L2" t="str">')
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)

    table = reading.read_table(out.getvalue())

    assert [cells[11] for _, cells in table.rows] == ["", rows[1]["potential_5_star"]]
    assert (len(table.header), table.warnings) == (17, ())
