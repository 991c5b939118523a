"""The inbox (hộp thư thông báo) of every signed-in user: read, open, mark all read.

Opening and marking change state, so they are POSTs with the CSRF token; a GET never marks anything.
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST, require_safe

from ocop.accounts.access import role_required
from ocop.accounts.models import Role
from ocop.core.htmx import is_htmx
from ocop.notifications import selectors, services
from ocop.notifications.access import access_notification_by_id

NOTIFICATIONS_PER_PAGE = 30
signed_in = role_required(*Role)


@signed_in
@require_safe
def inbox(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.inbox(request.user), NOTIFICATIONS_PER_PAGE).get_page(request.GET.get("page"))
    context = {"page": page, "unread": selectors.unread_count(request.user)}
    template = "notifications/inbox.html#results" if is_htmx(request) else "notifications/inbox.html"
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


@signed_in
@require_POST
def notification_open(request: HttpRequest, notification_id: int) -> HttpResponse:
    notification = access_notification_by_id(request.user, notification_id)
    services.notification_open(acting_user=request.user, notification=notification)
    link = notification.link
    if link and url_has_allowed_host_and_scheme(link, allowed_hosts={request.get_host()}):
        return redirect(link)
    return redirect("notifications:inbox")


@signed_in
@require_POST
def mark_all_read(request: HttpRequest) -> HttpResponse:
    marked = services.notifications_mark_all_read(acting_user=request.user)
    messages.success(
        request,
        ngettext(
            "Đã đánh dấu %(count)d thông báo là đã đọc.", "Đã đánh dấu %(count)d thông báo là đã đọc.", marked
        )
        % {"count": marked},
    )
    return redirect("notifications:inbox")
