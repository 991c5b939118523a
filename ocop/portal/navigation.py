"""The public site in the menu, and the landing of the roles whose work arrives with the next releases."""

from django.utils.translation import gettext_lazy as _

from ocop.accounts.models import Role
from ocop.accounts.navigation import Entry, Landing, everyone

ENTRIES = (
    Entry(_("Trang chủ"), "portal:home", shown_to=everyone),
    Entry(_("Sản phẩm OCOP"), "catalogue:product_list", shown_to=everyone),
)
# Buyers meet producers in trade: until that app gives them a page, the portal tells them what they can do
# today. (Sales-point operators land in ocop.outlets.)
LANDINGS = (
    Landing(
        _("Trang của tôi"),
        "portal:my_page",
        roles=frozenset({Role.COUNCIL_MEMBER, Role.BUYER}),
    ),
)
