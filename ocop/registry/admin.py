"""The Django admin for the registry, for central staff only.

Producers and products are changed here through the same services as on the officials' screens, so every
admin save is checked the same way and audited with its changes; only the fields those services let
change are editable. Nothing is added or deleted here: records come from the recognitions import and the
services, and certificates, audit events and statistics point at them.

Certificates are shown, not edited: they are added and revoked on the product's page, where the rules
that apply (potential 5★ only on 4★, revocation not before the decision) are checked. Classifications,
product sets, rule sets and import batches are data loaded from files or written by the import: read-only.
"""

from typing import Any

from django.contrib import admin
from django.forms import ModelForm
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from ocop.accounts.access import is_central_staff
from ocop.accounts.admin import CentralStaffAdmin
from ocop.registry import services
from ocop.registry.forms import ProducerForm, ProductForm
from ocop.registry.models import (
    Certificate,
    Classification,
    ImportBatch,
    Producer,
    Product,
    ProductSet,
    RuleSet,
    Sector,
)

LOCATION_FIELDS = (
    "unit_scheme",
    "unit",
    "province_code",
    "commune_code",
    "legacy_province_code",
    "legacy_district_code",
    "legacy_commune_code",
)


class CertificateInline(admin.TabularInline):
    model = Certificate
    extra = 0
    can_delete = False
    show_change_link = True
    fields = (
        "number",
        "stars",
        "potential_five_star",
        "score",
        "decision_no",
        "decision_date",
        "valid_until",
        "revoked_on",
        "revocation_ground",
        "revocation_reason",
        "issuing_level",
        "rule_set",
    )
    readonly_fields = fields
    ordering = ("-decision_date", "-id")

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_central_staff(request.user)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Producer)
class ProducerAdmin(CentralStaffAdmin):
    form = ProducerForm
    list_display = ("name", "producer_type", "tax_code", "province_code", "commune_code", "updated_at")
    list_filter = ("producer_type", "women_led", "ethnic_minority_led", "unit_scheme")
    search_fields = ("name", "search_name", "tax_code")
    fieldsets = (
        (None, {"fields": tuple(ProducerForm.field_order)}),
        (_("Địa bàn (từ lúc ghi nhận, không sửa ở đây)"), {"fields": LOCATION_FIELDS}),
        (_("Khác"), {"fields": ("members", "search_name", "created_at", "updated_at")}),
    )
    readonly_fields = (*LOCATION_FIELDS, "members", "search_name", "created_at", "updated_at")
    list_select_related = ("unit",)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_central_staff(request.user)

    def save_model(self, request: HttpRequest, obj: Producer, form: ModelForm, change: bool) -> None:
        changes = {name: form.cleaned_data[name] for name in form.changed_data}
        services.producer_update(acting_user=request.user, producer=obj, **changes)


@admin.register(Product)
class ProductAdmin(CentralStaffAdmin):
    form = ProductForm
    list_display = ("name", "code", "producer", "sector", "product_set", "province_code", "commune_code")
    list_filter = ("sector", "unit_scheme")
    search_fields = ("name", "search_name", "code", "producer__name")
    fieldsets = (
        (None, {"fields": tuple(ProductForm.field_order)}),
        (
            _("Suy ra (không sửa ở đây)"),
            {"fields": ("sector", "classification", "latest_certificate", "producer")},
        ),
        (_("Địa bàn (từ lúc ghi nhận, không sửa ở đây)"), {"fields": LOCATION_FIELDS}),
        (_("Khác"), {"fields": ("search_name", "created_at", "updated_at")}),
    )
    readonly_fields = (
        "sector",
        "classification",
        "latest_certificate",
        "producer",
        *LOCATION_FIELDS,
        "search_name",
        "created_at",
        "updated_at",
    )
    inlines = (CertificateInline,)
    list_select_related = ("producer", "product_set")

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_central_staff(request.user)

    def save_model(self, request: HttpRequest, obj: Product, form: ModelForm, change: bool) -> None:
        changes = {name: form.cleaned_data[name] for name in form.changed_data}
        if "product_set" in changes and changes["product_set"] is not None:
            changes["sector"] = changes["product_set"].sector  # the sector follows the set
        services.product_update(acting_user=request.user, product=obj, **changes)


@admin.register(Certificate)
class CertificateAdmin(CentralStaffAdmin):
    list_display = (
        "number",
        "product",
        "stars",
        "potential_five_star",
        "decision_no",
        "decision_date",
        "valid_until",
    )
    list_filter = ("stars", "potential_five_star", "issuing_level", "rule_set", "revocation_ground")
    search_fields = ("number", "decision_no", "product__name", "product__code")
    date_hierarchy = "decision_date"
    list_select_related = ("product",)


@admin.register(Classification)
class ClassificationAdmin(CentralStaffAdmin):
    list_display = ("code", "decision", "decision_date", "valid_from", "valid_until")


@admin.register(Sector)
class SectorAdmin(CentralStaffAdmin):
    list_display = ("number", "name", "classification")
    list_filter = ("classification",)


@admin.register(ProductSet)
class ProductSetAdmin(CentralStaffAdmin):
    list_display = ("code", "name", "group_code", "group_name", "sector", "classification")
    list_filter = ("classification", "sector")
    search_fields = ("code", "name")


@admin.register(RuleSet)
class RuleSetAdmin(CentralStaffAdmin):
    list_display = ("code", "decision", "valid_from", "valid_until", "certificate_validity_months")


@admin.register(ImportBatch)
class ImportBatchAdmin(CentralStaffAdmin):
    list_display = ("created_at", "file_name", "state", "rows_done", "rows_total", "acting_user")
    list_filter = ("state",)
    search_fields = ("file_name", "sha256")
    list_select_related = ("acting_user",)
