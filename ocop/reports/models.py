"""Provincial and national OCOP targets (contract ``targets.md`` §2), with the plan or decision that set
them, and the figures officers record for the indicators no registry figure measures.

The reports app is read-only over the other apps: these are its own records, the plans reported against.
What a target has achieved on a day is worked out by ``ocop.reports.targets``, never stored.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ocop.core.models import EvidenceFile, TimestampedModel
from ocop.geo.models import AdministrativeUnit


class Metric(models.TextChoices):
    """What a target counts (contract §2's table)."""

    NEW = "new", _("Sản phẩm mới được công nhận")
    NEW_POTENTIAL_5 = "new_potential_5", _("Sản phẩm mới tiềm năng 5 sao và 5 sao")
    UPGRADED = "upgraded", _("Sản phẩm nâng hạng")
    RECOGNIZED = "recognized", _("Sản phẩm OCOP được công nhận")
    KEPT_SHARE = "kept_share", _("Tỷ lệ sản phẩm duy trì")
    SHARE_4_PLUS = "share_4_plus", _("Tỷ lệ sản phẩm 4 sao trở lên")
    MANUAL = "manual", _("Chỉ tiêu nhập tay")


# Metrics whose figure is a share, 0 to 1; the others count products (or, for ``manual``, anything).
SHARE_METRICS = frozenset({Metric.KEPT_SHARE, Metric.SHARE_4_PLUS})
# Metrics counted over the period (``projection`` scales them to its whole length).
PERIOD_METRICS = frozenset({Metric.NEW, Metric.NEW_POTENTIAL_5, Metric.UPGRADED})


class Target(TimestampedModel):
    """A target of a plan: scope, period, metric with its narrowing, a number or a range.

    The scope is the country (``province`` empty) or one province in its scheme: a current province (since
    1 July 2025) or a legacy one, so a 2021–2025 plan of a province that has since merged keeps its own
    area. ``identity`` is what contract §2 identifies a target by (scope, period, metric, narrowing columns
    and label), kept as one unique text so that imports find the target again on either engine.
    """

    identity = models.CharField(max_length=800, unique=True, editable=False)
    scheme = models.CharField(_("hệ đơn vị"), max_length=10)  # "current" or "legacy"
    province = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("tỉnh"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    date_from = models.DateField(_("từ ngày"))
    date_to = models.DateField(_("đến ngày"))
    metric = models.CharField(_("chỉ tiêu"), max_length=20, choices=Metric.choices)
    min_stars = models.PositiveSmallIntegerField(_("số sao tối thiểu"), null=True, blank=True)
    step = models.CharField(_("bước nâng hạng"), max_length=5, blank=True)  # "3→4", "3→5", "4→5"
    cohort_from = models.DateField(_("nhóm công nhận từ ngày"), null=True, blank=True)
    cohort_to = models.DateField(_("nhóm công nhận đến ngày"), null=True, blank=True)
    target_min = models.DecimalField(_("mức tối thiểu"), max_digits=14, decimal_places=4)
    target_max = models.DecimalField(_("mức tối đa"), max_digits=14, decimal_places=4, null=True, blank=True)
    decision = models.CharField(_("kế hoạch, quyết định"), max_length=300)
    label = models.CharField(_("tên mục tiêu"), max_length=300)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        # National targets first on either engine (PostgreSQL sorts NULL last by default, SQLite first).
        ordering = [
            models.F("province__code").asc(nulls_first=True),
            "scheme",
            "date_from",
            "metric",
            "id",
        ]
        indexes = [models.Index(fields=["scheme", "province"])]
        verbose_name = _("mục tiêu")
        verbose_name_plural = _("mục tiêu")

    def __str__(self) -> str:
        return self.label

    @property
    def province_code(self) -> int | None:
        return self.province.code if self.province is not None else None


class ManualFigure(models.Model):
    """A figure an officer records for a ``manual`` target, as of a day, with its evidence: what the
    registry cannot count (producers in value-chain models, say). The latest recorded as of a day is the
    target's figure on that day."""

    target = models.ForeignKey(Target, on_delete=models.CASCADE, related_name="manual_figures")
    as_of = models.DateField(_("số liệu đến ngày"))
    value = models.DecimalField(_("số liệu"), max_digits=14, decimal_places=4)
    evidence = models.CharField(_("minh chứng"), max_length=500)  # the report or document it comes from
    evidence_file = models.ForeignKey(
        EvidenceFile,
        verbose_name=_("tệp minh chứng"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("ghi lúc"), auto_now_add=True)

    class Meta:
        ordering = ["-as_of", "-id"]
        verbose_name = _("số liệu chỉ tiêu")
        verbose_name_plural = _("số liệu chỉ tiêu")

    def __str__(self) -> str:
        return f"{self.target_id}: {self.value} ({self.as_of})"
