from django.db import models
from django.utils.translation import gettext_lazy as _


class Scheme(models.TextChoices):
    CURRENT = "current", _("Từ 1/7/2025 (34 tỉnh, thành phố)")
    LEGACY = "legacy", _("Trước 1/7/2025 (63 tỉnh, thành phố)")


class Level(models.TextChoices):
    PROVINCE = "province", _("Tỉnh, thành phố")
    DISTRICT = "district", _("Quận, huyện, thị xã")  # legacy scheme only
    COMMUNE = "commune", _("Xã, phường, đặc khu")


class Region(models.TextChoices):
    """The six socio-economic regions of the General Statistics Office, over the 63 legacy provinces."""

    NORTHERN_MIDLANDS_AND_MOUNTAINS = "trung_du_mien_nui_phia_bac", _("Trung du và miền núi phía Bắc")
    RED_RIVER_DELTA = "dong_bang_song_hong", _("Đồng bằng sông Hồng")
    NORTH_CENTRAL_AND_CENTRAL_COAST = (
        "bac_trung_bo_duyen_hai_mien_trung",
        _("Bắc Trung Bộ và duyên hải miền Trung"),
    )
    CENTRAL_HIGHLANDS = "tay_nguyen", _("Tây Nguyên")
    SOUTHEAST = "dong_nam_bo", _("Đông Nam Bộ")
    MEKONG_DELTA = "dong_bang_song_cuu_long", _("Đồng bằng sông Cửu Long")


class AdministrativeUnit(models.Model):
    """A province, (legacy) district or commune-level unit, in the scheme before or since 1/7/2025.

    Codes are the GSO codes of the ``vietnam-provinces`` package; they are unique within a scheme and a
    level only (province 1, district 1 and commune 1 all exist in the legacy scheme).
    """

    scheme = models.CharField(_("hệ đơn vị"), max_length=8, choices=Scheme.choices)
    level = models.CharField(_("cấp"), max_length=8, choices=Level.choices)
    code = models.PositiveIntegerField(_("mã"))
    name = models.CharField(_("tên"), max_length=120)
    division_type = models.CharField(_("loại đơn vị"), max_length=40)
    search_name = models.CharField(max_length=120, db_index=True, editable=False)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    # The code of the province the unit lies in (its own code for a province), in the same scheme.
    province_code = models.PositiveIntegerField(_("mã tỉnh"), db_index=True)
    region = models.CharField(_("vùng"), max_length=40, choices=Region.choices, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["scheme", "level", "code"], name="unit_unique_code_per_level"),
        ]
        indexes = [models.Index(fields=["scheme", "level", "province_code"])]
        ordering = ["scheme", "level", "code"]
        verbose_name = _("đơn vị hành chính")
        verbose_name_plural = _("đơn vị hành chính")

    def __str__(self) -> str:
        return self.name

    @property
    def is_current(self) -> bool:
        return self.scheme == Scheme.CURRENT


class UnitSuccession(models.Model):
    """A legacy unit that became (all or part of) a current unit on 1/7/2025.

    Provinces map to provinces and communes to communes, as the package's conversion tables say; a legacy
    district maps through its communes, except the island districts without communes, which map directly
    to the special zone (đặc khu) of the same name.
    """

    legacy = models.ForeignKey(AdministrativeUnit, on_delete=models.CASCADE, related_name="successions")
    current = models.ForeignKey(AdministrativeUnit, on_delete=models.CASCADE, related_name="predecessions")
    # True when only part of the legacy unit went into this current unit.
    partial = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["legacy", "current"], name="succession_unique_pair"),
        ]
        verbose_name = _("chuyển đổi đơn vị")
        verbose_name_plural = _("chuyển đổi đơn vị")

    def __str__(self) -> str:
        return f"{self.legacy} → {self.current}"
