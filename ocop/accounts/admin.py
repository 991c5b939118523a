"""The Django admin for user accounts and the audit log: central staff only; every user save is audited.

The admin's sign-in goes through the same throttle as the site's (in the authentication backend); its
form only says why it refuses during a lockout, where the backend alone would say the password is wrong.
"""

from typing import Any

from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.core.exceptions import ValidationError
from django.forms import ModelForm
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from ocop.accounts import throttling
from ocop.accounts.access import is_central_staff
from ocop.accounts.models import User
from ocop.core.models import AuditEvent
from ocop.core.services import audit_record


class AdminSignInForm(AdminAuthenticationForm):
    def clean(self) -> dict[str, Any]:
        username = self.cleaned_data.get("username")
        if username and throttling.sign_in_refused(username, self.request):
            raise ValidationError(throttling.refusal_message(), code="throttled")
        return super().clean()


admin.site.login_form = AdminSignInForm


class CentralStaffAdmin(admin.ModelAdmin):
    """Seen by central staff only; changes only where a subclass says so."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return is_central_staff(request.user)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_central_staff(request.user)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class UserCreationAdminForm(AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("email", "full_name", "role", "unit", "organisation_name")


class UserChangeAdminForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    form = UserChangeAdminForm
    add_form = UserCreationAdminForm
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Hồ sơ"), {"fields": ("full_name", "phone", "role", "unit", "organisation_name")}),
        (_("Quyền"), {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")}),
        (_("Thời điểm"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": (
                    "email",
                    "full_name",
                    "role",
                    "unit",
                    "organisation_name",
                    "usable_password",
                    "password1",
                    "password2",
                ),
            },
        ),
    )
    list_display = ("email", "full_name", "role", "unit", "is_active", "is_staff")
    list_filter = ("role", "is_active", "is_staff")
    search_fields = ("email", "full_name", "organisation_name")
    ordering = ("email",)
    raw_id_fields = ("unit",)
    readonly_fields = ("last_login", "date_joined")

    def has_module_permission(self, request: HttpRequest) -> bool:
        return is_central_staff(request.user)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_central_staff(request.user)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return is_central_staff(request.user)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_central_staff(request.user)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Accounts are deactivated, never deleted: audit events keep pointing at their actors.
        return False

    def save_model(self, request: HttpRequest, obj: User, form: ModelForm, change: bool) -> None:
        # The admin runs this inside the transaction of its change view.
        super().save_model(request, obj, form, change)
        audit_record(
            actor=request.user,
            action="user.admin_change" if change else "user.admin_create",
            target=obj,
            details={"fields": sorted(form.changed_data)},
            province_code=obj.province_code,
        )


@admin.register(AuditEvent)
class AuditEventAdmin(CentralStaffAdmin):
    """Read-only: the audit log is written by services, never edited."""

    list_display = (
        "occurred_at",
        "actor",
        "action",
        "object_type",
        "object_id",
        "object_repr",
        "province_code",
    )
    list_filter = ("action", "object_type")
    search_fields = ("object_id", "object_repr", "actor__email")
    date_hierarchy = "occurred_at"
    list_select_related = ("actor",)
