"""Dossiers for tests, made through the same services as production code, and the people around them.

The dossier's commune is Xã Mộ Đức, Quảng Ngãi (51): where the accounts factory puts commune officers.
"""

from typing import Any

from ocop.accounts.models import Role, User
from ocop.accounts.tests.factories import DAK_LAK, MO_DUC, QUANG_NGAI, UserFactory, commune, province
from ocop.evaluation import services
from ocop.evaluation.models import Dossier, RubricVersion
from ocop.registry.models import Producer
from ocop.registry.tests.factories import commune as registry_commune
from ocop.registry.tests.factories import make_producer

REGISTRATION = {
    "description": "Mứt gừng làm từ gừng trồng tại xã.",
    "raw_materials_origin": "Gừng của 12 hộ trong xã.",
    "idea_origin": "Công thức gia truyền của gia đình.",
}


def best_answers(version: RubricVersion) -> dict[str, int]:
    """The option worth the most points on every criterion of ``version``."""
    answers = {}
    for criterion in version.criteria.prefetch_related("options"):
        best = max(criterion.options.all(), key=lambda option: (option.points, -option.position))
        answers[criterion.code] = best.pk
    return answers


def member_of(producer: Producer) -> User:
    user = UserFactory(role=Role.PRODUCER)
    producer.members.add(user)
    return user


def people() -> dict[str, User]:
    """The officers around a dossier of Mộ Đức, and their counterparts elsewhere."""
    return {
        "commune": UserFactory(role=Role.COMMUNE_OFFICER, unit=commune(MO_DUC)),
        "province": UserFactory(role=Role.PROVINCE_OFFICER, unit=province(QUANG_NGAI)),
        "central": UserFactory(role=Role.CENTRAL_OFFICER),
        "other_province": UserFactory(role=Role.PROVINCE_OFFICER, unit=province(DAK_LAK)),
        "other_producer": member_of(make_producer(unit=registry_commune(MO_DUC))),
        "council": UserFactory(role=Role.COUNCIL_MEMBER, unit=province(QUANG_NGAI)),
    }


def make_dossier(version: RubricVersion, *, owner: User | None = None, **registration: Any) -> Dossier:
    """A first-time draft with form 01 filled in and every criterion answered: ready to submit."""
    if owner is None:
        owner = member_of(make_producer(unit=registry_commune(MO_DUC)))
    assessment = services.self_assessment_create(
        acting_user=owner, version=version, answers=best_answers(version)
    )
    dossier = services.dossier_start_first_time(
        acting_user=owner,
        producer=owner.producers.get(),
        self_assessment=assessment,
        product_name="Mứt gừng Mộ Đức",
        commune=commune(MO_DUC),
    )
    return services.dossier_registration_update(
        acting_user=owner, dossier=dossier, **{**REGISTRATION, **registration}
    )
