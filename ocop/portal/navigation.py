"""The public site in the menu, and the landing of the roles whose work arrives with the next releases."""

from django.utils.translation import gettext_lazy as _

from ocop.accounts.models import Role
from ocop.accounts.navigation import Entry, Landing, everyone

ENTRIES = (
    Entry(_("Trang chủ"), "portal:home", shown_to=everyone),
    Entry(_("Sản phẩm OCOP"), "catalogue:product_list", shown_to=everyone),
)
# Council members land on the dossiers they score (ocop.evaluation), buyers in ocop.trade, sales-point
# operators in ocop.outlets: this page remains for a role whose app has not given it a landing.
LANDINGS = (
    Landing(
        _("Trang của tôi"),
        "portal:my_page",
        roles=frozenset({Role.COUNCIL_MEMBER}),
    ),
)
