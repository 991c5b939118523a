from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate, login, logout
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render, resolve_url
from django.utils.cache import patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ocop.accounts import services, throttling
from ocop.accounts.access import (
    access_user_by_id,
    access_user_for_change_by_id,
    can_manage_user,
    request_actor,
    role_required,
    roles_creatable_by,
)
from ocop.accounts.forms import LoginForm, UserCreateForm, UserFilterForm
from ocop.accounts.models import OFFICER_ROLES, Role
from ocop.accounts.selectors import user_history, user_list_for
from ocop.core.htmx import is_htmx

USERS_PER_PAGE = 50


def _safe_next(request: HttpRequest, next_url: str) -> str:
    allowed = url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return next_url if next_url and allowed else resolve_url(settings.LOGIN_REDIRECT_URL)


@require_http_methods(["GET", "POST"])
def login_view(request: HttpRequest) -> HttpResponse:
    next_url = request.POST.get("next") or request.GET.get("next", "")
    form = LoginForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        # The backend refuses during a lockout too; asking first lets the page say why, with a 429.
        if throttling.sign_in_refused(request.POST.get("email", ""), request):
            return render(request, "429.html", {"message": throttling.refusal_message()}, status=429)
        if form.is_valid():
            user = authenticate(
                request, email=form.cleaned_data["email"], password=form.cleaned_data["password"]
            )
            if user is None:
                # One message for a wrong password, an unknown address and a closed account, so the page
                # does not tell which addresses have accounts.
                form.add_error(None, _("Thư điện tử hoặc mật khẩu không đúng, hoặc tài khoản đã bị khóa."))
            else:
                login(request, user)
                return redirect(_safe_next(request, next_url))
    return render(request, "accounts/login.html", {"form": form, "next": next_url})


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    return redirect(settings.LOGOUT_REDIRECT_URL)


@role_required(*OFFICER_ROLES)
def user_list(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    filters = UserFilterForm(request.GET)
    search, role = "", ""
    if filters.is_valid():
        search, role = filters.cleaned_data["q"].strip(), filters.cleaned_data["role"]
    users = user_list_for(actor, search=search, role=role)
    page = Paginator(users, USERS_PER_PAGE).get_page(request.GET.get("page"))
    context = {"filters": filters, "page": page, "can_create": bool(roles_creatable_by(actor))}
    template = "accounts/user_list.html#results" if is_htmx(request) else "accounts/user_list.html"
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


@role_required(*OFFICER_ROLES)
def user_detail(request: HttpRequest, user_id: int) -> HttpResponse:
    actor = request_actor(request)
    target = access_user_by_id(actor, user_id)
    context = {
        "target": target,
        "can_manage": can_manage_user(actor, target),
        "history": user_history(target),
    }
    return render(request, "accounts/user_detail.html", context)


@role_required(*OFFICER_ROLES)
def user_deactivate(request: HttpRequest, user_id: int) -> HttpResponse:
    actor = request_actor(request)
    # Scope before method, so a GET on someone else's account is 404 like any other request for it.
    target = access_user_for_change_by_id(actor, user_id)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    services.user_deactivate(acting_user=actor, user=target)
    messages.success(request, _("Đã khóa tài khoản của %(name)s.") % {"name": target.full_name})
    return redirect("accounts:user_detail", user_id=target.pk)


@role_required(*OFFICER_ROLES)
def user_reactivate(request: HttpRequest, user_id: int) -> HttpResponse:
    actor = request_actor(request)
    target = access_user_for_change_by_id(actor, user_id)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    services.user_reactivate(acting_user=actor, user=target)
    messages.success(request, _("Đã mở lại tài khoản của %(name)s.") % {"name": target.full_name})
    return redirect("accounts:user_detail", user_id=target.pk)


@role_required(Role.CENTRAL_OFFICER, Role.PROVINCE_OFFICER)
@require_http_methods(["GET", "POST"])
def user_create(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    if request.method == "GET" and is_htmx(request):
        # The commune list follows the chosen province.
        form = UserCreateForm(actor=actor, initial={"province": request.GET.get("province")})
        return render(request, "accounts/user_form.html#commune_field", {"form": form})
    form = UserCreateForm(request.POST if request.method == "POST" else None, actor=actor)
    if form.is_valid():
        data = form.cleaned_data
        try:
            user = services.user_create(
                acting_user=actor,
                email=data["email"],
                full_name=data["full_name"],
                role=data["role"],
                unit=data["unit"],
                phone=data["phone"],
                organisation_name=data["organisation_name"],
                password=data["password"],
            )
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, _("Đã tạo tài khoản cho %(name)s.") % {"name": user.full_name})
            return redirect("accounts:user_detail", user_id=user.pk)
    return render(request, "accounts/user_form.html", {"form": form})
