"""The counterfeit alerts of a producer's products, or of an officer's scope, and marking one handled."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from ocop.accounts.access import is_officer
from ocop.trace import alerts
from ocop.trace.models import Alert

LATEST = 50


@require_GET
def alert_list(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not alerts.may_see_alerts(request.user):
        raise Http404
    visible = alerts.alerts_visible(request.user)
    context = {
        "counts": alerts.alert_counts(visible),
        "alerts": visible.order_by("-created_at", "-id")[:LATEST],
        "may_resolve": is_officer(request.user),
    }
    return render(request, "trace/alert_list.html", context)


@require_POST
def alert_resolve(request: HttpRequest, alert_id: int) -> HttpResponse:
    try:
        alert = alerts.alert_for_officer(request.user, alert_id)
    except Alert.DoesNotExist:
        raise Http404 from None
    alerts.alert_resolve(acting_user=request.user, alert=alert)
    messages.success(request, _("Đã đánh dấu cảnh báo là đã xử lý."))
    return redirect("alerts:list")
