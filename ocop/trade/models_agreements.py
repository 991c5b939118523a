"""Connection events (hội nghị kết nối), meetings at them, and what they signed: memoranda and contracts.

The agreements file (``../shared/contracts/trade.md`` §2) and the officers' screens write here; the trade
statistics (§3) read it. An agreement names its parties as the file does (names, types, tax code) and is
linked to the registered producer, buyer and products where they are known, so a file can report parties
the platform has never seen.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from ocop.core.models import TimestampedModel
from ocop.registry.models import Producer, Product
from ocop.trade.models import Buyer, BuyerType


class ConnectionEvent(TimestampedModel):
    """Hội nghị kết nối cung cầu: producers and buyers meet, and sign memoranda and contracts."""

    name = models.CharField(_("tên hội nghị"), max_length=255)
    # Folded (lower case, no diacritics): the agreements file names an event by name and date.
    search_name = models.CharField(max_length=255, db_index=True, editable=False)
    date = models.DateField(_("ngày tổ chức"), null=True, blank=True)
    place = models.CharField(_("địa điểm"), max_length=300, blank=True)
    province_code = models.PositiveIntegerField(_("tỉnh, thành phố"), db_index=True)
    organiser = models.CharField(_("đơn vị tổ chức"), max_length=255, blank=True)
    description = models.TextField(_("mô tả"), blank=True)
    producers = models.ManyToManyField(Producer, blank=True, related_name="connection_events")
    buyers = models.ManyToManyField(Buyer, blank=True, related_name="connection_events")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("hội nghị kết nối")
        verbose_name_plural = _("hội nghị kết nối")

    def __str__(self) -> str:
        return self.name


class MeetingStatus(models.TextChoices):
    REQUESTED = "requested", _("Đã đề nghị")
    SCHEDULED = "scheduled", _("Đã xếp lịch")
    HELD = "held", _("Đã gặp")
    DECLINED = "declined", _("Đã từ chối")
    CANCELLED = "cancelled", _("Đã hủy")


class Meeting(TimestampedModel):
    """A meeting between a buyer and a producer at an event, requested by either side or by the organiser."""

    event = models.ForeignKey(ConnectionEvent, on_delete=models.CASCADE, related_name="meetings")
    buyer = models.ForeignKey(Buyer, verbose_name=_("bên mua"), on_delete=models.PROTECT, related_name="+")
    producer = models.ForeignKey(
        Producer, verbose_name=_("chủ thể"), on_delete=models.PROTECT, related_name="+"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    scheduled_at = models.DateTimeField(_("thời gian gặp"), null=True, blank=True)
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=MeetingStatus.choices, default=MeetingStatus.REQUESTED
    )
    note = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        ordering = ["scheduled_at", "id"]
        verbose_name = _("cuộc gặp")
        verbose_name_plural = _("cuộc gặp")


class AgreementKind(models.TextChoices):
    MEMORANDUM = "mou", _("Biên bản ghi nhớ")
    CONTRACT = "contract", _("Hợp đồng")


class AgreementStatus(models.TextChoices):
    SIGNED = "signed", _("Đã ký")
    IN_PROGRESS = "in_progress", _("Đang thực hiện")
    FULFILLED = "fulfilled", _("Đã hoàn thành")
    CANCELLED = "cancelled", _("Đã hủy")


class AgreementSource(models.TextChoices):
    SCREEN = "screen", _("Nhập trên màn hình")
    IMPORT = "import", _("Nhập từ tệp")


class ProducerAnswer(models.TextChoices):
    """Whether the producer stands behind an agreement a buyer recorded (issue #12: trust in the report).

    Officers and the agreements file report what both sides signed, so theirs are not asked; a buyer's own
    record waits for the producer, and counts in the public figures only once confirmed (``TRUSTED``).
    """

    NOT_ASKED = "not_asked", _("Không cần xác nhận")
    PENDING = "pending", _("Chờ chủ thể xác nhận")
    CONFIRMED = "confirmed", _("Chủ thể đã xác nhận")
    DISPUTED = "disputed", _("Chủ thể không xác nhận")


# The one rule of which documents the public figures count (and the parties follow up): the ones nobody
# needed to confirm, and the ones their producer confirmed. ``TRUSTED`` (SQL) and ``is_trusted`` (a row in
# hand) are both built from this tuple.
TRUSTED_ANSWERS = (ProducerAnswer.NOT_ASKED, ProducerAnswer.CONFIRMED)
TRUSTED = Q(producer_answer__in=TRUSTED_ANSWERS)


class AgreementQuerySet(models.QuerySet["Agreement"]):
    def trusted(self) -> "AgreementQuerySet":
        return self.filter(TRUSTED)


class AgreementImport(TimestampedModel):
    """One agreements file written: who, which file, what it changed (a refused file leaves none)."""

    acting_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người nhập"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    file_name = models.CharField(_("tên tệp"), max_length=255)
    sha256 = models.CharField(max_length=64)
    summary = models.JSONField(_("kết quả"), default=dict)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("lượt nhập thỏa thuận")
        verbose_name_plural = _("lượt nhập thỏa thuận")


class Agreement(TimestampedModel):
    """A memorandum (biên bản ghi nhớ) or a sales contract (hợp đồng tiêu thụ) between a buyer and a producer.

    ``identity`` is the contract's natural key (§2): kind, document number and signing day, or, without a
    number, every cell of the row; importing a file again finds each document by it and changes nothing.
    """

    kind = models.CharField(_("loại văn bản"), max_length=10, choices=AgreementKind.choices)
    document_no = models.CharField(_("số văn bản"), max_length=100, blank=True)
    signed_on = models.DateField(_("ngày ký"), db_index=True)
    identity = models.CharField(max_length=64, unique=True, editable=False)
    event = models.ForeignKey(
        ConnectionEvent,
        verbose_name=_("hội nghị kết nối"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="agreements",
    )
    buyer = models.ForeignKey(
        Buyer, null=True, blank=True, on_delete=models.PROTECT, related_name="agreements"
    )
    buyer_name = models.CharField(_("bên mua"), max_length=255)
    buyer_type = models.CharField(_("loại hình bên mua"), max_length=20, choices=BuyerType.choices)
    producer = models.ForeignKey(
        Producer, null=True, blank=True, on_delete=models.PROTECT, related_name="agreements"
    )
    producer_name = models.CharField(_("chủ thể"), max_length=255)
    producer_tax_code = models.CharField(_("mã số thuế chủ thể"), max_length=20, blank=True)
    province_code = models.PositiveIntegerField(_("tỉnh, thành phố"), db_index=True)
    products = models.ManyToManyField(Product, blank=True, related_name="agreements")
    product_codes = models.CharField(_("mã sản phẩm OCOP"), max_length=1000, blank=True)
    value_vnd = models.BigIntegerField(_("giá trị (đồng)"), null=True, blank=True)
    status = models.CharField(
        _("trạng thái"), max_length=12, choices=AgreementStatus.choices, default=AgreementStatus.SIGNED
    )
    # The sum of ``deliveries``, kept by the services that write them.
    delivered_vnd = models.BigIntegerField(_("giá trị đã giao (đồng)"), default=0)
    note = models.TextField(_("ghi chú"), blank=True)
    source = models.CharField(max_length=10, choices=AgreementSource.choices, default=AgreementSource.SCREEN)
    import_batch = models.ForeignKey(
        AgreementImport, null=True, blank=True, on_delete=models.PROTECT, related_name="agreements"
    )
    producer_answer = models.CharField(
        _("xác nhận của chủ thể"),
        max_length=10,
        choices=ProducerAnswer.choices,
        default=ProducerAnswer.NOT_ASKED,
        db_index=True,
    )
    dispute_reason = models.TextField(_("lý do không xác nhận"), blank=True)
    answered_at = models.DateTimeField(_("thời điểm trả lời"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người trả lời"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    objects = AgreementQuerySet.as_manager()

    class Meta:
        ordering = ["-signed_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(producer_answer="disputed") | ~Q(dispute_reason=""),
                name="agreement_dispute_has_reason",
                violation_error_message=_("Hãy ghi lý do không xác nhận."),
            ),
            models.CheckConstraint(
                condition=Q(value_vnd__isnull=True) | Q(value_vnd__gte=0),
                name="agreement_value_not_negative",
                violation_error_message=_("Giá trị không được âm."),
            ),
            models.CheckConstraint(
                condition=~Q(kind="contract") | Q(value_vnd__isnull=False),
                name="agreement_contract_has_value",
                violation_error_message=_("Hợp đồng phải có giá trị."),
            ),
            models.CheckConstraint(
                condition=Q(delivered_vnd__gte=0),
                name="agreement_delivered_not_negative",
                violation_error_message=_("Giá trị đã giao không được âm."),
            ),
            models.CheckConstraint(
                condition=Q(value_vnd__isnull=True) | Q(delivered_vnd__lte=F("value_vnd")),
                name="agreement_delivered_within_value",
                violation_error_message=_("Giá trị nhỏ hơn giá trị đã giao."),
            ),
        ]
        verbose_name = _("thỏa thuận")
        verbose_name_plural = _("thỏa thuận")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.document_no or self.pk}"

    @property
    def is_trusted(self) -> bool:
        """``TRUSTED`` for one row in hand (the pages and follow-up checks)."""
        return self.producer_answer in TRUSTED_ANSWERS


class Delivery(TimestampedModel):
    """Value delivered under an agreement on a day; the agreement's ``delivered_vnd`` is their sum.

    ``from_import`` marks the one delivery an agreements file keeps: the file's ``delivered_vnd`` less
    what was recorded on screen.
    """

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="deliveries")
    on = models.DateField(_("ngày giao"))
    value_vnd = models.BigIntegerField(_("giá trị (đồng)"))
    from_import = models.BooleanField(default=False)

    class Meta:
        ordering = ["on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(value_vnd__gte=0),
                name="delivery_value_not_negative",
                violation_error_message=_("Giá trị không được âm."),
            ),
        ]
        verbose_name = _("lần giao hàng")
        verbose_name_plural = _("lần giao hàng")


class AgreementLine(TimestampedModel):
    """One product of an agreement with the quantity (số lượng) agreed and its unit (đơn vị tính).

    The screens write lines with a quantity; the agreements file (contract §2) has no quantity column, so
    what it imports has no lines, and its products are the agreement's ``products``.
    """

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="lines")
    product = models.ForeignKey(
        Product, verbose_name=_("sản phẩm"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # As typed or as the product's code: a line may name a product the platform has not registered.
    product_code = models.CharField(_("mã sản phẩm OCOP"), max_length=40, blank=True)
    quantity = models.DecimalField(_("số lượng"), max_digits=14, decimal_places=2, null=True, blank=True)
    unit = models.CharField(_("đơn vị tính"), max_length=30, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(quantity__isnull=True) | Q(quantity__gt=0),
                name="agreement_line_quantity_positive",
                violation_error_message=_("Số lượng phải lớn hơn 0."),
            ),
        ]
        verbose_name = _("dòng sản phẩm của thỏa thuận")
        verbose_name_plural = _("dòng sản phẩm của thỏa thuận")

    def __str__(self) -> str:
        return f"{self.product_code or self.product_id} × {self.quantity} {self.unit}".strip()
