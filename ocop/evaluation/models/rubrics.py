"""Scoring sheets (bộ tiêu chí kiêm phiếu đánh giá) as versioned data, and the self-assessments made on them.

A rubric version is one product set's sheet under one decision: parts (A, B, C), groups, criteria and their
options, with the star bands of the decision. ``load_rubrics`` loads the sheets the platform ships
(``data/rubrics``); a central officer corrects one by copying the active version to a draft, editing it and
publishing it (``services``). Points become stars in one place, ``ocop.evaluation.scoring``.

A version is never edited once it is active or retired: a score keeps the version it was made with.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ocop.core.models import TimestampedModel
from ocop.registry.models import ProductSet

STAR_RANKS_WITH_MINIMUMS = (3, 4, 5)


class RubricStatus(models.TextChoices):
    DRAFT = "draft", _("Bản nháp")
    ACTIVE = "active", _("Đang áp dụng")
    RETIRED = "retired", _("Đã thay thế")


class RubricVersion(TimestampedModel):
    """One version of one product set's scoring sheet under one decision (e.g. 26/2026/QĐ-TTg, I.3.c, v1)."""

    decision = models.CharField(_("quyết định"), max_length=60)
    decision_date = models.DateField(_("ngày quyết định"))
    product_set = models.ForeignKey(
        ProductSet, verbose_name=_("bộ sản phẩm"), on_delete=models.PROTECT, related_name="rubric_versions"
    )
    version = models.PositiveSmallIntegerField(_("phiên bản"))
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=RubricStatus.choices, default=RubricStatus.DRAFT
    )
    valid_from = models.DateField(_("áp dụng từ"))
    # Where the sheet was read: a line for people, and every detail the file gave (repository, commit, link
    # cited, whether it was checked against the official gazette).
    source = models.TextField(_("nguồn"))
    source_details = models.JSONField(_("chi tiết nguồn"), default=dict, blank=True)
    # The rest of the sheet's header, kept as written: the decision's issuer, annex and what it replaces,
    # the product set's header on the printed form, its managing agency.
    sheet_details = models.JSONField(_("thông tin phiếu"), default=dict, blank=True)
    total_max_points = models.PositiveSmallIntegerField(_("tổng điểm tối đa"))
    recognised_from_stars = models.PositiveSmallIntegerField(_("công nhận từ hạng sao"))
    # "Hồ sơ bị loại khi …": a dossier is rejected outright; a person decides it in the workflow.
    disqualifiers = models.JSONField(_("trường hợp bị loại"), default=list, blank=True)
    # {"source_line": …, "legend": …}: the product code (mã số sản phẩm) printed at the foot of the sheet.
    product_code_format = models.JSONField(_("mã số sản phẩm"), default=dict, blank=True)
    star_marker_rule = models.TextField(_("ghi chú dấu sao"), blank=True)
    # What the loader read, so that loading the same sheet again is recognised and changes nothing.
    content_fingerprint = models.CharField(max_length=64, blank=True)
    based_on = models.ForeignKey(
        "self",
        verbose_name=_("sửa từ phiên bản"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="corrections",
    )
    published_at = models.DateTimeField(_("ban hành lúc"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người ban hành"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["product_set_id", "decision", "version"]  # no join, also under select_for_update
        verbose_name = _("phiên bản bộ tiêu chí")
        verbose_name_plural = _("phiên bản bộ tiêu chí")
        constraints = [
            models.UniqueConstraint(
                fields=["decision", "product_set", "version"], name="rubric_version_unique_number"
            ),
            models.UniqueConstraint(
                fields=["decision", "product_set"],
                condition=Q(status="active"),
                name="rubric_version_one_active",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.decision} {self.product_set.code} v{self.version}"


class StarBand(models.Model):
    """The lowest total that reaches a rank, on a version (5 sao from 90 under 26/2026)."""

    version = models.ForeignKey(RubricVersion, on_delete=models.CASCADE, related_name="bands")
    stars = models.PositiveSmallIntegerField(_("hạng sao"))
    min_points = models.PositiveSmallIntegerField(_("điểm tối thiểu"))

    class Meta:
        ordering = ["version", "-stars"]
        verbose_name = _("mức điểm theo hạng sao")
        verbose_name_plural = _("mức điểm theo hạng sao")
        constraints = [models.UniqueConstraint(fields=["version", "stars"], name="star_band_unique_rank")]

    def __str__(self) -> str:
        return f"{self.stars}★ ≥ {self.min_points}"


class RubricPart(models.Model):
    """Phần A, B or C of a sheet."""

    version = models.ForeignKey(RubricVersion, on_delete=models.CASCADE, related_name="parts")
    position = models.PositiveSmallIntegerField()
    code = models.CharField(_("mã"), max_length=4)
    name = models.CharField(_("tên"), max_length=300)
    heading_in_source = models.CharField(_("tiêu đề trong văn bản"), max_length=300, blank=True)
    max_points = models.PositiveSmallIntegerField(_("điểm tối đa"))

    class Meta:
        ordering = ["version", "position"]
        verbose_name = _("phần của bộ tiêu chí")
        verbose_name_plural = _("phần của bộ tiêu chí")
        constraints = [models.UniqueConstraint(fields=["version", "code"], name="rubric_part_unique_code")]

    def __str__(self) -> str:
        return f"{self.code}. {self.name}"


class RubricGroup(models.Model):
    """A numbered group of criteria within a part (1. Tổ chức sản xuất)."""

    part = models.ForeignKey(RubricPart, on_delete=models.CASCADE, related_name="groups")
    position = models.PositiveSmallIntegerField()
    code = models.CharField(_("mã"), max_length=10)
    name = models.CharField(_("tên"), max_length=300)
    max_points = models.PositiveSmallIntegerField(_("điểm tối đa"))

    class Meta:
        ordering = ["part", "position"]
        verbose_name = _("nhóm tiêu chí")
        verbose_name_plural = _("nhóm tiêu chí")

    def __str__(self) -> str:
        return f"{self.code}. {self.name}"


class Criterion(models.Model):
    """One line of the sheet that is scored: one of its options is chosen (tiêu chí)."""

    version = models.ForeignKey(RubricVersion, on_delete=models.CASCADE, related_name="criteria")
    group = models.ForeignKey(RubricGroup, on_delete=models.CASCADE, related_name="criteria")
    position = models.PositiveSmallIntegerField()
    code = models.CharField(_("mã"), max_length=12)
    text = models.TextField(_("nội dung"))
    max_points = models.PositiveSmallIntegerField(_("điểm tối đa"))
    # {"4": 2, "5": 3}: at least 2 points here to hold 4 sao, at least 3 to hold 5 sao (the starred options).
    mandatory_for_stars = models.JSONField(_("điểm tối thiểu theo hạng sao"), default=dict, blank=True)
    # Knock-outs ("Bị loại nếu …"), stop gates and requirements, as written: a person decides on them.
    notes = models.JSONField(_("ghi chú"), default=list, blank=True)
    # "Choose one of two cases": the cases' names; each option then names its case.
    cases = models.JSONField(_("trường hợp"), default=list, blank=True)
    cases_note = models.TextField(blank=True)
    # A heading between group and criterion on some sheets ({"code": "6.1", "text": …, "max_points": 4}).
    subgroup = models.JSONField(_("nhóm con"), null=True, blank=True)
    # Set when the source printed points but no options (a yes/no line) and the options were written in.
    options_synthesized = models.TextField(blank=True)

    class Meta:
        ordering = ["version", "position"]
        verbose_name = _("tiêu chí")
        verbose_name_plural = _("tiêu chí")
        constraints = [models.UniqueConstraint(fields=["version", "code"], name="criterion_unique_code")]

    def __str__(self) -> str:
        return f"{self.code} {self.text[:60]}"


class Option(models.Model):
    """One answer to a criterion and the points it gives; its id is what a score names."""

    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="options")
    position = models.PositiveSmallIntegerField()
    text = models.TextField(_("nội dung"))
    points = models.PositiveSmallIntegerField(_("điểm"))
    case = models.CharField(_("trường hợp"), max_length=300, blank=True)
    # The rank this option is the starred minimum for on the printed sheet (min_for_stars).
    min_for_stars = models.PositiveSmallIntegerField(null=True, blank=True)
    # Flags for an official to confirm: a blank cell set to 0, or a typo corrected from points_in_source.
    points_blank_in_source = models.BooleanField(default=False)
    points_in_source = models.PositiveSmallIntegerField(null=True, blank=True)
    correction = models.TextField(blank=True)

    class Meta:
        ordering = ["criterion", "position"]
        verbose_name = _("phương án")
        verbose_name_plural = _("phương án")

    def __str__(self) -> str:
        return f"{self.points}: {self.text[:60]}"


class SelfAssessment(TimestampedModel):
    """A producer's finished self-assessment (tự đánh giá), kept as the start of a dossier.

    It keeps the version it was scored on and the result as scored then, so that a later correction of the
    sheet never changes what the producer saw.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tự đánh giá"),
        on_delete=models.PROTECT,
        related_name="self_assessments",
    )
    version = models.ForeignKey(
        RubricVersion,
        verbose_name=_("bộ tiêu chí"),
        on_delete=models.PROTECT,
        related_name="self_assessments",
    )
    # {criterion code: option id}
    answers = models.JSONField(_("câu trả lời"), default=dict)
    result = models.JSONField(_("kết quả"), default=dict)
    total = models.DecimalField(_("tổng điểm"), max_digits=5, decimal_places=2)
    stars = models.PositiveSmallIntegerField(_("hạng sao"))

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("bản tự đánh giá")
        verbose_name_plural = _("bản tự đánh giá")

    def __str__(self) -> str:
        return f"{self.version} — {self.total} ({self.stars}★)"
