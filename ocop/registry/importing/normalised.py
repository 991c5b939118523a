"""What the import read differently from how the file wrote it, grouped and counted for the preview.

A file may write dates day first, product sets with an Arabic sector number, producer types and
certifications in words or another case, GTINs shorter than 14 digits and units in the legacy scheme; the
import reads them all (contracts/recognitions.md §1) and the officer should see how before confirming. Each
kind of rewriting is one group; within it each distinct rewriting (``1.5.a → I.5.a``) is counted with the
first lines it was seen on, so a 20,000-row file gives a few lines of preview, not one per row. Texts carry
Vietnamese and English inline, like the import's other messages.
"""

from dataclasses import dataclass, field
from typing import Any

MAPPINGS_SHOWN = 5
LINES_SHOWN = 3

GROUPS = {
    "date": "Ngày viết dạng ngày/tháng/năm, đọc thành năm-tháng-ngày "
    "(dates written day/month/year, read as year-month-day)",
    "product_set": "Mã bộ sản phẩm viết lại như Phụ lục I Quyết định 148/QĐ-TTg "
    "(product set codes rewritten as in Decision 148 Appendix I)",
    "producer_type": "Loại hình chủ thể viết bằng chữ, hiểu thành (producer types in words, read as)",
    "gtin": "Mã GTIN 8, 12 hoặc 13 chữ số, thêm số 0 phía trước thành 14 chữ số "
    "(GTINs of 8, 12 or 13 digits, left-padded with zeros to 14)",
    "producer_certifications": "Chứng nhận của chủ thể viết khác mã của định dạng, hiểu thành "
    "(producer certifications written otherwise, read as)",
    "legacy_unit": "Đơn vị hành chính trước 1/7/2025, chuyển sang tỉnh hiện hành "
    "(legacy units, mapped to their current province)",
}


@dataclass
class _Mapping:
    count: int = 0
    lines: list[int] = field(default_factory=list)
    example: str = ""  # the first value rewritten, when the mapping names a form rather than a value


@dataclass
class Normalisations:
    """Rewritings seen while reading, by group (a key of ``GROUPS``) and by their text."""

    groups: dict[str, dict[str, _Mapping]] = field(default_factory=dict)

    def add(self, group: str, mapping: str, line: int, example: str = "") -> None:
        seen = self.groups.setdefault(group, {}).setdefault(mapping, _Mapping(example=example))
        seen.count += 1
        if len(seen.lines) < LINES_SHOWN:
            seen.lines.append(line)

    def as_json(self) -> list[dict[str, Any]]:
        """For the batch's summary and the preview: groups in ``GROUPS`` order, most frequent first."""
        shown = []
        for group, label in GROUPS.items():
            mappings = self.groups.get(group)
            if not mappings:
                continue
            ranked = sorted(mappings.items(), key=lambda item: (-item[1].count, item[1].lines[0]))
            texts = [_mapping_text(text, mapping) for text, mapping in ranked[:MAPPINGS_SHOWN]]
            if (more := len(ranked) - MAPPINGS_SHOWN) > 0:
                texts.append(f"… và {more} cách viết khác (and {more} more)")
            count = sum(mapping.count for mapping in mappings.values())
            shown.append({"label": label, "count": count, "mappings": texts})
        return shown


def _mapping_text(text: str, mapping: _Mapping) -> str:
    lines = ", ".join(map(str, mapping.lines)) + (", …" if mapping.count > len(mapping.lines) else "")
    example = f", ví dụ (e.g.) {mapping.example}" if mapping.example else ""
    return f"{text}{example}: {mapping.count} lần (times), dòng (lines) {lines}"
