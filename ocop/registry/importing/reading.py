"""Turning an uploaded recognitions file into a header and rows of text, refusing what is unsafe to open.

The file is untrusted and read streaming from a binary file object (an upload, which Django spools to disk
above 5 MB, or the command's open file), never whole into memory. Its size is checked before anything is
parsed; an XLSX (a zip) is opened only when its members' declared sizes and compression ratios are sane
(``zipfile`` never inflates a member past its declared size, so the declaration is what a zip bomb has to
lie about) and its shared-strings table, which openpyxl loads whole even in read-only mode, has been
counted streaming within the limits; anything that is neither UTF-8 CSV text nor an XLSX workbook is
refused with a message saying what it looks like instead.

What a file may hold is bounded while it is read (rows, header columns, cells, characters of text, the
length of a CSV row) so that no upload costs a worker more than about 200 MB: the table kept is at most
``MAX_CELLS`` cells holding ``MAX_TEXT_CHARS`` characters, and reading stops at the first limit passed.

Every row keeps its physical line number in the file (header = line 1), so errors can point at it:
for CSV the reader's own line count, which stays right across quoted cells that span lines; for XLSX the
sheet's row number.
"""

import codecs
import csv
import datetime
import hashlib
import io
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import IO
from xml.parsers import expat

import openpyxl
from django.conf import settings
from openpyxl.packaging.manifest import Manifest
from openpyxl.utils.cell import column_index_from_string, get_column_letter
from openpyxl.xml.constants import ARC_CONTENT_TYPES, SHARED_STRINGS
from openpyxl.xml.functions import fromstring

# The largest file, one setting: the request-body limit of the upload addresses is built on it too.
MAX_FILE_BYTES: int = settings.RECOGNITIONS_FILE_MAX_BYTES
# Far more than the whole national registry (about 18,000 products), far less than memory allows.
MAX_DATA_ROWS = 100_000
# The format has 17 columns; a sheet may carry notes beside them, not thousands of columns.
MAX_COLUMNS = 200
# Cells kept (up to the last filled one of a row, within the header's columns): 100,000 rows of 20.
MAX_CELLS = 2_000_000
# Characters of text in the cells, or in an XLSX's shared strings: what the largest CSV accepted can hold.
MAX_TEXT_CHARS = MAX_FILE_BYTES
# One CSV row, however many physical lines its quoted cells span (a full row of the format is ~5,000).
MAX_ROW_CHARS = 1_000_000
# Cells of one XLSX row as written in the sheet, blank ones included: Excel's own maximum (column XFD).
MAX_XLSX_ROW_CELLS = 16_384
# An XLSX of the largest file accepted inflates to a few hundred MB at most; real sheets compress 5–20×.
MAX_XLSX_UNCOMPRESSED_BYTES = 400 * 1024 * 1024
MAX_XLSX_MEMBERS = 1_000
MAX_XLSX_RATIO = 100
# Small members (styles, tiny sheets) may compress very well without being dangerous.
XLSX_RATIO_CHECKED_FROM_BYTES = 1024 * 1024
# Lines named in the warning about cells beyond the header; the rest are counted.
LINES_NAMED = 10
# Equal cells are kept as one string (a file repeats its codes, dates, labels and producers): 100,000 rows
# of the format take 45 MB instead of 105 MB. The strings seen are remembered up to this many (~30 MB).
DISTINCT_CELLS_SHARED = 500_000

_ZIP_MAGIC = b"PK\x03\x04"
_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the old binary .xls (and .doc) container
_SNIFF_BYTES = 64 * 1024
_CHUNK_BYTES = 1024 * 1024

type Source = bytes | IO[bytes]


class FileRefusedError(Exception):
    """The file cannot be read as a recognitions table; ``line`` is 0 when no line is to blame."""

    def __init__(self, message: str, *, line: int = 0) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


@dataclass(frozen=True)
class Table:
    header: list[str]
    # (line in the file, cells as text up to the last filled one within the header), blank rows left out
    rows: list[tuple[int, tuple[str, ...]]]
    kind: str  # "csv" or "xlsx"
    warnings: tuple[str, ...] = ()  # about the file's shape: cells beyond the header


def check_size(size: int) -> None:
    """Refuse a file over the limit; callers with an upload call this before reading it."""
    if size > MAX_FILE_BYTES:
        raise FileRefusedError(
            f"tệp lớn {size / 1024 / 1024:.1f} MB, vượt giới hạn {MAX_FILE_BYTES // 1024 // 1024} MB "
            f"(the file is larger than {MAX_FILE_BYTES // 1024 // 1024} MB); hãy chia thành nhiều tệp"
        )


def as_file(source: Source) -> IO[bytes]:
    """A binary file object for ``source``: bytes already in memory (generated files, tests) or a file."""
    return io.BytesIO(source) if isinstance(source, bytes) else source


def file_sha256(source: Source) -> str:
    """The SHA-256 of the whole file, read in chunks; the file is left at its start."""
    file = as_file(source)
    file.seek(0)
    digest = hashlib.sha256()
    while chunk := file.read(_CHUNK_BYTES):
        digest.update(chunk)
    file.seek(0)
    return digest.hexdigest()


def read_table(source: Source) -> Table:
    """The header and rows of a CSV or XLSX recognitions file; ``FileRefusedError`` says why not."""
    file = as_file(source)
    size = file.seek(0, io.SEEK_END)
    check_size(size)
    file.seek(0)
    start = file.read(_SNIFF_BYTES)
    file.seek(0)
    if size <= len(start) and not start.strip():
        raise FileRefusedError("tệp trống (the file is empty)")
    if start.startswith(_ZIP_MAGIC):
        return _read_xlsx(file)
    if start.startswith(_OLE2_MAGIC):
        raise FileRefusedError(
            "đây là tệp Excel cũ (.xls), không phải XLSX hay CSV (an old binary .xls file); "
            "hãy lưu lại dưới dạng .xlsx hoặc CSV UTF-8"
        )
    if start.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise FileRefusedError(
            "tệp được mã hóa UTF-16, không phải UTF-8 (the file is UTF-16, not UTF-8); "
            "hãy lưu lại dưới dạng CSV UTF-8"
        )
    if b"\x00" in start:
        raise _not_text()
    return _read_csv(file)


def _not_text() -> FileRefusedError:
    return FileRefusedError(
        "tệp không phải văn bản CSV cũng không phải XLSX (the file is neither CSV text nor XLSX)"
    )


class _TableBuilder:
    """The header, then the data rows as they are read, with every limit checked as each row arrives."""

    def __init__(self) -> None:
        self.header: list[str] | None = None
        self.rows: list[tuple[int, tuple[str, ...]]] = []
        self.cells = 0
        self.text_chars = 0
        self.beyond_header: list[tuple[int, int]] = []  # (line, filled cells beyond the header)
        self.lines_beyond_header = 0
        self.seen: dict[str, str] = {}

    def add(self, line: int, cells: Sequence[str]) -> None:
        width = _filled_width(cells)
        if width == 0:
            return
        if self.header is None:
            if width > MAX_COLUMNS:
                raise FileRefusedError(
                    f"dòng tiêu đề có {width} cột, vượt giới hạn {MAX_COLUMNS} cột "
                    f"(the header has {width} columns, more than {MAX_COLUMNS})",
                    line=line,
                )
            self.header = list(cells[:width])
            return
        columns = len(self.header)
        if width > columns:
            self._note_beyond_header(line, sum(1 for cell in cells[columns:width] if cell.strip()))
            width = _filled_width(cells[:columns])
        kept = self._shared(cells[:width])
        self.rows.append((line, kept))
        self.cells += width
        self.text_chars += sum(map(len, kept))
        self._check_limits(line)

    def _shared(self, cells: Sequence[str]) -> tuple[str, ...]:
        seen = self.seen
        if len(seen) < DISTINCT_CELLS_SHARED:
            return tuple([seen.setdefault(cell, cell) for cell in cells])
        return tuple([seen.get(cell, cell) for cell in cells])

    def _note_beyond_header(self, line: int, extra: int) -> None:
        self.lines_beyond_header += 1
        if len(self.beyond_header) < LINES_NAMED:
            self.beyond_header.append((line, extra))

    def _check_limits(self, line: int) -> None:
        if len(self.rows) > MAX_DATA_ROWS:
            raise FileRefusedError(
                f"tệp có hơn {MAX_DATA_ROWS} dòng dữ liệu (more than {MAX_DATA_ROWS} data rows); "
                "hãy chia thành nhiều tệp",
                line=line,
            )
        if self.cells > MAX_CELLS:
            raise FileRefusedError(
                f"tệp có hơn {MAX_CELLS} ô dữ liệu (more than {MAX_CELLS} cells); hãy bỏ các cột "
                "không cần hoặc chia thành nhiều tệp",
                line=line,
            )
        if self.text_chars > MAX_TEXT_CHARS:
            raise _too_much_text(line=line)

    def table(self, kind: str) -> Table:
        warnings: tuple[str, ...] = ()
        if self.beyond_header:
            named = ", ".join(f"{line} ({extra})" for line, extra in self.beyond_header)
            rest = self.lines_beyond_header - len(self.beyond_header)
            more = f" và {rest} dòng khác (and {rest} more lines)" if rest else ""
            warnings = (
                "Bỏ qua các ô bên phải cột cuối của dòng tiêu đề, số ô trong ngoặc (ignored cells right "
                f"of the header's last column, their number in brackets): dòng (line) {named}{more}.",
            )
        return Table(header=self.header or [], rows=self.rows, kind=kind, warnings=warnings)


def _filled_width(cells: Sequence[str]) -> int:
    """The number of cells up to the last one that is not blank."""
    for index in range(len(cells) - 1, -1, -1):
        if cells[index].strip():
            return index + 1
    return 0


def _too_much_text(*, line: int = 0) -> FileRefusedError:
    return FileRefusedError(
        f"tệp chứa hơn {MAX_TEXT_CHARS} ký tự văn bản (more than {MAX_TEXT_CHARS} characters of text); "
        "hãy chia thành nhiều tệp",
        line=line,
    )


def _read_csv(file: IO[bytes]) -> Table:
    builder = _TableBuilder()
    # newline="": lines end at \r\n, \n or \r, untranslated, as the csv module wants them.
    text = io.TextIOWrapper(file, encoding="utf-8-sig", newline="")
    lines = _CsvLines(text)
    reader = csv.reader(lines)
    line = 1
    try:
        for cells in reader:
            builder.add(line, cells)
            lines.row_chars = 0
            line = reader.line_num + 1  # the next row starts on the line after this one ends
    except FileRefusedError as refused:
        refused.line = refused.line or line
        raise
    except UnicodeDecodeError:
        raise _invalid_utf8(file) from None
    except csv.Error as error:
        raise FileRefusedError(f"không đọc được CSV (unreadable CSV): {error}", line=line) from None
    finally:
        text.detach()  # the caller's file stays open
    return builder.table("csv")


class _CsvLines:
    """The lines of a CSV for ``csv.reader``, refusing a row too long before the reader builds it.

    ``row_chars`` counts the characters of the row being read; the caller sets it to 0 after each row.
    """

    def __init__(self, text: io.TextIOWrapper) -> None:
        self.text = text
        self.row_chars = 0

    def __iter__(self) -> "_CsvLines":
        return self

    def __next__(self) -> str:
        line = self.text.readline(MAX_ROW_CHARS + 1)
        if not line:
            raise StopIteration
        self.row_chars += len(line)
        if self.row_chars > MAX_ROW_CHARS:
            raise FileRefusedError(
                f"một dòng dữ liệu dài hơn {MAX_ROW_CHARS} ký tự (a row is longer than "
                f"{MAX_ROW_CHARS} characters)"
            )
        if "\x00" in line:
            raise _not_text()
        return line


def _invalid_utf8(file: IO[bytes]) -> FileRefusedError:
    """The refusal naming the line and value of the first byte that is not UTF-8, found reading again."""
    file.seek(0)
    decoder = codecs.getincrementaldecoder("utf-8")()
    line, byte = 1, 0
    while True:
        chunk = file.read(_CHUNK_BYTES)
        pending = decoder.getstate()[0]  # the start of a character cut by the previous chunk: no \n
        try:
            decoder.decode(chunk, final=not chunk)
        except UnicodeDecodeError as error:
            line += chunk.count(b"\n", 0, max(error.start - len(pending), 0))
            byte = (pending + chunk)[error.start]
            break
        if not chunk:
            break
        line += chunk.count(b"\n")
    return FileRefusedError(
        f"tệp không phải UTF-8: byte 0x{byte:02X} không hợp lệ, có lẽ tệp được lưu "
        "bằng bảng mã Windows-1258, TCVN3 hoặc Latin-1 (the file is not UTF-8: an invalid byte "
        "on this line; it was probably saved as Windows-1258 or Latin-1). "
        'Hãy lưu lại dưới dạng "CSV UTF-8" (save it as "CSV UTF-8").',
        line=line,
    )


def _read_xlsx(file: IO[bytes]) -> Table:
    _check_zip(file)
    file.seek(0)
    try:
        workbook = openpyxl.load_workbook(file, read_only=True, data_only=True)
    except Exception as error:  # a parser of untrusted input fails in many ways; all mean "unreadable"
        raise _unreadable_xlsx(error) from None
    builder = _TableBuilder()
    try:
        sheet = workbook.worksheets[0]
        formulas = _check_sheet_rows(file, sheet._worksheet_path)
        # Writers often store wrong dimensions; read every row there is instead of trusting them.
        sheet.reset_dimensions()
        for line, values in enumerate(sheet.iter_rows(min_row=1, values_only=True), start=1):
            builder.add(line, [_cell_text(value) for value in values])
    except FileRefusedError:
        raise
    except Exception as error:
        raise _unreadable_xlsx(error) from None
    finally:
        workbook.close()
    table = builder.table("xlsx")
    if formulas:
        _refuse_uncomputed(_uncomputed_formulas(file, sheet._worksheet_path), width=len(table.header))
    return table


def _refuse_uncomputed(uncomputed: "_Uncomputed", *, width: int) -> None:
    """Refuse a sheet whose formula cells, within the header's columns, were saved without their values.

    A workbook written by a program (openpyxl, pandas, a report generator) keeps a formula's text and
    leaves its value for a spreadsheet to compute on opening; read for its values, such a cell is empty,
    and the file would be refused cell by cell as "required" where nothing is missing but a recalculation.
    """
    columns = range(min(width, MAX_COLUMNS))
    count = sum(uncomputed.counts[column] for column in columns)
    if not count:
        return
    named = sorted(cell for column in columns for cell in uncomputed.first[column])[:LINES_NAMED]
    shown = ", ".join(f"{get_column_letter(column + 1)}{line}" for line, column in named)
    rest = count - len(named)
    more = f" và {rest} ô khác (and {rest} more)" if rest else ""
    raise FileRefusedError(
        f"ô {shown}{more} chứa công thức chưa được tính: tệp được lưu bởi một chương trình không tính "
        "công thức. Hãy mở tệp bằng Excel hoặc LibreOffice Calc rồi lưu lại, hoặc dán giá trị thay cho "
        f"công thức (cells {shown} hold formulas saved without their values: open the file in Excel or "
        "LibreOffice Calc and save it again, or paste values instead of the formulas)",
        line=named[0][0],
    )


def _unreadable_xlsx(error: Exception) -> FileRefusedError:
    return FileRefusedError(
        f"tệp XLSX hỏng hoặc không đọc được (the XLSX file is damaged or unreadable): {error}"
    )


def _check_zip(file: IO[bytes]) -> None:
    try:
        archive = zipfile.ZipFile(file)
    except zipfile.BadZipFile:
        raise FileRefusedError("tệp ZIP/XLSX hỏng (the ZIP/XLSX file is damaged)") from None
    with archive:
        members = archive.infolist()
        names = {member.filename for member in members}
        if "xl/workbook.xml" not in names or ARC_CONTENT_TYPES not in names:
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
        _check_shared_strings(archive)


def _check_shared_strings(archive: zipfile.ZipFile) -> None:
    """Count the shared strings streaming, before openpyxl loads them whole, within the limits of a table.

    Every character of the part is counted, not only those of its strings: the text between elements is
    kept in memory by the parsers too.
    """
    try:
        manifest = Manifest.from_tree(fromstring(archive.read(ARC_CONTENT_TYPES)))
    except Exception as error:
        raise _unreadable_xlsx(error) from None
    part = manifest.find(SHARED_STRINGS)
    if part is None:
        return
    strings = chars = 0

    def start(name: str, attributes: dict[str, str]) -> None:
        nonlocal strings
        strings += name.rpartition(" ")[2] == "si"

    def text(data: str) -> None:
        nonlocal chars
        chars += len(data)

    parser = expat.ParserCreate(namespace_separator=" ")
    parser.StartElementHandler = start
    parser.CharacterDataHandler = text
    try:
        with archive.open(part.PartName.lstrip("/")) as xml:
            while chunk := xml.read(_CHUNK_BYTES):
                parser.Parse(chunk, False)
                if strings > MAX_CELLS:
                    raise FileRefusedError(
                        f"tệp XLSX có hơn {MAX_CELLS} chuỗi dùng chung (more than {MAX_CELLS} shared "
                        "strings); hãy chia thành nhiều tệp"
                    )
                if chars > MAX_TEXT_CHARS:
                    raise _too_much_text()
            parser.Parse(b"", True)
    except (KeyError, expat.ExpatError, zipfile.BadZipFile, OSError, EOFError) as error:
        raise _unreadable_xlsx(error) from None


def _check_sheet_rows(file: IO[bytes], path: str) -> bool:
    """Count each row's cells and characters streaming, before openpyxl builds a row whole in memory.

    A row is parsed into all its cells before any is seen, so one row of millions of cells, or of one
    cell of hundreds of MB, would cost gigabytes before the table's limits could refuse it.

    Returns whether the sheet holds a formula (an ``<f>`` element), found in the raw bytes as they pass:
    most files hold none, and are spared ``_uncomputed_formulas``'s slower pass.
    """
    cells = chars = 0
    formulas = False

    def start(name: str, attributes: dict[str, str]) -> None:
        nonlocal cells, chars
        tag = name.rpartition(" ")[2]
        if tag == "row":
            cells = chars = 0
        elif tag == "c":
            cells += 1
            if cells > MAX_XLSX_ROW_CELLS:
                raise _row_too_large()

    def text(data: str) -> None:
        nonlocal chars
        chars += len(data)
        if chars > MAX_ROW_CHARS:
            raise _row_too_large()

    parser = expat.ParserCreate(namespace_separator=" ")
    parser.StartElementHandler = start
    parser.CharacterDataHandler = text
    try:
        with zipfile.ZipFile(file) as archive, archive.open(path) as xml:
            tail = b""
            while chunk := xml.read(_CHUNK_BYTES):
                formulas = formulas or _holds_formula(tail + chunk[:_TAG_SPAN]) or _holds_formula(chunk)
                tail = chunk[-_TAG_SPAN:]
                parser.Parse(chunk, False)
            parser.Parse(b"", True)
    except (KeyError, expat.ExpatError, zipfile.BadZipFile, OSError, EOFError) as error:
        raise _unreadable_xlsx(error) from None
    return formulas


# A formula's element, with or without a namespace prefix; text cannot hold "<" unescaped, so only a tag
# matches. A tag is cut by a chunk's end at most this far from it.
_FORMULA_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]{0,30}:)?f[\s/>]")
_TAG_SPAN = 40


def _holds_formula(data: bytes) -> bool:
    # A plain search first: the expression costs ten times more over a sheet without a formula.
    return (b"<f" in data or b":f" in data) and _FORMULA_TAG.search(data) is not None


@dataclass
class _Uncomputed:
    """Formula cells saved without a value, by column index (from 0) within ``MAX_COLUMNS``: how many, and
    the first ``LINES_NAMED`` of each as (line, column). Bounded whatever the sheet holds."""

    counts: list[int] = field(default_factory=lambda: [0] * MAX_COLUMNS)
    first: list[list[tuple[int, int]]] = field(default_factory=lambda: [[] for _ in range(MAX_COLUMNS)])

    def add(self, line: int, column: int) -> None:
        if column < MAX_COLUMNS:
            self.counts[column] += 1
            if len(self.first[column]) < LINES_NAMED:
                self.first[column].append((line, column))


@dataclass
class _Cell:
    column: int = 0
    text_result: bool = False  # t="str": an empty value is the formula's answer
    formula: bool = False
    in_value: bool = False
    value_chars: int = 0


def _uncomputed_formulas(file: IO[bytes], path: str) -> _Uncomputed:
    """The formula cells saved without a computed value, read streaming from a sheet already checked.

    A formula (``<f>``) whose value (``<v>``) is missing or empty, unless the cell says its result is text
    (``t="str"``): then the empty value is the formula's answer.
    """
    line = 0
    cell = _Cell()
    uncomputed = _Uncomputed()

    def start(name: str, attributes: dict[str, str]) -> None:
        nonlocal line, cell
        tag = name.rpartition(" ")[2]
        if tag == "row":
            line = _number(attributes.get("r"), default=line + 1)
            cell = _Cell(column=-1)  # a first cell without its reference is column 0
        elif tag == "c":
            column = _column_index(attributes.get("r"), default=cell.column + 1)
            cell = _Cell(column=column, text_result=attributes.get("t") in ("str", "inlineStr"))
        elif tag == "f":
            cell.formula = True
        elif tag == "v":
            cell.in_value = True

    def end(name: str) -> None:
        tag = name.rpartition(" ")[2]
        if tag == "v":
            cell.in_value = False
        elif tag == "c" and cell.formula and not cell.value_chars and not cell.text_result:
            uncomputed.add(line, cell.column)

    def text(data: str) -> None:
        if cell.in_value:
            cell.value_chars += len(data.strip())

    parser = expat.ParserCreate(namespace_separator=" ")
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = text
    file.seek(0)
    try:
        with zipfile.ZipFile(file) as archive, archive.open(path) as xml:
            while chunk := xml.read(_CHUNK_BYTES):
                parser.Parse(chunk, False)
            parser.Parse(b"", True)
    except (KeyError, expat.ExpatError, zipfile.BadZipFile, OSError, EOFError) as error:
        raise _unreadable_xlsx(error) from None
    return uncomputed


def _number(text: str | None, *, default: int) -> int:
    return int(text) if text is not None and text.isdigit() else default


def _column_index(reference: str | None, *, default: int) -> int:
    """``"C12"`` → 2; a cell without its reference (optional in the format) is the next of its row."""
    letters = (reference or "").rstrip("0123456789")
    if not letters.isalpha() or len(letters) > 3:
        return default
    return column_index_from_string(letters.upper()) - 1


def _row_too_large() -> FileRefusedError:
    return FileRefusedError(
        f"một dòng của bảng tính có hơn {MAX_XLSX_ROW_CELLS} ô hoặc {MAX_ROW_CHARS} ký tự (a row of the "
        f"sheet has more than {MAX_XLSX_ROW_CELLS} cells or {MAX_ROW_CHARS} characters)"
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
