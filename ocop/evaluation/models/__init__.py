"""The evaluation app's models: the scoring sheets and self-assessments (``rubrics``), and the dossiers
filed on them with their evidence and steps (``dossiers``). Callers import from here."""

from ocop.evaluation.models.dossiers import (
    AdvisoryReview,
    CommuneCheck,
    Dossier,
    DossierEvidence,
    DossierKind,
    DossierState,
    DossierStep,
    EvidenceFile,
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
    "Criterion",
    "Dossier",
    "DossierEvidence",
    "DossierKind",
    "DossierState",
    "DossierStep",
    "EvidenceFile",
    "HolderLevel",
    "Option",
    "RubricGroup",
    "RubricPart",
    "RubricStatus",
    "RubricVersion",
    "SelfAssessment",
    "StarBand",
]
