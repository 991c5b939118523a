"""The evaluation's figures on the officers' dashboard (``ocop.reports``): rounds and dossiers in progress.

Every count starts from the scope of ``ocop.evaluation.access`` (``rounds_in_scope``, ``dossiers_in_scope``),
so the dashboard counts exactly what the council and dossier lists show the same officer; ``province_code``
narrows it further, for a central officer looking at one province. Two queries, counted in the database.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q

from ocop.accounts.access import Actor
from ocop.evaluation.access import dossiers_in_scope, rounds_in_scope
from ocop.evaluation.models import DossierState
from ocop.evaluation.workflow import FINAL_STATES


@dataclass(frozen=True)
class EvaluationFigures:
    rounds_open: int  # closing today or later
    rounds_closed: int
    # (state, its name, how many) for every state a dossier is in before its decision, in workflow order
    dossiers_in_progress: list[tuple[str, str, int]]
    dossiers_decided: dict[str, int]  # by final state

    @property
    def dossiers_in_progress_total(self) -> int:
        return sum(count for _state, _label, count in self.dossiers_in_progress)


def dashboard_figures(
    actor: Actor, *, today: datetime.date, province_code: int | None = None
) -> EvaluationFigures:
    rounds = rounds_in_scope(actor)
    dossiers = dossiers_in_scope(actor)
    if province_code is not None:
        rounds = rounds.filter(province_code=province_code)
        dossiers = dossiers.filter(province_code=province_code)
    round_counts = rounds.order_by().aggregate(
        open=Count("pk", filter=Q(closes_on__gte=today)), closed=Count("pk", filter=Q(closes_on__lt=today))
    )
    by_state = dict(dossiers.order_by().values_list("state").annotate(count=Count("pk")))
    return EvaluationFigures(
        rounds_open=round_counts["open"],
        rounds_closed=round_counts["closed"],
        dossiers_in_progress=[
            (state.value, str(state.label), by_state.get(state.value, 0))
            for state in DossierState
            if state not in FINAL_STATES
        ],
        dossiers_decided={
            state.value: by_state.get(state.value, 0) for state in DossierState if state in FINAL_STATES
        },
    )
