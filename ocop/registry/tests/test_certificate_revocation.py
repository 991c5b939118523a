"""Revocation on one of the six grounds, from the officer's screen: recorded with its decision and its
evidence files, shown at once by the catalogue, the verification page, the products API and the statistics;
refused without a ground, without evidence, with a file that is not what it says, and out of scope, with
nothing changed. The evidence is served to the officers who see the product and to its producer's members,
never linked from the public verification page."""

import datetime
import hashlib

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from ocop.accounts.models import Role
from ocop.accounts.tests.factories import UserFactory
from ocop.accounts.tests.factories import province as province_unit
from ocop.core.models import AuditEvent, EvidenceFile
from ocop.core.tests.files import a_pdf, a_picture
from ocop.registry import services
from ocop.registry.models import Certificate, Producer, RevocationEvidence, RevocationGround
from ocop.registry.tests.factories import commune, make_certificate, make_product, revocation_evidence_upload

TODAY = timezone.localdate()
REVOKED_ON = TODAY - datetime.timedelta(days=3)


@pytest.fixture
def certificate(db) -> Certificate:
    product = make_product(unit=commune(21400), name="Nước mắm cá cơm Sa Huỳnh")
    # A second product of the province, left valid: the statistics count it before and after.
    make_certificate(make_product(unit=commune(21400), name="Tỏi cô đơn Lý Sơn"), stars=3)
    return make_certificate(product, stars=4, decision_date=TODAY - datetime.timedelta(days=200))


def client_of(role: str, **fields) -> Client:
    client = Client()
    client.force_login(UserFactory(role=role, **fields))
    return client


def revocation(**changes) -> dict:
    return {
        "ground": "product_differs",
        "decision_no": "88/QĐ-UBND",
        "decision_date": REVOKED_ON.strftime("%d/%m/%Y"),
        "revoked_on": REVOKED_ON.strftime("%d/%m/%Y"),
        "reason": "Bao bì khác mẫu đã công nhận",
        "evidence": [revocation_evidence_upload()],
        **changes,
    }


def state(certificate: Certificate) -> tuple:
    fresh = Certificate.objects.get(pk=certificate.pk)
    fields = ("revoked_on", "revocation_ground", "revocation_decision_no", "revocation_decision_date")
    return (
        *(getattr(fresh, name) for name in fields),
        fresh.revocation_reason,
        AuditEvent.objects.count(),
        RevocationEvidence.objects.count(),
        EvidenceFile.objects.count(),
    )


def test_the_six_grounds_in_the_words_of_the_decision():
    assert [(ground.value, str(ground.label)) for ground in RevocationGround] == [
        ("not_reevaluated", "Không được đánh giá lại khi giấy chứng nhận hết thời hạn"),
        ("mandatory_criteria", "Không đạt tiêu chí bắt buộc khi đánh giá lại"),
        ("process_not_followed", "Không thực hiện đúng quy trình sản xuất đã công bố"),
        ("unsafe_food", "Vi phạm quy định về an toàn thực phẩm"),
        ("product_differs", "Sản phẩm không đúng chất lượng hoặc bao bì đã được công nhận"),
        ("production_stopped", "Chủ thể ngừng sản xuất sản phẩm"),
    ]


def test_the_form_offers_the_six_grounds(certificate):
    page = client_of(Role.PROVINCE_OFFICER).get(reverse("registry:certificate_revoke", args=[certificate.pk]))
    content = page.content.decode()
    for ground in RevocationGround:
        assert f'value="{ground.value}"' in content
        assert str(ground.label) in content


def test_a_revocation_with_its_ground_shows_everywhere_at_once(certificate):
    public = Client()
    stats_before = public.get("/api/v1/stats", {"province": 51}).json()["products"]
    officer = client_of(Role.PROVINCE_OFFICER)

    response = officer.post(reverse("registry:certificate_revoke", args=[certificate.pk]), revocation())

    assert response.status_code == 302
    assert state(certificate)[:5] == (
        REVOKED_ON,
        "product_differs",
        "88/QĐ-UBND",
        REVOKED_ON,
        "Bao bì khác mẫu đã công nhận",
    )
    ground = "Sản phẩm không đúng chất lượng hoặc bao bì đã được công nhận"
    product_page = public.get(f"/san-pham/{certificate.product_id}/").content.decode()
    assert f"Đã bị thu hồi ngày {REVOKED_ON:%d/%m/%Y}, lý do: {ground}" in product_page
    verification = public.get(f"/c/{certificate.number}").content.decode()
    assert f"Căn cứ thu hồi: {ground}" in verification
    items = public.get("/api/v1/products", {"q": "nuoc mam sa huynh"}).json()["items"]
    assert [(item["status"], item["revoked_on"], item["revocation_ground"]) for item in items] == [
        ("revoked", REVOKED_ON.isoformat(), "product_differs")
    ]
    assert items[0]["certificate_number"] == certificate.number
    record = officer.get(reverse("registry:product_detail", args=[certificate.product_id])).content.decode()
    assert f'<a class="nowrap" href="/c/{certificate.number}">{certificate.number}</a>' in record
    assert f"{ground}. Bao bì khác mẫu đã công nhận" in record
    stats_after = public.get("/api/v1/stats", {"province": 51}).json()["products"]
    assert (stats_before["recognized"], stats_before["valid"]) == (2, 2)
    assert (stats_after["recognized"], stats_after["valid"]) == (1, 1)


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"ground": ""}, "ground", "Hãy chọn căn cứ thu hồi."),
        ({"ground": "khong_ro"}, "ground", None),
        ({"decision_no": ""}, "decision_no", None),
        ({"decision_date": "01/01/2020"}, "decision_date", None),
    ],
)
def test_a_revocation_without_a_ground_or_decision_is_refused_and_nothing_changes(
    certificate, changes, field, message
):
    before = state(certificate)

    response = client_of(Role.PROVINCE_OFFICER).post(
        reverse("registry:certificate_revoke", args=[certificate.pk]), revocation(**changes)
    )

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == [field]
    if message is not None:
        assert errors[field] == [message]
    assert state(certificate) == before


def test_an_officer_of_another_province_gets_404_and_nothing_changes(certificate):
    before = state(certificate)
    outsider = client_of(Role.PROVINCE_OFFICER, unit=province_unit(66))  # Đắk Lắk
    url = reverse("registry:certificate_revoke", args=[certificate.pk])

    assert outsider.get(url).status_code == 404
    assert outsider.post(url, revocation()).status_code == 404
    assert state(certificate) == before


REPORT = a_pdf()
SCAN = a_picture(800, 600, "JPEG")


def revoke_with_two_files(certificate: Certificate) -> Client:
    officer = client_of(Role.PROVINCE_OFFICER)
    files = [
        revocation_evidence_upload("bien-ban-kiem-tra.pdf", REPORT),
        revocation_evidence_upload("quyet-dinh-88.jpg", SCAN),
    ]
    response = officer.post(
        reverse("registry:certificate_revoke", args=[certificate.pk]), revocation(evidence=files)
    )
    assert response.status_code == 302
    return officer


def evidence_url(certificate: Certificate, data: bytes) -> str:
    return reverse(
        "registry:revocation_evidence_file", args=[certificate.pk, hashlib.sha256(data).hexdigest()]
    )


def test_a_revocation_keeps_its_files_and_the_audit_log_names_them(certificate):
    revoke_with_two_files(certificate)

    kept = RevocationEvidence.objects.filter(certificate=certificate).order_by("id")
    assert [(item.name, item.file.content_type, item.file.byte_size) for item in kept] == [
        ("bien-ban-kiem-tra.pdf", "application/pdf", len(REPORT)),
        ("quyet-dinh-88.jpg", "image/jpeg", len(SCAN)),
    ]
    assert {item.added_by.role for item in kept if item.added_by is not None} == {Role.PROVINCE_OFFICER}
    assert [item.added_by_id for item in kept].count(None) == 0
    event = AuditEvent.objects.get(action="certificate.revoke")
    assert event.details["evidence"] == [
        {"name": "bien-ban-kiem-tra.pdf", "sha256": hashlib.sha256(REPORT).hexdigest()},
        {"name": "quyet-dinh-88.jpg", "sha256": hashlib.sha256(SCAN).hexdigest()},
    ]


def test_the_officers_product_page_links_the_evidence(certificate):
    officer = revoke_with_two_files(certificate)

    record = officer.get(reverse("registry:product_detail", args=[certificate.product_id])).content.decode()

    assert f'<a href="{evidence_url(certificate, REPORT)}">bien-ban-kiem-tra.pdf</a>' in record
    assert f'<a href="{evidence_url(certificate, SCAN)}">quyet-dinh-88.jpg</a>' in record
    assert "Quyết định 88/QĐ-UBND ngày" in record


def test_a_revocation_without_evidence_is_refused_and_nothing_changes(certificate):
    before = state(certificate)

    response = client_of(Role.PROVINCE_OFFICER).post(
        reverse("registry:certificate_revoke", args=[certificate.pk]), revocation(evidence=[])
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {"evidence": ["Hãy đính kèm ít nhất một tệp minh chứng."]}
    assert state(certificate) == before


def test_a_text_file_named_pdf_is_refused_by_its_name_and_nothing_changes(certificate):
    before = state(certificate)
    files = [
        revocation_evidence_upload("bien-ban-kiem-tra.pdf", REPORT),
        revocation_evidence_upload("ket-qua.pdf", b"Ket qua kiem nghiem: khong dat\n"),
    ]

    response = client_of(Role.PROVINCE_OFFICER).post(
        reverse("registry:certificate_revoke", args=[certificate.pk]), revocation(evidence=files)
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "evidence": [
            "Tệp “ket-qua.pdf” không phải là tệp PDF hay ảnh JPEG, PNG, WebP (kiểm tra theo nội dung tệp)."
        ]
    }
    assert state(certificate) == before
    assert Certificate.objects.get(pk=certificate.pk).revoked_on is None


def test_more_than_ten_files_are_refused_and_nothing_changes(certificate):
    before = state(certificate)
    files = [revocation_evidence_upload(f"trang-{page}.pdf") for page in range(11)]

    response = client_of(Role.PROVINCE_OFFICER).post(
        reverse("registry:certificate_revoke", args=[certificate.pk]), revocation(evidence=files)
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {"evidence": ["Tối đa 10 tệp mỗi lần gửi."]}
    assert state(certificate) == before


def test_history_without_evidence_is_still_recorded_by_the_service(certificate):
    services.certificate_revoke(acting_user=None, certificate=certificate, revoked_on=REVOKED_ON, reason="Cũ")

    assert (Certificate.objects.get(pk=certificate.pk).revoked_on, RevocationEvidence.objects.count()) == (
        REVOKED_ON,
        0,
    )
    assert "evidence" not in AuditEvent.objects.get(action="certificate.revoke").details


def test_the_officer_who_sees_the_product_gets_the_file_as_an_attachment(certificate):
    officer = revoke_with_two_files(certificate)

    response = officer.get(evidence_url(certificate, REPORT))

    assert response.status_code == 200
    assert response.getvalue() == REPORT
    assert (
        response["Content-Type"],
        response["Content-Disposition"],
        response["X-Content-Type-Options"],
        response["Cache-Control"],
    ) == ("application/pdf", 'attachment; filename="bien-ban-kiem-tra.pdf"', "nosniff", "private, no-store")


def test_the_producers_member_gets_the_file(certificate):
    revoke_with_two_files(certificate)
    member = UserFactory(role=Role.PRODUCER)
    Producer.objects.get(pk=certificate.product.producer_id).members.add(member)
    client = Client()
    client.force_login(member)

    response = client.get(evidence_url(certificate, SCAN))

    assert response.status_code == 200
    assert response.getvalue() == SCAN
    assert response["Content-Type"] == "image/jpeg"


@pytest.mark.parametrize(
    "who",
    ["other_province", "other_producer", "buyer", "anonymous"],
)
def test_anyone_else_gets_404_for_the_file(certificate, who):
    revoke_with_two_files(certificate)
    if who == "anonymous":
        client = Client()
    elif who == "other_province":
        client = client_of(Role.PROVINCE_OFFICER, unit=province_unit(66))  # Đắk Lắk
    elif who == "other_producer":
        client = client_of(Role.PRODUCER)
    else:
        client = client_of(Role.BUYER)

    assert client.get(evidence_url(certificate, REPORT)).status_code == 404


def test_a_file_is_served_only_through_the_certificate_it_belongs_to(certificate):
    officer = revoke_with_two_files(certificate)
    other = make_certificate(make_product(unit=commune(21400), name="Mạch nha Thi Phổ"), stars=3)

    response = officer.get(evidence_url(other, REPORT))

    assert response.status_code == 404


def test_the_public_verification_page_says_revoked_and_links_no_evidence(certificate):
    revoke_with_two_files(certificate)

    page = Client().get(f"/c/{certificate.number}").content.decode()

    ground = "Sản phẩm không đúng chất lượng hoặc bao bì đã được công nhận"
    assert f"Căn cứ thu hồi: {ground}" in page
    assert "88/QĐ-UBND" in page
    assert "/evidence/" not in page
    assert "bien-ban-kiem-tra.pdf" not in page
    assert hashlib.sha256(REPORT).hexdigest() not in page
