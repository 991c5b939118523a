from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_safe

from ocop.accounts.access import acting_user
from ocop.portal.shell import landing_of

MY_PAGE = "portal:my_page"


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/home.html", {"signed_in_user": acting_user(request.user)})


@require_safe
def my_page(request: HttpRequest) -> HttpResponse:
    """Where signing in leads: each role's own page; this page itself for the roles whose work comes next.

    Council members, buyers and sales-point operators read here what they can do today; the apps of the
    next releases (evaluation, trade, outlets) will give them their own landing instead.
    """
    actor = acting_user(request.user)
    if actor is None:
        return redirect_to_login(request.get_full_path())
    landing = landing_of(actor)
    if landing is not None and landing.url_name != MY_PAGE:
        return redirect(landing.url_name)
    return render(request, "portal/my_page.html", {"role": actor.role})
