"""The dossier workflow of Decision 26/2026/QĐ-TTg as one table: every state, every action out of it, who
may take it, who holds the dossier next, the time limit they get and the form the step produces.

``ocop.evaluation.services.dossiers.dossier_transition`` applies a row of ``TRANSITIONS`` and nothing else;
the screens offer the rows the acting user may take. Who acts, by level (26/2026, DOMAIN.md "Who evaluates"):

- the producer (chủ thể) files forms 01 and 02 and resubmits a dossier returned for completion;
- the commune People's Committee receives it, checks origin of product and raw materials, local labour,
  origin of the idea and local identity, meets, and writes form 03 as it forwards or returns it
  (15 working days from the filing);
- the provincial OCOP office checks it, returns it or passes it to the advisory group (tổ tư vấn), which
  reviews it, may visit the producer, and makes it ready for the council;
- the provincial council scores and its chair decides: 3★ or 4★ recognised, not recognised, or forwarded to
  the central council at 90 points or more; the central council recognises 5★ or sends it back to the
  province, which may still grant 3★ or 4★.

``deadline`` names an entry of ``data/workflow-deadlines.json`` (``workdays.time_limit``) whose clock starts
on the day of the step; ``KEEP_DEADLINE`` keeps the running clock (receiving a dossier does not restart the
commune's 15 days); ``None`` for a dossier nobody holds any more.
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from ocop.accounts.models import Role
from ocop.evaluation.models import DossierState, HolderLevel

KEEP_DEADLINE = "keep"


class Form:
    """What a step records beside the state (``services.dossiers`` writes it)."""

    DOSSIER = "01-02"  # forms 01 and 02 as filed
    COMMUNE_CHECK = "03"  # ``CommuneCheck``
    REASONS = "reasons"  # the note says why it is returned
    ADVISORY_REVIEW = "advisory_review"  # ``AdvisoryReview``, field visit photos as step files
    DECISION = "decision"  # the chair's or the Ministry's decision (the next slice records it)
    NONE = ""


@dataclass(frozen=True)
class Transition:
    state: DossierState
    action: str
    next_state: DossierState
    label: str | Promise
    actors: frozenset[Role]
    holder: HolderLevel | None
    deadline: str | None
    form: str


PRODUCER = frozenset({Role.PRODUCER})
COMMUNE = frozenset({Role.COMMUNE_OFFICER})
PROVINCE = frozenset({Role.PROVINCE_OFFICER})
CENTRAL = frozenset({Role.CENTRAL_OFFICER})
S = DossierState

TRANSITIONS: tuple[Transition, ...] = (
    Transition(
        S.DRAFT,
        "submit",
        S.SUBMITTED,
        _("Nộp hồ sơ"),
        PRODUCER,
        HolderLevel.COMMUNE,
        "commune_check",
        Form.DOSSIER,
    ),
    Transition(
        S.RETURNED,
        "submit",
        S.SUBMITTED,
        _("Nộp lại hồ sơ đã bổ sung"),
        PRODUCER,
        HolderLevel.COMMUNE,
        "commune_check",
        Form.DOSSIER,
    ),
    Transition(
        S.SUBMITTED,
        "receive",
        S.COMMUNE_CHECK,
        _("Tiếp nhận hồ sơ"),
        COMMUNE,
        HolderLevel.COMMUNE,
        KEEP_DEADLINE,
        Form.NONE,
    ),
    Transition(
        S.COMMUNE_CHECK,
        "forward",
        S.PROVINCE_CHECK,
        _("Gửi hồ sơ lên tỉnh"),
        COMMUNE,
        HolderLevel.PROVINCE,
        "province_check",
        Form.COMMUNE_CHECK,
    ),
    Transition(
        S.COMMUNE_CHECK,
        "return",
        S.RETURNED,
        _("Trả lại để bổ sung"),
        COMMUNE,
        HolderLevel.PRODUCER,
        "producer_completion",
        Form.COMMUNE_CHECK,
    ),
    Transition(
        S.PROVINCE_CHECK,
        "return",
        S.RETURNED,
        _("Trả lại để bổ sung"),
        PROVINCE,
        HolderLevel.PRODUCER,
        "producer_completion",
        Form.REASONS,
    ),
    Transition(
        S.PROVINCE_CHECK,
        "accept",
        S.ADVISORY_REVIEW,
        _("Chuyển tổ tư vấn xem xét"),
        PROVINCE,
        HolderLevel.PROVINCE,
        "advisory_review",
        Form.NONE,
    ),
    Transition(
        S.ADVISORY_REVIEW,
        "ready",
        S.COUNCIL_SCORING,
        _("Sẵn sàng để hội đồng chấm điểm"),
        PROVINCE,
        HolderLevel.PROVINCE,
        "council_scoring",
        Form.ADVISORY_REVIEW,
    ),
    Transition(
        S.COUNCIL_SCORING,
        "recognise",
        S.RECOGNISED,
        _("Công nhận 3 hoặc 4 sao"),
        PROVINCE,
        None,
        None,
        Form.DECISION,
    ),
    Transition(
        S.COUNCIL_SCORING,
        "not_recognise",
        S.NOT_RECOGNISED,
        _("Không công nhận"),
        PROVINCE,
        None,
        None,
        Form.DECISION,
    ),
    Transition(
        S.COUNCIL_SCORING,
        "forward_central",
        S.CENTRAL_SCORING,
        _("Chuyển hội đồng Trung ương (từ 90 điểm)"),
        PROVINCE,
        HolderLevel.CENTRAL,
        "central_scoring",
        Form.DECISION,
    ),
    Transition(
        S.CENTRAL_SCORING, "recognise", S.RECOGNISED, _("Công nhận 5 sao"), CENTRAL, None, None, Form.DECISION
    ),
    Transition(
        S.CENTRAL_SCORING,
        "back_to_province",
        S.BACK_TO_PROVINCE,
        _("Trả về tỉnh xét 3–4 sao"),
        CENTRAL,
        HolderLevel.PROVINCE,
        "province_decision_after_central",
        Form.DECISION,
    ),
    Transition(
        S.BACK_TO_PROVINCE,
        "recognise",
        S.RECOGNISED,
        _("Công nhận 3 hoặc 4 sao"),
        PROVINCE,
        None,
        None,
        Form.DECISION,
    ),
    Transition(
        S.BACK_TO_PROVINCE,
        "not_recognise",
        S.NOT_RECOGNISED,
        _("Không công nhận"),
        PROVINCE,
        None,
        None,
        Form.DECISION,
    ),
)

# States in which the producer edits forms 01 and 02 and the evidence.
EDITABLE_STATES = frozenset({S.DRAFT, S.RETURNED})
# States after which nothing happens to the dossier.
FINAL_STATES = frozenset({S.RECOGNISED, S.NOT_RECOGNISED})
# The rows this slice's screens offer; the council, decision and central rows are the next slice's.
SCREEN_ACTIONS = frozenset({"submit", "receive", "forward", "return", "accept", "ready"})

_BY_STATE_AND_ACTION = {(row.state, row.action): row for row in TRANSITIONS}


def transition_for(state: str, action: str) -> Transition | None:
    """The row for ``action`` out of ``state``, or ``None`` when the table does not allow it."""
    return _BY_STATE_AND_ACTION.get((DossierState(state), action)) if state in DossierState else None


def transitions_from(state: str) -> list[Transition]:
    return [row for row in TRANSITIONS if row.state == state]
