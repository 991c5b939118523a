"""The officers' forms for events, participants, meetings, agreements and deliveries."""

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from ocop.accounts.access import acting_user, is_central_officer
from ocop.core.forms import DayField
from ocop.geo.models import Scheme
from ocop.geo.selectors import province_names
from ocop.registry.importing.reading import MAX_FILE_BYTES
from ocop.registry.models import Producer
from ocop.trade.forms import QuantityField, UnitField
from ocop.trade.models import (
    Agreement,
    AgreementKind,
    AgreementLine,
    Buyer,
    ConnectionEvent,
    Meeting,
    Verification,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def province_choices(user: Any) -> list[tuple[int, str]]:
    """The current provinces ``user`` may record for: all for central officers, their own otherwise."""
    names = sorted(
        ((code, name) for (scheme, code), name in province_names().items() if scheme == Scheme.CURRENT),
        key=lambda item: item[0],
    )
    if is_central_officer(user):
        return names
    actor = acting_user(user)
    own = actor.province_code if actor is not None else None
    return [(code, name) for code, name in names if code == own]


class EventForm(forms.ModelForm):
    province_code = forms.TypedChoiceField(label=_("Tỉnh, thành phố"), coerce=int)

    class Meta:
        model = ConnectionEvent
        fields = ["name", "date", "place", "province_code", "organiser", "description"]
        widgets = {"date": DATE, "description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["province_code"].choices = province_choices(user)  # type: ignore[attr-defined]
        self.fields["date"].required = True


class ParticipantsForm(forms.Form):
    producers = forms.ModelMultipleChoiceField(
        label=_("Chủ thể OCOP tham gia"), queryset=Producer.objects.none(), required=False
    )
    buyers = forms.ModelMultipleChoiceField(
        label=_("Bên mua tham gia"), queryset=Buyer.objects.none(), required=False
    )

    def __init__(self, *args: Any, event: ConnectionEvent, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The producers of the event's province, and those already taking part from elsewhere.
        producers = Producer.objects.filter(province_code=event.province_code) | event.producers.all()
        self.fields["producers"].queryset = producers.distinct().order_by("name")  # type: ignore[attr-defined]
        self.fields["buyers"].queryset = Buyer.objects.filter(  # type: ignore[attr-defined]
            verification=Verification.VERIFIED
        ).order_by("name")


class MeetingForm(forms.ModelForm):
    class Meta:
        model = Meeting
        fields = ["buyer", "producer", "scheduled_at", "status", "note"]
        widgets = {
            "scheduled_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            "note": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, event: ConnectionEvent, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["buyer"].queryset = event.buyers.order_by("name")  # type: ignore[attr-defined]
        self.fields["producer"].queryset = event.producers.order_by("name")  # type: ignore[attr-defined]


class AgreementForm(forms.ModelForm):
    province_code = forms.TypedChoiceField(label=_("Tỉnh của chủ thể"), coerce=int)

    class Meta:
        model = Agreement
        fields = [
            "kind",
            "document_no",
            "signed_on",
            "event",
            "buyer",
            "buyer_name",
            "buyer_type",
            "producer",
            "producer_name",
            "producer_tax_code",
            "province_code",
            "product_codes",
            "value_vnd",
            "status",
            "note",
        ]
        widgets = {"signed_on": DATE, "note": forms.Textarea(attrs={"rows": 2})}
        help_texts = {
            "buyer_name": _("Tự điền theo bên mua đã đăng ký nếu chọn ở trên."),
            "producer_tax_code": _("Liên kết với chủ thể đã đăng ký có cùng mã số thuế."),
            "product_codes": _("Các mã sản phẩm OCOP, cách nhau bằng dấu chấm phẩy (;)."),
            "value_vnd": _("Số đồng nguyên; bắt buộc với hợp đồng."),
        }

    def __init__(self, *args: Any, user: Any, events: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["province_code"].choices = province_choices(user)  # type: ignore[attr-defined]
        self.fields["event"].queryset = events  # type: ignore[attr-defined]
        self.fields["buyer"].queryset = Buyer.objects.filter(  # type: ignore[attr-defined]
            verification=Verification.VERIFIED
        ).order_by("name")
        event = self.initial.get("event") or (self.instance.event if self.instance.pk else None)
        producers = Producer.objects.none()
        if isinstance(event, ConnectionEvent):
            producers = event.producers.all()
        if self.instance.producer_id:
            producers = producers | Producer.objects.filter(pk=self.instance.producer_id)
        if self.data.get("producer"):
            producers = producers | Producer.objects.filter(pk__in=[self.data.get("producer")])
        self.fields["producer"].queryset = producers.distinct()  # type: ignore[attr-defined]
        self.fields["buyer_name"].required = False
        self.fields["producer_name"].required = False
        self.fields["buyer_type"].required = False
        self.fields["value_vnd"].widget.attrs["min"] = 0

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        # A registered party names itself: its record's name (and type) stand in for the typed ones.
        buyer, producer = cleaned.get("buyer"), cleaned.get("producer")
        if buyer is not None:
            cleaned["buyer_name"], cleaned["buyer_type"] = buyer.name, buyer.buyer_type
        if producer is not None:
            cleaned["producer_name"] = producer.name
        if not cleaned.get("buyer") and not cleaned.get("buyer_name"):
            self.add_error("buyer_name", _("Chọn bên mua đã đăng ký hoặc điền tên bên mua."))
        if not cleaned.get("buyer") and not cleaned.get("buyer_type"):
            self.add_error("buyer_type", _("Chọn loại hình bên mua."))
        if cleaned.get("kind") == AgreementKind.CONTRACT and cleaned.get("value_vnd") is None:
            self.add_error("value_vnd", _("Hợp đồng phải có giá trị."))
        if not cleaned.get("producer") and not cleaned.get("producer_name"):
            self.add_error("producer_name", _("Chọn chủ thể đã đăng ký hoặc điền tên chủ thể."))
        return cleaned


class BuyerAgreementForm(forms.ModelForm):
    """A verified buyer's memorandum or contract: the buyer is their own organisation, so not asked."""

    signed_on = DayField(label=_("Ngày ký"))

    class Meta:
        model = Agreement
        fields = ["kind", "document_no", "signed_on", "event", "producer", "value_vnd", "status", "note"]
        labels = {"producer": _("Chủ thể")}
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}
        help_texts = {"value_vnd": _("Số đồng nguyên; bắt buộc với hợp đồng.")}

    def __init__(
        self, *args: Any, producers: Any, events: Any, amending: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["producer"].queryset = producers.order_by("name")  # type: ignore[attr-defined]
        self.fields["producer"].required = True
        # An amendment keeps its producer, and its status follows up apart (``agreement_status_set``).
        self.fields["producer"].disabled = amending
        self.fields["status"].disabled = amending
        self.fields["event"].queryset = events  # type: ignore[attr-defined]
        self.fields["value_vnd"].widget.attrs["min"] = 0

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        value = cleaned.get("value_vnd")
        if cleaned.get("kind") == AgreementKind.CONTRACT and value is None and "value_vnd" not in self.errors:
            self.add_error("value_vnd", _("Hợp đồng phải có giá trị."))
        if value is not None and value < 0:
            self.add_error("value_vnd", _("Giá trị không được âm."))
        return cleaned


class DisputeForm(forms.Form):
    """Why the producer does not confirm what a buyer recorded: the buyer and the province read it."""

    reason = forms.CharField(
        label=_("Lý do không xác nhận"),
        widget=forms.Textarea(attrs={"rows": 2, "required": True}),
        max_length=2000,
    )


class AgreementLineForm(forms.Form):
    """One product with its quantity and unit: chosen among ``products``, or, without them, by its code."""

    quantity = QuantityField()
    unit = UnitField()  # as demands write theirs

    def __init__(self, *args: Any, products: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if products is not None:
            chosen: forms.Field = forms.ModelChoiceField(label=_("Sản phẩm"), queryset=products)
            self.fields = {"product": chosen, **self.fields}
        else:
            code = forms.CharField(label=_("Mã sản phẩm OCOP"), max_length=40)
            self.fields = {"product_code": code, **self.fields}

    def line(self) -> AgreementLine:
        data = self.cleaned_data
        return AgreementLine(
            product=data.get("product"),
            product_code=data.get("product_code", "").strip(),
            quantity=data["quantity"],
            unit=data["unit"].strip(),
        )


class BaseAgreementLineFormSet(forms.BaseFormSet):
    def lines(self) -> list[AgreementLine]:
        """The filled lines, but those marked for deletion; a blank extra line is no line."""
        kept = [form for form in self.forms if form.cleaned_data and not form.cleaned_data.get("DELETE")]
        return [form.line() for form in kept]


AgreementLineFormSet = forms.formset_factory(
    AgreementLineForm,
    formset=BaseAgreementLineFormSet,
    extra=2,
    max_num=50,
    validate_max=True,
    can_delete=True,
    can_delete_extra=False,
)


def agreement_lines(
    data: Any, *, products: Any = None, initial: list[dict[str, Any]] | None = None
) -> BaseAgreementLineFormSet:
    """The lines' formset, prefix ``lines``; a POST without it (an older client) leaves the lines unbound."""
    bound = data if data is not None and "lines-TOTAL_FORMS" in data else None
    formset = AgreementLineFormSet(bound, prefix="lines", initial=initial, form_kwargs={"products": products})
    return cast(BaseAgreementLineFormSet, formset)


class DeliveryForm(forms.Form):
    on = forms.DateField(label=_("Ngày giao"), widget=DATE)
    value_vnd = forms.IntegerField(label=_("Giá trị giao (đồng)"), min_value=1)


class AgreementsUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Tệp biên bản ghi nhớ và hợp đồng (CSV hoặc XLSX)"),
        help_text=_("Tối đa %(size)d MB, theo định dạng đã công bố.")
        % {"size": MAX_FILE_BYTES // 1024 // 1024},
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,text/csv"}),
    )
    dry_run = forms.BooleanField(label=_("Chỉ kiểm tra, chưa ghi"), required=False)


class ReportForm(forms.Form):
    """The report page's filters: the statistics' own parameters (§3)."""

    province = forms.TypedChoiceField(
        label=_("Tỉnh, thành phố"), coerce=int, required=False, empty_value=None
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Named as the API's parameters (``from`` and ``to`` are Python words, hence not attributes).
        self.fields["from"] = forms.DateField(label=_("Từ ngày"), required=False, widget=DATE)
        self.fields["to"] = forms.DateField(label=_("Đến ngày"), required=False, widget=DATE)
        self.fields["event"] = forms.ModelChoiceField(
            label=_("Hội nghị"), queryset=ConnectionEvent.objects.all(), required=False
        )
        provinces = sorted(
            (code, name) for (scheme, code), name in province_names().items() if scheme == Scheme.CURRENT
        )
        self.fields["province"].choices = [("", _("Cả nước")), *provinces]  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("from"), cleaned.get("to")
        if start is not None and end is not None and end < start:
            self.add_error("to", _("Ngày cuối phải từ ngày đầu trở đi."))
        return cleaned


class MeetingRequestForm(forms.Form):
    """A producer's or verified buyer's request to meet the other side at an event both take part in."""

    event = forms.ModelChoiceField(label=_("Hội nghị"), queryset=ConnectionEvent.objects.none())
    counterpart = forms.TypedChoiceField(label=_("Bên muốn gặp"), coerce=int)
    note = forms.CharField(label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, events: Any, counterparts: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["event"].queryset = events  # type: ignore[attr-defined]
        self.fields["counterpart"].choices = counterparts  # type: ignore[attr-defined]
