"""Strings Django puts on our pages read in Vietnamese: locale/vi keeps what Django's catalogue lacks."""

from django import forms
from django.db.models.fields import BLANK_CHOICE_LABEL
from django.utils import translation

from ocop.trade.models import AgreementKind


class KindForm(forms.Form):
    kind = forms.TypedChoiceField(choices=[("", BLANK_CHOICE_LABEL), *AgreementKind.choices], required=False)


def test_the_empty_option_of_a_select_is_vietnamese_and_english_in_english():
    with translation.override("vi"):
        assert '<option value="" selected>- Chọn -</option>' in str(KindForm()["kind"])
    with translation.override("en"):
        assert '<option value="" selected>- Select an option -</option>' in str(KindForm()["kind"])
