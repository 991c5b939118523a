"""Trade in the menu: the buyer's page (their landing), producers' fitting demands, officers' verification."""

from django.utils.translation import gettext_lazy as _

from ocop.accounts.models import Role
from ocop.accounts.navigation import Entry, Landing, roles

ENTRIES: tuple[Entry, ...] = (
    Entry(_("Nhu cầu phù hợp"), "trade:fitting_demands", shown_to=roles(Role.PRODUCER)),
    Entry(
        _("Xác minh bên mua"),
        "trade:buyer_review_list",
        shown_to=roles(Role.PROVINCE_OFFICER, Role.CENTRAL_OFFICER),
    ),
)
LANDINGS: tuple[Landing, ...] = (
    Landing(_("Giao thương"), "trade:buyer_home", roles=frozenset({Role.BUYER})),
)
