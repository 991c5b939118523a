"""The evaluation's figures on the officers' dashboard: the rounds and dossiers each officer's lists show.

Dossiers of Mộ Đức (Quảng Ngãi 51): a draft, a submitted one and a recognised one; one of Cẩm Thành (also
51) at the province's check; one of Buôn Ma Thuột (Đắk Lắk 66) at the commune's check. Rounds: Quảng Ngãi's
open and closed, Đắk Lắk's open, the Ministry's open.
"""

import datetime

import pytest

from ocop.accounts.models import Role, User
from ocop.accounts.tests.factories import BUON_MA_THUOT, DAK_LAK, QUANG_NGAI, UserFactory, province
from ocop.evaluation.figures import EvaluationFigures, dashboard_figures
from ocop.evaluation.models import Dossier, DossierState, EvaluationRound, RoundLevel
from ocop.evaluation.tests.dossier_factories import make_dossier, people

TODAY = datetime.date(2026, 12, 7)
CAM_THANH = 21025
IN_PROGRESS = [
    state for state in DossierState if state not in (DossierState.RECOGNISED, DossierState.NOT_RECOGNISED)
]


def placed(dossier: Dossier, state: DossierState, *, province_code: int, commune_code: int) -> None:
    # The workflow's services move dossiers one step at a time; the figures only read where they stand.
    Dossier.objects.filter(pk=dossier.pk).update(
        state=state, province_code=province_code, commune_code=commune_code
    )


def round_of(level: RoundLevel, province_code: int | None, closes_on: datetime.date, opener: User) -> None:
    EvaluationRound.objects.create(
        level=level, province_code=province_code, name="Đợt thử", closes_on=closes_on, opened_by=opener
    )


@pytest.fixture
def crowd(sheet_i3c) -> dict[str, User]:
    crowd = people()
    make_dossier(sheet_i3c)
    placed(make_dossier(sheet_i3c), DossierState.SUBMITTED, province_code=QUANG_NGAI, commune_code=21400)
    placed(make_dossier(sheet_i3c), DossierState.RECOGNISED, province_code=QUANG_NGAI, commune_code=21400)
    placed(
        make_dossier(sheet_i3c), DossierState.PROVINCE_CHECK, province_code=QUANG_NGAI, commune_code=CAM_THANH
    )
    placed(
        make_dossier(sheet_i3c), DossierState.COMMUNE_CHECK, province_code=DAK_LAK, commune_code=BUON_MA_THUOT
    )
    day = datetime.timedelta(days=1)
    round_of(RoundLevel.PROVINCE, QUANG_NGAI, TODAY, crowd["province"])
    round_of(RoundLevel.PROVINCE, QUANG_NGAI, TODAY - day, crowd["province"])
    round_of(RoundLevel.PROVINCE, DAK_LAK, TODAY + 30 * day, crowd["other_province"])
    round_of(RoundLevel.CENTRAL, None, TODAY + 30 * day, crowd["central"])
    return crowd


def in_progress(**counts: int) -> list[tuple[str, str, int]]:
    return [(state.value, str(state.label), counts.get(state.value, 0)) for state in IN_PROGRESS]


@pytest.mark.parametrize(
    ("who", "province_code", "expected"),
    [
        (
            "commune",
            None,
            EvaluationFigures(
                0, 0, in_progress(draft=1, submitted=1), {"recognised": 1, "not_recognised": 0}
            ),
        ),
        (
            "province",
            None,
            EvaluationFigures(
                1,
                1,
                in_progress(draft=1, submitted=1, province_check=1),
                {"recognised": 1, "not_recognised": 0},
            ),
        ),
        (
            "other_province",
            None,
            EvaluationFigures(1, 0, in_progress(commune_check=1), {"recognised": 0, "not_recognised": 0}),
        ),
        (
            "central",
            None,
            EvaluationFigures(
                3,
                1,
                in_progress(draft=1, submitted=1, province_check=1, commune_check=1),
                {"recognised": 1, "not_recognised": 0},
            ),
        ),
        (
            "central",
            DAK_LAK,
            EvaluationFigures(1, 0, in_progress(commune_check=1), {"recognised": 0, "not_recognised": 0}),
        ),
        # A province officer asking for another province gets nothing beyond their scope.
        ("province", DAK_LAK, EvaluationFigures(0, 0, in_progress(), {"recognised": 0, "not_recognised": 0})),
    ],
)
def test_each_officer_counts_what_their_lists_show(crowd, who, province_code, expected):
    figures = dashboard_figures(crowd[who], today=TODAY, province_code=province_code)

    assert figures == expected


def test_the_total_in_progress_leaves_decided_dossiers_out(crowd):
    assert dashboard_figures(crowd["province"], today=TODAY).dossiers_in_progress_total == 3


@pytest.mark.parametrize("role", [Role.PRODUCER, Role.BUYER, Role.SALES_POINT_OPERATOR])
def test_people_without_an_administrative_scope_count_nothing(crowd, role):
    figures = dashboard_figures(UserFactory(role=role), today=TODAY)

    assert figures == EvaluationFigures(0, 0, in_progress(), {"recognised": 0, "not_recognised": 0})


def test_an_outsider_province_officer_sees_nothing_of_quang_ngai(crowd):
    outsider = UserFactory(role=Role.PROVINCE_OFFICER, unit=province(DAK_LAK))

    figures = dashboard_figures(outsider, today=TODAY, province_code=QUANG_NGAI)

    assert figures.dossiers_in_progress_total == 0
    assert (figures.rounds_open, figures.rounds_closed) == (0, 0)
