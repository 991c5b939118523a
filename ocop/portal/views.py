from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from ocop.accounts.access import acting_user
from ocop.core.context_processors import CATALOGUE_PATH, STATISTICS_PATH


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    context = {
        "catalogue_path": CATALOGUE_PATH,
        "statistics_path": STATISTICS_PATH,
        "signed_in_user": acting_user(request.user),
    }
    return render(request, "portal/home.html", context)
