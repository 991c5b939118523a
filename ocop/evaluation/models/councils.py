"""Rounds of evaluation, their councils, sessions, the members' scores and the decisions that follow.

A province (its OCOP office) or the Ministry opens a round (đợt đánh giá) closing by a day of
``data/councils.json``, assigns to it the dossiers waiting for its council and forms the council (hội đồng:
a chair, members, a secretary). The council meets in a session (phiên chấm) with its attendance; each
member present scores each dossier on their own (``MemberScore``), and closing the session locks every
score. The chair's decision (``Decision``) follows the council's score (``services.decisions``).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ocop.core.models import TimestampedModel
from ocop.evaluation.models.dossiers import Dossier, DossierStep


class RoundLevel(models.TextChoices):
    PROVINCE = "province", _("Cấp tỉnh")
    CENTRAL = "central", _("Cấp Trung ương")


class EvaluationRound(TimestampedModel):
    """One round of a province (``province_code``) or of the Ministry (``province_code`` empty)."""

    level = models.CharField(_("cấp"), max_length=10, choices=RoundLevel.choices)
    province_code = models.PositiveIntegerField(_("mã tỉnh"), null=True, blank=True, db_index=True)
    name = models.CharField(_("tên đợt"), max_length=200)
    closes_on = models.DateField(_("hạn kết thúc đợt"))
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người mở đợt"), on_delete=models.PROTECT, related_name="+"
    )
    dossiers = models.ManyToManyField(Dossier, verbose_name=_("hồ sơ"), blank=True, related_name="rounds")

    class Meta:
        ordering = ["-closes_on", "-id"]
        verbose_name = _("đợt đánh giá")
        verbose_name_plural = _("đợt đánh giá")
        constraints = [
            models.CheckConstraint(
                condition=Q(level="central", province_code__isnull=True)
                | Q(level="province", province_code__isnull=False),
                name="round_province_only_for_province_level",
            )
        ]

    def __str__(self) -> str:
        return self.name


class Council(TimestampedModel):
    """The council (hội đồng đánh giá, phân hạng) of one round."""

    round = models.OneToOneField(EvaluationRound, on_delete=models.PROTECT, related_name="council")
    name = models.CharField(_("tên hội đồng"), max_length=200)
    formed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người lập"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("hội đồng")
        verbose_name_plural = _("hội đồng")

    def __str__(self) -> str:
        return self.name


class CouncilRole(models.TextChoices):
    CHAIR = "chair", _("Chủ tịch hội đồng")
    MEMBER = "member", _("Thành viên")
    SECRETARY = "secretary", _("Thư ký")


class CouncilMember(models.Model):
    """A person on a council; every member, the chair and the secretary included, scores."""

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="council_memberships"
    )
    role = models.CharField(_("vai trò"), max_length=10, choices=CouncilRole.choices)

    class Meta:
        ordering = ["council", "role", "id"]
        verbose_name = _("thành viên hội đồng")
        verbose_name_plural = _("thành viên hội đồng")
        constraints = [
            models.UniqueConstraint(fields=["council", "user"], name="council_member_once"),
            models.UniqueConstraint(fields=["council"], condition=Q(role="chair"), name="council_one_chair"),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()})"


class CouncilSession(TimestampedModel):
    """A scoring session (phiên chấm) of a council, who attended it and whether it is closed."""

    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="sessions")
    held_on = models.DateField(_("ngày họp"))
    present = models.ManyToManyField(CouncilMember, verbose_name=_("có mặt"), blank=True, related_name="+")
    # Closing locks every score of the session: nothing is written to it afterwards.
    closed_at = models.DateTimeField(_("khóa lúc"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = _("phiên chấm")
        verbose_name_plural = _("phiên chấm")

    def __str__(self) -> str:
        return f"{self.council} {self.held_on:%d/%m/%Y}"

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None


class MemberScore(TimestampedModel):
    """One member's score of one dossier in one session: {criterion code: option id} of the dossier's
    version, kept as a draft until ``submitted_at``."""

    session = models.ForeignKey(CouncilSession, on_delete=models.PROTECT, related_name="scores")
    member = models.ForeignKey(CouncilMember, on_delete=models.PROTECT, related_name="scores")
    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="member_scores")
    answers = models.JSONField(_("phương án đã chọn"), default=dict)
    total = models.DecimalField(_("tổng điểm"), max_digits=5, decimal_places=2, default=0)
    submitted_at = models.DateTimeField(_("nộp lúc"), null=True, blank=True)

    class Meta:
        ordering = ["dossier", "member"]
        verbose_name = _("phiếu chấm của thành viên")
        verbose_name_plural = _("phiếu chấm của thành viên")
        constraints = [
            models.UniqueConstraint(fields=["session", "member", "dossier"], name="member_score_once")
        ]

    def __str__(self) -> str:
        return f"{self.member} → #{self.dossier_id}: {self.total}"


class Decision(models.Model):
    """The decision on a dossier after its council's score: its step in the workflow, what it says and,
    when it recognises, the certificate it issued through the registry."""

    step = models.OneToOneField(DossierStep, on_delete=models.PROTECT, related_name="decision")
    session = models.ForeignKey(CouncilSession, on_delete=models.PROTECT, related_name="decisions")
    total = models.DecimalField(_("điểm của hội đồng"), max_digits=5, decimal_places=2)
    stars = models.PositiveSmallIntegerField(_("hạng sao"))
    decision_no = models.CharField(_("số quyết định"), max_length=100)
    decision_date = models.DateField(_("ngày quyết định"))
    signer_name = models.CharField(_("người ký"), max_length=200)
    signer_title = models.CharField(_("chức vụ người ký"), max_length=200)
    certificate = models.ForeignKey(
        "registry.Certificate", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("quyết định")
        verbose_name_plural = _("quyết định")

    def __str__(self) -> str:
        return self.decision_no
