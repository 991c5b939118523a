"""What the provincial report (báo cáo sơ kết) says: a title block and numbered tables (biểu), built once and
written by each writer (``xlsx``, ``pdf``) as it is.

Every figure comes from the two single sources of the reports app: ``recognition_statistics`` on the last
day of the period (contract ``recognitions.md`` §2) and ``recognition_flows`` over the period (contract
``targets.md`` §1). Nothing is counted here; the tables only arrange and label.

The report is an official document sent upward: its text is Vietnamese whatever the reader's language, as
the certificate's is. ``Report.tables`` is a plain list so that one more table (the targets, "Biểu 5. Thực
hiện mục tiêu") is one more ``Table``; the writers draw any table.
"""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from django.utils import translation

from ocop.geo.models import Scheme
from ocop.geo.selectors import unit_successors
from ocop.registry.models import ProducerType, Sector
from ocop.registry.rules import CURRENT_CLASSIFICATION
from ocop.registry.status import Rank
from ocop.reports.flows import STEPS, recognition_flows
from ocop.reports.selectors import StatisticsScope, recognition_statistics, today
from ocop.reports.targets.access import targets_of_area
from ocop.reports.targets.progress import with_figures
from ocop.reports.targets.words import target_card

type Cell = str | int | None
# A row's part in its table: a heading of rows (I, II…), an ordinary row, or a total.
type RowKind = Literal["section", "item", "total"]

NATIONAL_AUTHORITY = "Cơ quan OCOP Trung ương"
# The flows, in the order of contract targets.md §1, with the words of an upward report.
FLOW_LABELS = {
    "new": "Sản phẩm được công nhận mới",
    "upgraded": "Sản phẩm được nâng hạng",
    "renewed": "Sản phẩm được công nhận lại cùng hạng",
    "downgraded": "Sản phẩm bị hạ hạng",
    "revoked": "Giấy chứng nhận bị thu hồi",
    "lapsed": "Sản phẩm hết hiệu lực, chưa được công nhận lại",
}


@dataclass(frozen=True)
class Row:
    cells: tuple[Cell, ...]
    kind: RowKind = "item"


@dataclass(frozen=True)
class Table:
    """One numbered table: ``Biểu {number}. {title}``, its column headers, its rows, notes under it.

    ``sheet_name`` names its sheet in the workbook ("Biểu 1"…; at most 31 characters)."""

    number: int
    title: str
    headers: tuple[str, ...]
    rows: tuple[Row, ...]
    notes: tuple[str, ...] = ()

    @property
    def caption(self) -> str:
        return f"Biểu {self.number}. {self.title}"

    @property
    def sheet_name(self) -> str:
        return f"Biểu {self.number}"


@dataclass
class Report:
    scope: StatisticsScope
    date_from: datetime.date
    date_to: datetime.date
    made_on: datetime.date
    authority: str  # "UBND tỉnh Quảng Ngãi": who sends the report
    area: str  # "tỉnh Quảng Ngãi", "tỉnh Trà Vinh (trước 1/7/2025)", "cả nước"
    tables: list[Table] = field(default_factory=list)

    title: str = "BÁO CÁO Kết quả thực hiện Chương trình OCOP"

    @property
    def period(self) -> str:
        return f"từ ngày {_day(self.date_from)} đến ngày {_day(self.date_to)}"

    @property
    def made(self) -> str:
        return f"Lập ngày {_day(self.made_on)}"


def provincial_report(
    *,
    scope: StatisticsScope,
    date_from: datetime.date,
    date_to: datetime.date,
    made_on: datetime.date | None = None,
) -> Report:
    """The report of ``scope`` from ``date_from`` to ``date_to`` (both included), made on ``made_on``
    (default today in Việt Nam). ``StatisticsQueryError`` naming ``to`` for a period that ends before it
    starts (``recognition_flows`` says so)."""
    flows = recognition_flows(date_from=date_from, date_to=date_to, scope=scope)
    statistics = recognition_statistics(as_of=date_to, scope=scope)
    with translation.override("vi"):
        authority, area = _authority_and_area(scope)
        return Report(
            scope=scope,
            date_from=date_from,
            date_to=date_to,
            made_on=made_on or today(),
            authority=authority,
            area=area,
            tables=[
                _recognised_table(statistics),
                _flows_table(flows),
                _units_table(statistics),
                _producers_table(statistics),
                _targets_table(scope, date_from, date_to),
            ],
        )


def _day(day: datetime.date) -> str:
    return day.strftime("%d/%m/%Y")


def _lowered(name: str) -> str:
    """ "Tỉnh Quảng Ngãi" → "tỉnh Quảng Ngãi", as the name is written inside a sentence."""
    return name[:1].lower() + name[1:]


def _authority_and_area(scope: StatisticsScope) -> tuple[str, str]:
    """Who sends the report and of which area. A legacy province no longer has its own people's committee:
    its report is sent by the committee of the current province its area lies in."""
    province = scope.province
    if province is None:
        return NATIONAL_AUTHORITY, "cả nước"
    if scope.scheme == Scheme.CURRENT:
        return f"UBND {_lowered(province.name)}", _lowered(province.name)
    area = f"{_lowered(province.name)} (trước 1/7/2025)"
    successors = [linked.unit for linked in unit_successors(province)]
    if len(successors) == 1:
        return f"UBND {_lowered(successors[0].name)}", area
    return NATIONAL_AUTHORITY, area


def _numbered(rows: Sequence[tuple[Cell, ...]]) -> list[Row]:
    return [Row((index, *cells)) for index, cells in enumerate(rows, start=1)]


def _recognised_table(statistics: dict[str, Any]) -> Table:
    products = statistics["products"]
    ranks = dict(Rank.choices)
    sectors = dict(
        Sector.objects.filter(classification__code=CURRENT_CLASSIFICATION).values_list("number", "name")
    )
    rows = [
        Row(("", "Tổng số sản phẩm", products["recognized"], products["valid"]), "total"),
        Row(("I", "Theo hạng sao", None, None), "section"),
        *_numbered(
            [
                (str(ranks[rank]), count, products["valid_by_rank"][rank])
                for rank, count in products["by_rank"].items()
            ]
        ),
        Row(("II", "Theo ngành", None, None), "section"),
        *_numbered(
            [
                (sectors.get(int(number), f"Ngành {number}"), count, None)
                for number, count in products["by_group"].items()
            ]
        ),
    ]
    return Table(
        number=1,
        title=f"Sản phẩm OCOP được công nhận đến ngày {_day(statistics['as_of'])}",
        headers=("STT", "Chỉ tiêu", "Được công nhận", "Còn hiệu lực"),
        rows=tuple(rows),
        notes=(
            "Được công nhận: có giấy chứng nhận ban hành đến ngày báo cáo, chưa bị thu hồi, kể cả giấy đã "
            "hết hạn; còn hiệu lực: giấy chứng nhận còn hạn vào ngày đó. Hạng là hạng của giấy mới nhất.",
            "Theo ngành: số sản phẩm được công nhận.",
        ),
    )


def _flows_table(flows: dict[str, Any]) -> Table:
    """The flows of the period, one column for the period and one for each year it touches (cut to it).
    The details by rank and by step are the period's: the flows give each year's totals only."""
    years = flows["by_year"]
    ranks = dict(Rank.choices)
    blank_years: tuple[Cell, ...] = (None,) * len(years)

    def line(number: int, name: str) -> Row:
        total = flows[name]["total"] if isinstance(flows[name], dict) else flows[name]
        return Row((number, FLOW_LABELS[name], total, *(year[name] for year in years)))

    rows = [
        line(1, "new"),
        *(
            Row(("", f"Trong đó: {ranks[rank]}", count, *blank_years))
            for rank, count in flows["new"]["by_rank"].items()
        ),
        line(2, "upgraded"),
        *(
            Row(
                (
                    "",
                    f"Trong đó: {step.replace('→', ' sao lên ')} sao",
                    flows["upgraded"]["by_step"][step],
                    *blank_years,
                )
            )
            for step in STEPS
        ),
        *(
            line(number, name)
            for number, name in enumerate(("renewed", "downgraded", "revoked", "lapsed"), 3)
        ),
    ]
    return Table(
        number=2,
        title=f"Biến động trong kỳ (từ ngày {_day(flows['from'])} đến ngày {_day(flows['to'])})",
        headers=("STT", "Chỉ tiêu", "Cả kỳ", *(f"Năm {year['year']}" for year in years)),
        rows=tuple(rows),
        notes=('Các dòng "Trong đó" tính cho cả kỳ.',),
    )


def _units_table(statistics: dict[str, Any]) -> Table:
    scope, units = statistics["scope"], statistics["units"]
    if scope["code"] is None:
        level = "Tỉnh, thành phố"
    elif scope["scheme"] == Scheme.CURRENT:
        level = "Xã, phường, đặc khu"
    else:
        level = "Quận, huyện, thị xã"
    by_code = sorted(statistics["by_unit"], key=lambda unit: unit["code"])
    rows = _numbered(
        [(str(unit["code"]), unit["name"], unit["recognized"], unit["valid"]) for unit in by_code]
    )
    recognised = sum(unit["recognized"] for unit in by_code)
    valid = sum(unit["valid"] for unit in by_code)
    notes = []
    if units["districts_total"] is not None:
        with_products, total = units["districts_with_products"], units["districts_total"]
        notes.append(f"Quận, huyện, thị xã có sản phẩm OCOP: {with_products}/{total}.")
    communes = "Xã, phường, đặc khu" if scope["scheme"] == Scheme.CURRENT else "Xã, phường, thị trấn"
    notes.append(f"{communes} có sản phẩm OCOP: {units['communes_with_products']}/{units['communes_total']}.")
    if recognised != statistics["products"]["recognized"]:
        notes.append(
            f"{statistics['products']['recognized'] - recognised} sản phẩm chưa xác định được đơn vị cấp này "
            "nên không có trong các dòng trên."
        )
    return Table(
        number=3,
        title="Theo đơn vị hành chính",
        headers=("STT", "Mã đơn vị", level, "Được công nhận", "Còn hiệu lực"),
        rows=(*rows, Row(("", "", "Tổng cộng", recognised, valid), "total")),
        notes=tuple(notes),
    )


def _producers_table(statistics: dict[str, Any]) -> Table:
    products, producers = statistics["products"], statistics["producers"]
    types = dict(ProducerType.choices)
    rows = _numbered(
        [
            (str(types[kind]), producers["by_type"][kind], products["by_producer_type"][kind])
            for kind in producers["by_type"]
        ]
    )
    return Table(
        number=4,
        title="Theo loại hình chủ thể",
        headers=("STT", "Loại hình chủ thể", "Số chủ thể có sản phẩm", "Sản phẩm được công nhận"),
        rows=(*rows, Row(("", "Tổng cộng", producers["total"], products["recognized"]), "total")),
    )


def _targets_table(scope: StatisticsScope, date_from: datetime.date, date_to: datetime.date) -> Table:
    """The area's targets whose period meets the report's, as they stand on its last day, in the words of
    the targets' pages (``targets.words``)."""
    targets = (
        targets_of_area(scope)
        .filter(date_from__lte=date_to, date_to__gte=date_from)
        .order_by("scheme", "date_from", "label", "pk")
    )
    cards = [target_card(target, as_of=date_to) for target in with_figures(targets)]
    rows = _numbered(
        [
            (
                card["target"].label,
                card["target"].decision,
                card["scope"],
                f"{_day(card['target'].date_from)}–{_day(card['target'].date_to)}",
                f"{card['metric']} ({card['narrowing']})" if card["narrowing"] else str(card["metric"]),
                card["goal"],
                card["achieved"],
                card["projection"],
                str(card["status_label"]),
            )
            for card in cards
        ]
    )
    return Table(
        number=5,
        title=f"Thực hiện mục tiêu đến ngày {_day(date_to)}",
        headers=(
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
        ),
        rows=tuple(rows) or (Row(("", "Chưa có mục tiêu nào trong kỳ báo cáo.", *("",) * 8)),),
        notes=(
            "Các mục tiêu có thời gian thực hiện trùng với kỳ báo cáo, tính đến ngày cuối kỳ. Dự kiến cả "
            "kỳ: số đạt được quy ra cả thời gian của mục tiêu, với các chỉ tiêu tính theo kỳ (sản phẩm mới, "
            "nâng hạng).",
        ),
    )
