"""Connection events and agreements in the menu: officers organise, producers and buyers read their own."""

from django.utils.translation import gettext_lazy as _

from ocop.accounts.models import Role
from ocop.accounts.navigation import Entry, roles

# The same roles as the views' ``role_required`` (``ocop.trade.agreements.views``).
ENTRIES = (
    Entry(
        _("Hội nghị kết nối"),
        "trade_agreements:event_list",
        shown_to=roles(Role.CENTRAL_OFFICER, Role.PROVINCE_OFFICER),
    ),
    Entry(
        _("Thỏa thuận thương mại"),
        "trade_agreements:agreement_list",
        shown_to=roles(Role.PRODUCER, Role.BUYER),
    ),
)
