"""Reading and checking the rubric files the platform ships in ``data/rubrics`` (or any given folder).

Each ``*.json`` but ``star-bands.json`` holds scoring sheets under ``product_sets``, in the shape of
``../shared/data/rubrics/README.md``; ``star-bands.json`` gives each decision's star bands. A file is
refused as a whole, with every problem named by file, sheet and criterion: nothing of it is loaded.
"""

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ocop.evaluation.models import STAR_RANKS_WITH_MINIMUMS

RUBRICS_DIR = Path(__file__).resolve().parent / "data" / "rubrics"
BANDS_FILE = "star-bands.json"


class RubricFileError(ValueError):
    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass
class SheetData:
    """One sheet of a file, checked, with the bands of its decision and a fingerprint of both."""

    file_name: str
    decision: str
    product_set_code: str
    data: dict[str, Any]
    bands: list[dict[str, int]]
    recognised_from_stars: int
    fingerprint: str = field(default="")


def read_rubric_files(folder: Path = RUBRICS_DIR) -> list[SheetData]:
    """Every sheet of every rubric file in ``folder``; ``RubricFileError`` names every problem found."""
    problems: list[str] = []
    bands_by_decision = _read_bands(folder / BANDS_FILE, problems)
    sheets: list[SheetData] = []
    for path in sorted(folder.glob("*.json")):
        if path.name == BANDS_FILE:
            continue
        try:
            content = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
            problems.append(f"{path.name}: không đọc được JSON (unreadable JSON): {error}")
            continue
        product_sets = content.get("product_sets") if isinstance(content, dict) else None
        if not isinstance(product_sets, list) or not product_sets:
            problems.append(f"{path.name}: thiếu danh sách product_sets (no product_sets list)")
            continue
        for number, sheet in enumerate(product_sets, start=1):
            sheets.extend(_checked_sheet(path.name, number, sheet, bands_by_decision, problems))
    seen: set[tuple[str, str]] = set()
    for sheet in sheets:
        key = (sheet.decision, sheet.product_set_code)
        if key in seen:
            problems.append(
                f"{sheet.file_name}, bộ {sheet.product_set_code}: có hai phiếu cho cùng quyết định và bộ sản "
                f"phẩm (two sheets for {sheet.decision}, {sheet.product_set_code})"
            )
        seen.add(key)
    if problems:
        raise RubricFileError(problems)
    return sheets


def _read_bands(path: Path, problems: list[str]) -> dict[str, dict[str, Any]]:
    try:
        decisions = json.loads(path.read_text(encoding="utf-8"))["decisions"]
    except (OSError, KeyError, TypeError, json.JSONDecodeError) as error:
        problems.append(f"{path.name}: không đọc được hạng sao theo quyết định (unreadable bands): {error}")
        return {}
    for decision, entry in decisions.items():
        bands = entry.get("bands", [])
        stars = sorted(band.get("stars") for band in bands)
        if stars != list(range(1, len(bands) + 1)) or not any(band.get("min_points") == 0 for band in bands):
            problems.append(
                f"{path.name}, {decision}: hạng sao phải là 1…n và hạng thấp nhất từ 0 điểm "
                "(bands must be ranks 1…n, the lowest from 0 points)"
            )
    return dict(decisions)


def _checked_sheet(
    file_name: str,
    number: int,
    sheet: Any,
    bands_by_decision: dict[str, dict[str, Any]],
    problems: list[str],
) -> list[SheetData]:
    where = f"{file_name}, phiếu số {number}"
    try:
        decision = sheet["decision"]["number"]
        code = sheet["product_set"]["annex_I_code"]
        parts = sheet["parts"]
        total = sheet["total_max_points"]
        sheet["decision"]["effective"]
    except (KeyError, TypeError) as error:
        problems.append(f"{where}: thiếu trường {error} (missing field)")
        return []
    where = f"{file_name}, bộ {code}"
    found = len(problems)
    if decision not in bands_by_decision:
        problems.append(f"{where}: quyết định {decision} không có trong {BANDS_FILE} (no star bands)")
    part_sum = 0
    codes: set[str] = set()
    for part in parts:
        part_sum += _int(part, "max_points", f"{where}, phần {part.get('code')}", problems)
        group_sum = 0
        for group in part.get("groups", []):
            group_where = f"{where}, nhóm {group.get('code')}"
            group_sum += _int(group, "max_points", group_where, problems)
            criteria_sum = 0
            for criterion in group.get("criteria", []):
                criteria_sum += _check_criterion(criterion, where, codes, problems)
            if criteria_sum != group.get("max_points"):
                problems.append(
                    f"{group_where}: tổng điểm các tiêu chí {criteria_sum} khác điểm tối đa của nhóm "
                    f"{group.get('max_points')} (criteria total differs from the group's maximum)"
                )
        if group_sum != part.get("max_points"):
            problems.append(
                f"{where}, phần {part.get('code')}: tổng điểm các nhóm {group_sum} khác điểm tối đa "
                f"{part.get('max_points')} (groups total differs from the part's maximum)"
            )
    if part_sum != total:
        problems.append(
            f"{where}: tổng điểm các phần {part_sum} khác tổng điểm tối đa {total} "
            "(parts total differs from total_max_points)"
        )
    if len(problems) > found:
        return []
    bands = bands_by_decision[decision]
    fingerprint = hashlib.sha256(
        json.dumps([sheet, bands], sort_keys=True, ensure_ascii=False).encode("utf-8")
    ).hexdigest()
    return [
        SheetData(
            file_name=file_name,
            decision=decision,
            product_set_code=code,
            data=sheet,
            bands=bands["bands"],
            recognised_from_stars=bands["recognised_from_stars"],
            fingerprint=fingerprint,
        )
    ]


def _check_criterion(criterion: Any, sheet_where: str, codes: set[str], problems: list[str]) -> int:
    """Checks one criterion and answers its maximum (0 when it has none)."""
    code = criterion.get("code") if isinstance(criterion, dict) else None
    where = f"{sheet_where}, tiêu chí {code}"
    if not code or not criterion.get("text"):
        problems.append(f"{where}: thiếu mã hoặc nội dung (missing code or text)")
        return 0
    if code in codes:
        problems.append(f"{where}: mã tiêu chí bị trùng (duplicate criterion code)")
    codes.add(code)
    maximum = _int(criterion, "max_points", where, problems)
    options = criterion.get("options") or []
    if not options:
        problems.append(f"{where}: không có phương án nào (no options)")
        return maximum
    points = [
        _int(option, "points", f"{where}, phương án {option.get('text')!r}", problems) for option in options
    ]
    if max(points) != maximum:
        problems.append(
            f"{where}: điểm cao nhất của các phương án {max(points)} khác điểm tối đa {maximum} "
            "(highest option differs from max_points)"
        )
    minimums = criterion.get("mandatory_for_stars") or {}
    for stars, least in minimums.items():
        if not stars.isdigit() or int(stars) not in STAR_RANKS_WITH_MINIMUMS:
            problems.append(f"{where}: hạng sao {stars!r} không có điểm tối thiểu (no minimum for that rank)")
        elif least not in points:
            problems.append(
                f"{where}: điểm tối thiểu {least} cho {stars} sao không phải điểm của phương án nào "
                "(minimum is no option's points)"
            )
    for option, option_points in zip(options, points, strict=True):
        starred = option.get("min_for_stars")
        if starred is not None and minimums.get(str(starred)) != option_points:
            problems.append(
                f"{where}: phương án {option.get('text')!r} đánh dấu {starred} sao nhưng mandatory_for_stars "
                f"khác (starred option disagrees with mandatory_for_stars)"
            )
    cases = criterion.get("cases") or []
    for option in options:
        case = option.get("case")
        if (case is None and cases) or (case is not None and case not in cases):
            problems.append(
                f"{where}: phương án {option.get('text')!r} có trường hợp {case!r} không thuộc {cases} "
                "(option's case is not one of the criterion's cases)"
            )
    return maximum


def _int(item: Any, key: str, where: str, problems: list[str]) -> int:
    value = item.get(key) if isinstance(item, dict) else None
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        problems.append(
            f"{where}: {key} phải là số nguyên không âm, không phải {value!r} (not a whole number)"
        )
        return 0
    return value
