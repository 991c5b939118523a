"""The officers' forms for targets (contract ``targets.md`` §2).

The target form's fields are the CSV's columns, under the same names, and its ``clean`` hands their text
to ``definition_from_text``, the one check every way in shares: each fault comes back under its column,
which is the field it is shown next to. The form only turns what a browser sends (a day as dd/mm/yyyy)
into the CSV's text, and offers the scopes the officer may set.
"""

import datetime
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ocop.accounts.models import User
from ocop.core.forms import DayField
from ocop.geo.models import AdministrativeUnit, Level, Scheme
from ocop.reports.flows import STEPS
from ocop.reports.models import Metric
from ocop.reports.targets.access import may_set_scope
from ocop.reports.targets.definition import (
    COLUMNS,
    REQUIRED_COLUMNS,
    STAR_CHOICES,
    InvalidTargetError,
    TargetDefinition,
    definition_from_text,
)
from ocop.reports.targets.words import scope_label

DATE_COLUMNS = ("from", "to", "cohort_from", "cohort_to")
# The metrics each narrowing column is for, shown beside it (and used by the page's small script).
NARROWING_METRICS = {
    "min_stars": (Metric.NEW,),
    "step": (Metric.UPGRADED,),
    "cohort_from": (Metric.KEPT_SHARE,),
    "cohort_to": (Metric.KEPT_SHARE,),
}


def scope_choices(scopes: list[tuple[str, str]]) -> list[tuple[str, str]]:
    return [("", str(_("- Chọn -"))), *scopes]


def _provinces(scheme: str, codes: list[int] | None = None) -> list[AdministrativeUnit]:
    units = AdministrativeUnit.objects.filter(scheme=scheme, level=Level.PROVINCE)
    if codes is not None:
        units = units.filter(code__in=codes)
    return list(units.order_by("name"))


def scope_options(
    *, national: bool, current: list[int] | None, legacy: list[int] | None
) -> list[tuple[str, str]]:
    """Scopes as (CSV text, label): the country if ``national``, then current and legacy provinces (``None``:
    every one of the scheme)."""
    options: list[tuple[str, str]] = [("national", str(_("Toàn quốc")))] if national else []
    options += [
        (f"province:{unit.code}", scope_label(Scheme.CURRENT, unit))
        for unit in _provinces(Scheme.CURRENT, current)
    ]
    options += [
        (f"legacy_province:{unit.code}", scope_label(Scheme.LEGACY, unit))
        for unit in _provinces(Scheme.LEGACY, legacy)
    ]
    return options


class TargetForm(forms.Form):
    """A target as the CSV's columns; ``definition`` is the checked target once the form is valid."""

    def __init__(self, *args: Any, actor: User, scopes: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.actor = actor
        self.definition: TargetDefinition | None = None
        metric_choices = [("", _("- Chọn -")), *[(metric.value, metric.label) for metric in Metric]]
        star_choices = [("", _("- Không -")), *[(str(stars), str(stars)) for stars in STAR_CHOICES]]
        step_choices = [("", _("- Tất cả -")), *[(step, step) for step in STEPS]]
        # Every field is text or a list of values, read by ``definition_from_text``: a value outside a list
        # (an old form, a crafted request) gets the same named fault as a CSV cell would.
        self.fields["scope"] = forms.CharField(
            label=_("Phạm vi"), required=False, widget=forms.Select(choices=scope_choices(scopes))
        )
        self.fields["from"] = DayField(label=_("Từ ngày"), required=False)
        self.fields["to"] = DayField(label=_("Đến ngày"), required=False)
        self.fields["metric"] = forms.CharField(
            label=_("Chỉ tiêu"), required=False, widget=forms.Select(choices=metric_choices)
        )
        self.fields["min_stars"] = forms.CharField(
            label=_("Số sao tối thiểu"),
            required=False,
            widget=forms.Select(choices=star_choices),
            help_text=_("Chỉ với chỉ tiêu “Sản phẩm mới được công nhận”; để trống là 3 sao."),
        )
        self.fields["step"] = forms.CharField(
            label=_("Bước nâng hạng"),
            required=False,
            widget=forms.Select(choices=step_choices),
            help_text=_("Chỉ với chỉ tiêu “Sản phẩm nâng hạng”; để trống là mọi bước."),
        )
        self.fields["cohort_from"] = DayField(
            label=_("Nhóm công nhận từ ngày"),
            required=False,
            help_text=_("Chỉ với chỉ tiêu “Tỷ lệ sản phẩm duy trì”: ngày/tháng/năm."),
        )
        self.fields["cohort_to"] = DayField(
            label=_("Nhóm công nhận đến ngày"),
            required=False,
            help_text=_("Chỉ với chỉ tiêu “Tỷ lệ sản phẩm duy trì”: ngày/tháng/năm."),
        )
        self.fields["min"] = forms.CharField(
            label=_("Mức tối thiểu"),
            required=False,
            help_text=_("Số sản phẩm, hoặc tỷ lệ từ 0 đến 1 (15% viết là 0.15); dấu thập phân là dấu chấm."),
            widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
        )
        self.fields["max"] = forms.CharField(
            label=_("Mức tối đa"),
            required=False,
            help_text=_("Để trống nếu mục tiêu là một con số."),
            widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
        )
        self.fields["decision"] = forms.CharField(label=_("Kế hoạch, quyết định"), required=False)
        self.fields["label"] = forms.CharField(label=_("Tên mục tiêu"), required=False)
        for column in REQUIRED_COLUMNS:
            self.fields[column].widget.attrs["required"] = True

    def field_rows(self) -> list[tuple[forms.BoundField, str]]:
        """Each field with the metrics it is for ("" for every metric), for the page to show or hide it."""
        return [(self[name], " ".join(NARROWING_METRICS.get(name, ()))) for name in self.fields]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        text: dict[str, str] = {}
        for column in COLUMNS:
            value = cleaned.get(column)
            if column in DATE_COLUMNS and column in self.errors:
                text[column] = ""  # its own fault is shown already
            elif isinstance(value, datetime.date):
                text[column] = value.isoformat()
            else:
                text[column] = value or ""
        try:
            definition = definition_from_text(text)
        except InvalidTargetError as invalid:
            self.add_faults(invalid)
            return cleaned
        if not may_set_scope(self.actor, definition.scope):
            self.add_error("scope", _("Bạn không đặt mục tiêu cho phạm vi này."))
            return cleaned
        self.definition = definition
        return cleaned

    def add_faults(self, invalid: InvalidTargetError) -> None:
        """The check's faults, each on its column's field (a field's own fault, shown already, stays)."""
        for column, message in invalid.errors.items():
            if column not in self.errors:
                self.add_error(column, message)


class FigureForm(forms.Form):
    """A figure of a ``manual`` target as of a day, with its evidence."""

    as_of = DayField(label=_("Số liệu đến ngày"))
    value = forms.DecimalField(
        label=_("Số liệu"),
        min_value=0,
        max_digits=14,
        decimal_places=4,
        localize=False,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
        help_text=_("Dấu thập phân là dấu chấm."),
    )
    evidence = forms.CharField(
        label=_("Minh chứng"),
        max_length=500,
        help_text=_("Báo cáo, văn bản mà số liệu lấy từ đó (số, ngày, cơ quan ban hành)."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    evidence_file = forms.FileField(
        label=_("Tệp minh chứng (không bắt buộc)"),
        required=False,
        help_text=_("PDF hoặc ảnh JPEG, PNG, WebP."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png,.webp"}),
    )

    def clean_evidence(self) -> str:
        evidence: str = self.cleaned_data["evidence"].strip()
        if not evidence:
            raise forms.ValidationError(_("Hãy ghi minh chứng của số liệu."), code="required")
        return evidence


class TargetImportForm(forms.Form):
    file = forms.FileField(
        label=_("Tệp mục tiêu (CSV, UTF-8)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )
    dry_run = forms.BooleanField(
        label=_("Chỉ kiểm tra, chưa ghi"),
        required=False,
        help_text=_("Xem tệp sẽ thêm, sửa những mục tiêu nào mà không ghi gì."),
    )


class TargetFilterForm(forms.Form):
    """The list's filter: a scope among those the officer sees, and the day the figures are taken on."""

    scope = forms.ChoiceField(label=_("Phạm vi"), required=False)
    as_of = DayField(
        label=_("Tính đến ngày"), required=False, help_text=_("Ngày/tháng/năm; để trống là hôm nay.")
    )

    def __init__(self, *args: Any, scopes: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        scope = self.fields["scope"]
        if isinstance(scope, forms.ChoiceField):
            scope.choices = [("", _("Mọi mục tiêu")), *scopes]
