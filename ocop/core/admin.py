from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from ocop.accounts.access import is_central_staff
from ocop.core.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
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
