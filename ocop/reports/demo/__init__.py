"""The demo's targets: the plans of the seed articles for the legacy provinces of the demo (Quảng Ngãi's
2021–2025 plan and 2022 goal, Trà Vinh's and Bà Rịa – Vũng Tàu's), and 2026 plans, marked as demo data, for
the country and the current provinces the demo officers work in, with one figure recorded by hand for a
``manual`` target.

Loaded through the one import (``targets_import``) and the one service for figures, as an officer would;
a second load changes nothing.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from ocop.accounts.models import User
from ocop.reports.models import Metric, Target
from ocop.reports.targets.importing import targets_import
from ocop.reports.targets.services import manual_figure_record

TARGETS_FILE = Path(__file__).with_name("targets.csv")
DAK_LAK_OFFICER = "tinh.daklak@demo.ocop.vn"
# The hand-recorded figure of Đắk Lắk's value-chain target: (as of, value, the document it comes from).
VALUE_CHAIN_FIGURE = (
    datetime.date(2026, 9, 30),
    Decimal(41),
    "Báo cáo sơ kết 9 tháng thực hiện Chương trình OCOP năm 2026 (dữ liệu mẫu)",
)


class DemoNotReadyError(Exception):
    pass


@dataclass(frozen=True)
class DemoTargets:
    summary: dict[str, int]
    figures_recorded: int


def demo_targets_load() -> DemoTargets:
    officer = User.objects.filter(email=DAK_LAK_OFFICER).first()
    if officer is None:
        raise DemoNotReadyError(f"no user {DAK_LAK_OFFICER}: run load_demo_users first")
    with TARGETS_FILE.open("rb") as content:
        result = targets_import(acting_user=None, file_name=TARGETS_FILE.name, content=content)
    if not result.ok:  # the file is the repository's own: a failure here is a bug, said in full
        raise ValueError("; ".join(str(error) for error in result.errors))
    target = Target.objects.get(province__code=66, scheme="current", metric=Metric.MANUAL)
    as_of, value, evidence = VALUE_CHAIN_FIGURE
    recorded = 0
    if not target.manual_figures.filter(as_of=as_of, value=value).exists():
        manual_figure_record(acting_user=officer, target=target, as_of=as_of, value=value, evidence=evidence)
        recorded = 1
    return DemoTargets(summary=result.summary["targets"], figures_recorded=recorded)
