"""Private files are checked by their bytes, never by their name or declared type, and kept once by their
SHA-256 outside the media; what the checks refuse says which file and why."""

import hashlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from ocop.core import private_files
from ocop.core.models import EvidenceFile
from ocop.core.tests.files import a_bomb, a_pdf, a_picture

PDF_DATA = a_pdf()


@pytest.fixture
def private_root(settings, tmp_path):
    settings.PRIVATE_FILES_ROOT = tmp_path / "private"
    return settings.PRIVATE_FILES_ROOT


def refusal(data: bytes, name: str) -> tuple[str | None, str]:
    with pytest.raises(ValidationError) as refused:
        private_files.check_bytes(data, name=name)
    (error,) = refused.value.error_dict["file"]
    return error.code, error.message % error.params


@pytest.mark.parametrize(
    ("name", "data", "content_type"),
    [
        ("bao-cao.pdf", PDF_DATA, "application/pdf"),
        ("anh.JPG", a_picture(64, 48, "JPEG"), "image/jpeg"),
        ("anh.png", a_picture(64, 48, "PNG"), "image/png"),
        ("anh.webp", a_picture(64, 48, "WEBP"), "image/webp"),
    ],
)
def test_a_pdf_or_an_image_passes_with_the_type_found_in_its_bytes(name, data, content_type):
    checked = private_files.check_bytes(data, name=name)

    assert checked == private_files.CheckedFile(
        name=name, data=data, sha256=hashlib.sha256(data).hexdigest(), content_type=content_type
    )


@pytest.mark.parametrize(
    ("name", "data", "code", "message"),
    [
        (
            "giay-phep.pdf",
            a_picture(300, 300, "PNG"),
            "name_disagrees",
            "Tệp “giay-phep.pdf” có nội dung là ảnh PNG, không phải như tên tệp nói. "
            "Hãy đặt lại tên tệp cho đúng.",
        ),
        (
            "chung-nhan.pdf",
            a_picture(300, 300, "JPEG"),
            "name_disagrees",
            "Tệp “chung-nhan.pdf” có nội dung là ảnh JPEG, không phải như tên tệp nói. "
            "Hãy đặt lại tên tệp cho đúng.",
        ),
        (
            "ket-qua-kiem-nghiem.pdf",
            PDF_DATA[: len(PDF_DATA) // 2],
            "broken_pdf",
            "Tệp “ket-qua-kiem-nghiem.pdf” không phải là tệp PDF hoàn chỉnh (có thể bị cắt ngắn hoặc hỏng).",
        ),
        (
            "logo.svg",
            b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
            "not_accepted",
            "Tệp “logo.svg” không phải là tệp PDF hay ảnh JPEG, PNG, WebP (kiểm tra theo nội dung tệp).",
        ),
        (
            "trang.pdf",
            b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>",
            "not_accepted",
            "Tệp “trang.pdf” không phải là tệp PDF hay ảnh JPEG, PNG, WebP (kiểm tra theo nội dung tệp).",
        ),
        ("rong.pdf", b"", "empty", "Tệp “rong.pdf” rỗng."),
        (
            "anh-lon.png",
            a_bomb(8000, 6000),
            "too_many_pixels",
            "Ảnh có 8.000 × 6.000 điểm ảnh, quá giới hạn 40 triệu điểm ảnh. "
            "Hãy giảm kích thước ảnh rồi tải lên lại.",
        ),
        (
            "bom.png",
            a_bomb(15000, 15000),
            "too_many_pixels",
            "Ảnh có quá nhiều điểm ảnh, quá giới hạn 40 triệu điểm ảnh. "
            "Hãy giảm kích thước ảnh rồi tải lên lại.",
        ),
    ],
    ids=[
        "png-named-pdf",
        "jpeg-named-pdf",
        "truncated-pdf",
        "svg",
        "html-named-pdf",
        "empty",
        "too-many-pixels",
        "bomb",
    ],
)
def test_a_file_that_is_not_what_it_says_is_refused_with_its_name(name, data, code, message):
    assert refusal(data, name) == (code, message)


def test_an_upload_over_the_limit_is_refused_before_it_is_read(settings):
    settings.EVIDENCE_FILE_MAX_BYTES = 100

    class Unreadable(SimpleUploadedFile):
        def read(self, *args, **kwargs):
            raise AssertionError("read")

    with pytest.raises(ValidationError) as refused:
        private_files.check_upload(Unreadable("bao-cao.pdf", PDF_DATA, content_type="application/pdf"))

    (error,) = refused.value.error_dict["file"]
    # filesizeformat keeps the number and its unit together with a no-break space.
    assert (error.code, error.message % error.params) == (
        "too_heavy",
        "Tệp “bao-cao.pdf” nặng 431\xa0byte, quá giới hạn 100\xa0byte.",
    )


def test_the_same_bytes_are_stored_once_under_their_hash_outside_the_media(db, private_root, settings):
    checked = private_files.check_bytes(PDF_DATA, name="bao-cao.pdf")

    first = private_files.store(checked)
    second = private_files.store(private_files.check_bytes(PDF_DATA, name="ban-sao.pdf"))

    assert first == second
    assert (EvidenceFile.objects.count(), first.content_type, first.byte_size) == (
        1,
        "application/pdf",
        len(PDF_DATA),
    )
    path = private_root / "evidence" / checked.sha256[:2] / checked.sha256
    assert private_files.path_of(first) == path
    assert path.read_bytes() == PDF_DATA
    assert not path.is_relative_to(settings.MEDIA_ROOT)
