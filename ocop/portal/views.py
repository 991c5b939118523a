from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_safe

from ocop.accounts.access import acting_user
from ocop.portal.shell import landing_of


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/home.html", {"signed_in_user": acting_user(request.user)})


@require_safe
def my_page(request: HttpRequest) -> HttpResponse:
    """Where signing in leads: it sends each role on to its own landing (``ocop.portal.shell.LANDINGS``).

    Every role has one today (officers and producers in registry, council members in evaluation, buyers in
    trade, sales-point operators in outlets); a role left without one reads the public links here.
    """
    actor = acting_user(request.user)
    if actor is None:
        return redirect_to_login(request.get_full_path())
    landing = landing_of(actor)
    if landing is not None:
        return redirect(landing.url_name)
    return render(request, "portal/my_page.html")
