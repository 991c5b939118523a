"""The evaluation demo as a list of steps, each one thing that happened to the demo producer's dossiers,
done by the demo people through the real services (``ocop.evaluation.services``, ``ocop.registry.services``):
the audit log, the history of each dossier and the deadlines are those the platform writes for anyone.

Each step runs in its own transaction with an audit event ``demo.evaluation_step`` naming it, which is how a
second run knows it is done (and how a step added later runs alone on a database loaded before it). The
council's round comes after ``ready_for_council``: the chair and one member have scored, the demo council
member has their score to give. Last quarter's round (``decided_round``) went to the end: scored, locked
and decided, with certificates issued through the registry, and the 3★ product's upgrade copied from it.

Dates: a step happened ``days_ago`` days before the day of the load, given to ``dossier_transition`` as the
day of the step, so a deadline that ran out is the workflow's own (the commune's 15 working days, a
re-evaluation's 45 days) counted from that day, never written by hand.
"""

import datetime
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import models, transaction

from ocop.accounts.models import User
from ocop.core.models import AuditEvent
from ocop.core.services import audit_record
from ocop.evaluation import council_rules, scoring, services
from ocop.evaluation.demo import files
from ocop.evaluation.models import (
    CouncilSession,
    Dossier,
    DossierKind,
    DossierState,
    RoundLevel,
    RubricStatus,
    RubricVersion,
    SelfAssessment,
)
from ocop.evaluation.services import councils as council_services
from ocop.evaluation.services import decisions as decision_services
from ocop.geo.mapping import Coordinates, UnitIndex
from ocop.geo.models import AdministrativeUnit
from ocop.registry import rules
from ocop.registry import services as registry_services
from ocop.registry.models import Producer, Product

STEP_ACTION = "demo.evaluation_step"

# The demo accounts of ``load_demo_users`` who act in these steps.
PRODUCER_EMAIL = "chuthe.moduc@demo.ocop.vn"
COMMUNE_OFFICER_EMAIL = "xa.moduc@demo.ocop.vn"
PROVINCE_OFFICER_EMAIL = "tinh.quangngai@demo.ocop.vn"
# The province's council: the province officer in the chair, and these two members.
COUNCIL_MEMBER_EMAILS = ("hoidong.quangngai@demo.ocop.vn", "hoidong2.quangngai@demo.ocop.vn")


class DemoNotReadyError(Exception):
    """What the demo stands on (the demo accounts, the demo registry, the scoring sheets) is missing."""


@dataclass(frozen=True)
class Cast:
    """The people and the place of the demo, and the day it is loaded."""

    producer_user: User
    producer: Producer
    commune_officer: User
    province_officer: User
    commune: AdministrativeUnit
    coordinates: Coordinates  # of ``commune``, for the registry's services
    today: datetime.date
    council_members: tuple[User, ...] = ()

    def day(self, days_ago: int) -> datetime.date:
        return self.today - datetime.timedelta(days=days_ago)


@dataclass(frozen=True)
class Step:
    key: str
    summary: str  # for the command's output, in English as the other loaders speak
    run: Callable[[Cast], models.Model]


def demo_cast(today: datetime.date) -> Cast:
    users = {user.email: user for user in User.objects.filter(email__in=_EMAILS, is_active=True)}
    missing = sorted(set(_EMAILS) - set(users))
    if missing:
        raise DemoNotReadyError(f"demo accounts missing: {', '.join(missing)} (run load_demo_users)")
    producer_user = users[PRODUCER_EMAIL]
    producer = producer_user.producers.order_by("pk").first()
    if producer is None:
        raise DemoNotReadyError(f"{PRODUCER_EMAIL} belongs to no producer yet (run load_demo)")
    commune = users[COMMUNE_OFFICER_EMAIL].unit
    if commune is None or producer.commune_code != commune.code:
        raise DemoNotReadyError(f"the demo producer {producer.name} is not in the commune officer's commune")
    return Cast(
        producer_user=producer_user,
        producer=producer,
        commune_officer=users[COMMUNE_OFFICER_EMAIL],
        province_officer=users[PROVINCE_OFFICER_EMAIL],
        commune=commune,
        coordinates=UnitIndex().coordinates(commune),
        today=today,
        council_members=tuple(users[email] for email in COUNCIL_MEMBER_EMAILS),
    )


_EMAILS = (PRODUCER_EMAIL, COMMUNE_OFFICER_EMAIL, PROVINCE_OFFICER_EMAIL, *COUNCIL_MEMBER_EMAILS)


# --- What the producer writes


@dataclass(frozen=True)
class Registration:
    """Form 01 of one demo product, and the product set its sheet belongs to."""

    product_name: str
    product_set: str
    description: str
    packaging: str
    standards: str
    raw_materials_origin: str
    local_workers: int
    idea_origin: str
    local_identity: str
    annual_capacity: str
    business_plan: str
    extra: dict[str, Any] = field(default_factory=dict)

    def fields(self) -> dict[str, Any]:
        return {
            "description": self.description,
            "packaging": self.packaging,
            "standards": self.standards,
            "raw_materials_origin": self.raw_materials_origin,
            "local_workers": self.local_workers,
            "idea_origin": self.idea_origin,
            "local_identity": self.local_identity,
            "annual_capacity": self.annual_capacity,
            "business_plan": self.business_plan,
        }


def _coffee(name: str, product_set: str, description: str, packaging: str, workers: int) -> Registration:
    return Registration(
        product_name=name,
        product_set=product_set,
        description=description,
        packaging=packaging,
        standards="TCCS 01:2025/MĐ; công bố chất lượng số 12/2025/CBSP",
        raw_materials_origin=(
            "Cà phê Robusta và Arabica của 36 hộ liên kết ở xã Mộ Đức và vùng đồi Ba Tơ, có hợp đồng bao "
            "tiêu đến năm 2028; thu hái chín trên 90%."
        ),
        local_workers=workers,
        idea_origin=(
            "Từ nghề rang cà phê của gia đình từ năm 1998, nâng cấp thành sản phẩm đóng gói khi thành lập "
            "công ty năm 2019."
        ),
        local_identity="Rang củi theo cách truyền thống của vùng Mộ Đức, bao bì in hình đồi cát và sông Vệ.",
        annual_capacity="18 tấn thành phẩm mỗi năm",
        business_plan=(
            "Bán qua 9 điểm giới thiệu sản phẩm OCOP trong tỉnh và hai chuỗi siêu thị; mở rộng vùng nguyên "
            "liệu thêm 15 ha trong năm 2027."
        ),
    )


PHIN = _coffee(
    "Cà phê phin giấy Mộ Đức",
    "I.6",
    "Cà phê rang xay đóng sẵn trong phin giấy dùng một lần, pha trong 4 phút.",
    "Hộp 10 phin giấy × 12 g",
    14,
)
CASCARA = Registration(
    product_name="Trà vỏ cà phê (cascara) Mộ Đức",
    product_set="I.5.b",
    description="Vỏ quả cà phê chín phơi khô, pha như trà, vị chua nhẹ của trái cây.",
    packaging="Túi giấy kraft 100 g có van một chiều",
    standards="TCCS 03:2025/MĐ",
    raw_materials_origin="Vỏ quả từ cà phê thu hái chín của các hộ liên kết trong xã.",
    local_workers=6,
    idea_origin="Tận dụng vỏ quả cà phê bỏ đi sau sơ chế, học từ các nông trại cà phê ở Đà Lạt.",
    local_identity="Phơi trên giàn tre dưới nắng gió biển Mộ Đức.",
    annual_capacity="2 tấn mỗi năm",
    business_plan="Bán kèm cà phê tại cửa hàng của công ty và trên sàn thương mại điện tử.",
)
INSTANT = _coffee(
    "Cà phê hòa tan Mộ Đức",
    "I.6",
    "Cà phê hòa tan nguyên chất sấy lạnh, không đường.",
    "Hộp 20 gói × 2 g",
    9,
)
SALTED = Registration(
    product_name="Cà phê muối đóng lon Mộ Đức",
    product_set="II.2.b",
    description="Cà phê pha sẵn với kem muối biển Sa Huỳnh, đóng lon, tiệt trùng.",
    packaging="Lon nhôm 240 ml, thùng 24 lon",
    standards="QCVN 6-2:2010/BYT",
    raw_materials_origin="Cà phê của công ty, muối biển của hợp tác xã Sa Huỳnh, sữa mua ngoài tỉnh.",
    local_workers=11,
    idea_origin="Từ món cà phê muối bán ở quán của công ty từ năm 2022.",
    local_identity="Muối Sa Huỳnh, đặc sản của Quảng Ngãi.",
    annual_capacity="120.000 lon mỗi năm",
    business_plan="Bán ở các cửa hàng tiện lợi và khu du lịch ven biển Quảng Ngãi.",
)
DRIP_BAG = _coffee(
    "Cà phê túi lọc Mộ Đức",
    "I.6",
    "Cà phê rang xay trong túi lọc treo miệng ly, tiện mang đi.",
    "Hộp 7 túi × 10 g",
    12,
)
MOKA = _coffee(
    "Cà phê rang xay Moka Mộ Đức",
    "I.6",
    "Cà phê Moka rang mộc, xay vừa, hương hoa quả.",
    "Túi 250 g và 500 g có van một chiều",
    16,
)
TEA_FLOWER = Registration(
    product_name="Trà hoa cà phê Mộ Đức",
    product_set="I.5.b",
    description="Hoa cà phê hái vào mùa xuân, sấy lạnh, pha như trà.",
    packaging="Hộp giấy 50 g",
    standards="TCCS 04:2023/MĐ",
    raw_materials_origin="Hoa cà phê của vườn công ty và 8 hộ liên kết trong xã.",
    local_workers=5,
    idea_origin="Sản phẩm mùa hoa của công ty từ năm 2021.",
    local_identity="Chỉ hái trong ba tuần hoa nở ở Mộ Đức.",
    annual_capacity="300 kg mỗi năm",
    business_plan="Bán làm quà tặng dịp Tết qua các điểm OCOP của tỉnh.",
)
GROUND = _coffee(
    "Bột cà phê nguyên chất Mộ Đức",
    "I.6",
    "Cà phê Robusta rang mộc xay mịn, không tẩm ướp, pha phin.",
    "Túi 500 g",
    10,
)
THREE_IN_ONE = _coffee(
    "Cà phê sữa hòa tan 3 trong 1 Mộ Đức",
    "I.6",
    "Cà phê hòa tan trộn sẵn đường và bột kem, pha với nước nóng.",
    "Túi 18 gói × 16 g",
    7,
)
SPECIALTY = _coffee(
    "Cà phê Robusta đặc sản sơ chế mật ong Mộ Đức",
    "I.6",
    "Robusta hái chín 100%, sơ chế mật ong, rang nhẹ; điểm cúp thử nếm 82.",
    "Túi 250 g có van một chiều, hộp quà 2 túi",
    18,
)
HONEY = Registration(
    product_name="Mật ong hoa cà phê Mộ Đức",
    product_set="I.2.b",
    description="Mật ong của đàn ong nuôi trong vườn cà phê mùa hoa.",
    packaging="Chai thủy tinh 500 ml",
    standards="TCVN 12605:2019",
    raw_materials_origin="120 thùng ong của công ty đặt trong vườn cà phê ở Mộ Đức.",
    local_workers=4,
    idea_origin="Nuôi ong thụ phấn cho vườn cà phê từ năm 2020.",
    local_identity="Mật ong mùa hoa cà phê, màu hổ phách.",
    annual_capacity="1,5 tấn mỗi năm",
    business_plan="Bán cùng cà phê ở các điểm OCOP.",
)


def _active_sheet(product_set: str) -> RubricVersion:
    version = RubricVersion.objects.filter(product_set__code=product_set, status=RubricStatus.ACTIVE).first()
    if version is None:
        raise DemoNotReadyError(f"no active scoring sheet for product set {product_set} (run load_rubrics)")
    return version


def plausible_answers(version: RubricVersion, *, seed: str) -> dict[str, int]:
    """An answer on every criterion of ``version``: mostly its best option, one in four the next best
    (picked by ``seed``, so the same product always answers the same), as a good producer answers."""
    answers = {}
    for criterion in version.criteria.prefetch_related("options").order_by("position"):
        ranked = sorted(criterion.options.all(), key=lambda option: (-option.points, option.position))
        second_best = zlib.crc32(f"{seed}:{criterion.code}".encode()) % 4 == 0 and len(ranked) > 1
        answers[criterion.code] = ranked[1 if second_best else 0].pk
    return answers


def answers_of_rank(version: RubricVersion, *, stars: int, near: int, seed: str) -> dict[str, int]:
    """Answers a council member gives a product of ``stars`` (0: not recognised) totalling about ``near``:
    from the best answer on every criterion, criteria in an order picked by ``seed`` are lowered as far as
    the sheet still gives at least ``stars``, until the total is at most ``near``. The sheet's own scoring
    (``scoring.score_answers``) judges every step, so a star minimum is never broken by accident."""
    sheet = scoring.sheet_of(version)
    ranked = {
        criterion.code: sorted(criterion.options, key=lambda option: option.points)
        for criterion in sheet.criteria
    }
    answers = {code: options[-1].id for code, options in ranked.items()}
    order = sorted(ranked, key=lambda code: zlib.crc32(f"{seed}:{code}".encode()))
    for code in order:
        if scoring.score_answers(sheet, answers).total <= near:
            break
        for option in ranked[code]:  # lowest first
            trial = {**answers, code: option.id}
            if scoring.score_answers(sheet, trial).stars >= stars:
                answers = trial
                break
    return answers


def _add_evidence(cast: Cast, dossier: Dossier) -> None:
    """A business registration for the whole dossier, a test report and a photo for its first criteria."""
    producer = cast.producer
    codes = list(dossier.version.criteria.order_by("position").values_list("code", flat=True)[:2])
    items = [
        (
            "",
            files.checked_pdf(
                "Giấy chứng nhận đăng ký doanh nghiệp.pdf",
                "Giấy chứng nhận đăng ký doanh nghiệp",
                [
                    producer.name,
                    f"Mã số doanh nghiệp: 43{producer.pk:08d}",
                    "Nơi cấp: Sở Tài chính Quảng Ngãi",
                ],
            ),
        ),
        (
            codes[0],
            files.checked_pdf(
                "Phiếu kết quả kiểm nghiệm.pdf",
                "Phiếu kết quả kiểm nghiệm",
                [dossier.product_name, "Chỉ tiêu an toàn thực phẩm: đạt", "Trung tâm Kỹ thuật Quảng Ngãi"],
            ),
        ),
        (codes[-1], files.checked_photo("Ảnh sản phẩm.jpg", dossier.product_name)),
    ]
    for code, checked in items:
        services.dossier_evidence_add(
            acting_user=cast.producer_user, dossier=dossier, criterion_code=code, checked=checked
        )


def _first_time_draft(cast: Cast, registration: Registration) -> Dossier:
    """A first-time dossier as a producer leaves it ready to submit: its self-assessment saved, form 01
    filled in, evidence added."""
    version = _active_sheet(registration.product_set)
    assessment = services.self_assessment_create(
        acting_user=cast.producer_user,
        version=version,
        answers=plausible_answers(version, seed=registration.product_name),
    )
    dossier = services.dossier_start_first_time(
        acting_user=cast.producer_user,
        producer=cast.producer,
        self_assessment=assessment,
        product_name=registration.product_name,
        commune=cast.commune,
    )
    dossier = services.dossier_registration_update(
        acting_user=cast.producer_user, dossier=dossier, **registration.fields()
    )
    _add_evidence(cast, dossier)
    return dossier


# --- What the officers do


def _submit(cast: Cast, dossier: Dossier, days_ago: int) -> Dossier:
    return services.dossier_transition(
        acting_user=cast.producer_user, dossier=dossier, action="submit", today=cast.day(days_ago)
    )


def _receive(cast: Cast, dossier: Dossier, days_ago: int) -> Dossier:
    return services.dossier_transition(
        acting_user=cast.commune_officer, dossier=dossier, action="receive", today=cast.day(days_ago)
    )


def _commune_check(cast: Cast, *, meeting_days_ago: int, confirmed: bool, report: str) -> dict[str, Any]:
    """Form 03 as the commune writes it after its meeting."""
    return {
        "meeting_date": cast.day(meeting_days_ago),
        "product_origin_confirmed": True,
        "raw_materials_confirmed": confirmed,
        "local_labour_confirmed": True,
        "idea_origin_confirmed": True,
        "local_identity_confirmed": confirmed,
        "report": report,
    }


def _forward(cast: Cast, dossier: Dossier, days_ago: int) -> Dossier:
    return services.dossier_transition(
        acting_user=cast.commune_officer,
        dossier=dossier,
        action="forward",
        today=cast.day(days_ago),
        note="Hồ sơ đầy đủ, đề nghị tỉnh đánh giá.",
        **_commune_check(
            cast,
            meeting_days_ago=days_ago + 1,
            confirmed=True,
            report=(
                "Ủy ban nhân dân xã đã họp và kiểm tra thực tế: sản phẩm sản xuất tại xã, nguyên liệu của "
                "các hộ trong xã, sử dụng lao động địa phương; ý tưởng và bản sắc sản phẩm đúng như hồ sơ."
            ),
        ),
    )


def _accept(cast: Cast, dossier: Dossier, days_ago: int, note: str = "") -> Dossier:
    return services.dossier_transition(
        acting_user=cast.province_officer,
        dossier=dossier,
        action="accept",
        today=cast.day(days_ago),
        note=note,
    )


# --- The steps


def _saved_self_assessment(cast: Cast) -> SelfAssessment:
    """The producer tried the sheet of coffee for a product not filed yet, and kept the result."""
    version = _active_sheet("I.6")
    return services.self_assessment_create(
        acting_user=cast.producer_user,
        version=version,
        answers=plausible_answers(version, seed="Cà phê hạt Robusta Mộ Đức"),
    )


def _draft_ready(cast: Cast) -> Dossier:
    return _first_time_draft(cast, PHIN)


def _submitted(cast: Cast) -> Dossier:
    return _submit(cast, _first_time_draft(cast, CASCARA), days_ago=2)


def _commune_check_overdue(cast: Cast) -> Dossier:
    """Received 38 days ago: the commune's 15 working days have run out."""
    dossier = _submit(cast, _first_time_draft(cast, INSTANT), days_ago=40)
    return _receive(cast, dossier, days_ago=38)


def _returned(cast: Cast) -> Dossier:
    dossier = _submit(cast, _first_time_draft(cast, SALTED), days_ago=20)
    dossier = _receive(cast, dossier, days_ago=19)
    return services.dossier_transition(
        acting_user=cast.commune_officer,
        dossier=dossier,
        action="return",
        today=cast.day(12),
        note=(
            "Bổ sung phiếu kết quả kiểm nghiệm chỉ tiêu vi sinh của sản phẩm đóng lon và hợp đồng mua muối "
            "với hợp tác xã Sa Huỳnh."
        ),
        **_commune_check(
            cast,
            meeting_days_ago=13,
            confirmed=False,
            report=(
                "Xã đã họp: sản phẩm làm tại xã, lao động địa phương; chưa có giấy tờ chứng minh nguồn gốc "
                "muối và sữa, chưa thể xác nhận nguồn gốc nguyên liệu và bản sắc địa phương."
            ),
        ),
    )


def _province_check_reevaluation_overdue(cast: Cast) -> Dossier:
    """A product recognised three years ago, its certificate running out in 110 days: its re-evaluation was
    filed 60 days ago and has passed the 45 days a re-evaluation may take."""
    product = _recognised_product(cast, TEA_FLOWER, stars=3, days_left=110, decision_no="1024/QĐ-UBND")
    dossier = services.dossier_start_follow_up(
        acting_user=cast.producer_user, product=product, kind=DossierKind.REEVALUATION
    )
    dossier = services.dossier_registration_update(
        acting_user=cast.producer_user, dossier=dossier, **TEA_FLOWER.fields()
    )
    dossier = services.dossier_answers_update(
        acting_user=cast.producer_user,
        dossier=dossier,
        answers=plausible_answers(dossier.version, seed=TEA_FLOWER.product_name),
    )
    _add_evidence(cast, dossier)
    dossier = _submit(cast, dossier, days_ago=60)
    dossier = _receive(cast, dossier, days_ago=59)
    return _forward(cast, dossier, days_ago=52)


def _advisory_review(cast: Cast) -> Dossier:
    dossier = _submit(cast, _first_time_draft(cast, DRIP_BAG), days_ago=35)
    dossier = _receive(cast, dossier, days_ago=34)
    dossier = _forward(cast, dossier, days_ago=26)
    return _accept(
        cast, dossier, days_ago=20, note="Tổ tư vấn dự kiến khảo sát thực tế tại cơ sở trong tháng này."
    )


def _ready_for_council(cast: Cast) -> Dossier:
    dossier = _submit(cast, _first_time_draft(cast, MOKA), days_ago=50)
    dossier = _receive(cast, dossier, days_ago=49)
    dossier = _forward(cast, dossier, days_ago=42)
    dossier = _accept(cast, dossier, days_ago=36)
    return services.dossier_transition(
        acting_user=cast.province_officer,
        dossier=dossier,
        action="ready",
        today=cast.day(21),
        notes=(
            "Hồ sơ đầy đủ, minh chứng khớp với phiếu tự đánh giá; đề nghị hội đồng chú ý tiêu chí về "
            "liên kết vùng nguyên liệu."
        ),
        field_visit_date=cast.day(23),
        field_visit_notes=(
            "Khảo sát xưởng rang và vườn cà phê của 3 hộ liên kết: lò rang củi sạch sẽ, có sổ ghi chép "
            "từng mẻ rang; kho bao bì khô ráo."
        ),
        photos=[
            files.checked_photo("Xưởng rang cà phê.jpg", "xuong-rang"),
            files.checked_photo("Vườn cà phê hộ liên kết.jpg", "vuon-ca-phe"),
        ],
    )


def _council_round(cast: Cast) -> CouncilSession:
    """The province's open round with the dossier ready for council in it, a council of three (the province
    officer in the chair, the two demo members) and today's session: the chair and the second member have
    handed in their scores, the demo council member has theirs to give (their landing lists it)."""
    dossier = (
        Dossier.objects.filter(producer=cast.producer, state=DossierState.COUNCIL_SCORING)
        .order_by("pk")
        .first()
    )
    if dossier is None:
        raise DemoNotReadyError("no demo dossier waits for the council (the step ready_for_council)")
    evaluation_round = council_services.round_open(
        acting_user=cast.province_officer,
        name=f"Đợt đánh giá, phân hạng sản phẩm OCOP tỉnh Quảng Ngãi, kỳ {cast.today:%m/%Y}",
        closes_on=council_rules.next_closing_date(RoundLevel.PROVINCE, cast.today),
        today=cast.today,
    )
    evaluation_round = council_services.round_assign(
        acting_user=cast.province_officer, evaluation_round=evaluation_round, dossiers=[dossier]
    )
    first_member, second_member = cast.council_members
    council = council_services.council_form(
        acting_user=cast.province_officer,
        evaluation_round=evaluation_round,
        name="Hội đồng đánh giá, phân hạng sản phẩm OCOP tỉnh Quảng Ngãi",
        chair=cast.province_officer,
        members=[first_member, second_member],
    )
    session = council_services.session_open(
        acting_user=cast.province_officer,
        council=council,
        held_on=cast.today,
        present=list(council.members.all()),
    )
    for user in (cast.province_officer, second_member):
        council_services.member_score_save(
            acting_user=user,
            session=session,
            dossier=dossier,
            answers=plausible_answers(dossier.version, seed=f"{user.email}:{dossier.pk}"),
            submit=True,
        )
    return session


# The last quarter's round, decided: (registration, the council's stars, about what total, the decision).
DECIDED = (
    (GROUND, 3, 64, "recognise", "2101/QĐ-UBND"),
    (THREE_IN_ONE, 0, 41, "not_recognise", "2102/QĐ-UBND"),
    (SPECIALTY, 5, 93, "forward_central", "2103/QĐ-UBND"),
)


def _decided_round(cast: Cast) -> CouncilSession:
    """The province's previous round, closed and decided: three dossiers scored by the same council of three
    at a session 62 days ago, then the chair's decisions a week later through the registry: a 3★
    certificate, a dossier not recognised, and one of 90 points or more forwarded to the central council
    with a 4★ "potential 5★" certificate. The demo council member finds the locked scores, the producer the
    certificate on ``/c/…``, the central officer a dossier to score."""
    opened = cast.day(90)
    dossiers = []
    for registration, *_rest in DECIDED:
        dossier = _submit(cast, _first_time_draft(cast, registration), days_ago=110)
        dossier = _receive(cast, dossier, days_ago=109)
        dossier = _forward(cast, dossier, days_ago=101)
        dossier = _accept(cast, dossier, days_ago=95)
        dossiers.append(
            services.dossier_transition(
                acting_user=cast.province_officer,
                dossier=dossier,
                action="ready",
                today=cast.day(88),
                notes="Hồ sơ đầy đủ, minh chứng khớp với phiếu tự đánh giá.",
            )
        )
    evaluation_round = council_services.round_open(
        acting_user=cast.province_officer,
        name=f"Đợt đánh giá, phân hạng sản phẩm OCOP tỉnh Quảng Ngãi, kỳ {opened:%m/%Y}",
        closes_on=council_rules.next_closing_date(RoundLevel.PROVINCE, opened),
        today=opened,
    )
    council_services.round_assign(
        acting_user=cast.province_officer, evaluation_round=evaluation_round, dossiers=dossiers
    )
    council = council_services.council_form(
        acting_user=cast.province_officer,
        evaluation_round=evaluation_round,
        name=f"Hội đồng đánh giá, phân hạng sản phẩm OCOP tỉnh Quảng Ngãi, kỳ {opened:%m/%Y}",
        chair=cast.province_officer,
        members=list(cast.council_members),
    )
    session = council_services.session_open(
        acting_user=cast.province_officer,
        council=council,
        held_on=cast.day(62),
        present=list(council.members.all()),
    )
    scorers = (cast.province_officer, *cast.council_members)
    for dossier, (_registration, stars, near, _action, _number) in zip(dossiers, DECIDED, strict=True):
        for index, user in enumerate(scorers):
            # Each member reads the dossier a little differently; the spread stays within the rule's.
            council_services.member_score_save(
                acting_user=user,
                session=session,
                dossier=dossier,
                answers=answers_of_rank(dossier.version, stars=stars, near=near + 2 * index, seed=user.email),
                submit=True,
            )
    session = council_services.session_close(acting_user=cast.province_officer, session=session)
    for dossier, (_registration, _stars, _near, action, number) in zip(dossiers, DECIDED, strict=True):
        decision_services.decision_record(
            acting_user=cast.province_officer,
            dossier=dossier,
            action=action,
            decision_no=number,
            decision_date=cast.day(55),
            signer_name="Nguyễn Văn Phước",
            signer_title="Phó Chủ tịch Ủy ban nhân dân tỉnh Quảng Ngãi",
        )
    return session


def _upgrade_of_decided_dossier(cast: Cast) -> Dossier:
    """The producer starts the upgrade of the product recognised 3★ in the last round: a copy of that
    dossier (form 01, the answers of form 02, the evidence), where they change the answers that improved."""
    product = Product.objects.get(producer=cast.producer, name=GROUND.product_name)
    dossier = services.dossier_start_follow_up(
        acting_user=cast.producer_user, product=product, kind=DossierKind.UPGRADE
    )
    dossier = services.dossier_registration_update(
        acting_user=cast.producer_user,
        dossier=dossier,
        packaging="Túi 500 g có van một chiều, in mã truy xuất nguồn gốc",
        annual_capacity="24 tấn thành phẩm mỗi năm",
    )
    improved = plausible_answers(dossier.version, seed=f"{GROUND.product_name}: nâng hạng")
    return services.dossier_answers_update(acting_user=cast.producer_user, dossier=dossier, answers=improved)


def _upgrade_draft(cast: Cast) -> Dossier:
    """The producer starts the upgrade of a 3★ product of theirs; no dossier of it is on the platform yet,
    so the copy starts from the product's registry record."""
    products = Product.objects.filter(producer=cast.producer).exclude(dossiers__isnull=False).order_by("pk")
    product = products.filter(latest_certificate__stars=3).first() or products.first()
    if product is None:
        raise DemoNotReadyError(f"{cast.producer.name} has no product left to upgrade")
    dossier = services.dossier_start_follow_up(
        acting_user=cast.producer_user, product=product, kind=DossierKind.UPGRADE
    )
    registration = _coffee(product.name, "I.6", product.description or "Cà phê rang xay.", "Túi 500 g", 15)
    fields = registration.fields()
    for name in ("description", "packaging"):
        if getattr(dossier, name):
            del fields[name]  # carried over from the registry: the producer changes only what changed
    dossier = services.dossier_registration_update(acting_user=cast.producer_user, dossier=dossier, **fields)
    return services.dossier_answers_update(
        acting_user=cast.producer_user,
        dossier=dossier,
        answers=plausible_answers(dossier.version, seed=product.name),
    )


def _product_in_reevaluation_window(cast: Cast) -> Product:
    """A product whose certificate runs out in 150 days: inside 26/2026's window to file a re-evaluation
    (180 to 120 days before), so ``ocop_daily`` reminds the producer."""
    return _recognised_product(cast, HONEY, stars=3, days_left=150, decision_no="987/QĐ-UBND")


def _recognised_product(
    cast: Cast, registration: Registration, *, stars: int, days_left: int, decision_no: str
) -> Product:
    """A product recognised before the platform, recorded as history (no acting user, as an import), with
    the decision date that makes its certificate, valid as its rule set says, end ``days_left`` from today.
    """
    last_day = cast.today + datetime.timedelta(days=days_left)
    # Three years back finds the rule set of the decision; its validity gives the day exactly.
    rule_set = rules.rule_set_on(last_day.replace(year=last_day.year - 3, day=min(last_day.day, 28)))
    decision_date = rules.add_months(last_day, -rule_set.certificate_validity_months)
    certificate = registry_services.certificate_add(
        acting_user=None,
        product=registry_services.NewProduct(
            producer=cast.producer,
            unit=cast.commune,
            coordinates=cast.coordinates,
            name=registration.product_name,
            product_set=rules.product_sets_by_code()[registration.product_set],
            fields={
                "description": registration.description,
                "packaging": registration.packaging,
                "standards": registration.standards,
            },
        ),
        stars=stars,
        decision_no=decision_no,
        decision_date=decision_date,
    )
    return certificate.product


STEPS: tuple[Step, ...] = (
    Step("reminder_product", "a product inside its re-evaluation window", _product_in_reevaluation_window),
    Step("self_assessment", "a saved self-assessment", _saved_self_assessment),
    Step("draft", "a first-time draft, ready to submit", _draft_ready),
    Step("submitted", "submitted, waiting for the commune", _submitted),
    Step("commune_check_overdue", "commune check, overdue", _commune_check_overdue),
    Step("returned", "returned for completion", _returned),
    Step(
        "province_check", "re-evaluation at the province check, overdue", _province_check_reevaluation_overdue
    ),
    Step("advisory_review", "advisory review", _advisory_review),
    Step("ready_for_council", "ready for council scoring, with a field visit", _ready_for_council),
    Step(
        "council_round", "the province's open round, its council of three and today's session", _council_round
    ),
    Step("upgrade_draft", "an upgrade draft", _upgrade_draft),
    Step(
        "decided_round",
        "the province's previous round, decided: recognised 3★, not recognised, forwarded to the centre",
        _decided_round,
    ),
    Step(
        "upgrade_of_decided", "an upgrade copied from the dossier recognised 3★", _upgrade_of_decided_dossier
    ),
)


@dataclass(frozen=True)
class StepResult:
    step: Step
    target: str  # "dossier #12", "product 51-21400-3-2023"
    created: bool


def done_steps() -> dict[str, str]:
    """{step key: what it made} of the steps loaded in this database."""
    events = AuditEvent.objects.filter(action=STEP_ACTION).order_by("id")
    return {str(event.details.get("step")): str(event.details.get("made", "")) for event in events}


def demo_evaluation_load(*, today: datetime.date, steps: tuple[Step, ...] = STEPS) -> list[StepResult]:
    """Run each step of ``steps`` not run before in this database, each in its own transaction."""
    cast = demo_cast(today)
    done = done_steps()
    results = []
    for step in steps:
        if step.key in done:
            results.append(StepResult(step, done[step.key], created=False))
            continue
        with transaction.atomic():
            made = step.run(cast)
            label = _label(made)
            audit_record(
                actor=None,
                action=STEP_ACTION,
                target=made,
                province_code=cast.producer.province_code,
                details={"step": step.key, "made": label},
            )
        results.append(StepResult(step, label, created=True))
    return results


def _label(made: models.Model) -> str:
    if isinstance(made, Dossier):
        return f"dossier #{made.pk}"
    if isinstance(made, Product):
        return f"product {made.code}"
    if isinstance(made, SelfAssessment):
        return f"self-assessment #{made.pk}"
    if isinstance(made, CouncilSession):
        return f"round #{made.council.round_id}, session #{made.pk}"
    return f"{made._meta.label} #{made.pk}"
