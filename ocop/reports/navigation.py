"""The statistics in the site's menu, for everyone; the targets, for officers; and the officers' landing:
their dashboard."""

from django.utils.translation import gettext_lazy as _

from ocop.accounts.models import OFFICER_ROLES
from ocop.accounts.navigation import Entry, Landing, everyone, roles

ENTRIES = (Entry(_("Thống kê"), "reports:statistics", shown_to=everyone),)
WORK_ENTRIES = (Entry(_("Mục tiêu"), "reports:target_list", shown_to=roles(*OFFICER_ROLES)),)
LANDINGS = (Landing(_("Bảng điều khiển"), "reports:dashboard", roles=frozenset(OFFICER_ROLES)),)
