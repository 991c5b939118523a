"""Thông báo: what the platform tells one person, in their inbox on the site and by e-mail.

A notification is written once per (recipient, key): the key names the event (a certificate's reminder
at one deadline, say), so whoever sends it may call ``services.notify`` as often as it likes. The row is
also the record of what was sent to whom and when, and whether the e-mail went out.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người nhận"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    # Set by the app that sends it ("certificate_reminder"): this app knows none of them.
    kind = models.CharField(_("loại"), max_length=40)
    key = models.CharField(_("khóa"), max_length=120)
    subject = models.CharField(_("tiêu đề"), max_length=200)
    body = models.TextField(_("nội dung"))
    # A path on this site ("/tu-danh-gia/…"); the e-mail gives it in full with ``SITE_URL``.
    link = models.CharField(_("liên kết"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), default=timezone.now)
    read_at = models.DateTimeField(_("đọc lúc"), null=True, blank=True)
    sent_at = models.DateTimeField(_("gửi thư lúc"), null=True, blank=True)
    mail_error = models.CharField(_("lỗi gửi thư"), max_length=300, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["recipient", "key"], name="notification_once_per_recipient_key")
        ]
        indexes = [
            models.Index(fields=["recipient", "-created_at"], name="notification_inbox"),
            models.Index(fields=["recipient"], condition=models.Q(read_at=None), name="notification_unread"),
            # What one sender has sent lately (a sender that calls often skips those first).
            models.Index(fields=["kind", "created_at"], name="notification_kind_created"),
        ]
        verbose_name = _("thông báo")
        verbose_name_plural = _("thông báo")

    def __str__(self) -> str:
        return self.subject
