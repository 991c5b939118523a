"""Sales points in the menu: the public directory for everyone, the back office for province and central
officers, and the operators' landing on their own points."""

from django.utils.translation import gettext_lazy as _

from ocop.accounts.models import Role
from ocop.accounts.navigation import Entry, Landing, everyone, roles

PUBLIC_ENTRIES: tuple[Entry, ...] = (Entry(_("Điểm bán OCOP"), "outlets:directory", shown_to=everyone),)
ENTRIES: tuple[Entry, ...] = (
    Entry(_("Quản lý điểm bán"), "outlets:home", shown_to=roles(Role.PROVINCE_OFFICER, Role.CENTRAL_OFFICER)),
)
LANDINGS: tuple[Landing, ...] = (
    Landing(_("Điểm bán của tôi"), "outlets:home", roles=frozenset({Role.SALES_POINT_OPERATOR})),
)
