"""The forms of the rubric screens: a central officer corrects a criterion or an option of a draft."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ocop.evaluation.models import STAR_RANKS_WITH_MINIMUMS, Criterion


class CriterionForm(forms.Form):
    text = forms.CharField(
        label=_("Nội dung tiêu chí"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )
    notes = forms.CharField(
        label=_("Ghi chú"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        help_text=_("Mỗi dòng một ghi chú, như trên phiếu (yêu cầu, trường hợp bị loại…)."),
    )

    def __init__(self, *args: Any, criterion: Criterion, **kwargs: Any) -> None:
        minimums = criterion.mandatory_for_stars
        initial = {
            "text": criterion.text,
            "notes": "\n".join(criterion.notes),
            **{f"min_{stars}": minimums.get(str(stars)) for stars in STAR_RANKS_WITH_MINIMUMS},
        }
        kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)
        for stars in STAR_RANKS_WITH_MINIMUMS:
            self.fields[f"min_{stars}"] = forms.IntegerField(
                label=_("Điểm tối thiểu để đạt %(stars)s sao") % {"stars": stars},
                required=False,
                min_value=0,
                max_value=100,
                help_text=_("Để trống nếu hạng này không có mức tối thiểu ở tiêu chí này."),
            )

    def mandatory_for_stars(self) -> dict[str, int]:
        return {
            str(stars): self.cleaned_data[f"min_{stars}"]
            for stars in STAR_RANKS_WITH_MINIMUMS
            if self.cleaned_data.get(f"min_{stars}") is not None
        }

    def notes_list(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["notes"].splitlines() if line.strip()]


class OptionForm(forms.Form):
    text = forms.CharField(
        label=_("Nội dung phương án"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )
    points = forms.IntegerField(label=_("Điểm"), min_value=0, max_value=100)
