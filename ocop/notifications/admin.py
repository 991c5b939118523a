"""Notifications in the Django admin, read-only for central staff: what was sent to whom, and which mails
failed (``mail_error``), to look into the relay."""

from django.contrib import admin

from ocop.accounts.admin import CentralStaffAdmin
from ocop.notifications.models import Notification


@admin.register(Notification)
class NotificationAdmin(CentralStaffAdmin):
    list_display = ("subject", "recipient", "kind", "created_at", "read_at", "sent_at", "mail_error")
    list_filter = ("kind",)
    search_fields = ("subject", "recipient__email", "key")
    list_select_related = ("recipient",)
    date_hierarchy = "created_at"
