"""Read-only views of the units and their successions: both come from the package, through ``load_units``."""

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from ocop.core.text import fold
from ocop.geo.models import AdministrativeUnit, UnitSuccession


class _ReadOnlyAdmin(admin.ModelAdmin):
    """Edits here would be undone by the next ``load_units`` and bypass its audit event."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Any], search_term: str
    ) -> tuple[QuerySet[Any], bool]:
        # Search the folded names, so that "mo duc", "Mộ Đức" and "MỘ ĐỨC" all find Mộ Đức.
        return super().get_search_results(request, queryset, fold(search_term))


@admin.register(AdministrativeUnit)
class AdministrativeUnitAdmin(_ReadOnlyAdmin):
    list_display = ["name", "code", "level", "scheme", "parent", "province_code", "region"]
    list_filter = ["scheme", "level", "region"]
    list_select_related = ["parent"]
    search_fields = ["search_name"]
    ordering = ["scheme", "level", "code"]


@admin.register(UnitSuccession)
class UnitSuccessionAdmin(_ReadOnlyAdmin):
    list_display = ["legacy", "current", "partial"]
    list_filter = ["partial", "legacy__level", "current__level"]
    list_select_related = ["legacy", "current"]
    search_fields = ["legacy__search_name", "current__search_name"]
