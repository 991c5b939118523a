"""Revocation on one of the six grounds, from the officer's screen: recorded with its decision, shown at
once by the catalogue, the verification page, the products API and the statistics; refused without a
ground, and out of scope, with nothing changed."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from ocop.accounts.models import Role
from ocop.accounts.tests.factories import UserFactory
from ocop.accounts.tests.factories import province as province_unit
from ocop.core.models import AuditEvent
from ocop.registry.models import Certificate, RevocationGround
from ocop.registry.tests.factories import commune, make_certificate, make_product

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
        **changes,
    }


def state(certificate: Certificate) -> tuple:
    fresh = Certificate.objects.get(pk=certificate.pk)
    fields = ("revoked_on", "revocation_ground", "revocation_decision_no", "revocation_decision_date")
    return (*(getattr(fresh, name) for name in fields), fresh.revocation_reason, AuditEvent.objects.count())


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
