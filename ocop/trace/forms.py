"""Forms of the traceability screens: they check input; the services write."""

import datetime
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ocop.core.forms import DAY_INPUT_FORMATS, DayField
from ocop.geo.models import Scheme
from ocop.geo.selectors import province_names
from ocop.trace.models import SheetFormat
from ocop.trace.services import MAX_STAMPS_PER_RUN
from ocop.trace.sheets import LABEL_SIZES

STEP_SEPARATOR = "|"


def steps_from_text(text: str) -> list[dict[str, str]]:
    """Processing steps written one a line, "name | day | note" (day and note optional), in order.

    A textarea rather than a repeated fieldset: it works without JavaScript, on a phone, for any number of
    steps, and a line can be moved by cut and paste."""
    steps: list[dict[str, str]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        parts = [part.strip() for part in line.split(STEP_SEPARATOR, 2)]
        name, day_text, note = [*parts, "", ""][:3]
        if not name:
            raise ValidationError(
                _("Dòng %(number)s: hãy ghi tên công đoạn trước dấu “|”."), params={"number": number}
            )
        day = ""
        if day_text:
            day = _parse_day(day_text, number)
        steps.append({"step": name, "on": day, "note": note})
    return steps


def _parse_day(text: str, number: int) -> str:
    for pattern in DAY_INPUT_FORMATS:
        try:
            return datetime.datetime.strptime(text, pattern).date().isoformat()
        except ValueError:
            continue
    raise ValidationError(
        _("Dòng %(number)s: ngày “%(day)s” không hợp lệ, hãy viết ngày/tháng/năm, ví dụ 30/11/2026."),
        params={"number": number, "day": text},
    )


def steps_to_text(steps: list[dict[str, str]]) -> str:
    lines = []
    for step in steps:
        day = step.get("on") or ""
        if day:
            day = datetime.date.fromisoformat(day).strftime("%d/%m/%Y")
        parts = [step.get("step", ""), day, step.get("note") or ""]
        while parts and not parts[-1]:
            parts.pop()
        lines.append(f" {STEP_SEPARATOR} ".join(parts))
    return "\n".join(lines)


class BatchForm(forms.Form):
    lot = forms.CharField(label=_("Số lô"), max_length=20, help_text=_("Tối đa 20 ký tự, in trên tem."))
    produced_on = DayField(label=_("Ngày sản xuất"))
    expires_on = DayField(label=_("Hạn sử dụng"), required=False)
    quantity = forms.IntegerField(label=_("Số lượng"), required=False, min_value=0)
    unit = forms.CharField(label=_("Đơn vị tính"), max_length=30, required=False)
    raw_material_origin = forms.CharField(
        label=_("Nguồn gốc nguyên liệu"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    suppliers = forms.CharField(
        label=_("Nhà cung cấp nguyên liệu"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    processing_steps = forms.CharField(
        label=_("Các công đoạn chế biến"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "Mỗi dòng một công đoạn, theo thứ tự: tên công đoạn | ngày | ghi chú. "
            "Ví dụ: Rang | 30/11/2026 | Rang mộc ở 200 °C."
        ),
    )

    def clean_processing_steps(self) -> list[dict[str, str]]:
        return steps_from_text(self.cleaned_data["processing_steps"])

    def clean_unit(self) -> str:
        return str(self.cleaned_data["unit"]).strip()

    @classmethod
    def initial_of(cls, batch: Any) -> dict[str, Any]:
        initial = {name: getattr(batch, name) for name in cls.base_fields}
        initial["processing_steps"] = steps_to_text(batch.processing_steps)
        return initial


def label_size_choices() -> list[tuple[str, str]]:
    return [(size.name, size.title) for size in LABEL_SIZES.values()]


class SheetForm(forms.Form):
    label_size = forms.ChoiceField(label=_("Khổ nhãn"), choices=label_size_choices)
    sheet_format = forms.ChoiceField(
        label=_("Định dạng tệp"),
        choices=SheetFormat.choices,
        initial=SheetFormat.PDF,
        widget=forms.RadioSelect,
    )


class IssueForm(SheetForm):
    # The range is the service's to check (``services.issue_check``), with its message; the browser is
    # only told it.
    count = forms.IntegerField(
        label=_("Số tem"),
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": 1, "max": MAX_STAMPS_PER_RUN}),
    )
    # Shown only when the product has no valid certificate today (``views.batches``).
    insist = forms.BooleanField(label=_("Tôi vẫn phát hành"), required=False)

    field_order = ["count", "label_size", "sheet_format", "insist"]


TIME_PATTERN = r"\d{1,2}:\d{2}"


class TimeOfDayField(forms.TimeField):
    """A time of day as 24-hour hh:mm in a text box (the browser's own time input follows its locale)."""

    def __init__(self, **kwargs: Any) -> None:
        attrs = {"inputmode": "numeric", "pattern": TIME_PATTERN, "placeholder": _("giờ:phút"), "size": 5}
        super().__init__(
            input_formats=["%H:%M"],
            widget=forms.TimeInput(attrs={**attrs, "maxlength": 5}, format="%H:%M"),
            **kwargs,
        )


def _moment(day: datetime.date, time: datetime.time) -> datetime.datetime:
    """A day and a time of day in Vietnam, as the aware moment they name."""
    return timezone.make_aware(datetime.datetime.combine(day, time))


def province_choices() -> list[tuple[str, str]]:
    names = province_names()
    current = sorted(
        ((code, name) for (scheme, code), name in names.items() if scheme == Scheme.CURRENT),
        key=lambda pair: pair[1],
    )
    return [("", str(_("— không ghi —"))), *((str(code), name) for code, name in current)]


class ShipmentForm(forms.Form):
    quantity = forms.IntegerField(
        label=_("Số lượng xuất"), min_value=1, widget=forms.NumberInput(attrs={"inputmode": "numeric"})
    )
    shipped_on = DayField(label=_("Ngày xuất"))
    shipped_time = TimeOfDayField(label=_("Giờ xuất"))
    destination_name = forms.CharField(
        label=_("Nơi nhận"), max_length=200, help_text=_("Tên cửa hàng, nhà phân phối, siêu thị hay kho.")
    )
    destination_province_code = forms.TypedChoiceField(
        label=_("Tỉnh, thành phố nhận"),
        choices=province_choices,
        coerce=int,
        empty_value=None,
        required=False,
    )
    destination_address = forms.CharField(label=_("Địa chỉ nơi nhận"), max_length=300, required=False)
    destination_gln = forms.CharField(
        label=_("Mã GLN của nơi nhận"),
        max_length=13,
        required=False,
        help_text=_("Mã địa điểm toàn cầu GS1, 13 chữ số, nếu nơi nhận có."),
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    note = forms.CharField(label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("shipped_on") and cleaned.get("shipped_time") is not None:
            cleaned["shipped_at"] = _moment(cleaned.pop("shipped_on"), cleaned.pop("shipped_time"))
        return cleaned


class ReceiveForm(forms.Form):
    received_on = DayField(label=_("Ngày nhận"))
    received_time = TimeOfDayField(label=_("Giờ nhận"))
    received_quantity = forms.IntegerField(
        label=_("Số lượng nhận"), min_value=0, widget=forms.NumberInput(attrs={"inputmode": "numeric"})
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("received_on") and cleaned.get("received_time") is not None:
            cleaned["received_at"] = _moment(cleaned.pop("received_on"), cleaned.pop("received_time"))
        return cleaned
