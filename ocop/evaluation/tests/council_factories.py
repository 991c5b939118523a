"""Rounds, councils and sessions for tests, made through the services, around a Mộ Đức dossier
(``dossier_factories``) that the real workflow has brought to the council."""

import datetime
from dataclasses import dataclass
from typing import Any

from ocop.accounts.models import Role, User
from ocop.accounts.tests.factories import QUANG_NGAI, UserFactory, province
from ocop.evaluation import services
from ocop.evaluation.models import Council, CouncilSession, Dossier, EvaluationRound, RubricVersion
from ocop.evaluation.tests.dossier_factories import make_dossier

DAY = datetime.date(2026, 12, 1)
COMMUNE_CHECK = {
    "meeting_date": DAY,
    "product_origin_confirmed": True,
    "raw_materials_confirmed": True,
    "local_labour_confirmed": True,
    "idea_origin_confirmed": True,
    "local_identity_confirmed": True,
    "report": "Đã kiểm tra tại cơ sở.",
}


def ready_for_council(version: RubricVersion, crowd: dict[str, User], owner: User | None = None) -> Dossier:
    """A first-time dossier walked by its producer, the commune and the province to "ready for council"."""
    dossier = make_dossier(version, owner=owner)
    owner = dossier.producer.members.get()
    steps: list[tuple[User, str, dict[str, Any]]] = [
        (owner, "submit", {}),
        (crowd["commune"], "receive", {}),
        (crowd["commune"], "forward", COMMUNE_CHECK),
        (crowd["province"], "accept", {}),
        (crowd["province"], "ready", {"notes": "Hồ sơ đầy đủ."}),
    ]
    for actor, action, data in steps:
        dossier = services.dossier_transition(
            acting_user=actor, dossier=dossier, action=action, today=DAY, **data
        )
    return dossier


def answers_for(version: RubricVersion, target: int, *, keep_minimums_of: int = 4) -> dict[str, int]:
    """Answers totalling ``target`` points or just above: from the best answers, each criterion in turn
    lowered as far as the target and the minimums of rank ``keep_minimums_of`` allow."""
    criteria = list(version.criteria.prefetch_related("options").order_by("position"))
    chosen = {c.code: max(c.options.all(), key=lambda o: (o.points, -o.position)) for c in criteria}
    total = sum(option.points for option in chosen.values())
    for criterion in criteria:
        least = max(
            (
                points
                for stars, points in criterion.mandatory_for_stars.items()
                if int(stars) <= keep_minimums_of
            ),
            default=0,
        )
        for option in sorted(criterion.options.all(), key=lambda o: o.points):
            lowered = total - chosen[criterion.code].points + option.points
            if option.points >= least and lowered >= target:
                total = lowered
                chosen[criterion.code] = option
                break
    return {code: option.pk for code, option in chosen.items()}


@dataclass
class Setting:
    round: EvaluationRound
    council: Council
    session: CouncilSession
    chair: User
    members: list[User]  # the chair first


def council_member() -> User:
    return UserFactory(role=Role.COUNCIL_MEMBER, unit=province(QUANG_NGAI))


def province_council(
    crowd: dict[str, User],
    dossiers: list[Dossier],
    *,
    size: int = 3,
    absent: int = 0,
    chair_present: bool = True,
) -> Setting:
    """A Quảng Ngãi round with ``dossiers``, a council of ``size`` (the province officer ``crowd["chair"]``
    chairing) and an open session with all but ``absent`` members present."""
    officer = crowd["province"]
    evaluation_round = services.round_open(
        acting_user=officer, name="Đợt 2 năm 2026", closes_on=datetime.date(2026, 12, 30), today=DAY
    )
    services.round_assign(acting_user=officer, evaluation_round=evaluation_round, dossiers=dossiers)
    chair = crowd["chair"]
    others = [council_member() for _ in range(size - 1)]
    council = services.council_form(
        acting_user=officer,
        evaluation_round=evaluation_round,
        name="Hội đồng OCOP tỉnh",
        chair=chair,
        members=others,
    )
    seats = list(council.members.order_by("id"))
    present = [seat for seat in seats if seat.user != chair or chair_present]
    present = [seat for seat in present if seat.user == chair] + [
        seat for seat in present if seat.user != chair
    ][: len(others) - absent]
    session = services.session_open(acting_user=officer, council=council, held_on=DAY, present=present)
    return Setting(evaluation_round, council, session, chair, [chair, *others])
