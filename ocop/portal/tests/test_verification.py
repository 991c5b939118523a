"""The public verification page /c/<number> and its PDF: one verdict read by the status rule, in
Vietnamese and English, 404 for a number no certificate has, and the rate limit."""

import datetime
import html
import json
import re
from dataclasses import dataclass

import pytest
from django.test import Client
from django.utils import timezone

from ocop.registry import services
from ocop.registry.models import Certificate
from ocop.registry.tests.factories import commune, make_certificate, make_producer, make_product


@dataclass(frozen=True)
class Certificates:
    today: datetime.date
    valid: Certificate
    expired: Certificate
    revoked: Certificate
    superseded: Certificate
    upgrade: Certificate  # replaces ``superseded``
    future: Certificate


def ago(days: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=days)


@pytest.fixture
def certificates(db, settings, tmp_path) -> Certificates:
    settings.VAR_DIR = tmp_path
    producer = make_producer(unit=commune(21400), name="Hợp tác xã Nông nghiệp Đức Lân")

    def product(name: str):
        return make_product(producer=producer, name=name)

    valid = make_certificate(product("Nước mắm cá cơm Sa Huỳnh"), stars=4, decision_date=ago(100))
    expired = make_certificate(product("Tỏi cô đơn Lý Sơn"), stars=3, decision_date=ago(4 * 365))
    revoked = make_certificate(product("Mạch nha Thi Phổ"), stars=3, decision_date=ago(300))
    services.certificate_revoke(
        acting_user=None,
        certificate=revoked,
        revoked_on=ago(10),
        ground="unsafe_food",
        decision_no="88/QĐ-UBND",
        decision_date=ago(12),
        reason="Mẫu kiểm nghiệm vượt ngưỡng vi sinh",
    )
    upgraded = product("Bánh tráng Mộ Đức")
    superseded = make_certificate(upgraded, stars=3, decision_date=ago(500))
    upgrade = make_certificate(upgraded, stars=4, decision_date=ago(30))
    future = make_certificate(product("Rượu Bàu Đá"), stars=3, decision_date=ago(-5))
    return Certificates(
        today=timezone.localdate(),
        valid=valid,
        expired=expired,
        revoked=Certificate.objects.get(pk=revoked.pk),
        superseded=superseded,
        upgrade=upgrade,
        future=future,
    )


def day(value: datetime.date) -> str:
    return value.strftime("%d/%m/%Y")


def text_of(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def verdict(client: Client, number: str) -> tuple[int, str, str]:
    response = client.get(f"/c/{number}")
    content = response.content.decode()
    found = re.search(r'<section class="standing-panel[^"]*"[^>]*>(.*?)</section>', content, re.S)
    heading = re.search(r'<h2 id="verdict-heading">(.*?)</h2>', content, re.S)
    assert found is not None, content
    assert heading is not None, content
    return response.status_code, text_of(heading.group(1)), text_of(found.group(1))


def test_a_valid_certificate_says_until_when(client, certificates):
    status, heading, _ = verdict(client, certificates.valid.number)
    assert (status, heading) == (200, f"✓ Còn hiệu lực đến {day(certificates.valid.valid_until)}")


def test_an_expired_certificate_says_since_when(client, certificates):
    expired_from = certificates.expired.valid_until + datetime.timedelta(days=1)
    status, heading, panel = verdict(client, certificates.expired.number)
    assert (status, heading) == (200, f"! Hết hiệu lực từ {day(expired_from)}")
    assert panel.endswith("Hạng sao OCOP in trên bao bì sản phẩm này không còn giá trị.")


def test_a_revoked_certificate_says_when_on_what_ground_and_by_which_decision(client, certificates):
    status, heading, panel = verdict(client, certificates.revoked.number)
    assert (status, heading) == (200, f"✕ Đã bị thu hồi ngày {day(ago(10))}")
    assert panel == (
        f"✕ Đã bị thu hồi ngày {day(ago(10))} "
        "Căn cứ thu hồi: Vi phạm quy định về an toàn thực phẩm "
        f"Quyết định thu hồi số 88/QĐ-UBND ngày {day(ago(12))}. "
        "Lý do: Mẫu kiểm nghiệm vượt ngưỡng vi sinh "
        "Hạng sao OCOP in trên bao bì sản phẩm này không còn giá trị."
    )


def test_a_superseded_certificate_links_the_newer_one(client, certificates):
    status, heading, panel = verdict(client, certificates.superseded.number)
    assert (status, heading) == (200, "✕ Đã được thay thế")
    upgrade = certificates.upgrade
    newer = "sản phẩm được công nhận theo giấy chứng nhận mới hơn (4 sao)"
    assert panel == f"✕ Đã được thay thế Từ ngày {day(ago(30))} {newer}: {upgrade.number} ."
    content = client.get(f"/c/{certificates.superseded.number}").content.decode()
    assert f'<a href="/c/{upgrade.number}">{upgrade.number}</a>' in content


def test_a_certificate_not_yet_in_force_says_from_when_and_links_no_product_page(client, certificates):
    status, heading, panel = verdict(client, certificates.future.number)
    assert (status, heading) == (200, f"… Công nhận từ ngày {day(ago(-5))}")
    assert "Giấy chứng nhận này chưa có hiệu lực." in panel
    content = client.get(f"/c/{certificates.future.number}").content.decode()
    # Its product is not in the catalogue before its day.
    assert f"/san-pham/{certificates.future.product_id}/" not in content


def test_the_page_says_what_the_certificate_says_and_links_the_product_and_the_pdf(client, certificates):
    certificate = certificates.valid
    content = client.get(f"/c/{certificate.number}").content.decode()
    details = re.search(r'<dl class="details-list">(.*?)</dl>', content, re.S)
    assert details is not None
    assert text_of(details.group(1)) == (
        "Sản phẩm Nước mắm cá cơm Sa Huỳnh "
        "Chủ thể Hợp tác xã Nông nghiệp Đức Lân "
        "Địa bàn Xã Mộ Đức, Tỉnh Quảng Ngãi "
        "Hạng sao 4 sao "
        f"Quyết định số {certificate.decision_no} ngày {day(ago(100))} "
        "Cơ quan công nhận Ủy ban nhân dân tỉnh Quảng Ngãi "
        f"Hiệu lực đến {day(certificate.valid_until)}"
    )
    assert f'href="/san-pham/{certificate.product_id}/nuoc-mam-ca-com-sa-huynh/"' in content
    assert f'href="/c/{certificate.number}.pdf"' in content
    assert f'<link rel="canonical" href="http://127.0.0.1:8000/c/{certificate.number}">' in content
    data = re.search(r'<script type="application/ld\+json">(.*?)</script>', content, re.S)
    assert data is not None
    assert json.loads(data.group(1)) == {
        "@context": "https://schema.org",
        "@type": "Certification",
        "name": "OCOP 4★",
        "certificationIdentification": certificate.number,
        "certificationStatus": "https://schema.org/CertificationActive",
        "issuedBy": {"@type": "Organization", "name": "Ủy ban nhân dân tỉnh Quảng Ngãi"},
        "validFrom": ago(100).isoformat(),
        "expires": certificate.valid_until.isoformat(),
        "about": {
            "@type": "Product",
            "name": "Nước mắm cá cơm Sa Huỳnh",
            "url": f"http://127.0.0.1:8000/san-pham/{certificate.product_id}/nuoc-mam-ca-com-sa-huynh/",
        },
        "url": f"http://127.0.0.1:8000/c/{certificate.number}",
    }


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("valid", "✓ Valid until {valid_until}"),
        ("expired", "! Expired since {expired_from}"),
        ("revoked", "✕ Revoked on {revoked_on}"),
        ("superseded", "✕ Superseded"),
        ("future", "… Recognised from {decision_date}"),
    ],
)
def test_the_verdict_in_english(client, settings, certificates, name, expected):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    certificate: Certificate = getattr(certificates, name)
    days = {
        "valid_until": day(certificate.valid_until),
        "expired_from": day(certificate.valid_until + datetime.timedelta(days=1)),
        "revoked_on": day(certificate.revoked_on) if certificate.revoked_on else "",
        "decision_date": day(certificate.decision_date),
    }
    status, heading, _ = verdict(client, certificate.number)
    assert (status, heading) == (200, expected.format(**days))
    assert '<html lang="en">' in client.get(f"/c/{certificate.number}").content.decode()


@pytest.mark.parametrize("number", ["99-2026-000001", "khong-co", "51-2026-000001.pdf.pdf"])
def test_an_unknown_number_is_a_404_that_says_so(client, certificates, number):
    for address in (f"/c/{number}", f"/c/{number}.pdf"):
        response = client.get(address)
        assert response.status_code == 404
        if address.endswith(".pdf") and number.endswith(".pdf"):
            continue
        content = response.content.decode()
        shown = number.removesuffix(".pdf") if address.endswith(".pdf") else number
        assert f"Không có giấy chứng nhận OCOP nào mang số {shown}." in text_of(content)


def test_the_pdf_is_served_inline(client, certificates):
    response = client.get(f"/c/{certificates.valid.number}.pdf")
    assert response.status_code == 200
    assert (response["Content-Type"], response["Content-Disposition"], response["Cache-Control"]) == (
        "application/pdf",
        f'inline; filename="giay-chung-nhan-ocop-{certificates.valid.number}.pdf"',
        "no-cache",
    )
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_the_pages_are_rate_limited(client, settings, certificates):
    settings.NINJA_DEFAULT_THROTTLE_RATES = {"anon": "2/min", "user": "2/min"}
    answers = [client.get(f"/c/{certificates.valid.number}").status_code for _ in range(3)]
    assert answers == [200, 200, 429]
    refused = client.get(f"/c/{certificates.valid.number}")
    assert 1 <= int(refused["Retry-After"]) <= 60
    # The PDF counts apart: the page's limit does not close it.
    assert client.get(f"/c/{certificates.valid.number}.pdf").status_code == 200
