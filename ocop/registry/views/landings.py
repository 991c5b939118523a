"""The pages officers and producers land on after signing in (``ocop.portal.shell`` sends them here)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from ocop.accounts.access import request_actor, role_required
from ocop.accounts.models import OFFICER_ROLES, Role
from ocop.registry.dashboards import officer_dashboard, producer_products
from ocop.registry.views.imports import IMPORTER_ROLES


@role_required(*OFFICER_ROLES)
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    """What needs an officer's attention in their scope: expiring certificates, imports, missing photos."""
    actor = request_actor(request)
    board = officer_dashboard(actor, today=timezone.localdate(), can_import=actor.role in IMPORTER_ROLES)
    return render(request, "registry/dashboard.html", {"board": board})


@role_required(Role.PRODUCER)
@require_GET
def producer_home(request: HttpRequest) -> HttpResponse:
    """A producer's own products and their certificates, with the day each one runs out."""
    actor = request_actor(request)
    producers = producer_products(actor, today=timezone.localdate())
    return render(request, "registry/producer_home.html", {"producers": producers})
