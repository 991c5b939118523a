"""The audit log for central staff, at /audit/ (its read-only admin is in ``ocop.accounts.admin``).

Core records the events and knows nothing of roles; who may read them is a question of roles, so the
pages that show them live here, above core.
"""

from django import forms
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext_lazy as _

from ocop.accounts.access import request_actor, role_required
from ocop.accounts.audit_words import action_name, object_type_name, told_events
from ocop.accounts.models import Role
from ocop.core.htmx import is_htmx
from ocop.core.models import AuditEvent

EVENTS_PER_PAGE = 50


class AuditFilterForm(forms.Form):
    action = forms.ChoiceField(label=_("Hành động"), required=False)
    object_type = forms.ChoiceField(label=_("Loại đối tượng"), required=False)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        events = AuditEvent.objects.order_by()
        actions = events.values_list("action", flat=True).distinct().order_by("action")
        object_types = events.values_list("object_type", flat=True).distinct().order_by("object_type")
        self.fields["action"].choices = [  # type: ignore[attr-defined]
            ("", _("Tất cả")),
            *sorted(((value, action_name(value)) for value in actions), key=lambda choice: choice[1]),
        ]
        self.fields["object_type"].choices = [  # type: ignore[attr-defined]
            ("", _("Tất cả")),
            *sorted(
                ((value, object_type_name(value)) for value in object_types), key=lambda choice: choice[1]
            ),
        ]


@role_required(Role.CENTRAL_OFFICER)
def audit_log(request: HttpRequest) -> HttpResponse:
    """Every recorded change, newest first and in words, for central staff; everyone else gets 404."""
    filters = AuditFilterForm(request.GET)
    events = AuditEvent.objects.select_related("actor")
    if filters.is_valid():
        if action := filters.cleaned_data["action"]:
            events = events.filter(action=action)
        if object_type := filters.cleaned_data["object_type"]:
            events = events.filter(object_type=object_type)
    page = Paginator(events, EVENTS_PER_PAGE).get_page(request.GET.get("page"))
    told = told_events(page.object_list, reader=request_actor(request))
    template = "accounts/audit_log.html#results" if is_htmx(request) else "accounts/audit_log.html"
    response = render(request, template, {"filters": filters, "page": page, "told": told})
    patch_vary_headers(response, ["HX-Request"])
    return response
