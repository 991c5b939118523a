"""Pages of connection events and agreements, under ``/ket-noi/``.

- Officers (central; province, in their province): events, participants, meetings, memoranda and contracts,
  deliveries, and the agreements file upload. Other roles get 404, anonymous users go to sign in.
- Producers and verified buyers: the agreements they are a party to (a producer never sees another
  producer's), their meetings, which they ask for, decline or call off. A verified buyer also records its
  own memoranda and contracts with the producers it deals with, and amends them; the producer confirms or
  disputes each (issue #12); once trusted, both parties record deliveries and move the status.
- Everyone: the report page (``/ket-noi/bao-cao/``), the figures of ``GET /api/v1/trade/stats``.
"""

from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from ocop.accounts.access import request_actor, role_required
from ocop.accounts.models import Role
from ocop.core.charts import bar_chart
from ocop.registry.importing.reading import FileRefusedError, check_size
from ocop.registry.importing.validation import RowError
from ocop.registry.models import Producer, Product
from ocop.trade.access import offers_seen_by_buyer
from ocop.trade.agreements import services
from ocop.trade.agreements.access import (
    access_agreement_by_id,
    access_event_by_id,
    agreements_in_scope,
    can_change_agreement,
    can_follow_up,
    counterpart_producers,
    events_in_scope,
    events_of_party,
    may_amend,
    may_answer,
    meetings_of_party,
    party_buyers,
    party_producers,
)
from ocop.trade.agreements.forms import (
    AgreementForm,
    AgreementsUploadForm,
    BaseAgreementLineFormSet,
    BuyerAgreementForm,
    DeliveryForm,
    DisputeForm,
    EventForm,
    MeetingForm,
    MeetingRequestForm,
    ParticipantsForm,
    ReportForm,
    agreement_lines,
)
from ocop.trade.agreements.importing import AgreementsImportResult, agreements_import
from ocop.trade.agreements.statistics import (
    TradeStatisticsQuery,
    awaiting_confirmation,
    trade_statistics,
    trade_statistics_by_month,
)
from ocop.trade.models import (
    Agreement,
    AgreementKind,
    AgreementLine,
    AgreementStatus,
    Buyer,
    Meeting,
    MeetingStatus,
    ProducerAnswer,
    Verification,
)

ORGANISERS = (Role.CENTRAL_OFFICER, Role.PROVINCE_OFFICER)
PARTIES = (Role.CENTRAL_OFFICER, Role.PROVINCE_OFFICER, Role.PRODUCER, Role.BUYER)
LIST_LIMIT = 200


@role_required(*ORGANISERS)
@require_http_methods(["GET", "POST"])
def event_list(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    form = EventForm(request.POST or None, user=actor)
    if request.method == "POST" and form.is_valid():
        try:
            event = services.event_create(acting_user=actor, **form.cleaned_data)
        except PermissionDenied:
            raise Http404 from None
        messages.success(request, _("Đã tạo hội nghị kết nối."))
        return redirect("trade_agreements:event_detail", event_id=event.pk)
    events = events_in_scope(actor)[:LIST_LIMIT]
    return render(request, "trade/events/event_list.html", {"events": events, "form": form})


@role_required(*ORGANISERS)
@require_http_methods(["GET", "POST"])
def event_detail(request: HttpRequest, event_id: int) -> HttpResponse:
    actor = request_actor(request)
    event = access_event_by_id(actor, event_id)
    participants = ParticipantsForm(
        initial={"producers": event.producers.all(), "buyers": event.buyers.all()}, event=event
    )
    meeting_form = MeetingForm(event=event)
    if request.method == "POST" and request.POST.get("form") == "participants":
        participants = ParticipantsForm(request.POST, event=event)
        if participants.is_valid():
            services.event_participants_set(
                acting_user=actor,
                event=event,
                producers=list(participants.cleaned_data["producers"]),
                buyers=list(participants.cleaned_data["buyers"]),
            )
            messages.success(request, _("Đã lưu thành phần tham gia."))
            return redirect("trade_agreements:event_detail", event_id=event.pk)
    elif request.method == "POST" and request.POST.get("form") == "meeting":
        meeting_form = MeetingForm(request.POST, instance=Meeting(event=event), event=event)
        if meeting_form.is_valid():
            services.meeting_record(acting_user=actor, meeting=meeting_form.instance)
            messages.success(request, _("Đã ghi cuộc gặp."))
            return redirect("trade_agreements:event_detail", event_id=event.pk)
    context = {
        "event": event,
        "participants": participants,
        "meeting_form": meeting_form,
        "meetings": event.meetings.select_related("buyer", "producer"),
        "agreements": agreements_in_scope(actor).filter(event=event),
    }
    return render(request, "trade/events/event_detail.html", context)


@role_required(*ORGANISERS)
@require_POST
def meeting_status(request: HttpRequest, meeting_id: int) -> HttpResponse:
    actor = request_actor(request)
    meeting = get_object_or_404(Meeting.objects.filter(event__in=events_in_scope(actor)), pk=meeting_id)
    form = MeetingForm(request.POST, instance=meeting, event=meeting.event)
    if form.is_valid():
        services.meeting_record(acting_user=actor, meeting=form.instance)
        messages.success(request, _("Đã cập nhật cuộc gặp."))
    else:
        messages.error(request, _("Không lưu được cuộc gặp: kiểm tra các trường."))
    return redirect("trade_agreements:event_detail", event_id=meeting.event_id)


@role_required(Role.PRODUCER, Role.BUYER)
@require_http_methods(["GET", "POST"])
def party_meetings(request: HttpRequest) -> HttpResponse:
    """A producer's or verified buyer's meetings, and their requests to meet the other side at an event."""
    actor = request_actor(request)
    events = events_of_party(actor)
    as_buyer = actor.role == Role.BUYER
    if as_buyer:
        others: Any = Producer.objects.filter(connection_events__in=events)
    else:
        others = Buyer.objects.filter(connection_events__in=events, verification=Verification.VERIFIED)
    counterparts = list(others.distinct().order_by("name").values_list("pk", "name"))
    form = MeetingRequestForm(request.POST or None, events=events, counterparts=counterparts)
    if request.method == "POST" and form.is_valid():
        event, other_id = form.cleaned_data["event"], form.cleaned_data["counterpart"]
        own = (
            (party_buyers(actor) if as_buyer else party_producers(actor))
            .filter(connection_events=event)
            .first()
        )
        other = (Producer if as_buyer else Buyer).objects.filter(pk=other_id).first()
        try:
            if own is None or other is None:
                raise PermissionDenied
            services.meeting_request(
                acting_user=actor,
                event=event,
                buyer=own if as_buyer else other,  # type: ignore[arg-type]
                producer=other if as_buyer else own,  # type: ignore[arg-type]
                note=form.cleaned_data["note"],
            )
        except PermissionDenied:
            form.add_error("counterpart", _("Hai bên phải cùng tham gia hội nghị đã chọn."))
        else:
            messages.success(request, _("Đã gửi đề nghị gặp."))
            return redirect("trade_agreements:party_meetings")
    meetings = meetings_of_party(actor).select_related("event", "buyer", "producer", "requested_by")
    rows = [(meeting, sorted(services.party_moves(actor, meeting))) for meeting in meetings]
    status = 422 if form.is_bound and form.errors else 200
    return render(request, "trade/events/party_meetings.html", {"form": form, "rows": rows}, status=status)


@role_required(Role.PRODUCER, Role.BUYER)
@require_POST
def meeting_answer(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """A side declines a request to meet, or calls a meeting off; another party's meeting is 404."""
    actor = request_actor(request)
    meeting = get_object_or_404(meetings_of_party(actor).select_related("event"), pk=meeting_id)
    status = request.POST.get("status", "")
    try:
        services.meeting_answer(acting_user=actor, meeting=meeting, status=status)
    except PermissionDenied:
        messages.error(
            request,
            _("Cuộc gặp tại %(event)s: không thể chuyển từ “%(now)s” sang trạng thái đã chọn.")
            % {"event": meeting.event.name, "now": meeting.get_status_display()},
        )
    else:
        done = _("Đã từ chối đề nghị gặp.") if status == MeetingStatus.DECLINED else _("Đã hủy cuộc gặp.")
        messages.success(request, done)
    return redirect("trade_agreements:party_meetings")


@role_required(*PARTIES)
@require_safe
def agreement_list(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    agreements = agreements_in_scope(actor).select_related("event")[:LIST_LIMIT]
    awaiting = agreements_in_scope(actor).filter(
        producer_answer=ProducerAnswer.PENDING, producer__in=party_producers(actor)
    )
    context = {
        "agreements": agreements,
        "awaiting_answer": awaiting.select_related("event")[:LIST_LIMIT],
        "organiser": actor.role in ORGANISERS,
        "records_as_buyer": party_buyers(actor).exists(),
    }
    return render(request, "trade/events/agreement_list.html", context)


@role_required(*ORGANISERS)
@require_http_methods(["GET", "POST"])
def agreement_new(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    events = events_in_scope(actor)
    initial: dict[str, Any] = {"province_code": actor.province_code}
    if request.GET.get("event", "").isdigit():
        initial["event"] = events.filter(pk=int(request.GET["event"])).first()
    form = AgreementForm(
        request.POST or None, instance=Agreement(), initial=initial, user=actor, events=events
    )
    return _save_agreement(request, form, agreement_lines(request.POST or None), actor)


@role_required(Role.BUYER)
@require_http_methods(["GET", "POST"])
def buyer_agreement_new(request: HttpRequest) -> HttpResponse:
    """A verified buyer records a memorandum or contract with a producer it deals with, as its own party.

    The form may start from a memorandum, an offer or a product (``_buyer_agreement_initial``).
    """
    actor = request_actor(request)
    buyer = party_buyers(actor).order_by("pk").first()
    if buyer is None:
        raise Http404
    producers = counterpart_producers(buyer)
    products = Product.objects.filter(producer__in=producers).select_related("producer").order_by("name")
    initial, line_initial = _buyer_agreement_initial(request, actor, buyer, products)
    form = BuyerAgreementForm(
        request.POST or None,
        instance=Agreement(),
        initial=initial,
        producers=producers,
        events=events_of_party(actor).filter(buyers=buyer),
    )
    lines = agreement_lines(request.POST or None, products=products, initial=line_initial)
    return _buyer_agreement_page(request, actor, buyer, form, lines)


@role_required(Role.BUYER)
@require_http_methods(["GET", "POST"])
def buyer_agreement_edit(request: HttpRequest, agreement_id: int) -> HttpResponse:
    """The buyer amends what it recorded, on the same form filled in; a change to its terms asks the
    producer again (and takes it out of the figures until confirmed). Another's document is 404."""
    actor = request_actor(request)
    agreement = access_agreement_by_id(actor, agreement_id)
    if not may_amend(actor, agreement) or agreement.buyer is None:
        raise Http404
    products = Product.objects.filter(producer=agreement.producer_id).order_by("name")
    form = BuyerAgreementForm(
        request.POST or None,
        instance=agreement,
        producers=Producer.objects.filter(agreements=agreement),
        events=events_of_party(actor).filter(buyers=agreement.buyer),
        amending=True,
    )
    line_initial = _buyer_line_initial(agreement.lines.all())
    lines = agreement_lines(request.POST or None, products=products, initial=line_initial)
    return _buyer_agreement_page(request, actor, agreement.buyer, form, lines)


def _buyer_agreement_page(
    request: HttpRequest, actor: Any, buyer: Buyer, form: BuyerAgreementForm, lines: BaseAgreementLineFormSet
) -> HttpResponse:
    """The buyer's form, new or filled in: saved through the one service, or shown again with its errors."""
    if request.method == "POST" and form.is_valid() and lines.is_valid():
        saved = _written(
            request,
            form,
            lambda: services.agreement_record_as_buyer(
                acting_user=actor, buyer=buyer, agreement=form.instance, lines=lines.lines()
            ),
        )
        if saved is not None:
            return saved
    context = {"form": form, "lines": lines, "buyer": buyer, "amending": form.instance.pk is not None}
    return render(request, "trade/events/agreement_form.html", context, status=422 if form.is_bound else 200)


def _buyer_line_initial(lines: Iterable[AgreementLine]) -> list[dict[str, Any]]:
    """Lines as the buyer's form starts from them: the product, its quantity and unit."""
    return [{"product": line.product_id, "quantity": line.quantity, "unit": line.unit} for line in lines]


def _buyer_agreement_initial(
    request: HttpRequest, actor: Any, buyer: Buyer, products: Any
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """What the form starts from: ``?memorandum=`` (the buyer's own, for the contract that follows it),
    ``?offer=`` or ``?product=``; ``?kind=contract`` for a contract."""
    contract = request.GET.get("kind") == AgreementKind.CONTRACT
    initial: dict[str, Any] = {"kind": AgreementKind.CONTRACT if contract else AgreementKind.MEMORANDUM}
    memorandum_id = request.GET.get("memorandum", "")
    offer_id, product_id = request.GET.get("offer", ""), request.GET.get("product", "")
    if memorandum_id.isdigit():
        memorandum = agreements_in_scope(actor).filter(pk=int(memorandum_id), buyer=buyer).first()
        if memorandum is not None:
            initial.update(event=memorandum.event_id, producer=memorandum.producer_id)
            return initial, _buyer_line_initial(memorandum.lines.filter(product__in=products))
    if offer_id.isdigit():
        offer = offers_seen_by_buyer(actor).select_related("demand").filter(pk=int(offer_id)).first()
        if offer is not None and products.filter(pk=offer.product_id).exists():
            initial["producer"] = offer.producer_id
            line = {"product": offer.product_id, "quantity": offer.quantity, "unit": offer.demand.unit}
            return initial, [line]
    if product_id.isdigit():
        product = products.filter(pk=int(product_id)).first()
        if product is not None:
            initial["producer"] = product.producer_id
            return initial, [{"product": product.pk}]
    return initial, []


@role_required(*PARTIES)
@require_http_methods(["GET", "POST"])
def agreement_detail(request: HttpRequest, agreement_id: int) -> HttpResponse:
    """Everyone in scope reads it and its producer's answer; officers change it; the parties follow it up
    once trusted (``can_follow_up``); a POST from anyone else is 404 and writes nothing."""
    actor = request_actor(request)
    agreement = access_agreement_by_id(actor, agreement_id)
    may_change = can_change_agreement(actor, agreement)
    follows_up = can_follow_up(actor, agreement)
    if request.method == "POST" and not follows_up:
        raise Http404
    form = lines = None
    if may_change:
        data = request.POST if request.POST.get("form") == "agreement" else None
        form = AgreementForm(data, instance=agreement, user=actor, events=events_in_scope(actor))
        lines = agreement_lines(data, initial=_line_initial(agreement))
        if data is not None:
            return _save_agreement(request, form, lines, actor, agreement=agreement)
    delivery_form = DeliveryForm()
    if follows_up and request.POST.get("form") == "delivery":
        delivery_form = DeliveryForm(request.POST)
        if delivery_form.is_valid():
            try:
                services.delivery_record(acting_user=actor, agreement=agreement, **delivery_form.cleaned_data)
            except PermissionDenied:
                raise Http404 from None
            except ValidationError as error:
                for message in error.messages:
                    delivery_form.add_error("value_vnd", message)
            else:
                messages.success(request, _("Đã ghi giá trị giao."))
                return redirect("trade_agreements:agreement_detail", agreement_id=agreement.pk)
    context = {
        **_detail_context(actor, agreement, follows_up=follows_up),
        "form": form,
        "lines": lines,
        "delivery_form": delivery_form,
    }
    return render(request, "trade/events/agreement_detail.html", context)


def _detail_context(actor: Any, agreement: Agreement, *, follows_up: bool | None = None) -> dict[str, Any]:
    """What the page shows ``actor`` besides the officers' form: the answer, and who may do what.

    ``follows_up``: ``can_follow_up``, when the caller has it already."""
    if follows_up is None:
        follows_up = can_follow_up(actor, agreement)
    return {
        "agreement": agreement,
        "deliveries": agreement.deliveries.all(),
        "delivery_form": DeliveryForm(),
        "contract_follows": agreement.kind == AgreementKind.MEMORANDUM
        and party_buyers(actor).filter(agreements=agreement).exists(),
        "may_answer": may_answer(actor, agreement),
        "dispute_form": DisputeForm(),
        "may_amend": may_amend(actor, agreement),
        "follows_up": follows_up,
        "status_moves": [
            (status, AgreementStatus(status).label) for status in services.status_moves(agreement)
        ]
        if follows_up
        else [],
        **_products_shown(agreement),
    }


@role_required(Role.PRODUCER)
@require_POST
def agreement_answer(request: HttpRequest, agreement_id: int) -> HttpResponse:
    """The producer's member confirms (``answer=confirm``) or disputes, with a reason, what a buyer recorded.

    Another producer's document is 404; one that no longer waits says so and changes nothing."""
    actor = request_actor(request)
    agreement = access_agreement_by_id(actor, agreement_id)
    confirm = request.POST.get("answer") == "confirm"
    try:
        services.agreement_answer(
            acting_user=actor, agreement=agreement, confirm=confirm, reason=request.POST.get("reason", "")
        )
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("Đã xác nhận văn bản; văn bản được tính vào báo cáo.")
            if confirm
            else _("Đã ghi ý kiến không xác nhận; bên mua và Sở được thông báo."),
        )
    return redirect("trade_agreements:agreement_detail", agreement_id=agreement.pk)


@role_required(*PARTIES)
@require_POST
def agreement_status(request: HttpRequest, agreement_id: int) -> HttpResponse:
    """A party (or an officer) moves a trusted document on; while it waits for its producer, 404."""
    actor = request_actor(request)
    agreement = access_agreement_by_id(actor, agreement_id)
    try:
        services.agreement_status_set(
            acting_user=actor, agreement=agreement, status=request.POST.get("status", "")
        )
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Đã cập nhật trạng thái văn bản."))
    return redirect("trade_agreements:agreement_detail", agreement_id=agreement.pk)


def _line_initial(agreement: Agreement) -> list[dict[str, Any]]:
    return [
        {"product_code": line.product_code, "quantity": line.quantity, "unit": line.unit}
        for line in agreement.lines.all()
    ]


def _save_agreement(
    request: HttpRequest,
    form: AgreementForm,
    lines: BaseAgreementLineFormSet,
    actor: Any,
    agreement: Agreement | None = None,
) -> HttpResponse:
    lines_valid = not lines.is_bound or lines.is_valid()
    if request.method == "POST" and form.is_valid() and lines_valid:
        saved = _written(
            request,
            form,
            lambda: services.agreement_record(
                acting_user=actor, agreement=form.instance, lines=lines.lines() if lines.is_bound else None
            ),
        )
        if saved is not None:
            return saved
    template = "trade/events/agreement_form.html"
    if agreement is not None:
        agreement.refresh_from_db()
        context = {**_detail_context(actor, agreement), "form": form, "lines": lines}
        return render(request, "trade/events/agreement_detail.html", context, status=422)
    context = {"form": form, "lines": lines}
    return render(request, template, context, status=422 if form.is_bound else 200)


def _written(request: HttpRequest, form: Any, write: Callable[[], Agreement]) -> HttpResponse | None:
    """The agreement's page once ``write`` saved it; ``None`` when it refused, its reasons on ``form``.

    A service's ``PermissionDenied`` is 404, as everywhere out of scope."""
    try:
        saved = write()
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as error:
        _form_errors(form, error)
        return None
    messages.success(request, _("Đã lưu văn bản."))
    return redirect("trade_agreements:agreement_detail", agreement_id=saved.pk)


def _form_errors(form: Any, error: ValidationError) -> None:
    """A service's refusal shown on the form, by field where the form has it."""
    for field, field_messages in error.message_dict.items():
        for message in field_messages:
            form.add_error(field if field in form.fields else None, message)


def _products_shown(agreement: Agreement) -> dict[str, Any]:
    """Its lines with their quantities; an imported agreement has none, and shows its products."""
    return {
        "agreement_lines": agreement.lines.select_related("product"),
        "products": agreement.products.all(),
    }


@role_required(*ORGANISERS)
@require_http_methods(["GET", "POST"])
def agreements_upload(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    form = AgreementsUploadForm(request.POST or None, request.FILES or None)
    result: AgreementsImportResult | None = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            check_size(upload.size)
        except FileRefusedError as refused:
            result = AgreementsImportResult(False, [RowError(0, "", refused.message)], [], error_count=1)
        else:
            result = agreements_import(
                acting_user=actor,
                file_name=upload.name,
                content=upload,
                dry_run=form.cleaned_data["dry_run"],
            )
    context = {
        "form": form,
        "result": result,
        "dry_run": form.is_bound and form.is_valid() and form.cleaned_data["dry_run"],
        "hidden_errors": (result.error_count - len(result.errors)) if result else 0,
    }
    status = 422 if result is not None and not result.ok else 200
    return render(request, "trade/events/upload.html", context, status=status)


@require_safe
def report(request: HttpRequest) -> HttpResponse:
    """Public, like the API it shows; the same figures by province and by event, with charts and tables."""
    form = ReportForm(request.GET or None)
    query = TradeStatisticsQuery()
    if form.is_bound and form.is_valid():
        event = form.cleaned_data["event"]
        query = TradeStatisticsQuery(
            province=form.cleaned_data["province"],
            date_from=form.cleaned_data["from"],
            date_to=form.cleaned_data["to"],
            event=event.pk if event else None,
        )
    figures = trade_statistics(query)
    awaiting = awaiting_confirmation(query)
    by_month = trade_statistics_by_month(query)
    context = {
        "by_month": [{**row, "name": row["month"]} for row in by_month],
        "month_chart": bar_chart([(row["month"], row["value_vnd"]) for row in by_month[-24:]]),
        "form": form,
        "figures": figures,
        "awaiting": awaiting,
        "province_chart": bar_chart([(row["name"], row["value_vnd"]) for row in figures["by_province"][:15]]),
        "event_chart": bar_chart([(row["name"], row["value_vnd"]) for row in figures["by_event"][:15]]),
        "api_url": _api_url(query),
    }
    return render(request, "trade/events/report.html", context, status=200 if not form.errors else 400)


def _api_url(query: TradeStatisticsQuery) -> str:
    """The same figures from the API, for whoever wants them as data."""
    parameters = {
        "province": query.province,
        "from": query.date_from.isoformat() if query.date_from else None,
        "to": query.date_to.isoformat() if query.date_to else None,
        "event": query.event,
    }
    chosen = {name: value for name, value in parameters.items() if value is not None}
    return "/api/v1/trade/stats" + (f"?{urlencode(chosen)}" if chosen else "")
