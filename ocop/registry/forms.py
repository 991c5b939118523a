"""Forms of the officials' registry screens: they check input; the writes are the services' job."""

import datetime
from typing import Any, cast

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from ocop.accounts.access import Actor, acting_user, is_central_officer
from ocop.accounts.models import Role
from ocop.core.forms import DayField, MultipleFileField, MultipleFileInput
from ocop.geo.models import AdministrativeUnit, Level, Scheme
from ocop.registry import rules
from ocop.registry.access import import_batches_in_scope
from ocop.registry.gtin import GtinError, gtin_normalise
from ocop.registry.images import MIN_SHORT_SIDE
from ocop.registry.models import (
    Certificate,
    ImportBatch,
    ManagementCertification,
    Producer,
    ProducerType,
    Product,
    ProductSet,
    RevocationGround,
    Sector,
    certifications_in_order,
)
from ocop.registry.selectors import OfficialProducerFilters, OfficialProductFilters
from ocop.registry.services import PRODUCER_EDITABLE_FIELDS, PRODUCT_EDITABLE_FIELDS
from ocop.registry.status import STANDING_STATUSES, Rank

RANK_CHOICES = Rank.choices
STATUS_CHOICES = [(status.value, status.label) for status in STANDING_STATUSES]
PRODUCT_SORT_CHOICES = [
    ("name", _("Tên (A–Z)")),
    ("-name", _("Tên (Z–A)")),
    ("code", _("Mã sản phẩm")),
    ("-decision_date", _("Quyết định mới nhất trước")),
    ("decision_date", _("Quyết định cũ nhất trước")),
]


def _all(label: Any) -> list[tuple[str, Any]]:
    return [("", label)]


def unit_filter_choices(user: Actor) -> tuple[str, list[tuple[int, str]]] | None:
    """The label and choices of the unit filter, or ``None`` when the user's scope is one commune or less.

    Central officers choose a current province; province officers and council members a current commune
    of their province.
    """
    actor = acting_user(user)
    if actor is None:
        return None
    units = AdministrativeUnit.objects.filter(scheme=Scheme.CURRENT).order_by("search_name")
    if is_central_officer(actor):
        provinces = units.filter(level=Level.PROVINCE).values_list("code", "name")
        return str(_("Tỉnh, thành phố")), list(provinces)
    if actor.role in (Role.PROVINCE_OFFICER, Role.COUNCIL_MEMBER) and actor.province_code is not None:
        communes = units.filter(level=Level.COMMUNE, province_code=actor.province_code)
        return str(_("Xã, phường, đặc khu")), list(communes.values_list("code", "name"))
    return None


class _ScopedFilterForm(forms.Form):
    """A filter form whose unit filter depends on where the user acts; every field is optional."""

    q = forms.CharField(label=_("Tìm theo tên"), required=False, max_length=100, widget=forms.SearchInput())
    unit = forms.TypedChoiceField(label=_("Địa bàn"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args: Any, actor: Actor, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.actor = actor
        unit_filter = unit_filter_choices(actor)
        if unit_filter is None:
            del self.fields["unit"]
        else:
            label, choices = unit_filter
            unit_field = cast(forms.TypedChoiceField, self.fields["unit"])
            unit_field.label = label
            unit_field.choices = [*_all(_("Tất cả")), *choices]

    def value(self, name: str) -> Any:
        """The cleaned value of a filter, or its empty value when it was left out or is invalid."""
        return getattr(self, "cleaned_data", {}).get(name) or None

    @property
    def shown_unfolded(self) -> bool:
        """Whether a filter of the folded part is set (not the text, the order or a hidden one)."""
        folded = [field.name for field in self.visible_fields() if field.name not in ("q", "sort")]
        return any(self.value(name) for name in folded)


class ProductFilterForm(_ScopedFilterForm):
    sector = forms.TypedChoiceField(label=_("Ngành"), required=False, coerce=int, empty_value=None)
    product_set = forms.ChoiceField(label=_("Bộ sản phẩm"), required=False)
    rank = forms.ChoiceField(label=_("Hạng"), required=False, choices=[*_all(_("Tất cả")), *RANK_CHOICES])
    status = forms.ChoiceField(
        label=_("Trạng thái hôm nay"), required=False, choices=[*_all(_("Tất cả")), *STATUS_CHOICES]
    )
    sort = forms.ChoiceField(label=_("Sắp xếp"), required=False, choices=PRODUCT_SORT_CHOICES)
    # Set by the links of an import's page and of a product's history, and shown above the results with
    # the batch's file name rather than among the filters.
    import_batch = forms.IntegerField(
        label=_("Lượt nhập"),
        required=False,
        min_value=1,
        widget=forms.HiddenInput,
        error_messages={
            "invalid": _("Lượt nhập phải là một số."),
            "min_value": _("Lượt nhập phải là một số từ 1 trở lên."),
        },
    )

    field_order = ["q", "sector", "product_set", "rank", "status", "unit", "sort"]

    def __init__(self, *args: Any, actor: Actor, **kwargs: Any) -> None:
        super().__init__(*args, actor=actor, **kwargs)
        current = rules.CURRENT_CLASSIFICATION
        sectors = Sector.objects.filter(classification__code=current).values_list("number", "name")
        product_sets = ProductSet.objects.filter(classification__code=current).values_list("code", "name")
        sector_field = cast(forms.TypedChoiceField, self.fields["sector"])
        product_set_field = cast(forms.ChoiceField, self.fields["product_set"])
        sector_field.choices = [*_all(_("Tất cả")), *((n, f"{n}. {name}") for n, name in sectors)]
        product_set_field.choices = [*_all(_("Tất cả")), *((c, f"{c} {name}") for c, name in product_sets)]
        self.chosen_import_batch: ImportBatch | None = None

    def clean_import_batch(self) -> int | None:
        """A batch the user may look at; any other is refused alike, whether it exists or not."""
        batch_id: int | None = self.cleaned_data["import_batch"]
        if batch_id is None:
            return None
        batch = import_batches_in_scope(self.actor).filter(pk=batch_id).first()
        if batch is None:
            raise forms.ValidationError(
                _("Không có lượt nhập số %(number)s trong các lượt nhập bạn được xem."),
                code="not_found",
                params={"number": batch_id},
            )
        self.chosen_import_batch = batch
        return batch_id

    def as_filters(self) -> OfficialProductFilters:
        """The filters that passed their checks; a refused one is left out (the page shows its error)."""
        return OfficialProductFilters(
            text=self.value("q") or "",
            sector=self.value("sector"),
            product_set=self.value("product_set"),
            rank=self.value("rank"),
            status=self.value("status"),
            unit=self.value("unit"),
            import_batch=self.value("import_batch"),
            sort=self.value("sort") or "name",
        )


class ProducerFilterForm(_ScopedFilterForm):
    producer_type = forms.ChoiceField(
        label=_("Loại hình"), required=False, choices=[*_all(_("Tất cả")), *ProducerType.choices]
    )
    women_led = forms.BooleanField(label=_("Chủ thể là phụ nữ"), required=False)
    ethnic_minority_led = forms.BooleanField(label=_("Chủ thể là người dân tộc thiểu số"), required=False)

    field_order = ["q", "producer_type", "unit", "women_led", "ethnic_minority_led"]

    def as_filters(self) -> OfficialProducerFilters:
        return OfficialProducerFilters(
            text=self.value("q") or "",
            producer_type=self.value("producer_type"),
            women_led=bool(self.value("women_led")),
            ethnic_minority_led=bool(self.value("ethnic_minority_led")),
            unit=self.value("unit"),
        )


class ProductSetChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: ProductSet) -> str:
        return f"{obj.code} {obj.name}"


class ProductForm(forms.ModelForm):
    """The editable fields of a product, but the sector: it follows from the product set."""

    product_set = ProductSetChoiceField(
        label=_("Bộ sản phẩm"), queryset=ProductSet.objects.none(), required=False
    )

    class Meta:
        model = Product
        fields = sorted(PRODUCT_EDITABLE_FIELDS - {"sector"})
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "story": forms.Textarea(attrs={"rows": 6}),
        }

    field_order = [
        "name",
        "code",
        "product_set",
        "description",
        "story",
        "packaging",
        "standards",
        "gtin",
    ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The sets of the current classification (148/2023, kept by 26/2026), and the set the product has
        # now, which may be one of the 2019 classification (1048/2019): keeping it must stay possible.
        chosen = ProductSet.objects.filter(classification__code=rules.CURRENT_CLASSIFICATION)
        if self.instance.product_set_id is not None:
            chosen = chosen | ProductSet.objects.filter(pk=self.instance.product_set_id)
        product_set_field = cast(forms.ModelChoiceField, self.fields["product_set"])
        product_set_field.queryset = chosen.order_by("-classification__valid_from", "sector", "code")

    def clean_code(self) -> str:
        code: str = self.cleaned_data["code"].strip()
        if code and Product.objects.exclude(pk=self.instance.pk).filter(code=code).exists():
            raise forms.ValidationError(_("Mã sản phẩm này đã thuộc về một sản phẩm khác."))
        return code

    def clean_gtin(self) -> str:
        gtin: str = self.cleaned_data["gtin"].strip()
        if not gtin:
            return ""
        try:
            return gtin_normalise(gtin)  # kept as 14 digits, as the stamps write it
        except GtinError as error:
            raise forms.ValidationError(str(error)) from None


class ProductImageForm(forms.Form):
    """An image to add to a product. Whether the file is an image we take is the service's check."""

    image = forms.FileField(
        label=_("Tệp ảnh"),
        error_messages={"required": _("Hãy chọn một tệp ảnh."), "empty": _("Tệp ảnh trống.")},
        widget=forms.FileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    alt = forms.CharField(
        label=_("Mô tả ảnh"),
        max_length=300,
        required=False,
        help_text=_("Cho người không xem được ảnh. Để trống thì dùng tên sản phẩm."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["image"].help_text = _(
            "Ảnh JPEG, PNG hoặc WebP, tối đa %(size)s, cạnh ngắn từ %(minimum)s điểm ảnh."
        ) % {"size": filesizeformat(settings.PRODUCT_IMAGE_MAX_BYTES), "minimum": MIN_SHORT_SIDE}


class ProducerForm(forms.ModelForm):
    management_certifications = forms.MultipleChoiceField(
        label=_("Hệ thống quản lý chất lượng"),
        required=False,
        choices=ManagementCertification.choices,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Producer
        fields = sorted(PRODUCER_EDITABLE_FIELDS)

    field_order = [
        "name",
        "producer_type",
        "tax_code",
        "representative",
        "address",
        "phone",
        "email",
        "website",
        "women_led",
        "ethnic_minority_led",
        "management_certifications",
    ]

    def clean_tax_code(self) -> str:
        tax_code: str = self.cleaned_data["tax_code"].strip()
        # Blank codes left out in the query too, so the database can use the partial unique index.
        others = Producer.objects.exclude(pk=self.instance.pk).exclude(tax_code="").filter(tax_code=tax_code)
        if tax_code and others.exists():
            raise forms.ValidationError(_("Mã số thuế này đã thuộc về một chủ thể khác."))
        return tax_code

    def clean_management_certifications(self) -> list[str]:
        # Kept in the order of the choices, so that ticking the same boxes is never a change.
        return certifications_in_order(self.cleaned_data["management_certifications"])


class ScoreField(forms.DecimalField):
    """A score out of 100, written "78,5" (Vietnamese) or "78.5": a score has no thousands to separate."""

    widget = forms.TextInput(attrs={"inputmode": "decimal"})

    def to_python(self, value: Any) -> Any:
        if isinstance(value, str):
            value = value.strip().replace(",", ".")
        return super().to_python(value)


class CertificateAddForm(forms.Form):
    """A recognition decision to record. Validity, issuing level and rule set follow from its date."""

    stars = forms.TypedChoiceField(
        label=_("Hạng sao"), coerce=int, choices=[(3, "3★"), (4, "4★"), (5, "5★")], widget=forms.RadioSelect
    )
    potential_five_star = forms.BooleanField(
        label=_("Tiềm năng 5 sao"),
        required=False,
        help_text=_(
            "Chỉ với sản phẩm 4 sao được tỉnh chấm từ 90 điểm, chờ hoặc không được Trung ương công nhận."
        ),
    )
    score = ScoreField(
        label=_("Điểm"), required=False, min_value=0, max_value=100, max_digits=5, decimal_places=2
    )
    decision_no = forms.CharField(label=_("Số quyết định"), max_length=60)
    decision_date = DayField(label=_("Ngày quyết định"))
    valid_until = DayField(
        label=_("Hiệu lực đến"),
        required=False,
        help_text=_(
            "Ngày/tháng/năm. Để trống nếu quyết định không ghi: tính theo quy định áp dụng tại ngày quyết "
            "định."
        ),
    )

    def __init__(self, *args: Any, product: Product, today: datetime.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.product = product
        self.today = today

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        stars, decision_date = data.get("stars"), data.get("decision_date")
        decision_no, valid_until = data.get("decision_no"), data.get("valid_until")
        if data.get("potential_five_star") and stars is not None and stars != 4:
            self.add_error("potential_five_star", _("Chỉ sản phẩm 4 sao mới được ghi là tiềm năng 5 sao."))
        if decision_date is not None and decision_date > self.today:
            self.add_error("decision_date", _("Ngày quyết định không được sau hôm nay."))
        if decision_date is not None and valid_until is not None and valid_until < decision_date:
            self.add_error("valid_until", _("Ngày hết hiệu lực phải từ ngày quyết định trở đi."))
        if decision_no and decision_date is not None:
            same = Certificate.objects.filter(
                product=self.product, decision_no=decision_no, decision_date=decision_date
            )
            if same.exists():
                self.add_error("decision_no", _("Sản phẩm đã có giấy chứng nhận theo quyết định này."))
        return data


class CertificateRevokeForm(forms.Form):
    """A revocation decision: on which of the six grounds of 26/2026, by which decision, from when."""

    ground = forms.ChoiceField(
        label=_("Căn cứ thu hồi"),
        choices=RevocationGround.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Hãy chọn căn cứ thu hồi.")},
    )
    decision_no = forms.CharField(label=_("Số quyết định thu hồi"), max_length=60)
    decision_date = DayField(label=_("Ngày quyết định thu hồi"))
    revoked_on = DayField(label=_("Ngày thu hồi"))
    reason = forms.CharField(
        label=_("Ghi chú"),
        required=False,
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": 300}),
    )
    # Required here, not in the service: an officer revokes on evidence, while history imported from before
    # the platform has none to give.
    evidence = MultipleFileField(
        label=_("Minh chứng thu hồi (PDF, JPEG, PNG hoặc WebP)"),
        help_text=_("Biên bản kiểm tra, kết quả kiểm nghiệm, bản quét quyết định thu hồi…"),
        max_files=settings.REVOCATION_EVIDENCE_MAX_FILES,
        widget=MultipleFileInput(attrs={"accept": "application/pdf,image/jpeg,image/png,image/webp"}),
        error_messages={"required": _("Hãy đính kèm ít nhất một tệp minh chứng.")},
    )

    def __init__(self, *args: Any, certificate: Certificate, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.certificate = certificate

    def clean_revoked_on(self) -> datetime.date:
        revoked_on: datetime.date = self.cleaned_data["revoked_on"]
        if revoked_on < self.certificate.decision_date:
            decision_date = date_format(self.certificate.decision_date, "SHORT_DATE_FORMAT")
            raise forms.ValidationError(
                _("Ngày thu hồi không được trước ngày quyết định công nhận (%(date)s).")
                % {"date": decision_date}
            )
        return revoked_on

    def clean_decision_date(self) -> datetime.date:
        decision_date: datetime.date = self.cleaned_data["decision_date"]
        if decision_date < self.certificate.decision_date:
            day = date_format(self.certificate.decision_date, "SHORT_DATE_FORMAT")
            raise forms.ValidationError(
                _("Ngày quyết định thu hồi không được trước ngày quyết định công nhận (%(date)s).")
                % {"date": day}
            )
        return decision_date

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.certificate.revoked_on is not None:
            raise forms.ValidationError(_("Giấy chứng nhận này đã bị thu hồi."))
        return data
