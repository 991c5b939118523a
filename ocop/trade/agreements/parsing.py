"""Checking the rows of an agreements file against the published format (contracts/trade.md §2).

The file is read by the recognitions import's reading layer (``ocop.registry.importing.reading``: size,
zip-bomb and encoding checks, line numbers); this module checks every cell and keeps every problem, by
line and column, in Vietnamese and English, with the recognitions import's ``ErrorList``, header, text
and date readers (``ocop.registry.importing.validation``).
"""

import datetime
import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from ocop.core.text import fold
from ocop.registry.importing.reading import Table
from ocop.registry.importing.validation import (
    REQUIRED,
    CellError,
    ErrorList,
    got,
    read_date,
    read_header,
    read_required_date,
    read_text,
    row_texts,
)
from ocop.trade.models import AgreementKind, AgreementStatus, BuyerType

COLUMNS = (
    "event_name",
    "event_date",
    "kind",
    "document_no",
    "signed_on",
    "buyer_name",
    "buyer_type",
    "producer_name",
    "producer_tax_code",
    "province",
    "product_codes",
    "value_vnd",
    "status",
    "delivered_vnd",
)
REQUIRED_COLUMNS = ("kind", "signed_on", "buyer_name", "buyer_type", "producer_name", "province")
MAX_LENGTHS = {
    "event_name": 255,
    "document_no": 100,
    "buyer_name": 255,
    "producer_name": 255,
    "producer_tax_code": 20,
    "product_codes": 1000,
}
# A value beyond this is a typing error, not a contract: 10^16 đồng is a thousand times Việt Nam's GDP.
MAX_VALUE_VND = 10**16

# Codes and Vietnamese names, folded (lower case, no diacritics).
KINDS = {
    "mou": AgreementKind.MEMORANDUM,
    "bien ban ghi nho": AgreementKind.MEMORANDUM,
    "contract": AgreementKind.CONTRACT,
    "hop dong": AgreementKind.CONTRACT,
    "hop dong tieu thu": AgreementKind.CONTRACT,
}
BUYER_TYPES = {
    **{buyer_type.value: buyer_type for buyer_type in BuyerType},
    "sieu thi": BuyerType.SUPERMARKET,
    "nha phan phoi": BuyerType.DISTRIBUTOR,
    "doanh nghiep xuat khau": BuyerType.EXPORTER,
    "san thuong mai dien tu": BuyerType.ECOMMERCE,
    "nha hang/khach san": BuyerType.HORECA,
    "nha hang, khach san": BuyerType.HORECA,
    "nha hang": BuyerType.HORECA,
    "khach san": BuyerType.HORECA,
    "khac": BuyerType.OTHER,
}
# The codes, and their Vietnamese names folded (the screens' words), any case.
STATUSES = {
    **{status.value: status for status in AgreementStatus},
    "da ky": AgreementStatus.SIGNED,
    "dang thuc hien": AgreementStatus.IN_PROGRESS,
    "da hoan thanh": AgreementStatus.FULFILLED,
    "da huy": AgreementStatus.CANCELLED,
}
# Whole đồng: digits, or digits grouped by threes with dots, commas or spaces (4.200.000.000), one mark
# throughout: 4.200,000 is refused, not guessed.
_WHOLE_DONG = re.compile(r"^\d+$|^\d{1,3}(?P<sep>[., ])\d{3}(?:(?P=sep)\d{3})*$")


@dataclass(frozen=True)
class AgreementRow:
    line: int
    event_name: str
    event_date: datetime.date | None
    kind: str
    document_no: str
    signed_on: datetime.date
    buyer_name: str
    buyer_type: str
    producer_name: str
    producer_tax_code: str
    province_code: int
    product_codes: tuple[str, ...]
    value_vnd: int | None
    status: str
    delivered_vnd: int | None

    @property
    def event_key(self) -> tuple[str, datetime.date | None] | None:
        return (fold(self.event_name), self.event_date) if self.event_name else None

    @property
    def identity(self) -> str:
        """§2: kind, document number and signing day; without a number, every cell of the row."""
        if self.document_no:
            return document_identity(self.kind, self.document_no, self.signed_on)
        return hashlib.sha256(repr(("row", *self.cells())).encode()).hexdigest()

    def cells(self) -> tuple[object, ...]:
        return (
            fold(self.event_name),
            self.event_date.isoformat() if self.event_date else "",
            self.kind,
            self.signed_on.isoformat(),
            self.buyer_name,
            self.buyer_type,
            self.producer_name,
            self.producer_tax_code,
            self.province_code,
            ";".join(self.product_codes),
            self.value_vnd,
            self.status,
            self.delivered_vnd,
        )


def document_identity(kind: str, document_no: str, signed_on: datetime.date) -> str:
    """The key of a numbered document, whether typed on screen or read from a file."""
    key = ("doc", kind, document_no.strip().casefold(), signed_on.isoformat())
    return hashlib.sha256(repr(key).encode()).hexdigest()


@dataclass
class ParsedAgreements:
    rows: list[AgreementRow]
    errors: ErrorList
    warnings: list[str] = field(default_factory=list)


def parse_agreements(
    table: Table, *, provinces: frozenset[int], in_scope: Callable[[int], bool] | None = None
) -> ParsedAgreements:
    """Check every row of ``table``; ``provinces`` are the current codes, ``in_scope`` the actor's."""
    positions, errors, warnings = read_header(table, columns=COLUMNS, required=REQUIRED_COLUMNS)
    if errors:
        return ParsedAgreements([], errors, warnings)
    rows: list[AgreementRow] = []
    for line, values in row_texts(table, positions, COLUMNS):
        row = _parse_row(line, values, errors, provinces, in_scope)
        if row is not None:
            rows.append(row)
    return ParsedAgreements(_check_across_rows(rows, errors), errors, warnings)


def _parse_row(
    line: int,
    values: dict[str, str],
    errors: ErrorList,
    provinces: frozenset[int],
    in_scope: Callable[[int], bool] | None,
) -> AgreementRow | None:
    errors_before = errors.total
    parsed: dict[str, object] = {}

    def cell(column: str, parse: Callable[[str], object], default: object = None) -> object:
        try:
            parsed[column] = parse(values[column])
        except CellError as error:
            errors.add(line, column, str(error))
            parsed[column] = default
        return parsed[column]

    cell("event_name", lambda text: _text(text, "event_name", required=False), "")
    cell("event_date", lambda text: read_date(text) if text else None)
    kind = cell("kind", _kind, "")
    cell("document_no", lambda text: _text(text, "document_no", required=False), "")
    cell("signed_on", read_required_date)
    cell("buyer_name", lambda text: _text(text, "buyer_name", required=True), "")
    cell("buyer_type", _buyer_type, "")
    cell("producer_name", lambda text: _text(text, "producer_name", required=True), "")
    cell(
        "producer_tax_code",
        lambda text: _text(text.replace(" ", ""), "producer_tax_code", required=False),
        "",
    )
    province = cell("province", lambda text: _province(text, provinces))
    cell("product_codes", _product_codes, ())
    value = cell("value_vnd", lambda text: _whole_dong(text, required=kind == AgreementKind.CONTRACT))
    cell("status", _status, "")
    delivered = cell("delivered_vnd", lambda text: _whole_dong(text, required=False))
    if parsed["event_date"] is not None and not parsed["event_name"]:
        errors.add(line, "event_name", "có ngày hội nghị nhưng thiếu tên (event_date without event_name)")
    if isinstance(province, int) and in_scope is not None and not in_scope(province):
        errors.add(
            line,
            "province",
            f"tỉnh {province} nằm ngoài phạm vi bạn phụ trách (province {province} is out of your scope)",
        )
    if isinstance(delivered, int) and delivered > 0:
        if not isinstance(value, int) and errors.total == errors_before:
            errors.add(
                line,
                "delivered_vnd",
                "có giá trị đã giao nhưng không có giá trị văn bản (delivered_vnd without value_vnd)",
            )
        elif isinstance(value, int) and delivered > value:
            errors.add(
                line,
                "delivered_vnd",
                f"giá trị đã giao {delivered} lớn hơn giá trị văn bản {value} "
                f"(delivered_vnd {delivered} exceeds value_vnd {value})",
            )
    if errors.total > errors_before:
        return None
    return AgreementRow(
        line=line,
        event_name=str(parsed["event_name"]),
        event_date=parsed["event_date"],  # type: ignore[arg-type]
        kind=str(parsed["kind"]),
        document_no=str(parsed["document_no"]),
        signed_on=parsed["signed_on"],  # type: ignore[arg-type]
        buyer_name=str(parsed["buyer_name"]),
        buyer_type=str(parsed["buyer_type"]),
        producer_name=str(parsed["producer_name"]),
        producer_tax_code=str(parsed["producer_tax_code"]),
        province_code=int(province),  # type: ignore[call-overload]
        product_codes=parsed["product_codes"],  # type: ignore[arg-type]
        value_vnd=value,  # type: ignore[arg-type]
        status=str(parsed["status"]),
        delivered_vnd=delivered,  # type: ignore[arg-type]
    )


def _text(text: str, column: str, *, required: bool) -> str:
    return read_text(text, limit=MAX_LENGTHS[column], required=required)


def _kind(text: str) -> str:
    kind = KINDS.get(fold(text))
    if kind is None:
        raise CellError(
            "loại văn bản phải là mou hoặc contract (biên bản ghi nhớ, hợp đồng) "
            "(kind must be mou or contract)" + got(text)
        )
    return str(kind)


def _buyer_type(text: str) -> str:
    buyer_type = BUYER_TYPES.get(re.sub(r"\s*/\s*", "/", fold(text)))
    if buyer_type is None:
        raise CellError(
            "loại hình bên mua không hợp lệ: dùng supermarket, distributor, exporter, ecommerce, "
            "horeca, other hoặc siêu thị, nhà phân phối, doanh nghiệp xuất khẩu, sàn thương mại điện tử, "
            "nhà hàng/khách sạn, khác (unknown buyer_type)" + got(text)
        )
    return str(buyer_type)


def _status(text: str) -> str:
    if not text:
        return str(AgreementStatus.SIGNED)
    status = STATUSES.get(fold(text))
    if status is None:
        raise CellError(
            "trạng thái phải là signed, in_progress, fulfilled hoặc cancelled "
            "(status must be signed, in_progress, fulfilled or cancelled)" + got(text)
        )
    return str(status)


def _province(text: str, provinces: frozenset[int]) -> int:
    if not text:
        raise CellError(REQUIRED)
    if not text.isdigit() or int(text) not in provinces:
        raise CellError(
            "không có tỉnh, thành phố hiện hành mang mã này (no current province with this code)" + got(text)
        )
    return int(text)


def _product_codes(text: str) -> tuple[str, ...]:
    codes = tuple(dict.fromkeys(code.strip() for code in text.split(";") if code.strip()))
    if len(text) > MAX_LENGTHS["product_codes"]:
        raise CellError(f"dài quá {MAX_LENGTHS['product_codes']} ký tự (longer than 1000 characters)")
    if any(len(code) > 40 for code in codes):
        raise CellError("mỗi mã sản phẩm dài tối đa 40 ký tự (each product code is 40 characters at most)")
    return codes


def _whole_dong(text: str, *, required: bool) -> int | None:
    if not text:
        if required:
            raise CellError("bắt buộc với hợp đồng (required for a contract)")
        return None
    if not _WHOLE_DONG.match(text):
        raise CellError(
            "giá trị phải là số đồng nguyên, không âm, ví dụ 4200000000 "
            "(a whole, non-negative number of đồng)" + got(text)
        )
    value = int(re.sub(r"[., ]", "", text))
    if value > MAX_VALUE_VND:
        raise CellError(f"giá trị lớn quá {MAX_VALUE_VND} đồng (larger than {MAX_VALUE_VND} đồng)")
    return value


def _check_across_rows(rows: list[AgreementRow], errors: ErrorList) -> list[AgreementRow]:
    """One document per identity: a row repeated whole is read once; a number reused is an error."""
    first: dict[str, AgreementRow] = {}
    kept = []
    for row in rows:
        seen = first.get(row.identity)
        if seen is None:
            first[row.identity] = row
            kept.append(row)
        elif seen.cells() != row.cells():
            errors.add(
                row.line,
                "document_no",
                f"văn bản {row.document_no} ngày {row.signed_on.isoformat()} đã có ở dòng {seen.line} "
                f"với nội dung khác (the same document is on line {seen.line} with different cells)",
            )
    return kept
