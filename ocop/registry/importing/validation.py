"""Reading the rows of a recognitions file against the published format (contracts/recognitions.md §1).

Every cell is checked and every problem kept, by line and column, with a message in Vietnamese and
English; the caller writes nothing while any remain. Rows that pass become ``RecognitionRow`` values with
their unit resolved in both schemes and the keys that identify their producer, product and certificate.
"""

import datetime
import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from django.utils import translation

from ocop.core.spreadsheets import csv_unescape
from ocop.core.text import fold as fold_uncached
from ocop.geo.mapping import Coordinates, UnitIndex
from ocop.geo.models import AdministrativeUnit, Level, Scheme
from ocop.registry.gtin import GtinError, gtin_normalise
from ocop.registry.importing.normalised import Normalisations
from ocop.registry.importing.reading import Table
from ocop.registry.models import ManagementCertification, ProducerType, ProductSet, certifications_in_order
from ocop.registry.rules import normalise_product_set_code, product_sets_by_code

COLUMNS = (
    "product_code",
    "product_name",
    "sector",
    "product_set",
    "producer_name",
    "producer_type",
    "producer_tax_code",
    "unit_scheme",
    "ward_code",
    "district_code",
    "stars",
    "potential_5_star",
    "score",
    "decision_no",
    "decision_date",
    "valid_until",
    "revoked_on",
    "gtin",
    "producer_certifications",
)
# ward_code may be empty on a row (a legacy district without communes), but the column must be there.
REQUIRED_COLUMNS = (
    "product_name",
    "sector",
    "producer_name",
    "producer_type",
    "unit_scheme",
    "ward_code",
    "stars",
    "decision_no",
    "decision_date",
)
MAX_LENGTHS = {
    "product_code": 40,
    "product_name": 255,
    "producer_name": 255,
    "producer_tax_code": 20,
    "decision_no": 60,
}
ERRORS_SHOWN = 200
# A header of thousands of unknown columns is named by its first few (the warning is kept in the batch).
UNKNOWN_COLUMNS_NAMED = 10

SCHEMES = {"2025": Scheme.CURRENT, "legacy": Scheme.LEGACY}
# Codes and the Vietnamese labels of the contract, folded (lower case, no diacritics).
PRODUCER_TYPES = {
    "doanh_nghiep": ProducerType.ENTERPRISE,
    "doanh nghiep": ProducerType.ENTERPRISE,
    "cong ty": ProducerType.ENTERPRISE,
    "hop_tac_xa": ProducerType.COOPERATIVE,
    "hop tac xa": ProducerType.COOPERATIVE,
    "htx": ProducerType.COOPERATIVE,
    "to_hop_tac": ProducerType.COOPERATIVE_GROUP,
    "to hop tac": ProducerType.COOPERATIVE_GROUP,
    "tht": ProducerType.COOPERATIVE_GROUP,
    "ho_kinh_doanh": ProducerType.HOUSEHOLD_BUSINESS,
    "ho kinh doanh": ProducerType.HOUSEHOLD_BUSINESS,
    "ho san xuat": ProducerType.HOUSEHOLD_BUSINESS,
    "co so san xuat": ProducerType.HOUSEHOLD_BUSINESS,
}
# The contract's codes in any case, and the Vietnamese word for organic, folded (lower case, no diacritics).
CERTIFICATIONS: dict[str, ManagementCertification] = {
    **{certification.value: certification for certification in ManagementCertification},
    "huu co": ManagementCertification.ORGANIC,
}
CERTIFICATION_SEPARATOR = ";"
TRUE_WORDS = frozenset({"1", "true", "co", "x"})
FALSE_WORDS = frozenset({"", "0", "false", "khong"})
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_VIETNAMESE_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_HUNDREDTHS = Decimal("0.01")

# Names and labels repeat across rows (a producer's products, a product's certificates, type labels).
fold = lru_cache(maxsize=100_000)(fold_uncached)

type ProducerKey = tuple[str, str] | tuple[str, str, int]
type ProductKey = tuple[str, str] | tuple[str, ProducerKey, str]
type CertificateKey = tuple[ProductKey, str, datetime.date]


@dataclass(frozen=True)
class RowError:
    """One problem: its ``line`` in the file (header = 1; 0: the whole file), its column, what is wrong."""

    line: int
    column: str
    message: str

    def __str__(self) -> str:
        if self.line == 0:
            return f"Tệp: {self.message}"
        if not self.column:
            return f"Dòng {self.line}: {self.message}"
        return f"Dòng {self.line}, cột {self.column}: {self.message}"


@dataclass
class ErrorList:
    """Every error counted, the first ``ERRORS_SHOWN`` kept, so a broken 20,000-row file stays readable."""

    shown: list[RowError] = field(default_factory=list)
    total: int = 0

    def add(self, line: int, column: str, message: str) -> None:
        self.total += 1
        if len(self.shown) < ERRORS_SHOWN:
            self.shown.append(RowError(line, column, message))

    def __bool__(self) -> bool:
        return self.total > 0


@dataclass(slots=True)
class RecognitionRow:
    line: int
    product_code: str
    product_name: str
    sector: int
    product_set: ProductSet | None
    producer_name: str
    producer_type: str
    producer_tax_code: str
    unit: AdministrativeUnit
    coordinates: Coordinates
    stars: int
    potential_five_star: bool
    score: Decimal | None
    decision_no: str
    decision_date: datetime.date
    valid_until: datetime.date | None
    revoked_on: datetime.date | None
    gtin: str  # the 14-digit form, or "" when the cell is empty
    # In the order of ``ManagementCertification``; None when the cell is empty (the producer's list stays).
    producer_certifications: list[str] | None
    producer_search_name: str = ""
    product_search_name: str = ""
    producer_key: ProducerKey = ("", "")
    product_key: ProductKey = ("", "")

    def __post_init__(self) -> None:
        """Producer by tax code, else (folded name, unit); product by code, else (producer, folded name)."""
        self.producer_search_name = fold(self.producer_name)
        self.product_search_name = fold(self.product_name)
        if self.producer_tax_code:
            self.producer_key = ("tax", self.producer_tax_code)
        else:
            self.producer_key = ("name", self.producer_search_name, self.unit.pk)
        if self.product_code:
            self.product_key = ("code", self.product_code)
        else:
            self.product_key = ("name", self.producer_key, self.product_search_name)

    @property
    def certificate_key(self) -> CertificateKey:
        return (self.product_key, self.decision_no, self.decision_date)


@dataclass
class ParsedFile:
    rows: list[RecognitionRow]
    errors: ErrorList
    warnings: list[str]
    normalised: Normalisations = field(default_factory=Normalisations)


class CellError(Exception):
    """What is wrong with one cell, in Vietnamese then English; the row parser files it by line and column."""


def got(text: str) -> str:
    """The end of a message that quotes the cell, cut short."""
    return f", got '{text[:60]}'"


REQUIRED = "không được để trống (required)"

# --- Readers the agreements file (``ocop.trade.agreements.parsing``) shares: the cell's text in, its value
# out, or ``CellError`` with the message.


def read_text(text: str, *, limit: int, required: bool) -> str:
    if required and not text:
        raise CellError(REQUIRED)
    if len(text) > limit:
        raise CellError(f"dài quá {limit} ký tự (longer than {limit} characters)")
    return text


def read_date(text: str) -> datetime.date:
    """``YYYY-MM-DD`` or ``DD/MM/YYYY``, a real day."""
    match = _ISO_DATE.match(text)
    if match:
        year, month, day = (int(part) for part in match.groups())
    else:
        match = _VIETNAMESE_DATE.match(text)
        if match is None:
            raise CellError(_date_message(text))
        day, month, year = (int(part) for part in match.groups())
    try:
        return datetime.date(year, month, day)
    except ValueError:
        raise CellError(_date_message(text)) from None


def read_required_date(text: str) -> datetime.date:
    if not text:
        raise CellError(REQUIRED)
    return read_date(text)


def _date_message(text: str) -> str:
    return (
        "ngày phải là ngày có thật, dạng YYYY-MM-DD hoặc DD/MM/YYYY (a real date as YYYY-MM-DD or DD/MM/YYYY)"
        + got(text)
    )


def read_header(
    table: Table, *, columns: tuple[str, ...], required: tuple[str, ...]
) -> tuple[dict[str, int], ErrorList, list[str]]:
    """Each known column's position, the errors (a repeated or missing required column, on line 1) and
    the warnings: unknown columns named by the first few, the table's own, a table without rows."""
    errors = ErrorList()
    warnings: list[str] = []
    header = table.header
    names = [cell.strip().lstrip("\ufeff").strip().lower() for cell in header]
    positions: dict[str, int] = {}
    unknown = []
    for index, name in enumerate(names):
        if name in columns:
            if name in positions:
                errors.add(1, name, f"cột {name} xuất hiện hai lần (column {name} appears twice)")
            positions[name] = index
        elif name:
            unknown.append(header[index].strip())
    missing = [column for column in required if column not in positions]
    if missing:
        hint = ""
        if len(names) == 1 and (";" in names[0] or "\t" in names[0]):
            hint = " Các cột phải cách nhau bằng dấu phẩy (columns must be separated by commas)."
        errors.add(
            1,
            ", ".join(missing),
            f"thiếu cột bắt buộc: {', '.join(missing)} "
            f"(missing required columns: {', '.join(missing)}).{hint}",
        )
    if unknown:
        named = ", ".join(unknown[:UNKNOWN_COLUMNS_NAMED])
        rest = len(unknown) - UNKNOWN_COLUMNS_NAMED
        more = f" và {rest} cột khác (and {rest} more)" if rest > 0 else ""
        warnings.append(f"Bỏ qua các cột không có trong định dạng (ignored unknown columns): {named}{more}")
    warnings.extend(table.warnings)
    if not errors and not table.rows:
        warnings.append("Tệp chỉ có dòng tiêu đề, không có gì để nhập (the file has a header and no rows).")
    return positions, errors, warnings


def row_texts(
    table: Table, positions: dict[str, int], columns: tuple[str, ...]
) -> Iterator[tuple[int, dict[str, str]]]:
    """Each row's line and the text of every column, trimmed ("" where the file lacks the column)."""
    absent = dict.fromkeys((column for column in columns if column not in positions), "")
    present = list(positions.items())
    # A CSV export writes text a spreadsheet would evaluate with an apostrophe in front; XLSX keeps types.
    unescape = csv_unescape if table.kind == "csv" else str
    for line, cells in table.rows:
        values = dict(absent)
        for column, index in present:
            text = unescape(cells[index].strip()) if index < len(cells) else ""
            # Vietnamese typed on some systems arrives decomposed (NFD): stored composed, like the rest.
            values[column] = text if text.isascii() else unicodedata.normalize("NFC", text)
        yield line, values


def parse_table(
    table: Table, *, units: UnitIndex, in_scope: Callable[[int], bool] | None = None
) -> ParsedFile:
    """Check every row of ``table``; ``in_scope(province_code)`` refuses rows outside the actor's province."""
    positions, errors, warnings = read_header(table, columns=COLUMNS, required=REQUIRED_COLUMNS)
    if errors or not table.rows:
        return ParsedFile([], errors, warnings)
    parser = _RowParser(units=units, in_scope=in_scope, errors=errors)
    rows = []
    for line, values in row_texts(table, positions, COLUMNS):
        row = parser.parse(line, values)
        if row is not None:
            rows.append(row)
    rows = _check_across_rows(rows, errors, warnings)
    return ParsedFile(rows, errors, warnings, parser.normalised)


class _RowParser:
    def __init__(
        self, *, units: UnitIndex, in_scope: Callable[[int], bool] | None, errors: ErrorList
    ) -> None:
        self.units = units
        self.in_scope = in_scope
        self.errors = errors
        self.product_sets = product_sets_by_code()
        self.normalised = Normalisations()
        with translation.override("vi"):  # the import's texts are Vietnamese first, whoever reads them
            self.producer_type_labels = {value: str(value.label) for value in ProducerType}
        self.line = 0  # of the row being parsed, for what ``normalised`` records
        # (column, RecognitionRow attribute, parser, value standing in when the cell is wrong)
        self._cells: list[tuple[str, str, Callable[[str], object], object]] = [
            ("product_code", "product_code", self._product_code, ""),
            ("product_name", "product_name", self._product_name, ""),
            ("sector", "sector", self._sector, 0),
            ("product_set", "product_set", self._product_set, None),
            ("producer_name", "producer_name", self._producer_name, ""),
            ("producer_type", "producer_type", self._producer_type, ""),
            ("producer_tax_code", "producer_tax_code", self._producer_tax_code, ""),
            ("stars", "stars", self._stars, 0),
            ("potential_5_star", "potential_five_star", self._potential, False),
            ("score", "score", self._score, None),
            ("decision_no", "decision_no", self._decision_no, ""),
            ("decision_date", "decision_date", self._required_date, datetime.date.min),
            ("valid_until", "valid_until", self._optional_date, None),
            ("revoked_on", "revoked_on", self._optional_date, None),
            ("gtin", "gtin", self._gtin, ""),
            ("producer_certifications", "producer_certifications", self._certifications, None),
        ]

    def parse(self, line: int, values: dict[str, str]) -> RecognitionRow | None:
        errors_before = self.errors.total
        self.line = line
        fields: dict[str, object] = {}
        for column, attribute, parse_text, default in self._cells:
            try:
                fields[attribute] = parse_text(values[column])
            except CellError as error:
                self.errors.add(line, column, str(error))
                fields[attribute] = default
        located = self._locate(line, values)
        if self.errors.total > errors_before or located is None:
            return None
        unit, coordinates = located
        row = RecognitionRow(line=line, unit=unit, coordinates=coordinates, **fields)  # type: ignore[arg-type]
        self._check_row(row)
        if self.errors.total > errors_before:
            return None
        return row

    def _check_row(self, row: RecognitionRow) -> None:
        """What one cell cannot say alone: the set's sector, potential only on 4★, dates in order."""
        line, product_set, decision_date = row.line, row.product_set, row.decision_date
        if product_set is not None and product_set.sector != row.sector:
            self.errors.add(
                line,
                "product_set",
                f"bộ sản phẩm {product_set.code} thuộc ngành {product_set.sector}, không phải ngành "
                f"{row.sector} (product set {product_set.code} belongs to sector {product_set.sector}, "
                f"not {row.sector})",
            )
        if row.potential_five_star and row.stars != 4:
            self.errors.add(
                line,
                "potential_5_star",
                "chỉ sản phẩm 4 sao mới có thể là tiềm năng 5 sao (only a 4★ product can be potential "
                f"5★), this row has {row.stars}★",
            )
        if row.valid_until is not None and row.valid_until < decision_date:
            self.errors.add(
                line,
                "valid_until",
                f"ngày hết hiệu lực {row.valid_until:%d/%m/%Y} trước ngày quyết định "
                f"{decision_date:%d/%m/%Y} (valid_until is before decision_date)",
            )
        if row.revoked_on is not None and row.revoked_on < decision_date:
            self.errors.add(
                line,
                "revoked_on",
                f"ngày thu hồi {row.revoked_on:%d/%m/%Y} trước ngày quyết định {decision_date:%d/%m/%Y} "
                "(a revocation before the decision)",
            )

    # --- One parser per column: the cell's text in, its value out, or CellError with the message.

    def _text(self, text: str, column: str, *, required: bool) -> str:
        return read_text(text, limit=MAX_LENGTHS[column], required=required)

    def _product_code(self, text: str) -> str:
        return self._text(text, "product_code", required=False)

    def _product_name(self, text: str) -> str:
        return self._text(text, "product_name", required=True)

    def _producer_name(self, text: str) -> str:
        return self._text(text, "producer_name", required=True)

    def _producer_tax_code(self, text: str) -> str:
        return self._text(text.replace(" ", ""), "producer_tax_code", required=False)

    def _decision_no(self, text: str) -> str:
        return self._text(text, "decision_no", required=True)

    def _sector(self, text: str) -> int:
        if text not in {"1", "2", "3", "4", "5", "6"}:
            raise CellError("ngành phải là số từ 1 đến 6 (sector must be 1–6)" + got(text))
        return int(text)

    def _product_set(self, text: str) -> ProductSet | None:
        if not text:
            return None
        code = normalise_product_set_code(text)
        product_set = self.product_sets.get(code) if code else None
        if product_set is None:
            raise CellError(
                "không có bộ sản phẩm này trong Phụ lục I Quyết định 148/QĐ-TTg, ví dụ I.3.c hoặc 1.3.c "
                "(not a product set of Decision 148 Appendix I, such as I.3.c or 1.3.c)" + got(text)
            )
        if text != product_set.code:
            self.normalised.add("product_set", f"{text} → {product_set.code}", self.line)
        return product_set

    def _producer_type(self, text: str) -> str:
        producer_type = PRODUCER_TYPES.get(text) or PRODUCER_TYPES.get(fold(text))
        if producer_type is None:
            raise CellError(
                "loại hình chủ thể không hợp lệ: dùng doanh_nghiep, hop_tac_xa, to_hop_tac, ho_kinh_doanh "
                "hoặc Doanh nghiệp, Công ty, Hợp tác xã, HTX, Tổ hợp tác, THT, Hộ kinh doanh, Hộ sản xuất, "
                "Cơ sở sản xuất (unknown producer type)" + got(text)
            )
        if text != producer_type:
            label = self.producer_type_labels[producer_type]
            self.normalised.add("producer_type", f"{text} → {producer_type} ({label})", self.line)
        return str(producer_type)

    def _stars(self, text: str) -> int:
        if text not in {"3", "4", "5"}:
            raise CellError("hạng sao phải là 3, 4 hoặc 5 (stars must be 3, 4 or 5)" + got(text))
        return int(text)

    def _potential(self, text: str) -> bool:
        word = text if text in TRUE_WORDS or text in FALSE_WORDS else fold(text)
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
        raise CellError(
            "tiềm năng 5 sao phải là 1/0, true/false, có/không, x hoặc để trống "
            "(potential_5_star must be 1/0, true/false, có/không, x or empty)" + got(text)
        )

    def _score(self, text: str) -> Decimal | None:
        if not text:
            return None
        try:
            score = Decimal(text.replace(",", "."))
        except InvalidOperation:
            score = None
        if score is None or not score.is_finite() or not 0 <= score <= 100:
            raise CellError("điểm phải là số từ 0 đến 100 (score must be a number from 0 to 100)" + got(text))
        if score != score.quantize(_HUNDREDTHS):
            raise CellError("điểm có tối đa 2 chữ số thập phân (score has at most 2 decimals)" + got(text))
        return score

    def _gtin(self, text: str) -> str:
        if not text:
            return ""
        try:
            gtin = gtin_normalise(text)
        except GtinError as error:
            with translation.override("vi"):
                vietnamese = str(error)
            raise CellError(f"{vietnamese} ({error.english})" + got(text)) from None
        if gtin != text:
            self.normalised.add("gtin", f"GTIN-{len(text)} → GTIN-14", self.line, f"{text} → {gtin}")
        return gtin

    def _certifications(self, text: str) -> list[str] | None:
        """The cell's certifications in the order of ``ManagementCertification``, so that the same ones
        written in another order or case are the same list and a re-import changes nothing."""
        if not text:
            return None
        chosen = set()
        for item in (part.strip() for part in text.split(CERTIFICATION_SEPARATOR)):
            if not item:  # "vietgap;" or "vietgap; ; haccp": a stray separator says nothing
                continue
            certification = CERTIFICATIONS.get(item) or CERTIFICATIONS.get(fold(item))
            if certification is None:
                raise CellError(
                    "chứng nhận không có trong định dạng: dùng vietgap, globalgap, organic (hữu cơ), haccp, "
                    "iso_22000, iso_9001, gmp, fssc_22000, cách nhau bằng dấu chấm phẩy (unknown "
                    "certification; use these, separated by ';')" + got(item)
                )
            if item != certification:
                self.normalised.add("producer_certifications", f"{item} → {certification.value}", self.line)
            chosen.add(certification.value)
        if not chosen:  # only separators: no list to replace the producer's with
            return None
        return certifications_in_order(chosen)

    def _required_date(self, text: str) -> datetime.date:
        if not text:
            raise CellError(REQUIRED)
        return self._date(text)

    def _optional_date(self, text: str) -> datetime.date | None:
        return self._date(text) if text else None

    def _date(self, text: str) -> datetime.date:
        day = read_date(text)
        if not _ISO_DATE.match(text):
            # Grouped by how the day and month are written: 19/05/2022 and 3/2/2021 are two forms.
            day_part, month_part, _ = text.split("/")
            form = f"{'DD' if len(day_part) == 2 else 'D'}/{'MM' if len(month_part) == 2 else 'M'}/YYYY"
            self.normalised.add("date", f"{form} → YYYY-MM-DD", self.line, f"{text} → {day.isoformat()}")
        return day

    # --- Where the row lies: unit_scheme, ward_code and district_code together.

    def _locate(self, line: int, values: dict[str, str]) -> tuple[AdministrativeUnit, Coordinates] | None:
        scheme_text = values.get("unit_scheme", "")
        scheme = SCHEMES.get(scheme_text.lower())
        if scheme is None:
            self.errors.add(
                line,
                "unit_scheme",
                "hệ đơn vị phải là 2025 (đơn vị từ 1/7/2025) hoặc legacy (đơn vị trước đó) "
                "(unit_scheme must be 2025 or legacy)" + got(scheme_text),
            )
            return None
        ward_text, district_text = values.get("ward_code", ""), values.get("district_code", "")
        scheme_name = "2025" if scheme == Scheme.CURRENT else "legacy"
        if district_text and scheme == Scheme.CURRENT:
            self.errors.add(
                line,
                "district_code",
                "mã quận/huyện chỉ dùng với hệ đơn vị legacy: từ 1/7/2025 không còn cấp huyện "
                "(district_code is for legacy units only)",
            )
            return None
        column = "ward_code"
        try:
            if ward_text:
                unit = self._unit(scheme, Level.COMMUNE, ward_text, scheme_name)
                if district_text:
                    column = "district_code"
                    self._check_ward_in_district(unit, district_text)
            elif district_text:
                column = "district_code"
                unit = self._unit(scheme, Level.DISTRICT, district_text, scheme_name)
                if unit.code not in self.units.communeless_districts:
                    column = "ward_code"
                    raise CellError(
                        f"cần mã xã/phường: {unit.name} ({unit.code}) có xã, mã quận/huyện chỉ dùng cho "
                        "huyện không có xã như Lý Sơn, Côn Đảo (ward_code is required: district "
                        f"{unit.code} has communes)"
                    )
            else:
                raise CellError(
                    "cần mã xã/phường (ward_code is required; district_code only for a legacy district "
                    "without communes)"
                )
            coordinates = self.units.coordinates(unit)
        except CellError as error:
            self.errors.add(line, column, str(error))
            return None
        except ValueError as error:  # a unit the mapping cannot place; never for a loaded commune
            self.errors.add(
                line, column, f"không xác định được đơn vị hiện hành (cannot map the unit): {error}"
            )
            return None
        if self.in_scope is not None and not self.in_scope(coordinates.province_code):
            self.errors.add(
                line,
                column,
                "đơn vị này nằm ngoài tỉnh bạn phụ trách (this unit lies outside your province)"
                + got(ward_text or district_text),
            )
            return None
        if scheme == Scheme.LEGACY:
            self._note_legacy(coordinates)
        return unit, coordinates

    def _note_legacy(self, coordinates: Coordinates) -> None:
        """Which current province a legacy unit's row goes to, by province pair."""
        legacy_code, current_code = coordinates.legacy_province_code, coordinates.province_code
        legacy = self.units.get(Scheme.LEGACY, Level.PROVINCE, legacy_code) if legacy_code else None
        current = self.units.get(Scheme.CURRENT, Level.PROVINCE, current_code)
        legacy_name = f"{legacy.name} ({legacy.code})" if legacy else "—"
        current_name = f"{current.name} ({current.code})" if current else str(current_code)
        self.normalised.add("legacy_unit", f"{legacy_name} → {current_name}", self.line)

    def _unit(self, scheme: str, level: str, text: str, scheme_name: str) -> AdministrativeUnit:
        if not text.isdigit():
            raise CellError("mã đơn vị phải là số (the unit code must be a number)" + got(text))
        unit = self.units.get(scheme, level, int(text))
        if unit is None:
            kind = "xã/phường" if level == Level.COMMUNE else "quận/huyện"
            raise CellError(
                f"không có {kind} mã {int(text)} trong hệ đơn vị {scheme_name} "
                f"(no {level} {int(text)} in the {scheme_name} units)"
            )
        return unit

    def _check_ward_in_district(self, ward: AdministrativeUnit, district_text: str) -> None:
        """A legacy district beside the ward is redundant; tolerated when it is the ward's own district."""
        parent = self.units.parent(ward)
        if not district_text.isdigit() or parent is None or parent.code != int(district_text):
            raise CellError(
                f"xã {ward.code} không thuộc quận/huyện này; để trống district_code khi đã có ward_code "
                f"(commune {ward.code} is not in this district; leave district_code empty)"
                + got(district_text)
            )


def _check_across_rows(
    rows: list[RecognitionRow], errors: ErrorList, warnings: list[str]
) -> list[RecognitionRow]:
    """One product code, one product; one decision per product, once; one producer, one description.

    A producer's certifications are the exception to "the first row describes the producer": the contract
    says a non-empty cell replaces the producer's list, so rows are applied in the file's order and the last
    non-empty cell is the list kept (``applying``); rows that disagree are named in a warning, not refused.
    """
    first_of_product: dict[ProductKey, RecognitionRow] = {}
    first_of_certificate: dict[CertificateKey, RecognitionRow] = {}
    first_of_producer: dict[ProducerKey, RecognitionRow] = {}
    certified_by: dict[ProducerKey, RecognitionRow] = {}  # the last row listing the producer's certifications
    kept = []
    for row in rows:
        first = first_of_product.setdefault(row.product_key, row)
        if first is not row and first.product_search_name != row.product_search_name:
            errors.add(
                row.line,
                "product_name",
                f"mã sản phẩm {row.product_code} có tên khác ở dòng {first.line}: '{first.product_name}' "
                f"(the same product_code has another product_name on line {first.line})",
            )
            continue
        if first is not row and first.producer_key != row.producer_key:
            column = (
                "producer_tax_code" if first.producer_tax_code or row.producer_tax_code else "producer_name"
            )
            errors.add(
                row.line,
                column,
                f"mã sản phẩm {row.product_code} thuộc chủ thể khác ở dòng {first.line}: "
                f"'{first.producer_name}' (the same product_code has another producer on line {first.line})",
            )
            continue
        earlier = first_of_certificate.setdefault(row.certificate_key, row)
        if earlier is not row:
            if _certificate_values(earlier) != _certificate_values(row):
                errors.add(
                    row.line,
                    "decision_no",
                    f"quyết định {row.decision_no} ngày {row.decision_date:%d/%m/%Y} cho sản phẩm này đã "
                    f"có ở dòng {earlier.line} với nội dung khác (the same decision for this product is on "
                    f"line {earlier.line} with different values)",
                )
            else:
                warnings.append(
                    f"Dòng {row.line} lặp lại dòng {earlier.line}, chỉ nhập một lần "
                    f"(line {row.line} repeats line {earlier.line} and is imported once)."
                )
            continue
        producer = first_of_producer.setdefault(row.producer_key, row)
        if producer is not row and (
            producer.producer_name != row.producer_name
            or producer.producer_type != row.producer_type
            or producer.unit.pk != row.unit.pk
        ):
            warnings.append(
                f"Dòng {row.line}: chủ thể này đã có ở dòng {producer.line} với tên, loại hình hoặc đơn "
                f"vị khác; dùng thông tin ở dòng {producer.line} (line {row.line}: the producer differs "
                f"from line {producer.line}, whose values are kept)."
            )
        if row.producer_certifications is not None:
            certified = certified_by.get(row.producer_key)
            if certified is not None and certified.producer_certifications != row.producer_certifications:
                warnings.append(
                    f"Dòng {row.line}: chứng nhận của chủ thể này khác dòng {certified.line}; dùng danh sách "
                    f"của dòng sau cùng (line {row.line}: the producer's certifications differ from line "
                    f"{certified.line}; the last line's list is kept)."
                )
            certified_by[row.producer_key] = row
        kept.append(row)
    return kept


def _certificate_values(row: RecognitionRow) -> tuple[object, ...]:
    return (row.stars, row.potential_five_star, row.score, row.valid_until, row.revoked_on)
