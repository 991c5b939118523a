from typing import Any

from django import forms
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.password_validation import validate_password
from django.utils.translation import gettext_lazy as _

from ocop.accounts.access import Actor, roles_creatable_by, units_assignable_by
from ocop.accounts.models import UNIT_LEVEL_BY_ROLE, Role, User
from ocop.geo.models import AdministrativeUnit, Level


class LoginForm(forms.Form):
    email = forms.EmailField(
        label=_("Thư điện tử"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "username", "autofocus": True}),
    )
    password = forms.CharField(
        label=_("Mật khẩu"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class PasswordResetRequestForm(PasswordResetForm):
    """Django's reset form, with the address named as on the sign-in page."""

    email = forms.EmailField(
        label=_("Thư điện tử"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )


class UserFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Tìm theo tên hoặc thư điện tử"),
        required=False,
        max_length=100,
        widget=forms.SearchInput(),
    )
    role = forms.ChoiceField(
        label=_("Vai trò"), required=False, choices=[("", _("Tất cả vai trò")), *Role.choices]
    )


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: AdministrativeUnit) -> str:
        return obj.name


class UserDetailsForm(forms.Form):
    """Who someone is and what they do: the part of an account an officer fills in and may change later.

    The role, province and commune choices are those the acting officer may give; ``commune_url`` is the
    page that answers htmx with the communes of the chosen province.
    """

    full_name = forms.CharField(label=_("Họ và tên"), max_length=150)
    phone = forms.CharField(label=_("Điện thoại"), max_length=30, required=False)
    role = forms.ChoiceField(label=_("Vai trò"))
    province = UnitChoiceField(
        label=_("Tỉnh, thành phố"),
        queryset=AdministrativeUnit.objects.none(),
        required=False,
        empty_label=_("— Không gắn với tỉnh —"),
        # With htmx, choosing a province reloads the commune list below it.
        widget=forms.Select(attrs={"hx-target": "#commune-field", "hx-swap": "outerHTML"}),
    )
    commune = UnitChoiceField(
        label=_("Xã, phường, đặc khu"),
        queryset=AdministrativeUnit.objects.none(),
        required=False,
        empty_label=_("— Không gắn với xã —"),
        help_text=_("Bắt buộc với cán bộ cấp xã. Danh sách theo tỉnh đã chọn."),
    )
    organisation_name = forms.CharField(
        label=_("Tổ chức"),
        max_length=200,
        required=False,
        help_text=_("Tên chủ thể, doanh nghiệp hoặc điểm bán mà người dùng đại diện."),
    )

    def __init__(self, *args: Any, actor: Actor, commune_url: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.actor = actor
        self.fields["role"].choices = [(role.value, role.label) for role in roles_creatable_by(actor)]  # type: ignore[attr-defined]
        units = units_assignable_by(actor)
        provinces = units.filter(level=Level.PROVINCE).order_by("name")
        province_field: forms.ModelChoiceField[AdministrativeUnit] = self.fields["province"]  # type: ignore[assignment]
        province_field.queryset = provinces
        province_field.widget.attrs["hx-get"] = commune_url
        if provinces.count() == 1:
            # A province officer works in one province: nothing to choose.
            province_field.required = True
            province_field.empty_label = None
            self.initial.setdefault("province", provinces.get().pk)
        commune_field: forms.ModelChoiceField[AdministrativeUnit] = self.fields["commune"]  # type: ignore[assignment]
        commune_field.queryset = units.filter(
            level=Level.COMMUNE, parent_id=self.selected_province_id()
        ).order_by("name")

    def selected_province_id(self) -> int | None:
        value = self.data.get("province") if self.is_bound else self.initial.get("province")
        try:
            return int(value) if value else None
        except (TypeError, ValueError):
            return None

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        role, province, commune = cleaned.get("role"), cleaned.get("province"), cleaned.get("commune")
        if role is None:
            return cleaned
        level = UNIT_LEVEL_BY_ROLE.get(Role(role))
        if level == Level.PROVINCE and province is None:
            self.add_error("province", _("Vai trò này cần chọn tỉnh, thành phố."))
        elif level == Level.COMMUNE and commune is None:
            self.add_error("commune", _("Vai trò này cần chọn xã, phường, đặc khu."))
        cleaned["unit"] = province if level == Level.PROVINCE else (commune or province)
        return cleaned


def details_initial(user: User) -> dict[str, Any]:
    """The details form of an existing account, filled in as it is."""
    unit = user.unit
    province_id = (unit.pk if unit.level == Level.PROVINCE else unit.parent_id) if unit else None
    return {
        "full_name": user.full_name,
        "phone": user.phone,
        "role": user.role,
        "province": province_id,
        "commune": unit.pk if unit and unit.level == Level.COMMUNE else None,
        "organisation_name": user.organisation_name,
    }


class UserCreateForm(UserDetailsForm):
    """A new account: its details, the address it signs in with and a first password."""

    # Someone else's address: the browser must not offer the officer's own.
    email = forms.EmailField(
        label=_("Thư điện tử"), max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "off"})
    )
    password = forms.CharField(
        label=_("Mật khẩu ban đầu"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("Ít nhất 10 ký tự; người dùng nên đổi sau lần đăng nhập đầu."),
    )

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(email=email).exists():
            raise forms.ValidationError(_("Đã có tài khoản với thư điện tử này."))
        return email

    def clean_password(self) -> str:
        password: str = self.cleaned_data["password"]
        validate_password(password)
        return password
