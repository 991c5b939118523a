"""Trade screens under /giao-thuong/: the buyer's page, registering a buyer, demands with their matches,
shortlist and offers; producers' fitting demands and their offers; officers' verification of buyers.

Every page loads its object through ``ocop.trade.access``: out of scope is 404, and a service's
``PermissionDenied`` is 404 too. Producers' contacts show only to members of a verified buyer.
"""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from ocop.accounts.access import request_actor, role_required
from ocop.accounts.models import Role
from ocop.registry.models import Product, certification_labels
from ocop.trade import access, services
from ocop.trade.forms import BuyerForm, DemandForm, OfferForm, SupplierSearchForm, VerificationForm
from ocop.trade.matching import (
    DEMAND_MATCHING_FIELDS,
    Constraints,
    constraints_of,
    demand_constraints,
    fitting_product_ids,
    match_products,
)
from ocop.trade.models import Buyer, Verification

MATCHES_SHOWN = 20
PREVIEWED = 5  # the best matches shown while a demand is written


def _page_number(request: HttpRequest) -> int:
    try:
        return max(1, min(int(request.GET.get("page", "1")), 1000))
    except ValueError:
        return 1


@require_safe
@role_required(Role.BUYER)
def buyer_home(request: HttpRequest) -> HttpResponse:
    """The buyer's landing: their organisations and verification, demands, offers received, a search."""
    actor = request_actor(request)
    buyers = list(access.buyers_of(actor))
    verified = next((buyer for buyer in buyers if buyer.is_verified), None)
    search = SupplierSearchForm(request.GET or None)
    found = None
    if buyers and search.is_valid() and any(search.cleaned_data.values()):
        today = timezone.localdate()
        constraints = Constraints(
            sector=search.cleaned_data["sector"],
            min_stars=search.cleaned_data["min_stars"],
            q=search.cleaned_data["q"],
        )
        found = match_products(
            constraints,
            on=today,
            buyer_province=buyers[0].province_code,
            page_size=MATCHES_SHOWN,
        )
    return render(
        request,
        "trade/buyer_home.html",
        {
            "buyers": buyers,
            "verified_buyer": verified,
            "demands": access.demands_of_buyer(actor).select_related("buyer"),
            "offers": access.offers_seen_by_buyer(actor).select_related("demand", "product", "producer")[:50],
            "search": search,
            "found": found,
            "show_contacts": verified is not None,
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
@role_required(Role.BUYER)
def buyer_register(request: HttpRequest) -> HttpResponse:
    form = BuyerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.buyer_register(acting_user=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Đã đăng ký. Cán bộ của tỉnh sẽ xác minh tổ chức của bạn."))
            return redirect("trade:buyer_home")
    return render(request, "trade/buyer_form.html", {"form": form}, status=400 if form.is_bound else 200)


@require_safe
@role_required(*access.VERIFYING_ROLES)
def buyer_review_list(request: HttpRequest) -> HttpResponse:
    buyers = access.buyers_to_verify(request.user).order_by("verification", "name")
    return render(
        request,
        "trade/buyer_review_list.html",
        {
            "pending": buyers.filter(verification=Verification.PENDING),
            "others": buyers.exclude(verification=Verification.PENDING),
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
@role_required(*access.VERIFYING_ROLES)
def buyer_review(request: HttpRequest, buyer_id: int) -> HttpResponse:
    buyer = access.access_buyer_for_verification(request.user, buyer_id)
    form = VerificationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.buyer_verify(
                acting_user=request.user,
                buyer=buyer,
                verified=form.cleaned_data["decision"] == "verify",
                note=form.cleaned_data["note"],
            )
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Đã ghi kết quả xác minh %(name)s.") % {"name": buyer.name})
            return redirect("trade:buyer_review_list")
    return render(
        request,
        "trade/buyer_review.html",
        {"buyer": buyer, "form": form},
        status=400 if form.is_bound else 200,
    )


@require_http_methods(["GET", "HEAD", "POST"])
@role_required(Role.BUYER)
def demand_create(request: HttpRequest) -> HttpResponse:
    buyer = access.access_verified_buyer(request.user)
    form = DemandForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            demand = services.demand_create(acting_user=request.user, buyer=buyer, **form.cleaned_data)
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Đã đăng nhu cầu “%(title)s”.") % {"title": demand.title})
            return redirect("trade:demand_detail", demand_id=demand.pk)
    return render(
        request,
        "trade/demand_form.html",
        {"form": form, "buyer": buyer, **(demand_preview_context(form, buyer) if form.is_bound else {})},
        status=400 if form.is_bound else 200,
    )


@require_safe
@role_required(Role.BUYER)
def demand_preview(request: HttpRequest) -> HttpResponse:
    """What the demand being written would match today, asked again as the buyer types (htmx): how many
    products and the best few, or what to fill in first. Nothing is saved."""
    buyer = access.access_verified_buyer(request.user)
    context = demand_preview_context(DemandForm(request.GET), buyer)
    return render(request, "trade/includes/demand_preview.html", context)


def demand_preview_context(form: DemandForm, buyer: Buyer) -> dict[str, Any]:
    form.is_valid()  # only the fields that shape the matches are read; the rest wait for the submit
    errors = [str(error) for name in DEMAND_MATCHING_FIELDS for error in form.errors.get(name, [])]
    if errors:
        return {"preview_errors": errors}
    matches = match_products(
        constraints_of(form.cleaned_data),
        on=timezone.localdate(),
        buyer_province=buyer.province_code,
        page_size=PREVIEWED,
    )
    return {"preview": matches}


@require_safe
@role_required(Role.BUYER)
def demand_detail(request: HttpRequest, demand_id: int) -> HttpResponse:
    demand = access.access_own_demand(request.user, demand_id)
    today = timezone.localdate()
    matches = match_products(
        demand_constraints(demand),
        on=today,
        buyer_province=demand.buyer.province_code,
        page=_page_number(request),
        page_size=MATCHES_SHOWN,
    )
    shortlisted = set(demand.shortlist.values_list("product_id", flat=True))
    return render(
        request,
        "trade/demand_detail.html",
        {
            "demand": demand,
            "matches": matches,
            "shortlisted": shortlisted,
            "shortlist": demand.shortlist.select_related("product__producer"),
            "offers": demand.offers.select_related("product", "producer"),
            "show_contacts": access.sees_contacts(request.user, demand.buyer),
            "next_page": matches.page + 1 if matches.page * matches.page_size < matches.count else None,
            "first_rank": (matches.page - 1) * matches.page_size + 1,
            "certifications": certification_labels(demand.certifications),
        },
    )


@require_POST
@role_required(Role.BUYER)
def demand_close(request: HttpRequest, demand_id: int) -> HttpResponse:
    demand = access.access_own_demand(request.user, demand_id)
    try:
        services.demand_close(acting_user=request.user, demand=demand)
    except PermissionDenied:
        raise Http404 from None
    messages.success(request, _("Đã đóng nhu cầu."))
    return redirect("trade:demand_detail", demand_id=demand.pk)


@require_POST
@role_required(Role.BUYER)
def shortlist_toggle(request: HttpRequest, demand_id: int, product_id: int) -> HttpResponse:
    demand = access.access_own_demand(request.user, demand_id)
    today = timezone.localdate()
    # Only a product that matches the demand goes on its shortlist.
    if product_id not in fitting_product_ids(demand_constraints(demand), product_ids=[product_id], on=today):
        raise Http404
    product = get_object_or_404(Product, pk=product_id)
    try:
        services.shortlist_toggle(acting_user=request.user, demand=demand, product=product)
    except PermissionDenied:
        raise Http404 from None
    return redirect("trade:demand_detail", demand_id=demand.pk)


@require_safe
@role_required(Role.PRODUCER)
def fitting_demands(request: HttpRequest) -> HttpResponse:
    """The open demands one of the producer's products fits ("Nhu cầu phù hợp"), and their offers."""
    actor = request_actor(request)
    product_ids = list(access.products_of(actor).values_list("pk", flat=True))
    today = timezone.localdate()
    fitting = []
    if product_ids:
        for demand in access.open_demands().order_by("deadline", "id")[:200]:
            ids = fitting_product_ids(demand_constraints(demand), product_ids=product_ids, on=today)
            if ids:
                fitting.append((demand, len(ids)))
    return render(
        request,
        "trade/fitting_demands.html",
        {
            "fitting": fitting,
            "offers": access.offers_seen_by_producer(actor).select_related("demand__buyer", "product")[:50],
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
@role_required(Role.PRODUCER)
def fitting_demand(request: HttpRequest, demand_id: int) -> HttpResponse:
    demand = access.access_fitting_demand(request.user, demand_id)
    today = timezone.localdate()
    own = access.products_of(request.user)
    ids = fitting_product_ids(
        demand_constraints(demand), product_ids=list(own.values_list("pk", flat=True)), on=today
    )
    products = own.filter(pk__in=ids).order_by("name")
    form = OfferForm(request.POST or None, products=products)
    if request.method == "POST" and form.is_valid():
        try:
            services.offer_create(acting_user=request.user, demand=demand, **form.cleaned_data)
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Đã gửi chào hàng tới %(buyer)s.") % {"buyer": demand.buyer.name})
            return redirect("trade:fitting_demand", demand_id=demand.pk)
    return render(
        request,
        "trade/fitting_demand.html",
        {
            "demand": demand,
            "certifications": certification_labels(demand.certifications),
            "form": form,
            "offers": access.offers_seen_by_producer(request.user)
            .filter(demand=demand)
            .select_related("product"),
        },
        status=400 if form.is_bound else 200,
    )
