"""The statistics in the site's menu, for everyone; the targets, for officers."""

from django.utils.translation import gettext_lazy as _

from ocop.accounts.models import OFFICER_ROLES
from ocop.accounts.navigation import Entry, everyone, roles

ENTRIES = (Entry(_("Thống kê"), "reports:statistics", shown_to=everyone),)
WORK_ENTRIES = (Entry(_("Mục tiêu"), "reports:target_list", shown_to=roles(*OFFICER_ROLES)),)
