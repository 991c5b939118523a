"""Evidence files: checked by their content, refused with a message and nothing stored when they are not
what they say, too big, damaged or a decompression bomb; served only to those who may see the dossier."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ocop.core.models import AuditEvent, EvidenceFile
from ocop.core.tests.files import a_bomb, a_pdf
from ocop.evaluation.models import DossierEvidence
from ocop.evaluation.tests.dossier_factories import make_dossier, people
from ocop.registry.tests.factories import picture


@pytest.fixture
def private_root(settings, tmp_path):
    settings.PRIVATE_FILES_ROOT = tmp_path / "private"
    return settings.PRIVATE_FILES_ROOT


@pytest.fixture
def setting(sheet_i3c, private_root):
    crowd = people()
    dossier = make_dossier(sheet_i3c)
    crowd["owner"] = dossier.producer.members.get()
    return dossier, crowd


def upload(client, dossier, name: str, data: bytes, criterion: str = "1.1"):
    return client.post(
        reverse("evaluation:dossier_evidence_add", args=[dossier.pk]),
        {"criterion_code": criterion, "file": SimpleUploadedFile(name, data, content_type="application/pdf")},
    )


def stored_nothing(private_root, events: int) -> bool:
    files = list(private_root.rglob("*")) if private_root.exists() else []
    return (
        DossierEvidence.objects.count(),
        EvidenceFile.objects.count(),
        [path for path in files if path.is_file()],
        AuditEvent.objects.count(),
    ) == (0, 0, [], events)


def test_a_pdf_is_kept_once_by_its_hash_and_served_inline_to_the_owner(client, setting, private_root):
    dossier, crowd = setting
    client.force_login(crowd["owner"])
    data = a_pdf()

    response = upload(client, dossier, "giay-dang-ky-kinh-doanh.pdf", data, criterion="")

    assert response.status_code == 302
    item = DossierEvidence.objects.get()
    assert (item.criterion_code, item.name, item.file.content_type, item.file.byte_size) == (
        "",
        "giay-dang-ky-kinh-doanh.pdf",
        "application/pdf",
        len(data),
    )
    path = private_root / "evidence" / item.file.sha256[:2] / item.file.sha256
    assert path.read_bytes() == data
    assert AuditEvent.objects.filter(action="dossier.evidence_add").count() == 1
    served = client.get(reverse("evaluation:dossier_file", args=[dossier.pk, item.file.sha256]))
    assert served.status_code == 200
    assert b"".join(served.streaming_content) == data
    assert served["Content-Type"] == "application/pdf"
    assert served["X-Content-Type-Options"] == "nosniff"
    assert served["Content-Disposition"] == 'inline; filename="giay-dang-ky-kinh-doanh.pdf"'


def test_an_image_for_a_criterion_is_accepted(client, setting):
    dossier, crowd = setting
    client.force_login(crowd["owner"])
    response = upload(client, dossier, "nha-xuong.webp", picture(640, 480, "WEBP"), criterion="1.2")
    assert response.status_code == 302
    assert list(DossierEvidence.objects.values_list("criterion_code", "file__content_type")) == [
        ("1.2", "image/webp")
    ]


PDF_DATA = a_pdf()


# Every refusal of the checks, with its message, is in ocop/core/tests/test_private_files.py: here, that a
# refused upload reaches the producer by its message and leaves nothing behind.
@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        (
            "giay-phep.pdf",
            picture(300, 300, "PNG"),
            "Tệp “giay-phep.pdf” có nội dung là ảnh PNG, không phải như tên tệp nói. "
            "Hãy đặt lại tên tệp cho đúng.",
        ),
        (
            "bom.png",
            a_bomb(15000, 15000),
            "Ảnh có quá nhiều điểm ảnh, quá giới hạn 40 triệu điểm ảnh. "
            "Hãy giảm kích thước ảnh rồi tải lên lại.",
        ),
    ],
    ids=["png-named-pdf", "bomb"],
)
def test_a_file_that_is_not_what_it_says_is_refused_and_nothing_is_stored(
    client, setting, private_root, name, data, message
):
    dossier, crowd = setting
    client.force_login(crowd["owner"])
    events = AuditEvent.objects.count()

    response = upload(client, dossier, name, data)

    assert response.status_code == 400
    assert message in response.content.decode()
    assert stored_nothing(private_root, events)


def test_a_file_over_the_limit_is_refused_before_it_is_read(client, setting, private_root, settings):
    settings.EVIDENCE_FILE_MAX_BYTES = 100
    dossier, crowd = setting
    client.force_login(crowd["owner"])
    events = AuditEvent.objects.count()

    response = upload(client, dossier, "bao-cao.pdf", PDF_DATA)

    assert response.status_code == 400
    # filesizeformat keeps the number and its unit together with a no-break space.
    assert "Tệp “bao-cao.pdf” nặng 431\xa0byte, quá giới hạn 100\xa0byte." in response.content.decode()
    assert len(PDF_DATA) == 431
    assert stored_nothing(private_root, events)


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("owner", 200),
        ("commune", 200),
        ("province", 200),
        ("central", 200),
        ("other_producer", 404),
        ("other_province", 404),
        ("council", 404),
        (None, 404),
    ],
)
def test_the_file_is_served_only_to_those_who_may_see_the_dossier(client, setting, who, status):
    dossier, crowd = setting
    client.force_login(crowd["owner"])
    upload(client, dossier, "giay-phep.pdf", PDF_DATA)
    client.logout()
    sha256 = EvidenceFile.objects.get().sha256
    if who is not None:
        client.force_login(crowd[who])

    response = client.get(reverse("evaluation:dossier_file", args=[dossier.pk, sha256]))

    assert response.status_code == status


def test_a_file_of_another_dossier_is_not_served_through_this_one(client, setting, sheet_i3c):
    dossier, crowd = setting
    other = make_dossier(sheet_i3c)
    client.force_login(other.producer.members.get())
    upload(client, other, "giay-phep.pdf", PDF_DATA)
    sha256 = EvidenceFile.objects.get().sha256
    client.force_login(crowd["owner"])

    assert client.get(reverse("evaluation:dossier_file", args=[dossier.pk, sha256])).status_code == 404
    assert client.get(reverse("evaluation:dossier_file", args=[other.pk, sha256])).status_code == 404
