"""Trade connection (kết nối giao thương): buyers, and what they and producers agree.

The interface is ``../shared/contracts/trade.md``. Buyers are organisations (a supermarket chain, a
distributor, an exporter, an e-commerce shop, a hotel or restaurant) whose people sign in with the buyer
role; an official verifies a buyer before its people see producers' contacts.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ocop.core.models import TimestampedModel


class BuyerType(models.TextChoices):
    """The contract's ``buyer_type`` codes (§2), with the Vietnamese names the agreements file accepts too."""

    SUPERMARKET = "supermarket", _("Siêu thị")
    DISTRIBUTOR = "distributor", _("Nhà phân phối")
    EXPORTER = "exporter", _("Doanh nghiệp xuất khẩu")
    ECOMMERCE = "ecommerce", _("Sàn thương mại điện tử")
    HORECA = "horeca", _("Nhà hàng, khách sạn")
    OTHER = "other", _("Khác")


class Verification(models.TextChoices):
    PENDING = "pending", _("Chờ xác minh")
    VERIFIED = "verified", _("Đã xác minh")
    REJECTED = "rejected", _("Không được xác minh")


class Buyer(TimestampedModel):
    """An organisation that buys OCOP products, registered by its own people and verified by an official of
    its province (or the centre) before it sees producers' contacts."""

    name = models.CharField(_("tên tổ chức"), max_length=255)
    buyer_type = models.CharField(_("loại hình"), max_length=20, choices=BuyerType.choices)
    tax_code = models.CharField(_("mã số thuế"), max_length=20, blank=True)
    province_code = models.PositiveIntegerField(_("tỉnh, thành phố"), db_index=True)
    address = models.CharField(_("địa chỉ"), max_length=300, blank=True)
    website = models.URLField(_("trang web"), blank=True)
    contact_name = models.CharField(_("người liên hệ"), max_length=150, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=30, blank=True)
    email = models.EmailField(_("thư điện tử"), blank=True)
    description = models.TextField(_("giới thiệu"), blank=True)
    members = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="buyers")
    verification = models.CharField(
        _("xác minh"),
        max_length=10,
        choices=Verification.choices,
        default=Verification.PENDING,
        db_index=True,
    )
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    verified_at = models.DateTimeField(_("xác minh lúc"), null=True, blank=True)
    verification_note = models.TextField(_("ghi chú xác minh"), blank=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("doanh nghiệp thu mua")
        verbose_name_plural = _("doanh nghiệp thu mua")

    def __str__(self) -> str:
        return self.name

    @property
    def is_verified(self) -> bool:
        return self.verification == Verification.VERIFIED


# Events, meetings and agreements live in their own module; Django finds models through this one.
from ocop.trade.models_agreements import (  # noqa: E402
    Agreement,
    AgreementImport,
    AgreementKind,
    AgreementSource,
    AgreementStatus,
    ConnectionEvent,
    Delivery,
    Meeting,
    MeetingStatus,
)

__all__ = [
    "Agreement",
    "AgreementImport",
    "AgreementKind",
    "AgreementSource",
    "AgreementStatus",
    "Buyer",
    "BuyerType",
    "ConnectionEvent",
    "Delivery",
    "Meeting",
    "MeetingStatus",
    "Verification",
]
