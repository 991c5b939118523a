"""The dossier screens: a producer starts, fills and submits a dossier and follows it; the commune and the
province take it to "ready for council scoring"; an upgrade starts as a copy of the first dossier; anyone
out of scope gets 404 on every page and action, with nothing changed."""

import datetime
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfWriter

from ocop.accounts.tests.factories import MO_DUC, commune
from ocop.core.models import AuditEvent, EvidenceFile
from ocop.evaluation import services
from ocop.evaluation.models import Dossier, DossierEvidence, DossierStep
from ocop.evaluation.tests.dossier_factories import best_answers, make_dossier, member_of, people
from ocop.registry.tests.factories import commune as registry_commune
from ocop.registry.tests.factories import make_producer, make_product, picture


def a_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


@pytest.fixture(autouse=True)
def private_root(settings, tmp_path):
    settings.PRIVATE_FILES_ROOT = tmp_path / "private"


@pytest.fixture
def setting(sheet_i3c):
    crowd = people()
    dossier = make_dossier(sheet_i3c)
    crowd["owner"] = dossier.producer.members.get()
    return dossier, crowd


def test_a_producer_starts_a_first_time_dossier_from_a_saved_self_assessment(client, sheet_i3c):
    producer = make_producer(unit=registry_commune(MO_DUC))
    owner = member_of(producer)
    assessment = services.self_assessment_create(
        acting_user=owner, version=sheet_i3c, answers=best_answers(sheet_i3c)
    )
    client.force_login(owner)
    assert client.get(reverse("evaluation:dossier_start")).status_code == 200

    response = client.post(
        reverse("evaluation:dossier_start"),
        {
            "start": "first_time",
            "self_assessment": assessment.pk,
            "producer": producer.pk,
            "product_name": "Mứt gừng Mộ Đức",
            "commune": commune(MO_DUC).pk,
        },
    )

    dossier = Dossier.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("evaluation:dossier_detail", args=[dossier.pk])
    assert (dossier.kind, dossier.state, dossier.holder_level, dossier.product, dossier.self_assessment) == (
        "first_time",
        "draft",
        "producer",
        None,
        assessment,
    )
    assert (dossier.answers, dossier.total, dossier.stars) == (assessment.answers, assessment.total, 5)
    assert (dossier.province_code, dossier.commune_code) == (51, MO_DUC)
    page = client.get(reverse("evaluation:dossier_detail", args=[dossier.pk])).content.decode()
    assert "Đang soạn" in page
    assert f"100 điểm, 5 sao; đã trả lời {len(dossier.answers)}/{len(dossier.answers)} tiêu chí." in page


def test_the_dossier_goes_from_the_producer_to_ready_for_council_through_the_screens(client, setting):
    dossier, crowd = setting
    detail = reverse("evaluation:dossier_detail", args=[dossier.pk])

    def step(who: str, action: str, data: dict[str, object] | None = None) -> None:
        client.force_login(crowd[who])
        url = reverse("evaluation:dossier_step", args=[dossier.pk, action])
        assert client.get(url).status_code == 200
        response = client.post(url, data or {})
        assert response.status_code == 302, response.content.decode()[-2000:]

    step("owner", "submit")
    step("commune", "receive")
    step(
        "commune",
        "forward",
        {
            "meeting_date": "2026-12-10",
            "product_origin_confirmed": "on",
            "raw_materials_confirmed": "on",
            "local_labour_confirmed": "on",
            "idea_origin_confirmed": "on",
            "local_identity_confirmed": "on",
            "report": "Sản phẩm đúng nguồn gốc địa phương.",
        },
    )
    step("province", "accept")
    step(
        "province",
        "ready",
        {
            "notes": "Hồ sơ đầy đủ, đủ điều kiện chấm điểm.",
            "field_visit_date": "2026-12-15",
            "field_visit_notes": "Xưởng sạch, nguyên liệu tại chỗ.",
            "photos": [SimpleUploadedFile("xuong.jpg", picture(800, 600), content_type="image/jpeg")],
        },
    )

    dossier.refresh_from_db()
    assert (dossier.state, dossier.holder_level, dossier.holder_unit.name) == (
        "council_scoring",
        "province",
        "Tỉnh Quảng Ngãi",
    )
    assert list(dossier.steps.values_list("action", flat=True)) == [
        "submit",
        "receive",
        "forward",
        "accept",
        "ready",
    ]
    photo = dossier.steps.get(action="ready").files.get()
    assert photo.content_type == "image/jpeg"
    client.force_login(crowd["owner"])
    page = client.get(detail).content.decode()
    assert "Chờ hội đồng tỉnh chấm điểm" in page
    assert "Cơ quan OCOP cấp tỉnh · Tỉnh Quảng Ngãi" in page
    assert "Sản phẩm đúng nguồn gốc địa phương." in page
    assert client.get(reverse("evaluation:dossier_file", args=[dossier.pk, photo.sha256])).status_code == 200


def test_a_returned_dossier_shows_the_reason_and_the_producer_resubmits(client, setting):
    dossier, crowd = setting
    services.dossier_transition(acting_user=crowd["owner"], dossier=dossier, action="submit")
    services.dossier_transition(acting_user=crowd["commune"], dossier=dossier, action="receive")
    client.force_login(crowd["commune"])
    response = client.post(
        reverse("evaluation:dossier_step", args=[dossier.pk, "return"]),
        {
            "meeting_date": "2026-12-10",
            "report": "Thiếu hợp đồng nguyên liệu.",
            "note": "Bổ sung hợp đồng mua gừng.",
        },
    )
    assert response.status_code == 302
    client.force_login(crowd["owner"])
    page = client.get(reverse("evaluation:dossier_detail", args=[dossier.pk])).content.decode()
    assert "Trả lại để bổ sung" in page
    assert "Bổ sung hợp đồng mua gừng." in page
    assert "Nộp lại hồ sơ đã bổ sung" in page
    assert client.post(reverse("evaluation:dossier_step", args=[dossier.pk, "submit"])).status_code == 302
    dossier.refresh_from_db()
    assert (dossier.state, dossier.holder_level) == ("submitted", "commune")


def test_a_step_the_table_does_not_allow_is_refused_on_the_screen_with_nothing_changed(client, setting):
    dossier, crowd = setting
    client.force_login(crowd["commune"])
    events, steps = AuditEvent.objects.count(), DossierStep.objects.count()

    response = client.post(reverse("evaluation:dossier_step", args=[dossier.pk, "receive"]))

    assert response.status_code == 400
    assert (
        "Hồ sơ đang ở trạng thái “Đang soạn”: không thể thực hiện thao tác “receive”."
        in response.content.decode()
    )
    dossier.refresh_from_db()
    assert (dossier.state, AuditEvent.objects.count(), DossierStep.objects.count()) == (
        "draft",
        events,
        steps,
    )


def test_an_upgrade_starts_as_a_copy_of_the_first_dossier(client, setting):
    first, crowd = setting
    owner = crowd["owner"]
    client.force_login(owner)
    client.post(
        reverse("evaluation:dossier_evidence_add", args=[first.pk]),
        {
            "criterion_code": "1.1",
            "file": SimpleUploadedFile("to-chuc.pdf", a_pdf(), content_type="application/pdf"),
        },
    )
    product = make_product(producer=first.producer, unit=registry_commune(MO_DUC), name="Mứt gừng Mộ Đức")
    # What the decision of the next slice does: the recognised dossier names the product it created.
    Dossier.objects.filter(pk=first.pk).update(product=product, state="recognised", holder_level="")
    files = EvidenceFile.objects.count()

    response = client.post(
        reverse("evaluation:dossier_start"), {"start": "follow_up", "product": product.pk, "kind": "upgrade"}
    )

    upgrade = Dossier.objects.exclude(pk=first.pk).get()
    assert response.status_code == 302
    assert (upgrade.kind, upgrade.state, upgrade.copied_from, upgrade.product) == (
        "upgrade",
        "draft",
        first,
        product,
    )
    assert upgrade.answers == first.answers
    assert (upgrade.total, upgrade.stars) == (first.total, first.stars)
    assert (upgrade.raw_materials_origin, upgrade.idea_origin) == (
        first.raw_materials_origin,
        first.idea_origin,
    )
    assert list(upgrade.evidence.values_list("criterion_code", "name", "file_id")) == list(
        first.evidence.values_list("criterion_code", "name", "file_id")
    )
    assert EvidenceFile.objects.count() == files == 1
    event = AuditEvent.objects.filter(action="dossier.create").latest("id")
    assert event.details == {
        "kind": "upgrade",
        "product": product.pk,
        "copied_from": first.pk,
        "answers": len(first.answers),
        "evidence": 1,
    }
    page = client.get(reverse("evaluation:dossier_answers", args=[upgrade.pk])).content.decode()
    assert f"Các câu trả lời đã được mang sang từ hồ sơ #{first.pk}" in page
    # A second upgrade while this one is open is refused.
    again = client.post(
        reverse("evaluation:dossier_start"), {"start": "follow_up", "product": product.pk, "kind": "upgrade"}
    )
    assert again.status_code == 400
    assert f"Sản phẩm này đã có hồ sơ #{upgrade.pk} đang xử lý." in again.content.decode()
    assert Dossier.objects.count() == 2


def test_the_producer_edits_form_01_and_form_02(client, setting):
    dossier, crowd = setting
    client.force_login(crowd["owner"])
    criterion = dossier.version.criteria.get(code="1.1")
    lowest = criterion.options.order_by("points").first()

    response = client.post(
        reverse("evaluation:dossier_answers", args=[dossier.pk]) + "?phan=A", {"t-1.1": str(lowest.pk)}
    )
    assert response.status_code == 302
    dossier.refresh_from_db()
    assert dossier.answers["1.1"] == lowest.pk
    assert dossier.total == 100 - criterion.max_points + lowest.points

    bad = client.post(
        reverse("evaluation:dossier_answers", args=[dossier.pk]) + "?phan=A", {"t-1.1": "999999"}
    )
    assert bad.status_code == 400
    assert "Phương án đã chọn không thuộc tiêu chí 1.1." in bad.content.decode()
    dossier.refresh_from_db()
    assert dossier.answers["1.1"] == lowest.pk


def test_an_officer_sees_the_dossiers_they_hold_overdue_first(client, sheet_i3c):
    crowd = people()
    late, on_time = make_dossier(sheet_i3c), make_dossier(sheet_i3c)
    # Submitted today, the commune has 15 working days left; submitted in January 2026, none.
    for dossier, day in ((on_time, timezone.localdate()), (late, datetime.date(2026, 1, 5))):
        services.dossier_transition(
            acting_user=dossier.producer.members.get(), dossier=dossier, action="submit", today=day
        )
    client.force_login(crowd["commune"])

    page = client.get(reverse("evaluation:dossier_list")).content.decode()

    held = page[page.index("Hồ sơ đang chờ tôi xử lý") :]
    assert held.index(f"#{late.pk} ") < held.index(f"#{on_time.pk} ")
    assert held.count("Quá hạn") == 1
    assert "26/01/2026" in held  # 15 working days after 5/1/2026
    client.force_login(crowd["other_province"])
    assert f"#{late.pk} " not in client.get(reverse("evaluation:dossier_list")).content.decode()


OUTSIDERS = ["other_producer", "other_province", "council"]


@pytest.mark.parametrize("who", OUTSIDERS)
def test_outsiders_get_404_on_every_page_and_action_with_nothing_changed(client, setting, who):
    dossier, crowd = setting
    client.force_login(crowd["owner"])
    client.post(
        reverse("evaluation:dossier_evidence_add", args=[dossier.pk]),
        {
            "criterion_code": "",
            "file": SimpleUploadedFile("giay-phep.pdf", a_pdf(), content_type="application/pdf"),
        },
    )
    item = DossierEvidence.objects.get()
    client.force_login(crowd[who])
    before = (
        list(Dossier.objects.values()),
        DossierEvidence.objects.count(),
        DossierStep.objects.count(),
        AuditEvent.objects.count(),
    )
    pk = dossier.pk
    gets = [
        reverse("evaluation:dossier_detail", args=[pk]),
        reverse("evaluation:dossier_registration", args=[pk]),
        reverse("evaluation:dossier_answers", args=[pk]),
        reverse("evaluation:dossier_file", args=[pk, item.file.sha256]),
        *[
            reverse("evaluation:dossier_step", args=[pk, action])
            for action in ("submit", "receive", "forward")
        ],
    ]
    posts = [
        (reverse("evaluation:dossier_registration", args=[pk]), {"product_name": "Đổi tên"}),
        (reverse("evaluation:dossier_answers", args=[pk]), {"t-1.1": "1"}),
        (reverse("evaluation:dossier_evidence_add", args=[pk]), {"criterion_code": ""}),
        (reverse("evaluation:dossier_evidence_remove", args=[pk, item.pk]), {}),
        *[
            (
                reverse("evaluation:dossier_step", args=[pk, action]),
                {"note": "x", "report": "x", "notes": "x"},
            )
            for action in ("submit", "receive", "forward", "return", "accept", "ready")
        ],
    ]
    for url in gets:
        assert client.get(url).status_code == 404, url
    for url, data in posts:
        assert client.post(url, data).status_code == 404, url
    assert before == (
        list(Dossier.objects.values()),
        DossierEvidence.objects.count(),
        DossierStep.objects.count(),
        AuditEvent.objects.count(),
    )


def test_a_product_recognised_before_the_platform_starts_from_its_registry_record(client, sheet_i3c):
    producer = make_producer(unit=registry_commune(MO_DUC))
    owner = member_of(producer)
    product = make_product(producer=producer, name="Nước mắm Sa Huỳnh", packaging="Chai 500 ml")
    client.force_login(owner)

    response = client.post(
        reverse("evaluation:dossier_start"),
        {"start": "follow_up", "product": product.pk, "kind": "reevaluation"},
    )

    dossier = Dossier.objects.get()
    assert response.status_code == 302
    assert (dossier.kind, dossier.copied_from, dossier.version, dossier.answers, dossier.total) == (
        "reevaluation",
        None,
        sheet_i3c,
        {},
        0,
    )
    assert (dossier.product_name, dossier.packaging, dossier.commune_code) == (
        "Nước mắm Sa Huỳnh",
        "Chai 500 ml",
        MO_DUC,
    )
    assert AuditEvent.objects.filter(action="dossier.create").get().details["copied_from"] is None


def test_a_producer_cannot_start_a_dossier_for_a_product_of_another_producer(client, sheet_i3c):
    owner = member_of(make_producer(unit=registry_commune(MO_DUC)))
    product = make_product(producer=make_producer(unit=registry_commune(MO_DUC)))
    client.force_login(owner)

    response = client.post(
        reverse("evaluation:dossier_start"), {"start": "follow_up", "product": product.pk, "kind": "upgrade"}
    )

    assert response.status_code == 400  # not one of the choices the form offers
    assert Dossier.objects.count() == 0
    assert not AuditEvent.objects.filter(action="dossier.create").exists()


def test_a_reminders_link_opens_the_start_with_the_product_and_the_re_evaluation_chosen(client, sheet_i3c):
    """``reminders.reevaluation_link`` chooses the product and the kind; a product of another producer in
    the link is not among the choices and stays unchosen, and the page writes nothing."""
    producer = make_producer(unit=registry_commune(MO_DUC))
    owner = member_of(producer)
    mine = make_product(producer=producer, name="Nước mắm Sa Huỳnh")
    other = make_product(producer=make_producer(unit=registry_commune(MO_DUC)), name="Tỏi Lý Sơn")
    client.force_login(owner)

    page = client.get(reverse("evaluation:dossier_start"), {"product": mine.pk, "kind": "reevaluation"})
    html = page.content.decode()
    assert page.status_code == 200
    assert f'<option value="{mine.pk}" selected>Nước mắm Sa Huỳnh</option>' in html
    assert re.findall(r'<input type="radio" name="kind"[^>]*>', html) == [
        '<input type="radio" name="kind" value="upgrade" required id="id_kind_0">',
        '<input type="radio" name="kind" value="reevaluation" required id="id_kind_1" checked>',
    ]

    stranger = client.get(reverse("evaluation:dossier_start"), {"product": other.pk, "kind": "upgrade"})
    assert "Tỏi Lý Sơn" not in stranger.content.decode()
    assert "selected" not in stranger.content.decode().split('name="product"')[1].split("</select>")[0]
    assert Dossier.objects.count() == 0
