"""The forms of the dossier screens: starting a dossier, form 01, evidence, and each workflow step's form.

They read what was posted; the rules (what a step needs, who may do it) are the services' to check.
"""

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from ocop.evaluation.models import Dossier, DossierKind, SelfAssessment
from ocop.evaluation.services.dossiers import REGISTRATION_FIELDS
from ocop.geo.models import AdministrativeUnit, Level, Scheme
from ocop.registry.models import Producer, Product


def communes_of(province_code: int) -> Any:
    return AdministrativeUnit.objects.filter(
        scheme=Scheme.CURRENT, level=Level.COMMUNE, province_code=province_code
    ).order_by("name")


class CommuneChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: AdministrativeUnit) -> str:
        return obj.name


class FirstTimeStartForm(forms.Form):
    """A first-time dossier from one of the producer's saved self-assessments."""

    self_assessment = forms.ModelChoiceField(
        label=_("Bản tự đánh giá"), queryset=SelfAssessment.objects.none(), empty_label=None
    )
    producer = forms.ModelChoiceField(label=_("Chủ thể"), queryset=Producer.objects.none(), empty_label=None)
    product_name = forms.CharField(label=_("Tên sản phẩm"), max_length=255)
    commune = CommuneChoiceField(
        label=_("Xã, phường nơi sản xuất"), queryset=AdministrativeUnit.objects.none()
    )

    def __init__(
        self, *args: Any, assessments: Any, producers: Any, province_code: int | None, **kwargs: Any
    ):
        super().__init__(*args, **kwargs)
        self.fields["self_assessment"].queryset = assessments  # type: ignore[attr-defined]
        self.fields["producer"].queryset = producers  # type: ignore[attr-defined]
        if province_code is not None:
            self.fields["commune"].queryset = communes_of(province_code)  # type: ignore[attr-defined]


class FollowUpStartForm(forms.Form):
    """An upgrade or re-evaluation of one of the producer's products."""

    product = forms.ModelChoiceField(label=_("Sản phẩm"), queryset=Product.objects.none(), empty_label=None)
    kind = forms.ChoiceField(
        label=_("Loại hồ sơ"),
        choices=[
            (DossierKind.UPGRADE, DossierKind.UPGRADE.label),
            (DossierKind.REEVALUATION, DossierKind.REEVALUATION.label),
        ],
        widget=forms.RadioSelect,
    )

    def __init__(self, *args: Any, products: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["product"].queryset = products  # type: ignore[attr-defined]


class RegistrationForm(forms.ModelForm):
    """Form 01 (phiếu đăng ký), the fields a producer fills in."""

    commune = CommuneChoiceField(
        label=_("Xã, phường nơi sản xuất"), queryset=AdministrativeUnit.objects.none()
    )

    class Meta:
        model = Dossier
        fields = list(REGISTRATION_FIELDS)
        widgets = {
            name: forms.Textarea(attrs={"rows": 3})
            for name in (
                "description",
                "raw_materials_origin",
                "idea_origin",
                "local_identity",
                "business_plan",
            )
        }

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["commune"].queryset = communes_of(self.instance.province_code)  # type: ignore[attr-defined]


class EvidenceForm(forms.Form):
    criterion_code = forms.ChoiceField(label=_("Minh chứng cho"), required=False)
    file = forms.FileField(
        label=_("Tệp (PDF, JPEG, PNG hoặc WebP)"),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,image/jpeg,image/png,image/webp"}),
    )

    def __init__(self, *args: Any, criterion_codes: list[tuple[str, str]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        general = ("", _("Hồ sơ chung (giấy tờ pháp lý…)"))
        self.fields["criterion_code"].choices = [general, *criterion_codes]  # type: ignore[attr-defined]


class StepForm(forms.Form):
    note = forms.CharField(
        label=_("Ghi chú, lý do"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Bắt buộc khi trả lại hồ sơ: chủ thể đọc lý do này để biết cần bổ sung gì."),
    )


class CommuneCheckForm(StepForm):
    """Form 03: the commune's check, meeting and report."""

    meeting_date = forms.DateField(label=_("Ngày họp"), widget=forms.DateInput(attrs={"type": "date"}))
    product_origin_confirmed = forms.BooleanField(
        label=_("Nguồn gốc sản phẩm đúng như kê khai"), required=False
    )
    raw_materials_confirmed = forms.BooleanField(
        label=_("Nguồn gốc nguyên liệu đúng như kê khai"), required=False
    )
    local_labour_confirmed = forms.BooleanField(label=_("Có sử dụng lao động địa phương"), required=False)
    idea_origin_confirmed = forms.BooleanField(label=_("Nguồn gốc ý tưởng đúng như kê khai"), required=False)
    local_identity_confirmed = forms.BooleanField(label=_("Sản phẩm mang bản sắc địa phương"), required=False)
    report = forms.CharField(
        label=_("Báo cáo đánh giá"), max_length=20000, widget=forms.Textarea(attrs={"rows": 5})
    )


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def clean(self, data: Any, initial: Any = None) -> Any:
        files = data if isinstance(data, list | tuple) else [data] if data else []
        if len(files) > settings.EVIDENCE_FILES_PER_REQUEST:
            raise forms.ValidationError(
                _("Tối đa %(limit)s ảnh mỗi lần gửi.") % {"limit": settings.EVIDENCE_FILES_PER_REQUEST}
            )
        return [super(MultipleFileField, self).clean(file, initial) for file in files]


class AdvisoryReviewForm(StepForm):
    """The advisory group's review (tổ tư vấn) and its optional field visit."""

    notes = forms.CharField(
        label=_("Nhận xét của tổ tư vấn"), max_length=20000, widget=forms.Textarea(attrs={"rows": 5})
    )
    field_visit_date = forms.DateField(
        label=_("Ngày khảo sát thực tế"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    field_visit_notes = forms.CharField(
        label=_("Ghi chép khảo sát thực tế"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    photos = MultipleFileField(
        label=_("Ảnh khảo sát (JPEG, PNG, WebP hoặc PDF)"),
        required=False,
        widget=MultipleFileInput(attrs={"accept": "application/pdf,image/jpeg,image/png,image/webp"}),
    )
