"""The national OCOP registry: producers (chủ thể), products and their certificate history.

A certificate's status (valid, expired, revoked, superseded) is never stored: it is derived from its dates
and the product's later certificates at the moment it is asked for (``Certificate.status_on``).
Location is kept twice: the unit as recorded (either scheme) and its current-scheme mapping, plus plain
integer codes of both schemes so statistics can group without joins.
"""

import datetime
from collections.abc import Iterable

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from ocop.core.models import EvidenceFile, TimestampedModel
from ocop.geo.models import AdministrativeUnit, Scheme
from ocop.registry.status import CertificateStatus, Rank, certificate_status


class Classification(models.Model):
    """A product classification set by a decision: 148/QĐ-TTg (also used by 26/2026) or 1048/QĐ-TTg."""

    code = models.SlugField(_("mã"), max_length=40, unique=True)
    decision = models.CharField(_("quyết định"), max_length=60)
    decision_date = models.DateField(_("ngày quyết định"))
    valid_from = models.DateField(_("áp dụng từ"))
    valid_until = models.DateField(_("áp dụng đến"), null=True, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        ordering = ["-valid_from"]
        verbose_name = _("bộ phân loại sản phẩm")
        verbose_name_plural = _("bộ phân loại sản phẩm")

    def __str__(self) -> str:
        return self.decision


class Sector(models.Model):
    """Ngành: one of the six sectors of a classification."""

    classification = models.ForeignKey(
        Classification, verbose_name=_("bộ phân loại"), on_delete=models.CASCADE, related_name="sectors"
    )
    number = models.PositiveSmallIntegerField(_("số"))
    name = models.CharField(_("tên"), max_length=200)

    class Meta:
        ordering = ["classification", "number"]
        verbose_name = _("ngành")
        verbose_name_plural = _("ngành")
        constraints = [
            models.UniqueConstraint(fields=["classification", "number"], name="sector_unique_number")
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"


class ProductSet(models.Model):
    """Bộ sản phẩm: the unit a scoring sheet is written for, e.g. ``I.3.c`` (processed from vegetables)."""

    classification = models.ForeignKey(
        Classification, verbose_name=_("bộ phân loại"), on_delete=models.CASCADE, related_name="product_sets"
    )
    sector = models.PositiveSmallIntegerField(_("ngành"))
    group_code = models.CharField(_("mã nhóm"), max_length=10)
    group_name = models.CharField(_("nhóm"), max_length=200)
    code = models.CharField(_("mã bộ sản phẩm"), max_length=12)
    name = models.CharField(_("tên"), max_length=200)

    class Meta:
        ordering = ["classification", "sector", "code"]
        verbose_name = _("bộ sản phẩm")
        verbose_name_plural = _("bộ sản phẩm")
        constraints = [
            models.UniqueConstraint(fields=["classification", "code"], name="product_set_unique_code")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class RuleSet(models.Model):
    """The legal framework a certificate is issued under: validity, which level recognises which rank, and
    the deadlines around expiry.

    Loaded from ``data/rule-sets.json``; the decision of each entry is its source (490/2018, 1048/2019,
    148/2023, 1489/2025, 26/2026), and its note says which decision sets each deadline. A deadline the
    decisions read so far do not set is empty, never guessed. ``ocop.registry.rules`` reads them.
    """

    code = models.SlugField(_("mã"), max_length=40, unique=True)
    decision = models.CharField(_("quyết định"), max_length=60)
    decision_date = models.DateField(_("ngày quyết định"))
    name = models.CharField(_("tên"), max_length=200)
    valid_from = models.DateField(_("áp dụng từ"))
    valid_until = models.DateField(_("áp dụng đến"), null=True, blank=True)
    classification = models.ForeignKey(
        Classification, verbose_name=_("bộ phân loại"), on_delete=models.PROTECT, related_name="rule_sets"
    )
    certificate_validity_months = models.PositiveSmallIntegerField(_("thời hạn giấy chứng nhận (tháng)"))
    issuing_level_by_stars = models.JSONField(_("cấp công nhận theo hạng sao"))
    # A dossier for re-evaluation (đánh giá lại) is filed between these many days before expiry.
    reevaluation_opens_days = models.PositiveSmallIntegerField(
        _("nộp hồ sơ đánh giá lại từ (số ngày trước khi hết hạn)"), null=True, blank=True
    )
    reevaluation_closes_days = models.PositiveSmallIntegerField(
        _("nộp hồ sơ đánh giá lại đến (số ngày trước khi hết hạn)"), null=True, blank=True
    )
    # The issuer tells the producer in writing that its certificate runs out, at the latest this many days
    # before.
    expiry_notice_days = models.PositiveSmallIntegerField(
        _("thông báo hết hạn chậm nhất (số ngày trước khi hết hạn)"), null=True, blank=True
    )
    # Whether a product may receive only one certificate on one decision date: two on one day under such a
    # rule set are one decision recorded twice. The history of earlier periods holds such pairs (a 3★ and a
    # 4★ of one day), which the status rule orders by record.
    one_certificate_a_day = models.BooleanField(
        _("mỗi ngày một giấy chứng nhận cho một sản phẩm"), default=False
    )

    class Meta:
        ordering = ["valid_from"]
        verbose_name = _("căn cứ pháp lý")
        verbose_name_plural = _("căn cứ pháp lý")
        constraints = [
            # The filing window has both ends or none, and opens before it closes.
            models.CheckConstraint(
                condition=Q(reevaluation_opens_days__isnull=True, reevaluation_closes_days__isnull=True)
                | Q(
                    reevaluation_opens_days__isnull=False,
                    reevaluation_closes_days__isnull=False,
                    reevaluation_opens_days__gte=models.F("reevaluation_closes_days"),
                ),
                name="rule_set_reevaluation_window",
            ),
        ]

    def __str__(self) -> str:
        return self.decision


class ProducerType(models.TextChoices):
    ENTERPRISE = "doanh_nghiep", _("Doanh nghiệp")
    COOPERATIVE = "hop_tac_xa", _("Hợp tác xã")
    COOPERATIVE_GROUP = "to_hop_tac", _("Tổ hợp tác")
    HOUSEHOLD_BUSINESS = "ho_kinh_doanh", _("Hộ kinh doanh, cơ sở sản xuất")


class ManagementCertification(models.TextChoices):
    VIETGAP = "vietgap", "VietGAP"
    GLOBALGAP = "globalgap", "GlobalGAP"
    ORGANIC = "organic", _("Hữu cơ (Organic)")
    HACCP = "haccp", "HACCP"
    ISO_22000 = "iso_22000", "ISO 22000"
    ISO_9001 = "iso_9001", "ISO 9001"
    GMP = "gmp", "GMP"
    FSSC_22000 = "fssc_22000", "FSSC 22000"


def certifications_in_order(values: Iterable[str]) -> list[str]:
    """``values`` in the order of ``ManagementCertification``, once each, unknown ones left out: the same
    certifications chosen, imported or listed in another order are the same list everywhere they show."""
    chosen = set(values)
    return [value for value in ManagementCertification.values if value in chosen]


def certification_labels(values: Iterable[str]) -> list[str | Promise]:
    """The names of the certifications ``values`` (VietGAP, Hữu cơ (Organic), …), as pages show them."""
    return [ManagementCertification(value).label for value in certifications_in_order(values)]


class LocatedModel(models.Model):
    """Where a record lies: the unit as recorded, its current commune, and plain codes of both schemes."""

    unit_scheme = models.CharField(_("hệ đơn vị ghi nhận"), max_length=8, choices=Scheme.choices)
    # The unit as recorded: a current commune, a legacy commune, or a legacy district without communes.
    unit = models.ForeignKey(
        AdministrativeUnit, verbose_name=_("đơn vị ghi nhận"), on_delete=models.PROTECT, related_name="+"
    )
    # Current-scheme coordinates (mapped from the legacy unit when recorded in legacy units).
    province_code = models.PositiveIntegerField(_("mã tỉnh hiện hành"), db_index=True)
    commune_code = models.PositiveIntegerField(_("mã xã hiện hành"), null=True, blank=True, db_index=True)
    # Legacy-scheme coordinates (mapped from the current unit when recorded in current units; empty when the
    # current commune came from several legacy provinces or districts and the record cannot say which).
    legacy_province_code = models.PositiveIntegerField(null=True, blank=True, db_index=True)
    legacy_district_code = models.PositiveIntegerField(null=True, blank=True, db_index=True)
    legacy_commune_code = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        abstract = True


class Producer(TimestampedModel, LocatedModel):
    """Chủ thể OCOP: the enterprise, cooperative, cooperative group or household business behind products."""

    name = models.CharField(_("tên chủ thể"), max_length=255)
    search_name = models.CharField(max_length=255, db_index=True, editable=False)
    producer_type = models.CharField(_("loại hình"), max_length=20, choices=ProducerType.choices)
    tax_code = models.CharField(_("mã số thuế"), max_length=20, blank=True)
    address = models.CharField(_("địa chỉ"), max_length=300, blank=True)
    representative = models.CharField(_("người đại diện"), max_length=150, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=30, blank=True)
    email = models.EmailField(_("thư điện tử"), blank=True)
    website = models.URLField(_("trang web"), blank=True)
    women_led = models.BooleanField(_("chủ thể là phụ nữ"), default=False)
    ethnic_minority_led = models.BooleanField(_("chủ thể là người dân tộc thiểu số"), default=False)
    management_certifications = models.JSONField(_("hệ thống quản lý chất lượng"), default=list, blank=True)
    members = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="producers")

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["tax_code"], condition=~Q(tax_code=""), name="producer_unique_tax_code"
            ),
        ]
        indexes = [models.Index(fields=["search_name", "unit"])]
        verbose_name = _("chủ thể OCOP")
        verbose_name_plural = _("chủ thể OCOP")

    def __str__(self) -> str:
        return self.name


class Product(TimestampedModel, LocatedModel):
    """An OCOP product; its certificates are its history of recognitions."""

    code = models.CharField(_("mã sản phẩm OCOP"), max_length=40, blank=True)
    name = models.CharField(_("tên sản phẩm"), max_length=255)
    search_name = models.CharField(max_length=255, db_index=True, editable=False)
    producer = models.ForeignKey(
        Producer, verbose_name=_("chủ thể"), on_delete=models.PROTECT, related_name="products"
    )
    classification = models.ForeignKey(Classification, on_delete=models.PROTECT, related_name="+")
    sector = models.PositiveSmallIntegerField(_("ngành"), db_index=True)
    product_set = models.ForeignKey(
        ProductSet,
        verbose_name=_("bộ sản phẩm"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    description = models.TextField(_("mô tả"), blank=True)
    story = models.TextField(_("câu chuyện sản phẩm"), blank=True)
    packaging = models.CharField(_("quy cách đóng gói"), max_length=300, blank=True)
    standards = models.CharField(_("tiêu chuẩn áp dụng"), max_length=300, blank=True)
    # Always the 14-digit form (``ocop.registry.gtin``), as the stamps write it.
    gtin = models.CharField(_("mã GTIN"), max_length=14, blank=True)
    # The certificate the product stands on today: its newest issued by today (contract §2). Kept by the
    # services and the import when they write, and by ``ocop.registry.standing`` when the day turns; never
    # a status, which depends on the day it is read.
    latest_certificate = models.ForeignKey(
        "Certificate", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The recognitions import that last created or changed this product's fields (its certificates
    # name their own): how the product's history finds the imports that touched it.
    import_batch = models.ForeignKey(
        "ImportBatch",
        verbose_name=_("lượt nhập"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["code"], condition=~Q(code=""), name="product_unique_code"),
        ]
        indexes = [
            models.Index(fields=["producer", "search_name"]),
            # The traceability resolver finds a product by the GTIN of a stamp (``/01/{gtin14}``); most
            # products have none, and blanks are left out of the index (``selectors.products_with_gtin``).
            models.Index(fields=["gtin"], condition=~Q(gtin=""), name="product_gtin"),
        ]
        verbose_name = _("sản phẩm OCOP")
        verbose_name_plural = _("sản phẩm OCOP")

    def __str__(self) -> str:
        return self.name


class ProductImage(TimestampedModel):
    """A photo of a product, uploaded by an official: re-encoded for the web, with a thumbnail.

    ``ocop.registry.images`` writes both files from the decoded pixels alone, so nothing of the upload's
    metadata (a phone's GPS position, a camera's serial number) is stored or served. File names are random
    and a file never changes once written, so browsers and proxies may keep it for good. The image with
    the lowest ``position`` is the product's main image.
    """

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="images")
    image = models.FileField(_("ảnh"), max_length=200)
    width = models.PositiveIntegerField(_("chiều rộng"))
    height = models.PositiveIntegerField(_("chiều cao"))
    thumbnail = models.FileField(_("ảnh thu nhỏ"), max_length=200)
    thumbnail_width = models.PositiveIntegerField(_("chiều rộng ảnh thu nhỏ"))
    thumbnail_height = models.PositiveIntegerField(_("chiều cao ảnh thu nhỏ"))
    byte_size = models.PositiveIntegerField(_("dung lượng (byte)"))
    # Of the file as uploaded, before re-encoding: the same picture uploaded twice has the same digest.
    sha256 = models.CharField(_("mã SHA-256 của tệp tải lên"), max_length=64)
    # Empty: the product's name stands in for it where the image is shown.
    alt = models.CharField(_("mô tả ảnh"), max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(_("thứ tự"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tải lên"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["product", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["product", "sha256"], name="product_image_unique_upload"),
        ]
        verbose_name = _("ảnh sản phẩm")
        verbose_name_plural = _("ảnh sản phẩm")

    def __str__(self) -> str:
        return str(self.image.name)


class IssuingLevel(models.TextChoices):
    CENTRAL = "central", _("Trung ương")
    PROVINCE = "province", _("Cấp tỉnh")
    DISTRICT = "district", _("Cấp huyện")
    COMMUNE = "commune", _("Cấp xã")


class RevocationGround(models.TextChoices):
    """Why a certificate is revoked (thu hồi): the six grounds of 26/2026/QĐ-TTg, in the words of the cases
    DOMAIN.md lists ("Revocation (thu hồi) cases seen"). A revocation recorded before these grounds (an
    import, an older screen) has none: its free-text reason is all there is."""

    NOT_REEVALUATED = "not_reevaluated", _("Không được đánh giá lại khi giấy chứng nhận hết thời hạn")
    MANDATORY_CRITERIA = "mandatory_criteria", _("Không đạt tiêu chí bắt buộc khi đánh giá lại")
    PROCESS_NOT_FOLLOWED = "process_not_followed", _("Không thực hiện đúng quy trình sản xuất đã công bố")
    UNSAFE_FOOD = "unsafe_food", _("Vi phạm quy định về an toàn thực phẩm")
    PRODUCT_DIFFERS = "product_differs", _("Sản phẩm không đúng chất lượng hoặc bao bì đã được công nhận")
    PRODUCTION_STOPPED = "production_stopped", _("Chủ thể ngừng sản xuất sản phẩm")


class NumberSequence(models.Model):
    """The last number taken in one sequence: certificate numbers of a province and year, product codes of
    a commune and year (``ocop.registry.certificates.numbering``). The row is locked while a number is
    taken, so two decisions at once never get the same one."""

    name = models.CharField(max_length=60, unique=True)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("dãy số")
        verbose_name_plural = _("dãy số")

    def __str__(self) -> str:
        return f"{self.name}: {self.last}"


class Certificate(TimestampedModel):
    """Giấy chứng nhận: one recognition of a product at a rank, by a decision, for a period."""

    # The platform's own number, ``51-2026-000123`` (``ocop.registry.certificates.numbering``): what the
    # QR code and the verification page /c/<number> carry.
    number = models.CharField(_("số giấy chứng nhận"), max_length=20, unique=True, editable=False)
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="certificates")
    stars = models.PositiveSmallIntegerField(_("hạng sao"), choices=[(3, "3★"), (4, "4★"), (5, "5★")])
    potential_five_star = models.BooleanField(_("tiềm năng 5 sao"), default=False)
    score = models.DecimalField(_("điểm"), max_digits=5, decimal_places=2, null=True, blank=True)
    decision_no = models.CharField(_("số quyết định"), max_length=60)
    decision_date = models.DateField(_("ngày quyết định"), db_index=True)
    valid_until = models.DateField(_("hiệu lực đến"))
    revoked_on = models.DateField(_("ngày thu hồi"), null=True, blank=True)
    revocation_reason = models.CharField(_("lý do thu hồi"), max_length=300, blank=True)
    revocation_ground = models.CharField(
        _("căn cứ thu hồi"), max_length=30, choices=RevocationGround.choices, blank=True
    )
    revocation_decision_no = models.CharField(_("số quyết định thu hồi"), max_length=60, blank=True)
    revocation_decision_date = models.DateField(_("ngày quyết định thu hồi"), null=True, blank=True)
    # Who signed the recognition decision, as the certificate prints it; empty for imported history.
    signer_name = models.CharField(_("người ký"), max_length=150, blank=True)
    signer_title = models.CharField(_("chức vụ người ký"), max_length=150, blank=True)
    issuing_level = models.CharField(_("cấp công nhận"), max_length=10, choices=IssuingLevel.choices)
    rule_set = models.ForeignKey(
        RuleSet, verbose_name=_("căn cứ"), on_delete=models.PROTECT, related_name="+"
    )
    # The recognitions import that last created or changed this certificate.
    import_batch = models.ForeignKey(
        "ImportBatch",
        verbose_name=_("lượt nhập"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["product", "decision_date", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["product", "decision_no", "decision_date"], name="certificate_unique_decision"
            ),
            models.CheckConstraint(condition=Q(stars__gte=3, stars__lte=5), name="certificate_stars_3_to_5"),
            models.CheckConstraint(
                condition=Q(potential_five_star=False) | Q(stars=4), name="certificate_potential_only_on_4"
            ),
            models.CheckConstraint(
                condition=Q(revoked_on__isnull=True) | Q(revoked_on__gte=models.F("decision_date")),
                name="certificate_revoked_after_decision",
            ),
            models.CheckConstraint(
                condition=Q(valid_until__gte=models.F("decision_date")),
                name="certificate_valid_after_decision",
            ),
        ]
        indexes = [models.Index(fields=["product", "decision_date"])]
        verbose_name = _("giấy chứng nhận OCOP")
        verbose_name_plural = _("giấy chứng nhận OCOP")

    def __str__(self) -> str:
        return f"{self.product} {self.stars}★ {self.decision_no}"

    @property
    def rank(self) -> Rank:
        """Statistical rank: ``"3"``, ``"4"``, ``"5_potential"`` or ``"5"``."""
        return Rank.of(stars=self.stars, potential_five_star=self.potential_five_star)

    def status_on(
        self, day: datetime.date, *, superseded_by: "Certificate | None" = None
    ) -> CertificateStatus:
        """By the one rule of ``ocop.registry.status``; ``superseded_by``: the product's next certificate."""
        return certificate_status(
            decision_date=self.decision_date,
            valid_until=self.valid_until,
            revoked_on=self.revoked_on,
            superseded_on=superseded_by.decision_date if superseded_by is not None else None,
            day=day,
        )


class RevocationEvidence(models.Model):
    """A file the revocation of a certificate rests on (minh chứng thu hồi): an inspection report, test
    results, the scan of the revocation decision. The bytes are a private file (``ocop.core.private_files``),
    served only to officers who see the product and to its producer's members, never on the public pages.
    """

    certificate = models.ForeignKey(Certificate, on_delete=models.CASCADE, related_name="revocation_evidence")
    file = models.ForeignKey(EvidenceFile, on_delete=models.PROTECT, related_name="revocation_uses")
    # The name as uploaded: what the officer recognises, and what the download is called.
    name = models.CharField(_("tên tệp"), max_length=200)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("thêm lúc"), auto_now_add=True)

    class Meta:
        ordering = ["certificate", "id"]
        verbose_name = _("minh chứng thu hồi")
        verbose_name_plural = _("minh chứng thu hồi")
        constraints = [
            models.UniqueConstraint(fields=["certificate", "file"], name="revocation_evidence_unique_file")
        ]

    def __str__(self) -> str:
        return self.name


class StandingDay(models.Model):
    """The local day every product's ``latest_certificate`` was last made the one it stands on: one row.

    ``ocop.registry.standing`` keeps it. ``moves`` counts the refreshes that moved at least one product,
    so that the registry's version (``ocop.registry.version``) moves with them.
    """

    day = models.DateField(null=True)
    moves = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("ngày xét giấy chứng nhận đang áp dụng")
        verbose_name_plural = _("ngày xét giấy chứng nhận đang áp dụng")

    def __str__(self) -> str:
        return str(self.day)


class ImportBatch(TimestampedModel):
    """One recognitions file brought in: who, what file, what it changed.

    Its state moves only along ``TRANSITIONS``, by ``ocop.registry.importing.batches.
    import_batch_transition``, which audits every move.
    """

    class State(models.TextChoices):
        VALIDATED = "validated", _("Đã kiểm tra")
        RUNNING = "running", _("Đang nhập")
        DONE = "done", _("Hoàn tất")
        FAILED = "failed", _("Lỗi")

    # Where a batch may go from each state; ``""`` is a batch not saved yet. The upload page checks a file
    # (validated) and writes it later (running); the command line and the API write at once (running), and
    # a file with errors is kept as failed without being written. Done and failed are final.
    TRANSITIONS: dict[str, frozenset[str]] = {
        "": frozenset({State.VALIDATED, State.RUNNING, State.FAILED}),
        State.VALIDATED: frozenset({State.RUNNING}),
        State.RUNNING: frozenset({State.DONE, State.FAILED}),
        State.DONE: frozenset(),
        State.FAILED: frozenset(),
    }

    acting_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người nhập"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    file_name = models.CharField(_("tên tệp"), max_length=255)
    sha256 = models.CharField(_("mã băm SHA-256"), max_length=64, db_index=True)
    state = models.CharField(_("trạng thái"), max_length=10, choices=State.choices)
    rows_total = models.PositiveIntegerField(_("số dòng"), default=0)
    rows_done = models.PositiveIntegerField(_("số dòng đã nhập"), default=0)
    summary = models.JSONField(_("tóm tắt"), default=dict, blank=True)
    errors = models.JSONField(_("lỗi"), default=list, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("lượt nhập dữ liệu")
        verbose_name_plural = _("lượt nhập dữ liệu")

    def __str__(self) -> str:
        return f"{self.file_name} ({self.state})"
