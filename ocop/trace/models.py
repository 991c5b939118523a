"""Batches (lô) of a product, the stamps (tem) issued for them, and every scan of a stamp.

The interface is ``../shared/contracts/stamps.md``: a stamp is a GS1 Digital Link URI on the platform's own
domain, ``/01/{gtin14}/10/{lot}/21/{serial}`` or ``/p/{product code}/10/{lot}/21/{serial}``
(``ocop.trace.links``), and its scan answers whether this unit is genuine and whether the product's OCOP
certificate is valid today, by the registry's one status rule (``ocop.registry.status``).

A stamp row is kept narrow (a scan reads and updates exactly one row by its serial, and there may be tens
of millions): its scan count and first scan are counters on it, so that "scanned N times since …" never
counts the scans table.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ocop.core.models import TimestampedModel
from ocop.registry.models import Product


class Batch(TimestampedModel):
    """One production lot of a product: what its stamps, its scans and its EPCIS events are about."""

    product = models.ForeignKey(
        Product, verbose_name=_("sản phẩm"), on_delete=models.PROTECT, related_name="batches"
    )
    # GS1 application identifier 10: up to 20 characters; the stamp URI percent-encodes it.
    lot = models.CharField(_("số lô"), max_length=20)
    produced_on = models.DateField(_("ngày sản xuất"))
    expires_on = models.DateField(_("hạn sử dụng"), null=True, blank=True)
    quantity = models.PositiveIntegerField(_("số lượng"), null=True, blank=True)
    unit = models.CharField(_("đơn vị tính"), max_length=30, blank=True)
    raw_material_origin = models.TextField(_("nguồn gốc nguyên liệu"), blank=True)
    suppliers = models.TextField(_("nhà cung cấp nguyên liệu"), blank=True)
    # [{"step": "Rang", "on": "2026-11-30", "note": "…"}]: in the order they happened.
    processing_steps = models.JSONField(_("các công đoạn chế biến"), default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-produced_on", "-id"]
        constraints = [models.UniqueConstraint(fields=["product", "lot"], name="batch_unique_lot")]
        verbose_name = _("lô sản phẩm")
        verbose_name_plural = _("lô sản phẩm")

    def __str__(self) -> str:
        return f"{self.product} · {self.lot}"


class StampRun(models.Model):
    """One issuing of stamps for a batch: how many, by whom, and whether they insisted past the warning
    that the product has no valid OCOP certificate (the contract's ``--force``)."""

    batch = models.ForeignKey(Batch, on_delete=models.PROTECT, related_name="runs")
    count = models.PositiveIntegerField(_("số tem"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # The certificate status the warning named when the issuer insisted; empty when there was none.
    overridden_warning = models.CharField(_("cảnh báo đã bỏ qua"), max_length=20, blank=True)
    created_at = models.DateTimeField(_("phát hành lúc"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("đợt phát hành tem")
        verbose_name_plural = _("đợt phát hành tem")

    def __str__(self) -> str:
        return f"{self.batch} · {self.count}"


class Stamp(models.Model):
    """One unit's stamp. ``serial``: 72 random bits (``ocop.trace.links.new_serial``), unique everywhere,
    so a scan finds the stamp by its serial alone and checks the product and lot of the URI against it."""

    serial = models.CharField(_("số sê-ri"), max_length=20, unique=True)
    batch = models.ForeignKey(Batch, on_delete=models.PROTECT, related_name="stamps")
    run = models.ForeignKey(StampRun, on_delete=models.PROTECT, related_name="stamps")
    scan_count = models.PositiveIntegerField(_("số lần quét"), default=0)
    first_scanned_at = models.DateTimeField(_("quét lần đầu lúc"), null=True, blank=True)
    last_scanned_at = models.DateTimeField(_("quét lần cuối lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("tem")
        verbose_name_plural = _("tem")

    def __str__(self) -> str:
        return self.serial


class Scan(models.Model):
    """One scan of a genuine stamp. The place is only what the phone offered with consent, coarsened to a
    province (``province_code``) and a tenth of a degree, never more."""

    stamp = models.ForeignKey(Stamp, on_delete=models.CASCADE, related_name="scans")
    # Indexed with the stamp only: every index is written on every scan.
    scanned_at = models.DateTimeField(_("quét lúc"))
    province_code = models.PositiveIntegerField(_("tỉnh"), null=True, blank=True)
    latitude = models.DecimalField(max_digits=4, decimal_places=1, null=True, blank=True)
    longitude = models.DecimalField(max_digits=4, decimal_places=1, null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["stamp", "scanned_at"])]
        verbose_name = _("lượt quét")
        verbose_name_plural = _("lượt quét")

    def __str__(self) -> str:
        return f"{self.stamp_id} {self.scanned_at:%Y-%m-%d %H:%M}"


class UnknownScan(models.Model):
    """A scan of a URI naming a product the platform knows with a lot or serial it never issued: the
    trace a copied code with altered serials leaves (``ocop.trace.signals``)."""

    product = models.ForeignKey(
        Product, verbose_name=_("sản phẩm"), on_delete=models.CASCADE, related_name="unknown_scans"
    )
    lot = models.CharField(_("số lô"), max_length=20)
    serial = models.CharField(_("số sê-ri"), max_length=20)
    scanned_at = models.DateTimeField(_("quét lúc"), db_index=True)

    class Meta:
        indexes = [models.Index(fields=["product", "scanned_at"])]
        verbose_name = _("lượt quét tem không do nền tảng phát hành")
        verbose_name_plural = _("lượt quét tem không do nền tảng phát hành")

    def __str__(self) -> str:
        return f"{self.lot}/{self.serial}"


class SheetJobState(models.TextChoices):
    QUEUED = "queued", _("đang chờ")
    RUNNING = "running", _("đang làm")
    DONE = "done", _("xong")
    FAILED = "failed", _("không thành công")


class SheetFormat(models.TextChoices):
    PDF = "pdf", _("PDF để in")
    SVG = "svg", _("SVG (tệp nén ZIP nếu nhiều trang)")
    # The contract's URI file (``issue_stamps``): for a printer's pipeline, and for runs too large to draw.
    URIS = "txt", _("Danh sách địa chỉ tem (TXT) cho máy in của nhà in")


class SheetJob(models.Model):
    """Issuing a run and drawing its printable sheet, in the background (``ocop.trace.jobs``).

    A job asked with a count issues its run first (``run`` empty until then), then draws the sheet; a job
    for an existing run only draws. Issuing is all or nothing, so a failed job either has its run, whose
    sheet a retry draws again, or has issued nothing, and a retry issues."""

    batch = models.ForeignKey(Batch, on_delete=models.PROTECT, related_name="sheet_jobs")
    run = models.ForeignKey(
        StampRun, null=True, blank=True, on_delete=models.PROTECT, related_name="sheet_jobs"
    )
    count = models.PositiveIntegerField(_("số tem"))
    # The issuer ticked "Tôi vẫn phát hành" past the certificate warning: passed on as ``force``.
    insisted = models.BooleanField(_("vẫn phát hành dù có cảnh báo"), default=False)
    label_size = models.CharField(_("khổ nhãn"), max_length=20)
    format = models.CharField(_("định dạng"), max_length=3, choices=SheetFormat.choices)
    state = models.CharField(
        _("trạng thái"), max_length=10, choices=SheetJobState.choices, default=SheetJobState.QUEUED
    )
    # What the progress bar shows: stamps issued, then labels drawn, out of ``total``.
    phase = models.CharField(_("bước"), max_length=10, blank=True)
    done = models.PositiveIntegerField(_("đã xong"), default=0)
    total = models.PositiveIntegerField(_("tổng"), default=0)
    # Relative to ``settings.PRIVATE_FILES_ROOT``.
    file_path = models.CharField(max_length=200, blank=True)
    error = models.TextField(_("lỗi"), blank=True)
    # "host:pid" of the process whose thread runs the job: a restarted server sees at once that it is gone.
    runner = models.CharField(max_length=100, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    # The last sign of life of the running thread: every progress update moves it.
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["state", "created_at"])]
        verbose_name = _("tệp tem")
        verbose_name_plural = _("tệp tem")

    def __str__(self) -> str:
        return f"{self.batch} · {self.count} · {self.format}"

    @property
    def percent(self) -> int:
        return int(self.done * 100 / self.total) if self.total else 0


class AlertKind(models.TextChoices):
    """What made a stamp or a product look copied (``ocop.trace.signals`` says each threshold and why)."""

    MANY_SCANS = "many_scans", _("Một tem bị quét quá nhiều lần")
    FAR_APART = "far_apart", _("Một tem được quét ở hai nơi cách xa nhau")
    UNKNOWN_BURST = "unknown_burst", _("Nhiều lượt quét mã không do nền tảng phát hành")


class Alert(models.Model):
    """A counterfeit signal (cảnh báo hàng giả) raised once for what it is about: ``key`` names the kind,
    the stamp or product and the day, so the same signal raises one alert, and notifies once, per day."""

    kind = models.CharField(_("loại cảnh báo"), max_length=20, choices=AlertKind.choices)
    product = models.ForeignKey(
        Product, verbose_name=_("sản phẩm"), on_delete=models.CASCADE, related_name="alerts"
    )
    batch = models.ForeignKey(
        Batch, verbose_name=_("lô"), null=True, blank=True, on_delete=models.CASCADE, related_name="alerts"
    )
    stamp = models.ForeignKey(
        Stamp, verbose_name=_("tem"), null=True, blank=True, on_delete=models.CASCADE, related_name="alerts"
    )
    # Where the signal was seen, when a scan said so (a far-apart pair names the later one's province).
    province_code = models.PositiveIntegerField(_("tỉnh"), null=True, blank=True)
    details = models.JSONField(_("chi tiết"), default=dict, blank=True)
    key = models.CharField(max_length=120, unique=True)
    created_at = models.DateTimeField(_("phát hiện lúc"))
    resolved_at = models.DateTimeField(_("xử lý lúc"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người xử lý"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["product", "created_at"])]
        verbose_name = _("cảnh báo hàng giả")
        verbose_name_plural = _("cảnh báo hàng giả")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.product_id}"


class Shipment(models.Model):
    """A part of a batch leaving the producer for a buyer, a sales point or a warehouse, and its arrival.

    What the EPCIS document of the batch tells as shipping and receiving events (``ocop.trace.epcis``); the
    destination is a name, with a GLN when the receiver has one (``https://id.gs1.org/414/{gln}`` in the
    event's ``destinationList``) and the province it went to. Recorded by those who manage the batch;
    sales points of their own receive through the same record when they come (issue #12).
    """

    batch = models.ForeignKey(Batch, on_delete=models.PROTECT, related_name="shipments")
    quantity = models.PositiveIntegerField(_("số lượng xuất"))
    shipped_at = models.DateTimeField(_("xuất lúc"))
    destination_name = models.CharField(_("nơi nhận"), max_length=200)
    destination_gln = models.CharField(_("mã GLN của nơi nhận"), max_length=13, blank=True)
    destination_province_code = models.PositiveIntegerField(_("tỉnh, thành phố nhận"), null=True, blank=True)
    destination_address = models.CharField(_("địa chỉ nơi nhận"), max_length=300, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)
    received_at = models.DateTimeField(_("nhận lúc"), null=True, blank=True)
    received_quantity = models.PositiveIntegerField(_("số lượng nhận"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["shipped_at", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(quantity__gt=0), name="shipment_quantity_positive"),
            models.CheckConstraint(
                condition=models.Q(received_at__isnull=True)
                | models.Q(received_at__gte=models.F("shipped_at")),
                name="shipment_received_after_shipped",
            ),
            models.CheckConstraint(
                condition=models.Q(received_quantity__isnull=True)
                | models.Q(received_quantity__lte=models.F("quantity")),
                name="shipment_received_at_most_shipped",
            ),
        ]
        verbose_name = _("chuyến xuất hàng")
        verbose_name_plural = _("chuyến xuất hàng")

    def __str__(self) -> str:
        return f"{self.batch} → {self.destination_name}"
