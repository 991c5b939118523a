"""A target in words, as every page and document shows it: its status, its figures, what it narrows to, and
a card with its progress bar. The list of targets, the officers' dashboard, the statistics page and the
provincial report all read these, so a status or a percentage reads the same everywhere.
"""

import datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import F
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ocop.core.charts import progress_bar
from ocop.geo.models import AdministrativeUnit, Scheme
from ocop.reports.models import PERIOD_METRICS, SHARE_METRICS, Metric, Target
from ocop.reports.selectors import StatisticsScope
from ocop.reports.targets.access import targets_of_area
from ocop.reports.targets.progress import Status, latest_figure, target_progress, with_figures

# How long after its last day a target is still shown beside the figures (a plan just ended is still
# reported against).
RECENT_TARGET_DAYS = 365
STATUS_LABELS = {
    Status.NOT_STARTED: gettext_lazy("chưa bắt đầu"),
    Status.MET: gettext_lazy("đã đạt"),
    Status.ON_TRACK: gettext_lazy("đúng tiến độ"),
    Status.BEHIND: gettext_lazy("chậm tiến độ"),
    Status.MISSED: gettext_lazy("không đạt"),
}


def scope_label(scheme: str, unit: AdministrativeUnit | None) -> str:
    """A scope as officers read it: a legacy province is marked as one, its name being a current one's too."""
    if unit is None:
        return str(_("Toàn quốc"))
    if scheme == Scheme.LEGACY:
        return str(_("%(name)s (trước 1/7/2025)") % {"name": unit.name})
    return unit.name


def figure_text(value: int | float | Decimal, *, share: bool) -> str:
    """A figure as people read it in the page's language: a share as a percentage to a tenth (half up),
    anything else without needless decimals, both with the language's marks ("18.000", "34,3", "27,6%" in
    Vietnamese; "18,000", "34.3", "27.6%" in English). The provincial report, always in Vietnamese, reads
    the same."""
    number = Decimal(str(value))
    if share:
        number = (number * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)  # as the projection
    text = number_format(number.normalize(), force_grouping=True)
    return f"{text}%" if share else text


def goal_text(target: Target) -> str:
    """ "200", "3–5", "15%": the number or range a target asks for."""
    share = target.metric in SHARE_METRICS
    low = figure_text(target.target_min, share=share)
    if target.target_max is None:
        return low
    return f"{low}–{figure_text(target.target_max, share=share)}"


def narrowing_text(target: Target) -> str:
    if target.metric == Metric.NEW and target.min_stars:
        return _("từ %(stars)s sao") % {"stars": target.min_stars}
    if target.metric == Metric.UPGRADED and target.step:
        return _("bước %(step)s") % {"step": target.step}
    if target.metric == Metric.KEPT_SHARE and target.cohort_from and target.cohort_to:
        return _("nhóm công nhận %(start)s–%(end)s") % {
            "start": target.cohort_from.strftime("%d/%m/%Y"),
            "end": target.cohort_to.strftime("%d/%m/%Y"),
        }
    return ""


def target_card(target: Target, *, as_of: datetime.date) -> dict[str, Any]:
    """What a card of ``target`` shows on ``as_of``: its words, its figures and its progress bar (with the
    projection for a metric counted over the period)."""
    progress = target_progress(target, as_of=as_of)
    share = target.metric in SHARE_METRICS
    achieved, projection = progress["achieved"], progress["projection"]
    scale = 100 if share else 1
    bar = progress_bar(
        round(achieved * scale),
        round(target.target_min * scale),
        Decimal(str(projection)) if target.metric in PERIOD_METRICS else None,  # a count: scale 1
        title=target.label,
    )
    started = as_of >= target.date_from
    return {
        "target": target,
        "scope": scope_label(target.scheme, target.province),
        "metric": Metric(target.metric).label,
        "narrowing": narrowing_text(target),
        "goal": goal_text(target),
        "achieved": figure_text(achieved, share=share),
        "projection": figure_text(projection, share=share),
        "status": progress["status"],
        "status_label": STATUS_LABELS[progress["status"]],
        "bar": bar,
        "figure": latest_figure(target, min(as_of, target.date_to))
        if target.metric == Metric.MANUAL and started
        else None,
    }


def recent_target_cards(scope: StatisticsScope, *, today: datetime.date) -> list[dict[str, Any]]:
    """The cards of the area's targets (``access.targets_of_area``) still running on ``today``, starting
    later, or ended within RECENT_TARGET_DAYS; the country's first, then by province, period and label."""
    targets = (
        targets_of_area(scope)
        .filter(date_to__gte=today - datetime.timedelta(days=RECENT_TARGET_DAYS))
        .order_by(F("province__code").asc(nulls_first=True), "scheme", "date_from", "label", "pk")
    )
    return [target_card(target, as_of=today) for target in with_figures(targets)]
