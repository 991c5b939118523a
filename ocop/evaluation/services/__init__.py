"""Every change the evaluation app makes, checked against ``ocop.evaluation.access`` and audited in its
transaction: rubrics and self-assessments (``rubrics``), dossiers and their workflow (``dossiers``),
rounds, councils and scores (``councils``), the chair's decisions (``decisions``).
Callers import from here."""

from ocop.evaluation.services.councils import (
    CouncilResult,
    council_form,
    council_result,
    member_score_save,
    round_assign,
    round_open,
    session_attendance_update,
    session_close,
    session_open,
)
from ocop.evaluation.services.decisions import decision_record, outcome_of
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
    "CouncilResult",
    "LoadReport",
    "council_form",
    "council_result",
    "decision_record",
    "dossier_answers_update",
    "dossier_evidence_add",
    "dossier_evidence_remove",
    "dossier_registration_update",
    "dossier_start_first_time",
    "dossier_start_follow_up",
    "dossier_transition",
    "member_score_save",
    "outcome_of",
    "round_assign",
    "round_open",
    "rubric_criterion_update",
    "rubric_draft_create",
    "rubric_option_update",
    "rubric_publish",
    "rubrics_load",
    "self_assessment_create",
    "session_attendance_update",
    "session_close",
    "session_open",
    "sheet_problems",
]
