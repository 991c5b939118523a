"""The certificate PDF: its text read back with pypdf, its QR code in the HTML, and the file kept."""

import datetime

import pytest
import segno
from django.core.exceptions import ValidationError
from pypdf import PdfReader

from ocop.core import pdf
from ocop.registry import services
from ocop.registry.certificates import document
from ocop.registry.images import prepare_image
from ocop.registry.selectors import certificate_verify_public
from ocop.registry.tests.factories import commune, make_producer, make_product, picture

URL = "https://ocop.example.vn/c/51-2026-000001"


@pytest.fixture
def certificate(db, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    producer = make_producer(
        unit=commune(21400),
        name="Hợp tác xã Nông nghiệp Đức Lân",
        address="Thôn Vĩnh Phú, xã Mộ Đức, tỉnh Quảng Ngãi",
    )
    product = make_product(producer=producer, name="Nước mắm cá cơm Sa Huỳnh", code="51-21400-7-2026")
    return services.certificate_add(
        acting_user=None,
        product=product,
        stars=4,
        decision_no="215/QĐ-UBND",
        decision_date=datetime.date(2026, 8, 3),
        signer_name="Trần Phước Hiền",
        signer_title="Phó Chủ tịch",
    )


def pdf_of(certificate):
    verification = certificate_verify_public(number=certificate.number)
    return document.certificate_pdf(verification, verification_url=URL)


def words(text: str) -> str:
    return " ".join(text.split())


def test_the_html_carries_the_qr_code_of_the_verification_page(certificate):
    verification = certificate_verify_public(number=certificate.number)

    html = document.certificate_html(verification, verification_url=URL)

    expected = segno.make(URL, error="m").svg_inline(scale=4, dark="#000", light="#fff")
    assert expected in html
    assert html.count("<svg") == 1


def test_the_pdf_reads_the_certificate_in_vietnamese(certificate):
    path = pdf_of(certificate)

    reader = PdfReader(path)
    assert [round(reader.pages[0].mediabox.width), round(reader.pages[0].mediabox.height)] == [595, 842]  # A4
    assert len(reader.pages) == 1
    text = words(" ".join(page.extract_text() for page in reader.pages))
    for expected in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI",
        "GIẤY CHỨNG NHẬN",
        "★★★★",
        "Hạng Bốn sao",
        "Nước mắm cá cơm Sa Huỳnh — mã sản phẩm 51-21400-7-2026",
        "Hợp tác xã Nông nghiệp Đức Lân",
        "Thôn Vĩnh Phú, xã Mộ Đức, tỉnh Quảng Ngãi",
        "Số 215/QĐ-UBND ngày 03/08/2026 của Ủy ban nhân dân tỉnh Quảng Ngãi",
        "Từ ngày 03/08/2026 đến hết ngày 03/08/2029",
        "Số giấy chứng nhận 51-2026-000001",
        "PHÓ CHỦ TỊCH",
        "Trần Phước Hiền",
        URL,
    ):
        assert expected in text, expected


def test_a_second_request_reads_the_kept_file_and_a_change_makes_a_new_one(certificate, monkeypatch):
    first = pdf_of(certificate)
    rendered = first.read_bytes()

    def no_rendering(*args, **kwargs):
        raise AssertionError("rendered again")

    monkeypatch.setattr(pdf, "weasyprint_html", lambda: no_rendering)
    again = pdf_of(certificate)
    assert (again, again.read_bytes()) == (first, rendered)

    monkeypatch.undo()
    services.certificate_revoke(
        acting_user=None,
        certificate=certificate,
        revoked_on=datetime.date(2026, 10, 1),
        ground="unsafe_food",
        decision_no="88/QĐ-UBND",
        decision_date=datetime.date(2026, 10, 1),
    )
    changed = pdf_of(certificate)
    assert changed != first
    assert sorted(path.name for path in document.directory().iterdir()) == [changed.name]
    assert changed.name.startswith("51-2026-000001-")


def test_rendering_a_pdf_leaves_the_upload_checks_refusing_cut_off_images(certificate, tmp_path):
    """Importing WeasyPrint sets Pillow's process-wide LOAD_TRUNCATED_IMAGES: without putting it back, a
    worker that had rendered one certificate took a truncated photo or evidence scan for a whole one."""
    pdf_of(certificate)

    data = picture(1200, 900, quality=95)
    with pytest.raises(ValidationError) as refused:
        prepare_image(data[: len(data) // 2])
    assert refused.value.messages == [
        "Tệp ảnh bị hỏng hoặc không trọn vẹn (có thể do tải lên bị gián đoạn). Hãy tải lên lại."
    ]
