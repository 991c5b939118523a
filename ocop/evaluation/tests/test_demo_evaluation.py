"""``manage.py load_demo_evaluation``: the demo producer's dossiers in every state to "decided", made by the
demo accounts through the services; a second run changes nothing; each demo account finds real work on
signing in, and the producer a reminder in the inbox after ``ocop_daily``.

The demo registry itself (18,000 products) is too big for a test: its producer in Mộ Đức is made here with
two products, and ``load_demo``'s own linking makes the demo producer account its member.
"""

import datetime
import io
import re

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from ocop.accounts.management.commands.load_demo_users import DEMO_PASSWORD
from ocop.accounts.models import User
from ocop.accounts.tests.factories import MO_DUC
from ocop.core.models import AuditEvent, EvidenceFile
from ocop.evaluation.demo.steps import STEPS
from ocop.evaluation.models import (
    AdvisoryReview,
    CommuneCheck,
    CouncilSession,
    Decision,
    Dossier,
    DossierEvidence,
    DossierStep,
    MemberScore,
    SelfAssessment,
)
from ocop.evaluation.rubric_files import read_rubric_files
from ocop.evaluation.services import rubrics_load
from ocop.notifications.models import Notification
from ocop.registry.demo.members import demo_producer_members_link
from ocop.registry.models import Certificate, Product
from ocop.registry.tests.factories import commune, make_certificate, make_producer, make_product

PRODUCER = "chuthe.moduc@demo.ocop.vn"
COMMUNE_OFFICER = "xa.moduc@demo.ocop.vn"
PROVINCE_OFFICER = "tinh.quangngai@demo.ocop.vn"
COUNCIL_MEMBER = "hoidong.quangngai@demo.ocop.vn"
SHEETS = {"I.2.b", "I.5.b", "I.6", "II.2.b"}  # the product sets of the demo dossiers
TODAY = timezone.localdate()


@pytest.fixture
def ready(db, settings, tmp_path, monkeypatch):
    """What make run has loaded before: the sheets, the demo accounts, the demo producer with its products."""
    settings.PRIVATE_FILES_ROOT = tmp_path / "private"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # eight accounts, quickly
    monkeypatch.delenv("DATABASE_URL", raising=False)  # load_demo_users refuses what looks like production
    rubrics_load(sheets=[sheet for sheet in read_rubric_files() if sheet.product_set_code in SHEETS])
    call_command("load_demo_users", stdout=io.StringIO())
    producer = make_producer(unit=commune(MO_DUC), name="Công ty TNHH MTV Cà phê Mộ Đức")
    for name, stars in (("Cà phê rang xay Mộ Đức", 4), ("Cà phê rang xay Culi Mộ Đức", 3)):
        product = make_product(producer=producer, name=name, product_set="I.6")
        make_certificate(product, stars=stars, decision_date=datetime.date(2025, 12, 13))
    demo_producer_members_link()
    return producer


def load() -> str:
    output = io.StringIO()
    call_command("load_demo_evaluation", stdout=output)
    return output.getvalue()


def everything() -> dict[str, list]:
    """The ids of every row the loader may write, by table."""
    return {
        model.__name__: sorted(model.objects.values_list("pk", flat=True))
        for model in (
            Dossier,
            DossierStep,
            DossierEvidence,
            EvidenceFile,
            CommuneCheck,
            AdvisoryReview,
            SelfAssessment,
            Product,
            Certificate,
            AuditEvent,
        )
    }


def sign_in_and_open_dossiers(client, email: str) -> str:
    """Sign in as the demo account with the published password, land, and follow the menu's "Hồ sơ"."""
    landed = client.post("/accounts/login/", {"email": email, "password": DEMO_PASSWORD}, follow=True)
    assert landed.status_code == 200
    dossiers = reverse("evaluation:dossier_list")
    assert dossiers in [item.url for item in landed.context["navigation"]]
    response = client.get(dossiers)
    assert response.status_code == 200
    return response.content.decode()


def user(email: str) -> User:
    return User.objects.get(email=email)


def dossier(name: str, kind: str = "") -> Dossier:
    dossiers = Dossier.objects.filter(product_name=name)
    return dossiers.get(kind=kind) if kind else dossiers.get()


def rows(html: str, heading_id: str) -> list[tuple[int, str, bool]]:
    """(number, state, overdue) of each dossier in the list under the heading ``heading_id``."""
    section = html.split(f'id="{heading_id}"', 1)[1].split("</section>", 1)[0]
    found = []
    for row in section.split("<tr>")[2:]:
        number = re.search(r">#(\d+) ", row)
        assert number is not None, row
        cells = re.findall(r'<td data-label="[^"]*"[^>]*>(.*?)</td>', row, re.S)
        found.append((int(number.group(1)), cells[1].strip(), "Quá hạn" in row))
    return found


def test_the_loader_makes_every_state_of_the_workflow_and_a_second_run_changes_nothing(ready):
    first = load()

    states = {
        (name, kind): state
        for name, kind, state in Dossier.objects.values_list("product_name", "kind", "state")
    }
    assert states == {
        ("Cà phê phin giấy Mộ Đức", "first_time"): "draft",
        ("Trà vỏ cà phê (cascara) Mộ Đức", "first_time"): "submitted",
        ("Cà phê hòa tan Mộ Đức", "first_time"): "commune_check",
        ("Cà phê muối đóng lon Mộ Đức", "first_time"): "returned",
        ("Trà hoa cà phê Mộ Đức", "reevaluation"): "province_check",
        ("Cà phê túi lọc Mộ Đức", "first_time"): "advisory_review",
        ("Cà phê rang xay Moka Mộ Đức", "first_time"): "council_scoring",
        ("Cà phê rang xay Culi Mộ Đức", "upgrade"): "draft",
        ("Bột cà phê nguyên chất Mộ Đức", "first_time"): "recognised",
        ("Cà phê sữa hòa tan 3 trong 1 Mộ Đức", "first_time"): "not_recognised",
        ("Cà phê Robusta đặc sản sơ chế mật ong Mộ Đức", "first_time"): "central_scoring",
        ("Bột cà phê nguyên chất Mộ Đức", "upgrade"): "draft",
    }
    assert first.startswith("Demo evaluation: 13 of 13 steps loaded.")
    before = everything()

    second = load()

    assert everything() == before
    assert second.splitlines()[0] == "Demo evaluation already loaded (13 steps): nothing to do."
    assert [line[:4] for line in second.splitlines()[1:]] == ["  = "] * len(STEPS)


def test_the_dossiers_hold_what_each_step_writes(ready):
    load()

    returned = dossier("Cà phê muối đóng lon Mộ Đức")
    returning = returned.steps.get(action="return")
    assert returning.note.startswith("Bổ sung phiếu kết quả kiểm nghiệm chỉ tiêu vi sinh")
    assert returning.commune_check.raw_materials_confirmed is False
    review = dossier("Cà phê rang xay Moka Mộ Đức").steps.get(action="ready")
    assert (review.advisory_review.field_visit_date, review.files.count()) == (
        TODAY - datetime.timedelta(days=23),
        2,
    )
    draft = dossier("Cà phê phin giấy Mộ Đức")
    assert (draft.kind, draft.total > 0, draft.evidence.count()) == ("first_time", True, 3)
    upgrade = Dossier.objects.get(kind="upgrade", copied_from=None)
    assert (upgrade.product_id, upgrade.copied_from) == (
        Product.objects.get(name="Cà phê rang xay Culi Mộ Đức").pk,
        None,
    )
    reevaluation = dossier("Trà hoa cà phê Mộ Đức")
    assert (reevaluation.kind, reevaluation.decide_by) == (
        "reevaluation",
        TODAY - datetime.timedelta(days=60) + datetime.timedelta(days=45),
    )
    # Evidence is what an upload would be: each stored file passes the content checks again.
    assert sorted(EvidenceFile.objects.values_list("content_type", flat=True).distinct()) == [
        "application/pdf",
        "image/jpeg",
    ]
    assert SelfAssessment.objects.filter(user=user(PRODUCER), dossiers__isnull=True).count() == 1


def test_everything_the_loader_writes_went_through_the_audited_services(ready):
    load()

    producer, commune_officer, province_officer = (
        user(PRODUCER),
        user(COMMUNE_OFFICER),
        user(PROVINCE_OFFICER),
    )
    dossiers = Dossier.objects.all()
    for one in dossiers:
        events = AuditEvent.objects.filter(object_type="evaluation.dossier", object_id=str(one.pk))
        created = events.get(action="dossier.create", actor=producer)
        assert events.filter(action="dossier.transition").count() == one.steps.count()
        # A copy carries the last dossier's evidence in its creation; the rest is added one by one.
        added = events.filter(action="dossier.evidence_add").count()
        assert added + created.details.get("evidence", 0) == one.evidence.count()
    actors = set(DossierStep.objects.values_list("action", "actor_id"))
    assert actors == {
        ("submit", producer.pk),
        ("receive", commune_officer.pk),
        ("forward", commune_officer.pk),
        ("return", commune_officer.pk),
        ("accept", province_officer.pk),
        ("ready", province_officer.pk),
        ("recognise", province_officer.pk),
        ("not_recognise", province_officer.pk),
        ("forward_central", province_officer.pk),
    }
    assert (
        AuditEvent.objects.filter(action="self_assessment.create").count() == SelfAssessment.objects.count()
    )
    assert AuditEvent.objects.filter(action="certificate.add").count() == Certificate.objects.count()
    steps = AuditEvent.objects.filter(action="demo.evaluation_step").order_by("id")
    assert [event.details["step"] for event in steps] == [step.key for step in STEPS]


def test_the_producer_finds_the_draft_to_submit_and_the_returned_dossier(ready, client):
    load()

    listed = rows(sign_in_and_open_dossiers(client, PRODUCER), "others-heading")
    draft, returned = dossier("Cà phê phin giấy Mộ Đức"), dossier("Cà phê muối đóng lon Mộ Đức")
    assert (draft.pk, "Đang soạn", False) in listed
    assert (returned.pk, "Trả lại để bổ sung", False) in listed
    assert len(listed) == 12
    submit = client.get(reverse("evaluation:dossier_step", args=[draft.pk, "submit"]))
    assert submit.status_code == 200
    pages = {
        client.get(reverse("evaluation:dossier_detail", args=[number])).status_code for number, *_ in listed
    }
    assert pages == {200}


def test_the_commune_officer_finds_the_dossiers_they_hold_the_overdue_one_first(ready, client):
    load()

    assert rows(sign_in_and_open_dossiers(client, COMMUNE_OFFICER), "held-heading") == [
        (dossier("Cà phê hòa tan Mộ Đức").pk, "Xã đang kiểm tra", True),
        (dossier("Trà vỏ cà phê (cascara) Mộ Đức").pk, "Đã nộp, chờ xã tiếp nhận", False),
    ]


def test_the_province_officer_finds_the_dossiers_they_hold_the_overdue_one_first(ready, client):
    load()

    assert rows(sign_in_and_open_dossiers(client, PROVINCE_OFFICER), "held-heading") == [
        (dossier("Trà hoa cà phê Mộ Đức").pk, "Tỉnh đang kiểm tra", True),
        (dossier("Cà phê túi lọc Mộ Đức").pk, "Tổ tư vấn đang xem xét", False),
        (dossier("Cà phê rang xay Moka Mộ Đức").pk, "Chờ hội đồng tỉnh chấm điểm", False),
    ]


def test_the_council_member_lands_on_the_dossier_they_have_to_score(ready, client):
    """The province's open round holds the dossier ready for council; its council of three (the province
    officer in the chair and the two demo members) sits today; the chair and the second member have handed
    in their scores, the demo council member lands on the one they have to give."""
    load()
    moka = dossier("Cà phê rang xay Moka Mộ Đức")
    session = CouncilSession.objects.get(closed_at=None)
    assert sorted((member.user.email, member.role) for member in session.council.members.all()) == [
        ("hoidong.quangngai@demo.ocop.vn", "member"),
        ("hoidong2.quangngai@demo.ocop.vn", "member"),
        ("tinh.quangngai@demo.ocop.vn", "chair"),
    ]
    assert sorted(session.present.values_list("user__email", flat=True)) == [
        "hoidong.quangngai@demo.ocop.vn",
        "hoidong2.quangngai@demo.ocop.vn",
        "tinh.quangngai@demo.ocop.vn",
    ]
    assert list(session.council.round.dossiers.all()) == [moka]
    assert sorted(
        MemberScore.objects.filter(session=session, submitted_at__isnull=False).values_list(
            "member__user__email", flat=True
        )
    ) == ["hoidong2.quangngai@demo.ocop.vn", "tinh.quangngai@demo.ocop.vn"]

    landed = client.post(
        "/accounts/login/", {"email": COUNCIL_MEMBER, "password": DEMO_PASSWORD}, follow=True
    )

    assert landed.redirect_chain[-1][0] == reverse("evaluation:council_home")
    html = landed.content.decode()
    assert f"#{moka.pk} Cà phê rang xay Moka Mộ Đức</a>" in html
    assert "<strong>Chưa chấm</strong>" in html


def test_after_ocop_daily_the_producer_has_reminders_in_the_inbox(
    ready, client, django_capture_on_commit_callbacks
):
    load()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("ocop_daily", stdout=io.StringIO())

    producer = user(PRODUCER)
    reminded = sorted(
        (
            notification.key.split(":")[-1],
            Certificate.objects.get(pk=notification.key.split(":")[1]).product.name,
        )
        for notification in Notification.objects.filter(recipient=producer, kind="certificate_reminder")
    )
    assert reminded == [("closes", "Trà hoa cà phê Mộ Đức"), ("opens", "Mật ong hoa cà phê Mộ Đức")]
    assert sorted(message.subject for message in mail.outbox if producer.email in message.to) == sorted(
        str(notification.subject)
        for notification in Notification.objects.filter(recipient=producer, kind="certificate_reminder")
    )
    client.force_login(producer)
    inbox = client.get("/thong-bao/").content.decode()
    assert "Mật ong hoa cà phê Mộ Đức" in inbox
    assert "Trà hoa cà phê Mộ Đức" in inbox


def test_without_the_demo_accounts_the_loader_says_what_to_run_and_writes_nothing(db, settings, tmp_path):
    settings.PRIVATE_FILES_ROOT = tmp_path / "private"
    before = everything()

    with pytest.raises(CommandError, match=r"demo accounts missing: .*\(run load_demo_users\)"):
        load()

    assert everything() == before


def test_the_previous_round_is_decided_with_certificates_through_the_registry(ready, client):
    """Last quarter's round: one session of the same council of three, closed, and the chair's three
    decisions: 3★ recognised, not recognised, and 90 points or more forwarded to the centre with a 4★
    "potential 5★" certificate. The upgrade of the 3★ product starts as a copy of its dossier."""
    load()
    ground = dossier("Bột cà phê nguyên chất Mộ Đức", "first_time")
    three_in_one = dossier("Cà phê sữa hòa tan 3 trong 1 Mộ Đức")
    specialty = dossier("Cà phê Robusta đặc sản sơ chế mật ong Mộ Đức")
    session = CouncilSession.objects.get(closed_at__isnull=False)
    assert session.held_on == TODAY - datetime.timedelta(days=62)
    assert sorted(session.council.round.dossiers.values_list("pk", flat=True)) == sorted(
        [ground.pk, three_in_one.pk, specialty.pk]
    )
    assert MemberScore.objects.filter(session=session, submitted_at__isnull=False).count() == 9
    decisions = {
        decision.step.dossier_id: decision
        for decision in Decision.objects.select_related("step", "certificate")
    }
    assert {pk: (d.step.action, d.stars, d.decision_no) for pk, d in decisions.items()} == {
        ground.pk: ("recognise", 3, "2101/QĐ-UBND"),
        three_in_one.pk: ("not_recognise", 0, "2102/QĐ-UBND"),
        specialty.pk: ("forward_central", 4, "2103/QĐ-UBND"),
    }
    assert 50 <= decisions[ground.pk].total < 70
    assert decisions[three_in_one.pk].total < 50
    assert decisions[specialty.pk].total >= 90
    assert decisions[three_in_one.pk].certificate is None
    recognised = decisions[ground.pk].certificate
    forwarded = decisions[specialty.pk].certificate
    assert recognised is not None
    assert forwarded is not None
    assert (recognised.stars, recognised.potential_five_star, recognised.decision_date) == (
        3,
        False,
        TODAY - datetime.timedelta(days=55),
    )
    assert (forwarded.stars, forwarded.potential_five_star) == (4, True)
    assert ground.product_id == recognised.product_id
    assert re.fullmatch(r"51-\d{4}-\d{6}", recognised.number)  # Quảng Ngãi's numbering
    page = client.get(f"/c/{recognised.number}")
    assert page.status_code == 200
    assert "Bột cà phê nguyên chất Mộ Đức" in page.content.decode()
    assert (specialty.holder_level, three_in_one.holder_level) == ("central", "")

    upgrade = dossier("Bột cà phê nguyên chất Mộ Đức", "upgrade")
    assert (upgrade.copied_from_id, upgrade.product_id, upgrade.evidence.count()) == (
        ground.pk,
        ground.product_id,
        3,
    )
    assert upgrade.packaging == "Túi 500 g có van một chiều, in mã truy xuất nguồn gốc"
    assert upgrade.description == ground.description


def test_the_producer_reads_the_decision_and_opens_the_certificate_from_the_dossier(ready, client):
    load()
    ground = dossier("Bột cà phê nguyên chất Mộ Đức", "first_time")
    certificate = Certificate.objects.get(product=ground.product)
    client.force_login(user(PRODUCER))

    html = client.get(reverse("evaluation:dossier_detail", args=[ground.pk])).content.decode()

    day = (TODAY - datetime.timedelta(days=55)).strftime("%d/%m/%Y")
    assert f"Quyết định số 2101/QĐ-UBND ngày {day}" in html
    assert f"Giấy chứng nhận số {certificate.number}, 3 sao" in html
    assert f'href="/c/{certificate.number}"' in html
    assert f'href="/c/{certificate.number}.pdf"' in html
    assert client.get(f"/c/{certificate.number}.pdf")["Content-Type"] == "application/pdf"
