"""Forms of the trade screens: they check input and say what is wrong in Vietnamese, naming the field;
the services write."""

import datetime
from decimal import Decimal
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ocop.core.forms import DayField
from ocop.geo.models import Scheme
from ocop.geo.selectors import province_names
from ocop.registry.models import ManagementCertification, Product
from ocop.registry.rules import normalise_product_set_code, product_sets_by_code
from ocop.trade.models import MIN_STARS_CHOICES, SECTOR_CHOICES, Buyer, Frequency


def province_choices() -> list[tuple[int, str]]:
    names = province_names()
    return sorted(
        ((code, name) for (scheme, code), name in names.items() if scheme == Scheme.CURRENT),
        key=lambda choice: choice[1],
    )


class QuantityField(forms.DecimalField):
    """A quantity of a demand, an offer or an agreement's line: more than 0, to the hundredth."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("Số lượng"))
        kwargs.setdefault("error_messages", {"min_value": _("Số lượng phải lớn hơn 0.")})
        super().__init__(max_digits=14, decimal_places=2, min_value=Decimal("0.01"), **kwargs)


class UnitField(forms.CharField):
    """The unit a quantity is counted in, as the buyer writes it (kg, hộp, chai, thùng)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("Đơn vị tính"))
        kwargs.setdefault("help_text", _("Ví dụ: kg, hộp, chai, thùng."))
        super().__init__(max_length=30, **kwargs)


class BuyerForm(forms.ModelForm):
    province_code = forms.TypedChoiceField(label=_("Tỉnh, thành phố"), coerce=int, choices=())

    class Meta:
        model = Buyer
        fields = [
            "name",
            "buyer_type",
            "tax_code",
            "province_code",
            "address",
            "website",
            "contact_name",
            "phone",
            "email",
            "description",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        province_field = cast(forms.ChoiceField, self.fields["province_code"])
        province_field.choices = [("", "—"), *province_choices()]


class VerificationForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Kết quả"),
        choices=[("verify", _("Xác minh")), ("reject", _("Không xác minh"))],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Ghi chú"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("decision") == "reject" and not cleaned.get("note", "").strip():
            self.add_error("note", _("Ghi chú: hãy ghi lý do không xác minh."))
        return cleaned


class DemandForm(forms.Form):
    title = forms.CharField(label=_("Tiêu đề"), max_length=200)
    sector = forms.TypedChoiceField(
        label=_("Ngành"), coerce=int, required=False, empty_value=None, choices=[("", "—"), *SECTOR_CHOICES]
    )
    product_set = forms.CharField(
        label=_("Bộ sản phẩm"),
        max_length=12,
        required=False,
        help_text=_("Mã bộ sản phẩm, ví dụ I.3.c hoặc I.3."),
    )
    words = forms.CharField(label=_("Từ khóa"), max_length=100, required=False)
    quantity = QuantityField()
    unit = UnitField()
    frequency = forms.ChoiceField(label=_("Tần suất"), choices=Frequency.choices)
    certifications = forms.MultipleChoiceField(
        label=_("Chứng nhận yêu cầu"),
        required=False,
        choices=ManagementCertification.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Chủ thể phải có tất cả các chứng nhận đã chọn."),
    )
    min_stars = forms.TypedChoiceField(
        label=_("Hạng sao tối thiểu"),
        coerce=int,
        required=False,
        empty_value=None,
        choices=[("", "—"), *MIN_STARS_CHOICES],
    )
    provinces = forms.TypedMultipleChoiceField(
        label=_("Tỉnh, thành phố cung ứng"),
        coerce=int,
        required=False,
        choices=(),
        help_text=_("Để trống: mọi tỉnh, thành phố."),
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    price_min_vnd = forms.IntegerField(
        label=_("Giá thấp nhất (đồng)"),
        required=False,
        min_value=0,
        max_value=10**15,
        error_messages={"min_value": _("Giá thấp nhất không được âm.")},
    )
    price_max_vnd = forms.IntegerField(
        label=_("Giá cao nhất (đồng)"),
        required=False,
        min_value=0,
        max_value=10**15,
        error_messages={"min_value": _("Giá cao nhất không được âm.")},
    )
    deadline = DayField(label=_("Hạn chót"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        provinces_field = cast(forms.ChoiceField, self.fields["provinces"])
        provinces_field.choices = province_choices()

    def clean_product_set(self) -> str:
        raw = self.cleaned_data.get("product_set", "").strip()
        if not raw:
            return ""
        code = normalise_product_set_code(raw)
        if code is None or not any(
            known == code or known.startswith(f"{code}.") for known in product_sets_by_code()
        ):
            raise ValidationError(
                _("Bộ sản phẩm: không có bộ sản phẩm “%(code)s”, hãy ghi mã như I.3.c."), params={"code": raw}
            )
        return code

    def clean_deadline(self) -> datetime.date:
        deadline: datetime.date = self.cleaned_data["deadline"]
        if deadline < timezone.localdate():
            raise ValidationError(_("Hạn chót không được ở trong quá khứ."))
        return deadline

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        low, high = cleaned.get("price_min_vnd"), cleaned.get("price_max_vnd")
        if low is not None and high is not None and low > high:
            self.add_error("price_max_vnd", _("Giá cao nhất phải lớn hơn hoặc bằng giá thấp nhất."))
        if (
            not cleaned.get("sector")
            and not cleaned.get("product_set")
            and not cleaned.get("words", "").strip()
        ):
            self.add_error("sector", _("Ngành: hãy chọn ngành, ghi bộ sản phẩm hoặc từ khóa."))
        return cleaned


class OfferForm(forms.Form):
    product = forms.ModelChoiceField(label=_("Sản phẩm"), queryset=Product.objects.none())
    quantity = QuantityField()
    price_vnd = forms.IntegerField(
        label=_("Giá mỗi đơn vị (đồng)"),
        min_value=0,
        max_value=10**15,
        error_messages={"min_value": _("Giá không được âm.")},
    )
    message = forms.CharField(
        label=_("Lời nhắn"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, products: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        product_field = cast(forms.ModelChoiceField, self.fields["product"])
        product_field.queryset = products


class SupplierSearchForm(forms.Form):
    q = forms.CharField(label=_("Từ khóa"), max_length=100, required=False)
    sector = forms.TypedChoiceField(
        label=_("Ngành"), coerce=int, required=False, empty_value=None, choices=[("", "—"), *SECTOR_CHOICES]
    )
    min_stars = forms.TypedChoiceField(
        label=_("Hạng sao tối thiểu"),
        coerce=int,
        required=False,
        empty_value=None,
        choices=[("", "—"), *MIN_STARS_CHOICES],
    )
