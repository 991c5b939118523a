"""The forms of the council screens; each only reads input, the services check it."""

import datetime
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from ocop.accounts.models import User
from ocop.evaluation.models import CouncilMember, Dossier


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


class RoundForm(forms.Form):
    name = forms.CharField(label=_("Tên đợt"), max_length=200)
    closes_on = forms.DateField(label=_("Hạn kết thúc đợt"), widget=DateInput())


class DossierChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Dossier) -> str:
        return f"#{obj.pk} {obj.product_name} ({obj.producer.name})"


class AssignForm(forms.Form):
    dossiers = DossierChoice(
        label=_("Hồ sơ chờ hội đồng"), queryset=Dossier.objects.none(), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, dossiers: QuerySet[Dossier], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["dossiers"].queryset = dossiers  # type: ignore[attr-defined]


class PersonChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return f"{obj.full_name} ({obj.get_role_display()})"


class PeopleChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return f"{obj.full_name} ({obj.get_role_display()})"


class CouncilForm(forms.Form):
    name = forms.CharField(label=_("Tên hội đồng"), max_length=200)
    chair = PersonChoice(label=_("Chủ tịch hội đồng"), queryset=User.objects.none())
    members = PeopleChoice(
        label=_("Thành viên"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    secretary = PersonChoice(label=_("Thư ký"), queryset=User.objects.none(), required=False)

    def __init__(self, *args: Any, people: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("chair", "members", "secretary"):
            self.fields[name].queryset = people  # type: ignore[attr-defined]


class SeatsChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: CouncilMember) -> str:
        return f"{obj.user.full_name} ({obj.get_role_display()})"


class AttendanceForm(forms.Form):
    """Who of the council's ``seats`` is present."""

    present = SeatsChoice(
        label=_("Có mặt"),
        queryset=CouncilMember.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, seats: QuerySet[CouncilMember], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["present"].queryset = seats  # type: ignore[attr-defined]


class SessionForm(AttendanceForm):
    """A session's day, and who is present."""

    held_on = forms.DateField(label=_("Ngày họp"), widget=DateInput(), initial=datetime.date.today)
    field_order = ["held_on", "present"]


class DecisionForm(forms.Form):
    action = forms.ChoiceField(label=_("Quyết định"), widget=forms.RadioSelect)
    decision_no = forms.CharField(label=_("Số quyết định"), max_length=100)
    decision_date = forms.DateField(label=_("Ngày quyết định"), widget=DateInput())
    signer_name = forms.CharField(label=_("Họ tên người ký"), max_length=200)
    signer_title = forms.CharField(label=_("Chức vụ người ký"), max_length=200)
    note = forms.CharField(
        label=_("Ghi chú, lý do"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, actions: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = actions  # type: ignore[attr-defined]
        self.fields["action"].initial = actions[0][0]
