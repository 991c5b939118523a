"""The public site in the menu, and the landing of the roles whose work arrives with the next releases."""

from django.utils.translation import gettext_lazy as _

from ocop.accounts.models import Role
from ocop.accounts.navigation import Entry, Landing, everyone

ENTRIES = (
    Entry(_("Trang chủ"), "portal:home", shown_to=everyone),
    Entry(_("Sản phẩm OCOP"), "catalogue:product_list", shown_to=everyone),
)
# Council members score in evaluation and sales points run in outlets: until those apps give them a landing,
# the portal tells them what they can do today.
LANDINGS = (
    Landing(
        _("Trang của tôi"),
        "portal:my_page",
        roles=frozenset({Role.COUNCIL_MEMBER, Role.SALES_POINT_OPERATOR}),
    ),
)
