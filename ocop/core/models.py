from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class TimestampedModel(models.Model):
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        abstract = True


class AuditEvent(models.Model):
    """One state change: who did what to which object, when, with what details.

    Services write it in the same transaction as the change it records, so an event exists exactly when
    the change does. Rows are never updated or deleted by the platform.
    """

    occurred_at = models.DateTimeField(_("thời điểm"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thực hiện"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    action = models.CharField(_("hành động"), max_length=80, db_index=True)
    object_type = models.CharField(_("loại đối tượng"), max_length=80)
    object_id = models.CharField(_("mã đối tượng"), max_length=64)
    object_repr = models.CharField(_("đối tượng"), max_length=300, blank=True)
    # The current province the object belongs to, so audit views can be scoped like everything else.
    province_code = models.PositiveIntegerField(null=True, blank=True, db_index=True)
    details = models.JSONField(_("chi tiết"), default=dict, blank=True)

    class Meta:
        ordering = ["-occurred_at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]
        verbose_name = _("sự kiện nhật ký")
        verbose_name_plural = _("nhật ký thay đổi")

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.action} {self.object_type}#{self.object_id}"


class EvidenceFile(models.Model):
    """One file's bytes, stored once under its SHA-256 outside the public media (``ocop.core.private_files``).

    Kept in core because more than one app holds evidence: a dossier's (evaluation) and a revocation's
    (registry), and the registry may not import the evaluation app. The model was the evaluation app's; its
    table keeps that name, so moving it changed no row, no foreign key and no many-to-many column.
    """

    sha256 = models.CharField(max_length=64, unique=True)
    content_type = models.CharField(_("kiểu tệp"), max_length=40)
    byte_size = models.PositiveIntegerField(_("dung lượng (byte)"))
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    class Meta:
        db_table = "evaluation_evidencefile"
        verbose_name = _("tệp minh chứng")
        verbose_name_plural = _("tệp minh chứng")

    def __str__(self) -> str:
        return f"{self.sha256[:12]} ({self.content_type})"
