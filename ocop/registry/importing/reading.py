"""Turning an uploaded recognitions file into a header and rows of text, refusing what is unsafe to open.

The file is untrusted: its size is checked before anything is parsed, an XLSX (a zip) is opened only when
its members' declared sizes and compression ratios are sane (``zipfile`` never inflates a member past its
declared size, so the declaration is what a zip bomb has to lie about), and anything that is neither UTF-8
CSV text nor an XLSX workbook is refused with a message saying what it looks like instead.

Every row keeps its physical line number in the file (header = line 1), so errors can point at it:
for CSV the reader's own line count, which stays right across quoted cells that span lines; for XLSX the
sheet's row number.
"""

import csv
import datetime
import io
import zipfile
from dataclasses import dataclass

import openpyxl

MAX_FILE_BYTES = 50 * 1024 * 1024
# Far more than the whole national registry (about 18,000 products), far less than memory allows.
MAX_DATA_ROWS = 100_000
# An XLSX of the largest file accepted inflates to a few hundred MB at most; real sheets compress 5–20×.
MAX_XLSX_UNCOMPRESSED_BYTES = 400 * 1024 * 1024
MAX_XLSX_MEMBERS = 1_000
MAX_XLSX_RATIO = 100
# Small members (styles, tiny sheets) may compress very well without being dangerous.
XLSX_RATIO_CHECKED_FROM_BYTES = 1024 * 1024

_ZIP_MAGIC = b"PK\x03\x04"
_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the old binary .xls (and .doc) container


class FileRefusedError(Exception):
    """The file cannot be read as a recognitions table; ``line`` is 0 when no line is to blame."""

    def __init__(self, message: str, *, line: int = 0) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


@dataclass(frozen=True)
class Table:
    header: list[str]
    rows: list[tuple[int, list[str]]]  # (line in the file, cells as text), blank rows left out
    kind: str  # "csv" or "xlsx"


def check_size(size: int) -> None:
    """Refuse a file over the limit; callers with an upload call this before reading it."""
    if size > MAX_FILE_BYTES:
        raise FileRefusedError(
            f"tệp lớn {size / 1024 / 1024:.1f} MB, vượt giới hạn {MAX_FILE_BYTES // 1024 // 1024} MB "
            f"(the file is larger than {MAX_FILE_BYTES // 1024 // 1024} MB); hãy chia thành nhiều tệp"
        )


def read_table(content: bytes) -> Table:
    """The header and rows of a CSV or XLSX recognitions file; ``FileRefusedError`` says why not."""
    check_size(len(content))
    if not content.strip():
        raise FileRefusedError("tệp trống (the file is empty)")
    if content.startswith(_ZIP_MAGIC):
        return _read_xlsx(content)
    if content.startswith(_OLE2_MAGIC):
        raise FileRefusedError(
            "đây là tệp Excel cũ (.xls), không phải XLSX hay CSV (an old binary .xls file); "
            "hãy lưu lại dưới dạng .xlsx hoặc CSV UTF-8"
        )
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise FileRefusedError(
            "tệp được mã hóa UTF-16, không phải UTF-8 (the file is UTF-16, not UTF-8); "
            "hãy lưu lại dưới dạng CSV UTF-8"
        )
    if b"\x00" in content:
        raise FileRefusedError(
            "tệp không phải văn bản CSV cũng không phải XLSX (the file is neither CSV text nor XLSX)"
        )
    return _read_csv(content)


def _read_csv(content: bytes) -> Table:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = content.count(b"\n", 0, error.start) + 1
        raise FileRefusedError(
            f"tệp không phải UTF-8: byte 0x{content[error.start]:02X} không hợp lệ, có lẽ tệp được lưu "
            "bằng bảng mã Windows-1258, TCVN3 hoặc Latin-1 (the file is not UTF-8: an invalid byte "
            "on this line; it was probably saved as Windows-1258 or Latin-1). "
            'Hãy lưu lại dưới dạng "CSV UTF-8" (save it as "CSV UTF-8").',
            line=line,
        ) from error
    reader = csv.reader(io.StringIO(text, newline=""))
    rows: list[tuple[int, list[str]]] = []
    header: list[str] | None = None
    line = 1
    try:
        for cells in reader:
            if any(cell.strip() for cell in cells):
                if header is None:
                    header = cells
                else:
                    rows.append((line, cells))
                    _check_row_count(len(rows))
            line = reader.line_num + 1  # the next row starts on the line after this one ends
    except csv.Error as error:
        raise FileRefusedError(f"không đọc được CSV (unreadable CSV): {error}", line=line) from error
    return Table(header=header or [], rows=rows, kind="csv")


def _read_xlsx(content: bytes) -> Table:
    _check_zip(content)
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as error:  # a parser of untrusted input fails in many ways; all mean "unreadable"
        raise FileRefusedError(
            f"tệp XLSX hỏng hoặc không đọc được (the XLSX file is damaged or unreadable): {error}"
        ) from error
    try:
        sheet = workbook.worksheets[0]
        # Writers often store wrong dimensions; read every row there is instead of trusting them.
        sheet.reset_dimensions()
        header: list[str] | None = None
        rows: list[tuple[int, list[str]]] = []
        for line, values in enumerate(sheet.iter_rows(min_row=1, values_only=True), start=1):
            cells = [_cell_text(value) for value in values]
            if not any(cells):
                continue
            if header is None:
                header = cells
            else:
                rows.append((line, cells))
                _check_row_count(len(rows))
    except FileRefusedError:
        raise
    except Exception as error:
        raise FileRefusedError(
            f"tệp XLSX hỏng hoặc không đọc được (the XLSX file is damaged or unreadable): {error}"
        ) from error
    finally:
        workbook.close()
    return Table(header=header or [], rows=rows, kind="xlsx")


def _check_zip(content: bytes) -> None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
    except zipfile.BadZipFile as error:
        raise FileRefusedError("tệp ZIP/XLSX hỏng (the ZIP/XLSX file is damaged)") from error
    with archive:
        members = archive.infolist()
        names = {member.filename for member in members}
        if "xl/workbook.xml" not in names or "[Content_Types].xml" not in names:
            raise FileRefusedError(
                "tệp là một tệp nén ZIP nhưng không phải bảng tính XLSX "
                "(the file is a ZIP archive but not an XLSX workbook)"
            )
        if len(members) > MAX_XLSX_MEMBERS:
            raise FileRefusedError(f"tệp XLSX có quá nhiều thành phần (more than {MAX_XLSX_MEMBERS} members)")
        total = sum(member.file_size for member in members)
        if total > MAX_XLSX_UNCOMPRESSED_BYTES:
            raise FileRefusedError(
                f"tệp XLSX giải nén ra {total // 1024 // 1024} MB, vượt giới hạn "
                f"{MAX_XLSX_UNCOMPRESSED_BYTES // 1024 // 1024} MB (the XLSX inflates past the limit)"
            )
        for member in members:
            ratio = member.file_size / max(member.compress_size, 1)
            if member.file_size >= XLSX_RATIO_CHECKED_FROM_BYTES and ratio > MAX_XLSX_RATIO:
                raise FileRefusedError(
                    f"tệp XLSX có thành phần {member.filename} nén {ratio:.0f} lần, vượt giới hạn "
                    f"{MAX_XLSX_RATIO} lần: có thể là zip bomb (a member is compressed {ratio:.0f}:1, "
                    "which looks like a zip bomb)"
                )


def _check_row_count(count: int) -> None:
    if count > MAX_DATA_ROWS:
        raise FileRefusedError(
            f"tệp có hơn {MAX_DATA_ROWS} dòng dữ liệu (more than {MAX_DATA_ROWS} data rows); "
            "hãy chia thành nhiều tệp"
        )


def _cell_text(value: object) -> str:
    """A spreadsheet cell as the text a CSV would hold: ``4.0`` → ``"4"``, a date → ``"2022-05-19"``."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()
