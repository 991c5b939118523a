"""A point's photos (public, checked by content) and its checklist's evidence (private to those who see the
point), through the pages."""

import pytest

from ocop.core.models import AuditEvent
from ocop.outlets import services
from ocop.outlets.models import RecognitionStatus, SalesPointPhoto
from ocop.outlets.tests.conftest import point_fields
from ocop.registry.tests.factories import picture, upload

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _file_roots(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_FILES_ROOT = tmp_path / "private"


def test_a_photo_is_kept_and_shown_on_the_public_page(client, point, operator):
    client.force_login(operator)

    response = client.post(f"/diem-ban/quan-ly/{point.pk}/anh", {"photo": upload(picture(640, 480))})

    assert response.status_code == 302
    photo = SalesPointPhoto.objects.get(sales_point=point)
    assert str(photo.image.name).startswith("sales-points/")
    assert str(photo.image.name).endswith(".webp")  # re-encoded, without the upload's metadata
    assert AuditEvent.objects.filter(action="sales_point.photo_add", object_id=str(point.pk)).count() == 1
    html = client.get(f"/diem-ban/{point.pk}/").content.decode()
    assert f'src="/diem-ban/anh/{photo.pk}" alt="Ảnh 1 của Quầy OCOP Ga Quảng Ngãi"' in html
    client.logout()
    served = client.get(f"/diem-ban/anh/{photo.pk}")
    assert (served.status_code, served["Content-Type"]) == (200, "image/webp")
    body = b"".join(served.streaming_content)
    assert (body[:4], body[8:12]) == (b"RIFF", b"WEBP")


def test_a_draft_points_photo_is_seen_only_by_those_who_see_the_point(client, operator, other_operator):
    draft = services.sales_point_create(acting_user=operator, **point_fields())
    png = upload(picture(640, 480, "PNG"), name="x.jpg")
    photo = services.photo_add(acting_user=operator, point=draft, upload=png)
    path = f"/diem-ban/anh/{photo.pk}"

    assert str(photo.image.name).endswith(".webp")  # what is kept is re-encoded, whatever the name said
    assert client.get(path).status_code == 404
    client.force_login(other_operator)
    assert client.get(path).status_code == 404
    client.force_login(operator)
    assert client.get(path)["Content-Type"] == "image/webp"


def test_what_is_not_an_image_is_refused_by_its_content(client, point, operator):
    client.force_login(operator)

    response = client.post(
        f"/diem-ban/quan-ly/{point.pk}/anh", {"photo": upload(b"<svg onload=alert(1)>", name="anh.jpg")}
    )

    assert response.status_code == 400
    assert response.context["photo_form"].errors == {
        "photo": ["Tệp này không phải là ảnh JPEG, PNG hoặc WebP."]
    }
    assert not SalesPointPhoto.objects.exists()


def test_the_checklist_with_evidence_goes_to_the_province_and_its_file_stays_private(
    client, operator, other_operator, province_officer
):
    draft = services.sales_point_create(acting_user=operator, **point_fields())
    client.force_login(operator)

    response = client.post(
        f"/diem-ban/quan-ly/{draft.pk}/de-nghi-cong-nhan/",
        {
            "location_met": "on",
            "location_note": "Sảnh chờ nhà ga",
            "products_met": "on",
            "products_note": "12 sản phẩm OCOP",
            "facilities_met": "on",
            "facilities_note": "Kệ và biển hiệu",
            "evidence": upload(picture(320, 240, "PNG"), name="bien-hieu.png", content_type="image/png"),
        },
    )

    assert response.status_code == 302
    draft.refresh_from_db()
    assert (draft.status, draft.location_note) == (RecognitionStatus.SUBMITTED, "Sảnh chờ nhà ga")
    evidence = draft.evidence_files.get()
    path = f"/diem-ban/quan-ly/{draft.pk}/minh-chung/{evidence.pk}"
    assert client.get(path)["Content-Type"] == "image/png"  # evidence is kept as it came, privately
    client.force_login(province_officer)
    assert client.get(path).status_code == 200
    client.force_login(other_operator)
    assert client.get(path).status_code == 404
    client.logout()
    assert client.get(path).status_code == 404


def test_a_checklist_missing_a_group_names_it_and_changes_nothing(client, operator):
    draft = services.sales_point_create(acting_user=operator, **point_fields())
    client.force_login(operator)

    response = client.post(
        f"/diem-ban/quan-ly/{draft.pk}/de-nghi-cong-nhan/",
        {"location_met": "on", "products_met": "on", "location_note": "Sảnh chờ"},
    )

    assert response.status_code == 400
    assert response.context["form"].errors == {
        "facilities_met": ["Điểm bán phải đạt tiêu chí này trước khi gửi đề nghị công nhận."]
    }
    draft.refresh_from_db()
    assert (draft.status, draft.location_note, draft.evidence_files.count()) == (
        RecognitionStatus.DRAFT,
        "",
        0,
    )
