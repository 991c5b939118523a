"""The evaluation app's models: the scoring sheets and self-assessments (``rubrics``), and the dossiers
filed on them with their evidence and steps (``dossiers``), rounds, councils, scores and decisions
(``councils``). Callers import from here."""

from ocop.evaluation.models.councils import (
    Council,
    CouncilMember,
    CouncilRole,
    CouncilSession,
    Decision,
    EvaluationRound,
    MemberScore,
    RoundLevel,
)
from ocop.evaluation.models.dossiers import (
    AdvisoryReview,
    CommuneCheck,
    Dossier,
    DossierEvidence,
    DossierKind,
    DossierState,
    DossierStep,
    HolderLevel,
)
from ocop.evaluation.models.rubrics import (
    STAR_RANKS_WITH_MINIMUMS,
    Criterion,
    Option,
    RubricGroup,
    RubricPart,
    RubricStatus,
    RubricVersion,
    SelfAssessment,
    StarBand,
)

__all__ = [
    "STAR_RANKS_WITH_MINIMUMS",
    "AdvisoryReview",
    "CommuneCheck",
    "Council",
    "CouncilMember",
    "CouncilRole",
    "CouncilSession",
    "Criterion",
    "Decision",
    "Dossier",
    "DossierEvidence",
    "DossierKind",
    "DossierState",
    "DossierStep",
    "EvaluationRound",
    "HolderLevel",
    "MemberScore",
    "Option",
    "RoundLevel",
    "RubricGroup",
    "RubricPart",
    "RubricStatus",
    "RubricVersion",
    "SelfAssessment",
    "StarBand",
]
