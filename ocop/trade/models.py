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


class Frequency(models.TextChoices):
    ONCE = "once", _("Một lần")
    WEEKLY = "weekly", _("Hằng tuần")
    MONTHLY = "monthly", _("Hằng tháng")
    QUARTERLY = "quarterly", _("Hằng quý")
    YEARLY = "yearly", _("Hằng năm")


class DemandStatus(models.TextChoices):
    OPEN = "open", _("Đang mở")
    CLOSED = "closed", _("Đã đóng")


MIN_STARS_CHOICES = [(3, _("Từ 3★")), (4, _("Từ 4★ (kể cả tiềm năng 5★)")), (5, _("5★"))]
SECTOR_CHOICES = [(number, str(number)) for number in range(1, 7)]


class Demand(TimestampedModel):
    """A buyer's demand (nhu cầu thu mua): what it wants to buy, how much, how often, and by when.

    Its constraints are those of ``ocop.trade.matching.Constraints``, which finds the products that fit.
    """

    buyer = models.ForeignKey(Buyer, on_delete=models.PROTECT, related_name="demands")
    title = models.CharField(_("tiêu đề"), max_length=200)
    sector = models.PositiveSmallIntegerField(_("ngành"), null=True, blank=True, choices=SECTOR_CHOICES)
    product_set = models.CharField(_("bộ sản phẩm"), max_length=12, blank=True)
    words = models.CharField(_("từ khóa"), max_length=100, blank=True)
    quantity = models.DecimalField(_("số lượng"), max_digits=14, decimal_places=2)
    unit = models.CharField(_("đơn vị tính"), max_length=30)
    frequency = models.CharField(_("tần suất"), max_length=10, choices=Frequency.choices)
    certifications = models.JSONField(_("chứng nhận yêu cầu"), default=list, blank=True)
    min_stars = models.PositiveSmallIntegerField(
        _("hạng sao tối thiểu"), null=True, blank=True, choices=MIN_STARS_CHOICES
    )
    provinces = models.JSONField(_("tỉnh, thành phố cung ứng"), default=list, blank=True)
    price_min_vnd = models.PositiveBigIntegerField(_("giá thấp nhất (đồng)"), null=True, blank=True)
    price_max_vnd = models.PositiveBigIntegerField(_("giá cao nhất (đồng)"), null=True, blank=True)
    deadline = models.DateField(_("hạn chót"))
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=DemandStatus.choices, default=DemandStatus.OPEN, db_index=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("nhu cầu thu mua")
        verbose_name_plural = _("nhu cầu thu mua")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(price_min_vnd__isnull=True)
                | models.Q(price_max_vnd__isnull=True)
                | models.Q(price_min_vnd__lte=models.F("price_max_vnd")),
                name="demand_price_range_in_order",
            ),
            models.CheckConstraint(condition=models.Q(quantity__gt=0), name="demand_quantity_positive"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status == DemandStatus.OPEN


class Shortlisted(TimestampedModel):
    """A product a buyer put on a demand's shortlist (danh sách chọn) to contact."""

    demand = models.ForeignKey(Demand, on_delete=models.CASCADE, related_name="shortlist")
    product = models.ForeignKey("registry.Product", on_delete=models.CASCADE, related_name="+")
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("sản phẩm trong danh sách chọn")
        verbose_name_plural = _("danh sách chọn")
        constraints = [
            models.UniqueConstraint(fields=["demand", "product"], name="shortlisted_once_per_demand"),
        ]

    def __str__(self) -> str:
        return f"{self.demand} · {self.product}"


class Offer(TimestampedModel):
    """A producer's answer to a demand (chào hàng): a product, a quantity, a price per unit, a message."""

    demand = models.ForeignKey(Demand, on_delete=models.PROTECT, related_name="offers")
    producer = models.ForeignKey("registry.Producer", on_delete=models.PROTECT, related_name="offers")
    product = models.ForeignKey("registry.Product", on_delete=models.PROTECT, related_name="offers")
    quantity = models.DecimalField(_("số lượng"), max_digits=14, decimal_places=2)
    price_vnd = models.PositiveBigIntegerField(_("giá mỗi đơn vị (đồng)"))
    message = models.TextField(_("lời nhắn"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("chào hàng")
        verbose_name_plural = _("chào hàng")
        constraints = [
            models.UniqueConstraint(fields=["demand", "product"], name="offer_once_per_product_and_demand"),
            models.CheckConstraint(condition=models.Q(quantity__gt=0), name="offer_quantity_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.product} → {self.demand}"


# Events, meetings and agreements live in their own module; Django finds models through this one.
from ocop.trade.models_agreements import (  # noqa: E402
    Agreement,
    AgreementImport,
    AgreementKind,
    AgreementLine,
    AgreementSource,
    AgreementStatus,
    ConnectionEvent,
    Delivery,
    Meeting,
    MeetingStatus,
    ProducerAnswer,
)

__all__ = [
    "Agreement",
    "AgreementImport",
    "AgreementKind",
    "AgreementLine",
    "AgreementSource",
    "AgreementStatus",
    "Buyer",
    "BuyerType",
    "ConnectionEvent",
    "Delivery",
    "Meeting",
    "MeetingStatus",
    "ProducerAnswer",
    "Verification",
]
