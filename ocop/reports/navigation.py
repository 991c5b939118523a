"""The statistics in the site's menu, for everyone."""

from django.utils.translation import gettext_lazy as _

from ocop.accounts.navigation import Entry, everyone

ENTRIES = (Entry(_("Thống kê"), "reports:statistics", shown_to=everyone),)
