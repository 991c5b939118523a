"""Traceability in the menu: batches and stamps for producers and the officers who issue for them.

Commune officers see it too, to read their commune's batches and runs; they issue nothing
(``ocop.trace.access``: the registry lets them change no product or certificate)."""

from django.utils.translation import gettext_lazy as _

from ocop.accounts.models import Role
from ocop.accounts.navigation import Entry, Landing, roles

ENTRIES: tuple[Entry, ...] = (
    # The same roles as ``access.TRACE_ROLES``.
    Entry(
        _("Truy xuất nguồn gốc"),
        "trace:home",
        shown_to=roles(Role.PRODUCER, Role.COMMUNE_OFFICER, Role.PROVINCE_OFFICER, Role.CENTRAL_OFFICER),
    ),
)
LANDINGS: tuple[Landing, ...] = ()
