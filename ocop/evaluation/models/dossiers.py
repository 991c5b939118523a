"""Dossiers (hồ sơ) of Decision 26/2026/QĐ-TTg, their evidence and the steps they went through.

A dossier is filed in one of three variants: first time (lần đầu), upgrade (nâng hạng) or re-evaluation
(đánh giá lại). It holds form 01 (registration, phiếu đăng ký) as fields, form 02 (the self-assessment,
answers scored by ``ocop.evaluation.scoring`` on the dossier's rubric version), evidence per criterion,
its state in the workflow (``ocop.evaluation.workflow``), who holds it and until when. An upgrade or a
re-evaluation starts as a copy of the product's last dossier and names it in ``copied_from``.

Evidence files are immutable and addressed by their content hash: a copied dossier refers to the same
files, never to copies of them (``ocop.core.private_files``; ``EvidenceFile`` lives in core, which the
registry's revocations share).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ocop.core.models import EvidenceFile, TimestampedModel
from ocop.evaluation.models.rubrics import RubricVersion, SelfAssessment
from ocop.geo.models import AdministrativeUnit
from ocop.registry.models import Producer, Product, ProductSet


class DossierKind(models.TextChoices):
    FIRST_TIME = "first_time", _("Lần đầu")
    UPGRADE = "upgrade", _("Nâng hạng")
    REEVALUATION = "reevaluation", _("Đánh giá lại")


class DossierState(models.TextChoices):
    """The states of ``ocop.evaluation.workflow.TRANSITIONS``, in the order a dossier goes through them."""

    DRAFT = "draft", _("Đang soạn")
    SUBMITTED = "submitted", _("Đã nộp, chờ xã tiếp nhận")
    COMMUNE_CHECK = "commune_check", _("Xã đang kiểm tra")
    RETURNED = "returned", _("Trả lại để bổ sung")
    PROVINCE_CHECK = "province_check", _("Tỉnh đang kiểm tra")
    ADVISORY_REVIEW = "advisory_review", _("Tổ tư vấn đang xem xét")
    COUNCIL_SCORING = "council_scoring", _("Chờ hội đồng tỉnh chấm điểm")
    CENTRAL_SCORING = "central_scoring", _("Hội đồng Trung ương đang chấm điểm")
    BACK_TO_PROVINCE = "back_to_province", _("Trung ương trả về tỉnh xét 3–4 sao")
    RECOGNISED = "recognised", _("Được công nhận")
    NOT_RECOGNISED = "not_recognised", _("Không được công nhận")


class HolderLevel(models.TextChoices):
    """Who holds a dossier: the level whose turn it is to act on it."""

    PRODUCER = "producer", _("Chủ thể")
    COMMUNE = "commune", _("Ủy ban nhân dân xã")
    PROVINCE = "province", _("Cơ quan OCOP cấp tỉnh")
    CENTRAL = "central", _("Cơ quan OCOP Trung ương")


class Dossier(TimestampedModel):
    """One product's dossier in one round of evaluation (hồ sơ)."""

    kind = models.CharField(_("loại hồ sơ"), max_length=20, choices=DossierKind.choices)
    state = models.CharField(
        _("trạng thái"), max_length=20, choices=DossierState.choices, default=DossierState.DRAFT
    )
    producer = models.ForeignKey(
        Producer, verbose_name=_("chủ thể"), on_delete=models.PROTECT, related_name="dossiers"
    )
    # Empty for a first-time dossier until a decision creates the product.
    product = models.ForeignKey(
        Product,
        verbose_name=_("sản phẩm"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="dossiers",
    )
    version = models.ForeignKey(
        RubricVersion, verbose_name=_("bộ tiêu chí"), on_delete=models.PROTECT, related_name="dossiers"
    )
    self_assessment = models.ForeignKey(
        SelfAssessment,
        verbose_name=_("bản tự đánh giá ban đầu"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="dossiers",
    )
    copied_from = models.ForeignKey(
        "self",
        verbose_name=_("sao từ hồ sơ"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="copies",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người lập"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # Who holds it and until when; written by ``services.dossiers.dossier_transition`` alone.
    holder_level = models.CharField(_("cấp đang giữ"), max_length=10, choices=HolderLevel.choices, blank=True)
    holder_unit = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("đơn vị đang giữ"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    deadline = models.DateField(_("hạn xử lý"), null=True, blank=True, db_index=True)
    # The entry of data/workflow-deadlines.json that set ``deadline``, so that the page can name its decision.
    deadline_key = models.CharField(max_length=40, blank=True)
    # A re-evaluation is decided within 45 days of its filing (26/2026/QĐ-TTg): set when it is submitted.
    decide_by = models.DateField(_("hạn hoàn thành đánh giá lại"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("nộp lúc"), null=True, blank=True)
    # Where the dossier is checked: the current commune and province of form 01's commune (scope).
    province_code = models.PositiveIntegerField(_("mã tỉnh hiện hành"), db_index=True)
    commune_code = models.PositiveIntegerField(_("mã xã hiện hành"), db_index=True)

    # --- Form 01: registration (phiếu đăng ký sản phẩm)
    product_name = models.CharField(_("tên sản phẩm"), max_length=255)
    product_set = models.ForeignKey(
        ProductSet, verbose_name=_("bộ sản phẩm"), on_delete=models.PROTECT, related_name="+"
    )
    commune = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("xã, phường nơi sản xuất"),
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"scheme": "current", "level": "commune"},
    )
    description = models.TextField(_("mô tả sản phẩm"), blank=True)
    packaging = models.CharField(_("quy cách đóng gói"), max_length=300, blank=True)
    standards = models.CharField(_("tiêu chuẩn áp dụng"), max_length=300, blank=True)
    # What the commune checks in form 03: origin of the product and its raw materials, local labour, the
    # origin of the idea, local identity.
    raw_materials_origin = models.TextField(_("nguồn gốc nguyên liệu"), blank=True)
    local_workers = models.PositiveIntegerField(_("số lao động địa phương"), null=True, blank=True)
    idea_origin = models.TextField(_("nguồn gốc ý tưởng sản phẩm"), blank=True)
    local_identity = models.TextField(_("bản sắc địa phương"), blank=True)
    annual_capacity = models.CharField(_("năng lực sản xuất mỗi năm"), max_length=200, blank=True)
    business_plan = models.TextField(_("phương án sản xuất kinh doanh"), blank=True)

    # --- Form 02: the self-assessment ({criterion code: option id}) and its score as scored then
    answers = models.JSONField(_("câu trả lời tự đánh giá"), default=dict, blank=True)
    total = models.DecimalField(_("tổng điểm tự đánh giá"), max_digits=5, decimal_places=2, default=0)
    stars = models.PositiveSmallIntegerField(_("hạng sao tự đánh giá"), default=0)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("hồ sơ")
        verbose_name_plural = _("hồ sơ")
        indexes = [models.Index(fields=["state", "holder_level"])]

    def __str__(self) -> str:
        return f"#{self.pk} {self.product_name}"


class DossierEvidence(models.Model):
    """An evidence file in a dossier, for one criterion (``criterion_code``) or the dossier as a whole."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="evidence")
    criterion_code = models.CharField(_("tiêu chí"), max_length=12, blank=True)
    file = models.ForeignKey(EvidenceFile, on_delete=models.PROTECT, related_name="uses")
    name = models.CharField(_("tên tệp"), max_length=200)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("thêm lúc"), auto_now_add=True)

    class Meta:
        ordering = ["criterion_code", "id"]
        verbose_name = _("minh chứng")
        verbose_name_plural = _("minh chứng")
        constraints = [
            models.UniqueConstraint(
                fields=["dossier", "criterion_code", "file"], name="dossier_evidence_unique_file"
            )
        ]

    def __str__(self) -> str:
        return self.name


class DossierStep(models.Model):
    """One transition a dossier went through: the history a producer and the officers read."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="steps")
    action = models.CharField(_("thao tác"), max_length=30)
    from_state = models.CharField(_("từ trạng thái"), max_length=20, choices=DossierState.choices)
    to_state = models.CharField(_("sang trạng thái"), max_length=20, choices=DossierState.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thực hiện"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    occurred_at = models.DateTimeField(_("thời điểm"), auto_now_add=True)
    holder_level = models.CharField(max_length=10, choices=HolderLevel.choices, blank=True)
    deadline = models.DateField(null=True, blank=True)
    note = models.TextField(_("ghi chú, lý do"), blank=True)
    # Photos of a field visit, a signed report: evidence files kept with the step that produced them.
    files = models.ManyToManyField(EvidenceFile, blank=True, related_name="steps")

    class Meta:
        ordering = ["occurred_at", "id"]
        verbose_name = _("bước xử lý hồ sơ")
        verbose_name_plural = _("bước xử lý hồ sơ")

    def __str__(self) -> str:
        return f"{self.dossier_id}: {self.from_state} → {self.to_state}"


class CommuneCheck(models.Model):
    """Form 03: the commune's check of a dossier, its meeting and report (26/2026/QĐ-TTg)."""

    step = models.OneToOneField(DossierStep, on_delete=models.CASCADE, related_name="commune_check")
    meeting_date = models.DateField(_("ngày họp"))
    product_origin_confirmed = models.BooleanField(_("xác nhận nguồn gốc sản phẩm"))
    raw_materials_confirmed = models.BooleanField(_("xác nhận nguồn gốc nguyên liệu"))
    local_labour_confirmed = models.BooleanField(_("xác nhận sử dụng lao động địa phương"))
    idea_origin_confirmed = models.BooleanField(_("xác nhận nguồn gốc ý tưởng"))
    local_identity_confirmed = models.BooleanField(_("xác nhận bản sắc địa phương"))
    report = models.TextField(_("báo cáo đánh giá"))

    class Meta:
        verbose_name = _("phiếu kiểm tra của xã (mẫu 03)")
        verbose_name_plural = _("phiếu kiểm tra của xã (mẫu 03)")

    def __str__(self) -> str:
        return f"03 #{self.step_id} {self.meeting_date}"


class AdvisoryReview(models.Model):
    """The province's advisory group's review (tổ tư vấn), with its optional field visit."""

    step = models.OneToOneField(DossierStep, on_delete=models.CASCADE, related_name="advisory_review")
    notes = models.TextField(_("nhận xét của tổ tư vấn"))
    field_visit_date = models.DateField(_("ngày khảo sát thực tế"), null=True, blank=True)
    field_visit_notes = models.TextField(_("ghi chép khảo sát thực tế"), blank=True)

    class Meta:
        verbose_name = _("ý kiến tổ tư vấn")
        verbose_name_plural = _("ý kiến tổ tư vấn")

    def __str__(self) -> str:
        return f"#{self.step_id} {self.notes[:60]}"
