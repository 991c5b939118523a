"""The public site in the menu."""

from django.utils.translation import gettext_lazy as _

from ocop.accounts.navigation import Entry, Landing, everyone

ENTRIES = (
    Entry(_("Trang chủ"), "portal:home", shown_to=everyone),
    Entry(_("Sản phẩm OCOP"), "catalogue:product_list", shown_to=everyone),
)
# Every role lands in the app that holds its work (registry, evaluation, trade, outlets); the public site
# is nobody's landing. /trang-cua-toi/ sends each one there.
LANDINGS: tuple[Landing, ...] = ()
