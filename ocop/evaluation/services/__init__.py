"""Every change the evaluation app makes, checked against ``ocop.evaluation.access`` and audited in its
transaction: rubrics and self-assessments (``rubrics``), dossiers and their workflow (``dossiers``).
Callers import from here."""

from ocop.evaluation.services.dossiers import (
    dossier_answers_update,
    dossier_evidence_add,
    dossier_evidence_remove,
    dossier_registration_update,
    dossier_start_first_time,
    dossier_start_follow_up,
    dossier_transition,
)
from ocop.evaluation.services.rubrics import (
    LoadReport,
    rubric_criterion_update,
    rubric_draft_create,
    rubric_option_update,
    rubric_publish,
    rubrics_load,
    self_assessment_create,
    sheet_problems,
)

__all__ = [
    "LoadReport",
    "dossier_answers_update",
    "dossier_evidence_add",
    "dossier_evidence_remove",
    "dossier_registration_update",
    "dossier_start_first_time",
    "dossier_start_follow_up",
    "dossier_transition",
    "rubric_criterion_update",
    "rubric_draft_create",
    "rubric_option_update",
    "rubric_publish",
    "rubrics_load",
    "self_assessment_create",
    "sheet_problems",
]
