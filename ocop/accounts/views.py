from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate, login, logout, update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm, PasswordResetForm, SetPasswordForm
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse_lazy
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
from ocop.accounts.audit_words import told_events
from ocop.accounts.forms import (
    LoginForm,
    PasswordResetRequestForm,
    UserCreateForm,
    UserDetailsForm,
    UserFilterForm,
    details_initial,
)
from ocop.accounts.models import OFFICER_ROLES, Role
from ocop.accounts.selectors import user_history, user_list_for
from ocop.core import ratelimit
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
        "history": told_events(user_history(target), reader=actor),
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
        form = UserCreateForm(
            actor=actor, commune_url=request.path, initial={"province": request.GET.get("province")}
        )
        return render(request, "accounts/user_form.html#commune_field", {"form": form})
    form = UserCreateForm(
        request.POST if request.method == "POST" else None, actor=actor, commune_url=request.path
    )
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


@role_required(Role.CENTRAL_OFFICER, Role.PROVINCE_OFFICER)
@require_http_methods(["GET", "POST"])
def user_edit(request: HttpRequest, user_id: int) -> HttpResponse:
    actor = request_actor(request)
    target = access_user_for_change_by_id(actor, user_id)
    if request.method == "GET" and is_htmx(request):
        form = UserDetailsForm(
            actor=actor, commune_url=request.path, initial={"province": request.GET.get("province")}
        )
        return render(request, "accounts/user_edit.html#commune_field", {"form": form, "target": target})
    form = UserDetailsForm(
        request.POST if request.method == "POST" else None,
        actor=actor,
        commune_url=request.path,
        initial=details_initial(target),
    )
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.user_update(
                acting_user=actor,
                user=target,
                full_name=data["full_name"],
                phone=data["phone"],
                organisation_name=data["organisation_name"],
                role=data["role"],
                unit=data["unit"],
            )
        except ValidationError as error:
            form.add_error(None, error.messages)
        except PermissionDenied:
            form.add_error(None, _("Bạn không thể giao vai trò này cho đơn vị này."))
        else:
            messages.success(request, _("Đã lưu thông tin của %(name)s.") % {"name": data["full_name"]})
            return redirect("accounts:user_detail", user_id=target.pk)
    return render(request, "accounts/user_edit.html", {"form": form, "target": target})


# --- Passwords


@login_required
@require_http_methods(["GET", "POST"])
def password_change(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    form = PasswordChangeForm(actor, request.POST if request.method == "POST" else None)
    if form.is_valid():
        user = services.password_change(user=actor, password=form.cleaned_data["new_password1"])
        # A new password ends the other sessions of the account, not this one.
        update_session_auth_hash(request, user)
        messages.success(request, _("Đã đổi mật khẩu."))
        return redirect("accounts:password_change")
    return render(request, "accounts/password_change.html", {"form": form})


def _link_hours() -> int:
    """How long a reset link works, in whole hours, as the pages and the mail say it."""
    return max(1, settings.PASSWORD_RESET_TIMEOUT // 3600)


class PasswordResetView(auth_views.PasswordResetView):
    """Asks for an address and mails a reset link if it has an active account, answering the same
    either way. Requests are limited per address and per client (``throttling.password_reset_allowed``),
    so the page cannot be used to flood someone's mailbox."""

    template_name = "accounts/password_reset.html"
    form_class = PasswordResetRequestForm
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not throttling.password_reset_allowed(request.POST.get("email", ""), request):
            message = throttling.password_reset_refusal_message()
            return render(request, "429.html", {"message": message}, status=429)
        return super().post(request, *args, **kwargs)

    @property
    def extra_email_context(self) -> dict[str, Any]:  # type: ignore[override]
        return {"link_hours": _link_hours()}

    def form_valid(self, form: PasswordResetForm) -> HttpResponse:
        users = list(form.get_users(form.cleaned_data["email"]))
        services.password_reset_request(users=users, client_address=ratelimit.client_address(self.request))
        return super().form_valid(form)


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), "link_hours": _link_hours()}


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """The e-mailed link: Django's token (single use, valid ``PASSWORD_RESET_TIMEOUT``), our service."""

    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form: SetPasswordForm) -> HttpResponse:
        services.password_reset(user=form.user, password=form.cleaned_data["new_password1"])
        del self.request.session[auth_views.INTERNAL_RESET_SESSION_TOKEN]
        return redirect(self.get_success_url())


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"
