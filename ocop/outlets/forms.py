"""Forms of the sales-point screens: they check input; the services write."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from ocop.geo.models import Scheme
from ocop.geo.selectors import province_names
from ocop.outlets.models import SalesPoint, SalesPointKind
from ocop.outlets.services import EDITABLE_FIELDS
from ocop.registry.models import Product


def province_choices(empty_label: str) -> list[tuple[str, str]]:
    current = sorted(
        ((code, name) for (scheme, code), name in province_names().items() if scheme == Scheme.CURRENT),
        key=lambda pair: pair[1],
    )
    return [("", empty_label), *((str(code), name) for code, name in current)]


class SalesPointForm(forms.ModelForm):
    province_code = forms.TypedChoiceField(label=_("Tỉnh, thành phố"), coerce=int, choices=())
    commune_code = forms.IntegerField(
        label=_("Mã xã, phường (đơn vị hành chính mới)"), required=False, min_value=1
    )

    class Meta:
        model = SalesPoint
        fields = EDITABLE_FIELDS
        help_texts = {
            "latitude": _("Độ thập phân, ví dụ 15,120000 (từ 8 đến 24)."),
            "longitude": _("Độ thập phân, ví dụ 108,790000 (từ 102 đến 110)."),
            "opening_hours": _("Ví dụ: Thứ Hai – Chủ nhật, 7:00–21:00."),
        }

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["province_code"].choices = province_choices(  # type: ignore[attr-defined]
            str(_("— chọn tỉnh —"))
        )


class CarriedProductForm(forms.Form):
    code = forms.CharField(label=_("Mã sản phẩm OCOP"), max_length=40)

    def clean_code(self) -> Product:
        code = self.cleaned_data["code"].strip()
        product = Product.objects.filter(code=code).select_related("latest_certificate").first()
        if product is None:
            raise ValidationError(_("Không có sản phẩm nào mã “%(code)s”."), params={"code": code})
        return product


class ChecklistForm(forms.Form):
    """The three groups of criteria of Decision 950/QĐ-BCT, declared by the operator."""

    location_met = forms.BooleanField(
        label=_(
            "Địa điểm thuận tiện, đông người qua lại, thuộc một trong các loại địa điểm của Quyết định 950"
        ),
        required=False,
    )
    location_note = forms.CharField(label=_("Thuyết minh về địa điểm"), widget=forms.Textarea, required=False)
    products_met = forms.BooleanField(
        label=_("Bày bán sản phẩm OCOP từ 3 sao, sản phẩm chủ lực của tỉnh hoặc đặc sản địa phương"),
        required=False,
    )
    products_note = forms.CharField(label=_("Thuyết minh về sản phẩm"), widget=forms.Textarea, required=False)
    facilities_met = forms.BooleanField(
        label=_("Cơ sở vật chất, biển hiệu và cách vận hành đạt yêu cầu"), required=False
    )
    facilities_note = forms.CharField(
        label=_("Thuyết minh về cơ sở vật chất"), widget=forms.Textarea, required=False
    )
    evidence = forms.FileField(
        label=_("Minh chứng (PDF hoặc ảnh)"),
        required=False,
        help_text=_("Ví dụ: ảnh biển hiệu, hợp đồng thuê."),
    )


class PhotoForm(forms.Form):
    photo = forms.FileField(label=_("Ảnh điểm bán (JPEG, PNG, WebP)"))


class DirectoryFilterForm(forms.Form):
    province = forms.TypedChoiceField(
        label=_("Tỉnh, thành phố"), coerce=int, required=False, empty_value=None
    )
    kind = forms.ChoiceField(label=_("Loại địa điểm"), required=False)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["province"].choices = province_choices(  # type: ignore[attr-defined]
            str(_("Tất cả tỉnh, thành phố"))
        )
        self.fields["kind"].choices = [  # type: ignore[attr-defined]
            ("", str(_("Tất cả loại địa điểm"))),
            *SalesPointKind.choices,
        ]
