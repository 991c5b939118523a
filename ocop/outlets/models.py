"""Showcase and sales points of OCOP products (điểm giới thiệu và bán sản phẩm OCOP) and what they carry.

The criteria are the Ministry of Industry and Trade's, Decision 950/QĐ-BCT (18/4/2023) for 2023–2025
(before it 920/QĐ-BCT, 2019): a location of one of the kinds below, OCOP products (3★ and up, the
province's key products, model rural products or local specialities), and facilities and operation. The
province recognises a point (``RecognitionStatus``); the transitions are ``TRANSITIONS``, applied only by
``services.sales_point_transition``.

A point is located by current-scheme codes (since 1/7/2025) and by coordinates within Vietnam's bounding
box, so a point typed at 0,0 or with latitude and longitude swapped is refused.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from ocop.core.models import EvidenceFile, TimestampedModel
from ocop.geo.models import Scheme
from ocop.geo.selectors import province_names
from ocop.registry.models import Product

# Vietnam's mainland and islands, roughly (the Spratlys reach 8.6° N, the northern border 23.4° N).
LATITUDE_RANGE = (Decimal("8"), Decimal("24"))
LONGITUDE_RANGE = (Decimal("102"), Decimal("110"))


class SalesPointKind(models.TextChoices):
    """The locations of Decision 950/QĐ-BCT, in its order, and "other" for what fits none."""

    STATION = "station", _("Nhà ga, sân bay, bến xe, bến cảng")
    REST_STOP = "rest_stop", _("Trạm dừng nghỉ trên đường cao tốc, quốc lộ")
    SHOPPING = "shopping", _("Trung tâm thương mại, siêu thị, chợ")
    TOURISM = "tourism", _("Cửa hàng ở điểm du lịch, nhà hàng, khách sạn")
    CRAFT_VILLAGE = "craft_village", _("Làng nghề")
    TRADE_CENTRE = "trade_centre", _("Trung tâm thương mại xã, khu công nghiệp")
    FAIR = "fair", _("Trung tâm hội chợ, triển lãm")
    POST_OFFICE = "post_office", _("Bưu điện")
    OTHER = "other", _("Địa điểm khác")


class RecognitionStatus(models.TextChoices):
    DRAFT = "draft", _("Đang soạn")
    SUBMITTED = "submitted", _("Chờ công nhận")
    RECOGNISED = "recognised", _("Đã công nhận")
    WITHDRAWN = "withdrawn", _("Đã rút công nhận")


# (from, to): who may apply it. "operator" is the point's operators and the officers who manage it;
# "reviewer" is the province officer of its province or a central officer.
TRANSITIONS: dict[tuple[str, str], str] = {
    (RecognitionStatus.DRAFT, RecognitionStatus.SUBMITTED): "operator",
    (RecognitionStatus.WITHDRAWN, RecognitionStatus.SUBMITTED): "operator",
    (RecognitionStatus.SUBMITTED, RecognitionStatus.DRAFT): "reviewer",  # returned for more work
    (RecognitionStatus.SUBMITTED, RecognitionStatus.RECOGNISED): "reviewer",
    (RecognitionStatus.RECOGNISED, RecognitionStatus.WITHDRAWN): "reviewer",
}
# Shown in the public directory: submitted points are real shops awaiting the province's visit.
PUBLIC_STATUSES = (RecognitionStatus.SUBMITTED, RecognitionStatus.RECOGNISED)


class SalesPoint(TimestampedModel):
    name = models.CharField(_("tên điểm bán"), max_length=200)
    kind = models.CharField(_("loại địa điểm"), max_length=20, choices=SalesPointKind.choices)
    operators = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("người vận hành"), related_name="sales_points", blank=True
    )
    province_code = models.PositiveIntegerField(_("mã tỉnh"), db_index=True)
    commune_code = models.PositiveIntegerField(_("mã xã"), null=True, blank=True)
    address = models.CharField(_("địa chỉ"), max_length=300)
    latitude = models.DecimalField(
        _("vĩ độ"),
        max_digits=8,
        decimal_places=6,
        validators=[MinValueValidator(LATITUDE_RANGE[0]), MaxValueValidator(LATITUDE_RANGE[1])],
    )
    longitude = models.DecimalField(
        _("kinh độ"),
        max_digits=9,
        decimal_places=6,
        validators=[MinValueValidator(LONGITUDE_RANGE[0]), MaxValueValidator(LONGITUDE_RANGE[1])],
    )
    opening_hours = models.CharField(_("giờ mở cửa"), max_length=200, blank=True)
    phone = models.CharField(_("số điện thoại"), max_length=30, blank=True)
    status = models.CharField(
        _("trạng thái công nhận"),
        max_length=12,
        choices=RecognitionStatus.choices,
        default=RecognitionStatus.DRAFT,
        db_index=True,
    )
    # The criteria checklist of Decision 950/QĐ-BCT, as the operator declares it when submitting.
    location_met = models.BooleanField(_("đạt tiêu chí địa điểm"), default=False)
    location_note = models.TextField(_("thuyết minh về địa điểm"), blank=True)
    products_met = models.BooleanField(_("đạt tiêu chí sản phẩm"), default=False)
    products_note = models.TextField(_("thuyết minh về sản phẩm"), blank=True)
    facilities_met = models.BooleanField(_("đạt tiêu chí cơ sở vật chất và vận hành"), default=False)
    facilities_note = models.TextField(_("thuyết minh về cơ sở vật chất"), blank=True)
    evidence = models.ManyToManyField(
        EvidenceFile, verbose_name=_("minh chứng"), through="SalesPointEvidence", blank=True, related_name="+"
    )
    recognised_on = models.DateField(_("ngày công nhận"), null=True, blank=True)
    products = models.ManyToManyField(Product, through="SalesPointProduct", related_name="sales_points")

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("điểm giới thiệu và bán sản phẩm OCOP")
        verbose_name_plural = _("điểm giới thiệu và bán sản phẩm OCOP")

    def __str__(self) -> str:
        return self.name

    @property
    def province_name(self) -> str:
        return province_names().get((Scheme.CURRENT, self.province_code), "")


class SalesPointProduct(models.Model):
    """A product a point carries (bày bán), since when."""

    sales_point = models.ForeignKey(SalesPoint, on_delete=models.CASCADE, related_name="carried")
    product = models.ForeignKey(
        Product, verbose_name=_("sản phẩm"), on_delete=models.PROTECT, related_name="carried_by"
    )
    since = models.DateField(_("bày bán từ ngày"))

    class Meta:
        ordering = ["product__name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["sales_point", "product"], name="sales_point_product_once")
        ]
        verbose_name = _("sản phẩm bày bán")
        verbose_name_plural = _("sản phẩm bày bán")

    def __str__(self) -> str:
        return f"{self.sales_point} · {self.product}"


class SalesPointEvidence(models.Model):
    """An evidence file of the checklist, under the name it was uploaded with."""

    sales_point = models.ForeignKey(SalesPoint, on_delete=models.CASCADE, related_name="evidence_files")
    file = models.ForeignKey(EvidenceFile, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("tên tệp"), max_length=200)
    created_at = models.DateTimeField(_("tải lên lúc"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("minh chứng của điểm bán")
        verbose_name_plural = _("minh chứng của điểm bán")

    def __str__(self) -> str:
        return self.name


class SalesPointPhoto(models.Model):
    """A photo of the point, public like a product's photos; checked by content (``ocop.core.images``)."""

    sales_point = models.ForeignKey(SalesPoint, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(_("ảnh"), upload_to="sales-points/%Y/%m/")
    created_at = models.DateTimeField(_("tải lên lúc"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("ảnh điểm bán")
        verbose_name_plural = _("ảnh điểm bán")

    def __str__(self) -> str:
        return f"{self.sales_point} · {self.pk}"
