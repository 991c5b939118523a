"""The back office under /diem-ban/quan-ly/: an operator's points (their landing page), a province
officer's points to review, and one point's page with its carried products, checklist and recognition.

Every page loads its point through ``ocop.outlets.access`` (out of scope: 404). A service's
``PermissionDenied`` is a 404 too; refusals with a reason re-render the form with the message, status 400.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from ocop.accounts.access import request_actor, role_required
from ocop.accounts.models import Role
from ocop.core import private_files
from ocop.notifications.models import Notification
from ocop.outlets import services
from ocop.outlets.access import OUTLET_ROLES, access_carried_by_id, access_point_by_id, points_in_scope
from ocop.outlets.forms import CarriedProductForm, ChecklistForm, PhotoForm, SalesPointForm
from ocop.outlets.lapses import NOTIFICATION_KINDS
from ocop.outlets.models import RecognitionStatus, SalesPoint
from ocop.outlets.selectors import LAPSED_STATUSES, carried_with_status

NOTICES_SHOWN = 10


def _add_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """A service's refusal onto the form: on the field it names when the form has it, else on the form."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        form.add_error(field if field in form.fields else None, errors)


@require_safe
@role_required(*OUTLET_ROLES)
def home(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    status = request.GET.get("trang_thai", "")
    points = points_in_scope(actor).order_by("province_code", "name", "pk")
    if status in RecognitionStatus.values:
        points = points.filter(status=status)
    listed = list(points[:500])
    is_operator = actor.role == Role.SALES_POINT_OPERATOR
    carried = (
        list(carried_with_status(timezone.localdate()).filter(sales_point__in=listed)) if is_operator else []
    )
    return render(
        request,
        "outlets/home.html",
        {
            "points": listed,
            "is_operator": is_operator,
            "carried": carried,
            "lapsed_statuses": [value.value for value in LAPSED_STATUSES],
            "statuses": RecognitionStatus.choices,
            "status": status,
            "notices": Notification.objects.filter(recipient=actor, kind__in=NOTIFICATION_KINDS).order_by(
                "-created_at"
            )[:NOTICES_SHOWN],
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
@role_required(*OUTLET_ROLES)
def point_create(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    initial = {"province_code": actor.province_code} if actor.province_code else {}
    form = SalesPointForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            point = services.sales_point_create(acting_user=actor, **form.cleaned_data)
        except PermissionDenied:
            form.add_error("province_code", _("Bạn không tạo được điểm bán ở tỉnh này."))
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Đã tạo điểm bán %(name)s.") % {"name": point.name})
            return redirect("outlets:point_manage", point_id=point.pk)
    status = 400 if form.is_bound else 200
    return render(request, "outlets/point_form.html", {"form": form, "point": None}, status=status)


@require_http_methods(["GET", "HEAD", "POST"])
@role_required(*OUTLET_ROLES)
def point_update(request: HttpRequest, point_id: int) -> HttpResponse:
    point = access_point_by_id(request.user, point_id)
    form = SalesPointForm(request.POST or None, instance=SalesPoint.objects.get(pk=point.pk))
    if request.method == "POST" and form.is_valid():
        try:
            services.sales_point_update(acting_user=request.user, point=point, **form.cleaned_data)
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Đã lưu điểm bán."))
            return redirect("outlets:point_manage", point_id=point.pk)
    status = 400 if form.is_bound else 200
    return render(request, "outlets/point_form.html", {"form": form, "point": point}, status=status)


def _manage_page(
    request: HttpRequest,
    point: SalesPoint,
    *,
    product_form: CarriedProductForm | None = None,
    photo_form: PhotoForm | None = None,
    status: int = 200,
) -> HttpResponse:
    carried = list(carried_with_status(timezone.localdate()).filter(sales_point=point))
    may_review = services.may_review_point(request.user, point.province_code)
    return render(
        request,
        "outlets/point_manage.html",
        {
            "point": point,
            "province_name": point.province_name,
            "carried": carried,
            "lapsed_statuses": [value.value for value in LAPSED_STATUSES],
            "product_form": product_form or CarriedProductForm(),
            "photo_form": photo_form or PhotoForm(),
            "may_review": may_review,
            "may_submit": point.status in (RecognitionStatus.DRAFT, RecognitionStatus.WITHDRAWN),
            "operators": point.operators.all(),
            "evidence": point.evidence_files.select_related("file"),
        },
        status=status,
    )


@require_safe
@role_required(*OUTLET_ROLES)
def point_manage(request: HttpRequest, point_id: int) -> HttpResponse:
    return _manage_page(request, access_point_by_id(request.user, point_id))


@require_POST
@role_required(*OUTLET_ROLES)
def product_add(request: HttpRequest, point_id: int) -> HttpResponse:
    point = access_point_by_id(request.user, point_id)
    form = CarriedProductForm(request.POST)
    if form.is_valid():
        product = form.cleaned_data["code"]
        try:
            services.carried_product_add(acting_user=request.user, point=point, product=product)
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as error:
            form.add_error("code", error.messages)
        else:
            messages.success(request, _("Đã thêm sản phẩm %(name)s.") % {"name": product.name})
            return redirect("outlets:point_manage", point_id=point.pk)
    return _manage_page(request, point, product_form=form, status=400)


@require_POST
@role_required(*OUTLET_ROLES)
def product_remove(request: HttpRequest, point_id: int, carried_id: int) -> HttpResponse:
    point = access_point_by_id(request.user, point_id)
    carried = access_carried_by_id(request.user, point, carried_id)
    try:
        services.carried_product_remove(acting_user=request.user, carried=carried)
    except PermissionDenied:
        raise Http404 from None
    messages.success(request, _("Đã bỏ sản phẩm %(name)s khỏi điểm bán.") % {"name": carried.product.name})
    return redirect("outlets:point_manage", point_id=point.pk)


@require_POST
@role_required(*OUTLET_ROLES)
def photo_add(request: HttpRequest, point_id: int) -> HttpResponse:
    point = access_point_by_id(request.user, point_id)
    form = PhotoForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.photo_add(acting_user=request.user, point=point, upload=form.cleaned_data["photo"])
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Đã thêm ảnh."))
            return redirect("outlets:point_manage", point_id=point.pk)
    return _manage_page(request, point, photo_form=form, status=400)


@require_http_methods(["GET", "HEAD", "POST"])
@role_required(*OUTLET_ROLES)
def checklist(request: HttpRequest, point_id: int) -> HttpResponse:
    point = access_point_by_id(request.user, point_id)
    if point.status not in (RecognitionStatus.DRAFT, RecognitionStatus.WITHDRAWN):
        raise Http404
    form = ChecklistForm(
        request.POST or None,
        request.FILES or None,
        initial={
            field: getattr(point, field)
            for field in (
                "location_met",
                "location_note",
                "products_met",
                "products_note",
                "facilities_met",
                "facilities_note",
            )
        },
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        upload = data.pop("evidence")
        try:
            services.checklist_submit(
                acting_user=request.user, point=point, evidence=[upload] if upload else [], **data
            )
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Đã gửi đề nghị công nhận điểm bán."))
            return redirect("outlets:point_manage", point_id=point.pk)
    status = 400 if form.is_bound else 200
    return render(request, "outlets/checklist.html", {"form": form, "point": point}, status=status)


@require_POST
@role_required(Role.PROVINCE_OFFICER, Role.CENTRAL_OFFICER)
def transition(request: HttpRequest, point_id: int) -> HttpResponse:
    point = access_point_by_id(request.user, point_id, for_review=True)
    to = request.POST.get("to", "")
    if to not in RecognitionStatus.values:
        raise Http404
    try:
        services.sales_point_transition(acting_user=request.user, point=point, to=to)
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("Điểm bán nay ở trạng thái “%(status)s”.") % {"status": RecognitionStatus(to).label}
        )
    return redirect("outlets:point_manage", point_id=point.pk)


@require_safe
def evidence_file(request: HttpRequest, point_id: int, evidence_id: int) -> FileResponse:
    """An evidence file, to those who see the point only: anyone else, signed in or not, gets 404."""
    point = access_point_by_id(request.user, point_id)
    evidence = point.evidence_files.select_related("file").filter(pk=evidence_id).first()
    if evidence is None:
        raise Http404
    return private_files.file_response(evidence.file, name=evidence.name, as_attachment=False)
