"""The registry in the menu: officials' lists and imports, and the producers' landing (officers land on
``ocop.reports``' dashboard, which shows the registry's ``registry:dashboard`` sections among others)."""

from django.utils.translation import gettext_lazy as _

from ocop.accounts.models import OFFICER_ROLES, Role
from ocop.accounts.navigation import Entry, Landing, roles

# The same roles as the views' ``role_required`` (``views.records.OFFICIAL_ROLES``, ``views.imports``).
OFFICIALS = roles(*OFFICER_ROLES, Role.COUNCIL_MEMBER)
IMPORTERS = roles(Role.CENTRAL_OFFICER, Role.PROVINCE_OFFICER)
ENTRIES = (
    Entry(_("Quản lý sản phẩm"), "registry:product_list", shown_to=OFFICIALS),
    Entry(_("Quản lý chủ thể"), "registry:producer_list", shown_to=OFFICIALS),
    Entry(_("Nhập dữ liệu"), "registry:import_list", shown_to=IMPORTERS),
)
LANDINGS = (Landing(_("Sản phẩm của tôi"), "registry:producer_home", roles=frozenset({Role.PRODUCER})),)
