"""Evaluation in the menu: the public self-assessment, the dossiers of producers and officers, and the rubric
screens of central officers."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ocop.accounts.models import Role
from ocop.accounts.navigation import Entry, everyone, roles

PUBLIC_ENTRIES = (Entry(_("Tự đánh giá"), "evaluation:self_assessment", shown_to=everyone),)
ENTRIES = (
    # The same roles as ``views.dossiers.DOSSIER_ROLES``.
    Entry(
        pgettext_lazy("dossier", "Hồ sơ"),
        "evaluation:dossier_list",
        shown_to=roles(Role.PRODUCER, Role.COMMUNE_OFFICER, Role.PROVINCE_OFFICER, Role.CENTRAL_OFFICER),
    ),
    Entry(_("Bộ tiêu chí"), "evaluation:rubric_list", shown_to=roles(Role.CENTRAL_OFFICER)),
)
