"""Evaluation in the menu: the public self-assessment, the dossiers of producers and officers, the rubric
screens of central officers, the council screens, and the council member's landing."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ocop.accounts.models import Role
from ocop.accounts.navigation import Entry, Landing, everyone, roles

PUBLIC_ENTRIES = (Entry(_("Tự đánh giá"), "evaluation:self_assessment", shown_to=everyone),)
ENTRIES = (
    # The same roles as ``views.dossiers.DOSSIER_ROLES``.
    Entry(
        pgettext_lazy("dossier", "Hồ sơ"),
        "evaluation:dossier_list",
        shown_to=roles(Role.PRODUCER, Role.COMMUNE_OFFICER, Role.PROVINCE_OFFICER, Role.CENTRAL_OFFICER),
    ),
    Entry(_("Bộ tiêu chí"), "evaluation:rubric_list", shown_to=roles(Role.CENTRAL_OFFICER)),
    Entry(
        _("Hội đồng đánh giá"),
        "evaluation:council_home",
        shown_to=roles(Role.PROVINCE_OFFICER, Role.CENTRAL_OFFICER),
    ),
)
# Council members land on the dossiers they have to score.
LANDINGS = (Landing(_("Hồ sơ cần chấm"), "evaluation:council_home", roles=frozenset({Role.COUNCIL_MEMBER})),)
