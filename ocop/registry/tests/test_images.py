"""Product images: what is accepted and refused, what is stored, who may change them, how they are served.

The cast: ``owner`` is a province officer of Quảng Ngãi (51), where the product is; ``outsider`` a province
officer of Đắk Lắk (66); ``council_member`` and ``commune_officer`` (Xã Mộ Đức) read the product but do not
change it. Files go to a temporary MEDIA_ROOT, one per test.
"""

import datetime
import hashlib
import io
import re
from importlib import import_module
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from PIL import Image

from ocop.accounts.models import Role, User
from ocop.accounts.tests.factories import DAK_LAK, UserFactory, province
from ocop.core.models import AuditEvent
from ocop.registry import images
from ocop.registry.models import Product, ProductImage
from ocop.registry.search import ProductFilters, product_search
from ocop.registry.tests.factories import (
    commune,
    make_certificate,
    make_product,
    make_product_image,
    picture,
    upload,
)

pytestmark = pytest.mark.django_db

CAM_THANH = 21025  # Phường Cẩm Thành, Quảng Ngãi (51)
STORED_NAME = re.compile(r"products/(?P<product>\d+)/(?P<stem>[0-9a-f]{32})(?P<thumbnail>-320)?\.webp")
NOT_AN_IMAGE = "Tệp này không phải là ảnh JPEG, PNG hoặc WebP."


@pytest.fixture(autouse=True)
def media(settings, tmp_path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    # With DEBUG off the manifest storage fails on files that collectstatic has not seen.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    return tmp_path


@pytest.fixture
def owner(db) -> User:
    return UserFactory(role=Role.PROVINCE_OFFICER, full_name="Lê Thị Tỉnh")


@pytest.fixture
def outsider(db) -> User:
    return UserFactory(role=Role.PROVINCE_OFFICER, full_name="Nguyễn Đắk Lắk", unit=province(DAK_LAK))


@pytest.fixture
def product(db) -> Product:
    return make_product(unit=commune(CAM_THANH), name="Nước mắm Sa Huỳnh")


def client_for(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def stored_names(*product_images: ProductImage) -> list[str]:
    """The files of ``product_images``, as ``files_in`` lists them."""
    return sorted(str(name) for image in product_images for name in (image.image.name, image.thumbnail.name))


def files_in(root: Path) -> list[str]:
    return sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file())


def post_image(user: User, product: Product, data: bytes, **extra: Any):
    name = extra.pop("name", "anh.jpg")
    content_type = extra.pop("content_type", "image/jpeg")
    headers = extra.pop("headers", {})
    return client_for(user).post(
        reverse("registry:product_image_add", args=[product.pk]),
        {"image": upload(data, name, content_type), **extra},
        headers=headers,
    )


def image_errors(response) -> list[str]:
    return response.context["image_form"].errors["image"]


def phone_photo() -> bytes:
    """3000 × 2000 pixels, red above blue, as a phone held upright stores it: sideways, with EXIF
    orientation 6 (turn 90° clockwise to show), where it was taken (GPS) and the phone's make."""
    exif = Image.Exif()
    exif[0x0112] = 6  # orientation
    exif[0x010F] = "Điện thoại"  # make
    exif[0x8825] = {1: "N", 2: (15.0, 7.0, 12.0), 3: "E", 4: (108.0, 48.0, 1.0)}  # GPS
    return picture(3000, 2000, colour=(220, 20, 20), bottom_colour=(20, 20, 220), exif=exif, quality=90)


def dominant(image: Image.Image, xy: tuple[int, int]) -> str:
    red, _green, blue = image.convert("RGB").getpixel(xy)  # type: ignore[misc]
    return "red" if red > blue else "blue"


# --- What is stored


def test_a_phone_photo_is_stored_upright_smaller_as_webp_and_without_its_metadata(owner, product, media):
    data = phone_photo()
    response = post_image(owner, product, data, alt="Chai nước mắm 500 ml")

    assert response.status_code == 302
    assert response["Location"] == reverse("registry:product_detail", args=[product.pk]) + "#product-images"
    image = ProductImage.objects.get()
    assert (image.product, image.position, image.alt, image.uploaded_by) == (
        product,
        0,
        "Chai nước mắm 500 ml",
        owner,
    )
    # Upright: the 3000 × 2000 sideways picture is a 2000 × 3000 portrait, at most 1600 pixels high.
    assert (image.width, image.height, image.thumbnail_width, image.thumbnail_height) == (
        1067,
        1600,
        213,
        320,
    )
    assert image.sha256 == hashlib.sha256(data).hexdigest()
    display = STORED_NAME.fullmatch(str(image.image.name))
    thumbnail = STORED_NAME.fullmatch(str(image.thumbnail.name))
    assert display is not None
    assert thumbnail is not None
    assert (display["product"], display["thumbnail"], thumbnail["thumbnail"]) == (
        str(product.pk),
        None,
        "-320",
    )
    assert display["stem"] == thumbnail["stem"]
    assert files_in(media) == stored_names(image)

    stored = (media / image.image.name).read_bytes()
    assert image.byte_size == len(stored)
    for name, size in ((image.image.name, (1067, 1600)), (image.thumbnail.name, (213, 320))):
        content = (media / name).read_bytes()
        with Image.open(io.BytesIO(content)) as written:
            assert (written.format, written.size) == ("WEBP", size)
            assert dict(written.getexif()) == {}
            assert not {"exif", "xmp", "icc_profile"} & set(written.info)
            # Turned 90° clockwise: the top of the stored picture (red) is now on the right.
            middle = size[1] // 2
            assert dominant(written, (10, middle)) == "blue"
            assert dominant(written, (size[0] - 10, middle)) == "red"
        # No EXIF or XMP chunk in the WebP container either.
        assert (b"EXIF" in content, b"XMP " in content) == (False, False)


def test_a_landscape_png_keeps_its_proportions(owner, product):
    assert post_image(owner, product, picture(3000, 2000, "PNG"), name="anh.png").status_code == 302

    image = ProductImage.objects.get()
    assert (image.width, image.height, image.thumbnail_width, image.thumbnail_height) == (
        1600,
        1067,
        320,
        213,
    )


def test_a_webp_smaller_than_the_display_size_is_not_enlarged(owner, product):
    data = picture(800, 600, "WEBP", quality=90)
    # The browser's name and type are not what decides: the bytes are.
    assert (
        post_image(owner, product, data, name="anh", content_type="application/octet-stream").status_code
        == 302
    )

    image = ProductImage.objects.get()
    assert (image.width, image.height, image.thumbnail_width, image.thumbnail_height) == (800, 600, 320, 240)


def test_images_follow_each_other_and_the_page_shows_them_in_order(owner, product):
    first = make_product_image(product, colour=(10, 10, 10))
    second = make_product_image(product, colour=(20, 20, 20), alt="Nhãn sau")

    html = client_for(owner).get(reverse("registry:product_detail", args=[product.pk])).content.decode()

    assert [first.position, second.position] == [0, 1]
    section = html[html.index('<section id="product-images"') :]
    assert section.index(first.thumbnail.url) < section.index(second.thumbnail.url)
    assert (
        f'<a href="{first.image.url}"><img src="{first.thumbnail.url}" width="320" height="240" '
        f'alt="Nước mắm Sa Huỳnh" loading="lazy" decoding="async"></a>'
    ) in section
    assert 'alt="Nhãn sau"' in section
    assert 'enctype="multipart/form-data"' in section
    assert 'accept="image/jpeg,image/png,image/webp"' in section
    assert 'name="csrfmiddlewaretoken"' in section


# --- What is refused, and that nothing is written then


def _refused(user: User, product: Product, data: bytes, media: Path, **extra: Any) -> list[str]:
    before = AuditEvent.objects.count()
    response = post_image(user, product, data, **extra)
    assert response.status_code == 200
    assert ProductImage.objects.count() == 0
    assert files_in(media) == []
    assert AuditEvent.objects.count() == before
    return image_errors(response)


def test_a_text_file_named_like_a_jpeg_is_refused(owner, product, media):
    errors = _refused(owner, product, "Không phải ảnh.\n".encode() * 100, media, name="anh.jpg")
    assert errors == [NOT_AN_IMAGE]


def test_a_gif_is_refused(owner, product, media):
    assert _refused(owner, product, picture(400, 400, "GIF"), media, name="anh.gif") == [NOT_AN_IMAGE]


def test_a_file_over_5_mb_is_refused_before_it_is_decoded(owner, product, media):
    # A JPEG with zeros after its end, just over 5 MB: a larger body is refused unread, by its
    # Content-Length (ocop/core/tests/test_body_limits.py).
    just_over = picture(800, 600) + bytes(5 * 1024 * 1024)
    assert _refused(owner, product, just_over, media) == [
        "Tệp ảnh nặng 5,0\xa0MB, quá giới hạn 5,0\xa0MB. Hãy giảm kích thước ảnh rồi tải lên lại."
    ]


def test_a_decompression_bomb_is_refused_from_its_header(owner, product, media):
    bomb = picture(10_000, 10_000, "PNG")  # 100 megapixels in about 300 kB
    assert len(bomb) < 500_000
    assert _refused(owner, product, bomb, media, name="anh.png") == [
        "Ảnh có 10.000 × 10.000 điểm ảnh, quá giới hạn 40 triệu điểm ảnh. "
        "Hãy giảm kích thước ảnh rồi tải lên lại."
    ]


def test_an_image_past_twice_pillows_own_limit_is_refused_too(owner, product, media):
    output = io.BytesIO()
    Image.new("1", (20_000, 20_000)).save(output, "PNG")  # 400 megapixels: Pillow will not even open it
    assert _refused(owner, product, output.getvalue(), media, name="anh.png") == [
        "Ảnh có quá nhiều điểm ảnh, quá giới hạn 40 triệu điểm ảnh. Hãy giảm kích thước ảnh rồi tải lên lại."
    ]


def test_a_truncated_jpeg_is_refused(owner, product, media):
    data = picture(1200, 900, quality=95)
    assert _refused(owner, product, data[: len(data) // 2], media) == [
        "Tệp ảnh bị hỏng hoặc không trọn vẹn (có thể do tải lên bị gián đoạn). Hãy tải lên lại."
    ]


def test_a_tiny_image_is_refused(owner, product, media):
    assert _refused(owner, product, picture(150, 600), media) == [
        "Ảnh quá nhỏ: 150 × 600 điểm ảnh; cạnh ngắn của ảnh cần ít nhất 200 điểm ảnh."
    ]


def test_a_request_without_a_file_is_refused(owner, product, media):
    response = client_for(owner).post(reverse("registry:product_image_add", args=[product.pk]), {"alt": "x"})
    assert response.status_code == 200
    assert image_errors(response) == ["Hãy chọn một tệp ảnh."]
    assert files_in(media) == []


def test_the_refusal_is_in_english_for_english_readers(owner, product):
    client = client_for(owner)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    url = reverse("registry:product_image_add", args=[product.pk])

    response = client.post(url, {"image": upload(picture(150, 600))})

    assert image_errors(response) == [
        "The image is too small: 150 × 600 pixels; its short side needs at least 200 pixels."
    ]
    assert "Product images" in response.content.decode()


def test_the_error_is_shown_next_to_the_form(owner, product):
    response = post_image(owner, product, b"GIF89a" + bytes(100), name="anh.gif")
    html = response.content.decode()
    form = html[html.index('<form class="record-form image-form"') :]
    form = form[: form.index("</form>")]
    assert NOT_AN_IMAGE in form


def test_the_same_picture_twice_is_refused(owner, product, media):
    data = picture(800, 600, colour=(1, 2, 3))
    assert post_image(owner, product, data).status_code == 302
    files = files_in(media)

    response = post_image(owner, product, data, name="ban-sao.jpg")

    assert image_errors(response) == ["Ảnh này đã có trong các ảnh của sản phẩm."]
    assert ProductImage.objects.count() == 1
    assert files_in(media) == files


def test_another_product_may_have_the_same_picture(owner, product):
    data = picture(800, 600, colour=(1, 2, 3))
    other = make_product(unit=commune(CAM_THANH), name="Nước mắm cốt")
    assert post_image(owner, product, data).status_code == 302
    assert post_image(owner, other, data).status_code == 302
    assert ProductImage.objects.count() == 2


def test_a_product_has_at_most_the_configured_number_of_images(owner, product, media, settings):
    settings.PRODUCT_IMAGES_PER_PRODUCT = 2
    make_product_image(product, colour=(1, 1, 1))
    make_product_image(product, colour=(2, 2, 2))
    files = files_in(media)

    page = client_for(owner).get(reverse("registry:product_detail", args=[product.pk])).content.decode()
    response = post_image(owner, product, picture(800, 600, colour=(3, 3, 3)))

    assert "Sản phẩm đã có đủ 2 ảnh: xóa bớt một ảnh để thêm ảnh mới." in page
    assert reverse("registry:product_image_add", args=[product.pk]) not in page
    assert image_errors(response) == ["Sản phẩm đã có đủ 2 ảnh. Hãy xóa bớt một ảnh trước khi thêm ảnh mới."]
    assert ProductImage.objects.count() == 2
    assert files_in(media) == files


def test_the_files_are_deleted_when_the_row_cannot_be_written(owner, product, media, monkeypatch):
    def fail(**kwargs: Any) -> None:
        raise RuntimeError("the database went away")

    monkeypatch.setattr(images, "audit_record", fail)
    with pytest.raises(RuntimeError):
        images.product_image_add(acting_user=owner, product=product, upload=upload(picture(800, 600)))

    assert ProductImage.objects.count() == 0
    assert files_in(media) == []


# --- Who may change them


@pytest.mark.parametrize(
    "who",
    [
        "outsider",  # a province officer of another province
        "council_member",  # reads Quảng Ngãi's products, changes none
        "commune_officer",  # Xã Mộ Đức: reads its own commune only
        "producer_member",  # a member of the product's producer: no officials' screens
        "buyer",
    ],
)
def test_people_who_may_not_change_the_product_get_404_and_nothing_is_written(
    who, owner, outsider, product, media
):
    users = {
        "outsider": outsider,
        "council_member": UserFactory(role=Role.COUNCIL_MEMBER),
        "commune_officer": UserFactory(role=Role.COMMUNE_OFFICER),
        "producer_member": UserFactory(role=Role.PRODUCER),
        "buyer": UserFactory(role=Role.BUYER),
    }
    product.producer.members.add(users["producer_member"])
    kept = make_product_image(product, colour=(5, 5, 5))
    other = make_product_image(product, colour=(6, 6, 6))
    files, events = files_in(media), AuditEvent.objects.count()
    client = client_for(users[who])

    responses = [
        post_image(users[who], product, picture(800, 600, colour=(7, 7, 7))),
        client.post(reverse("registry:product_image_move", args=[other.pk]), {"position": 0}),
        client.post(reverse("registry:product_image_remove", args=[kept.pk])),
    ]

    assert [response.status_code for response in responses] == [404, 404, 404]
    assert list(ProductImage.objects.order_by("position").values_list("pk", flat=True)) == [kept.pk, other.pk]
    assert files_in(media) == files
    assert AuditEvent.objects.count() == events


def test_anonymous_visitors_are_sent_to_sign_in(product, media):
    url = reverse("registry:product_image_add", args=[product.pk])
    response = Client().post(url, {"image": upload(picture(800, 600))})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    assert files_in(media) == []


def test_a_central_officer_adds_images_everywhere(product):
    central = UserFactory(role=Role.CENTRAL_OFFICER)
    assert post_image(central, product, picture(800, 600)).status_code == 302
    assert ProductImage.objects.get().uploaded_by == central


def test_changes_need_the_csrf_token(owner, product, media):
    client = Client(enforce_csrf_checks=True)
    client.force_login(owner)
    url = reverse("registry:product_image_add", args=[product.pk])
    assert client.post(url, {"image": upload(picture(800, 600))}).status_code == 403
    assert files_in(media) == []
    assert ProductImage.objects.count() == 0


def test_changes_are_posted(owner, product):
    image = make_product_image(product)
    client = client_for(owner)
    assert client.get(reverse("registry:product_image_add", args=[product.pk])).status_code == 405
    assert client.get(reverse("registry:product_image_move", args=[image.pk])).status_code == 405
    assert client.get(reverse("registry:product_image_remove", args=[image.pk])).status_code == 405
    assert ProductImage.objects.count() == 1


# --- Moving and removing, and the audit events


def test_adding_records_one_audit_event(owner, product):
    data = picture(800, 600, colour=(9, 9, 9))
    before = AuditEvent.objects.count()
    post_image(owner, product, data, alt="Chai 500 ml")

    image = ProductImage.objects.get()
    assert AuditEvent.objects.count() == before + 1
    event = AuditEvent.objects.latest("id")
    assert (event.action, event.actor, event.object_type, event.object_id, event.province_code) == (
        "product_image.add",
        owner,
        "registry.productimage",
        str(image.pk),
        51,
    )
    assert event.details == {
        "product": product.pk,
        "image": image.image.name,
        "position": 1,
        "alt": "Chai 500 ml",
        "sha256": hashlib.sha256(data).hexdigest(),
        "upload_size": len(data),
    }
    trail = (
        client_for(owner).get(reverse("registry:product_detail", args=[product.pk])).context["audit_trail"]
    )
    assert (trail[0].event, trail[0].label, trail[0].lines) == (
        event,
        "Thêm ảnh sản phẩm",
        [f"ảnh: {image.image.name}", "mô tả ảnh: Chai 500 ml", "thứ tự: 1"],
    )


def test_making_an_image_the_main_one(owner, product):
    first, second, third = (make_product_image(product, colour=(n, n, n)) for n in (1, 2, 3))

    response = client_for(owner).post(
        reverse("registry:product_image_move", args=[third.pk]), {"position": 0}
    )

    assert response.status_code == 302
    assert list(product.images.order_by("position").values_list("pk", "position")) == [
        (third.pk, 0),
        (first.pk, 1),
        (second.pk, 2),
    ]
    event = AuditEvent.objects.latest("id")
    assert (event.action, event.actor, event.object_id, event.details) == (
        "product_image.move",
        owner,
        str(third.pk),
        {"product": product.pk, "changes": {"position": [3, 1]}},
    )
    trail = (
        client_for(owner).get(reverse("registry:product_detail", args=[product.pk])).context["audit_trail"]
    )
    assert (trail[0].label, trail[0].lines) == ("Đổi thứ tự ảnh sản phẩm", ["thứ tự: 3 → 1"])


def test_moving_an_image_where_it_already_is_records_nothing(owner, product):
    image = make_product_image(product)
    before = AuditEvent.objects.count()
    client_for(owner).post(reverse("registry:product_image_move", args=[image.pk]), {"position": 0})
    assert AuditEvent.objects.count() == before


def test_a_move_without_a_position_is_a_bad_request(owner, product):
    image = make_product_image(product)
    response = client_for(owner).post(
        reverse("registry:product_image_move", args=[image.pk]), {"position": "x"}
    )
    assert response.status_code == 400


def test_removing_an_image_deletes_its_files_once_committed(
    owner, product, media, django_capture_on_commit_callbacks
):
    first, second, third = (make_product_image(product, colour=(n, n, n)) for n in (1, 2, 3))
    url = reverse("registry:product_image_remove", args=[first.pk])

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client_for(owner).post(url)
        assert (media / first.image.name).exists()  # not before the commit

    assert response.status_code == 302
    for callback in callbacks:
        callback()
    assert files_in(media) == stored_names(second, third)
    assert list(product.images.values_list("pk", "position")) == [(second.pk, 0), (third.pk, 1)]
    event = AuditEvent.objects.latest("id")
    assert (event.action, event.actor, event.object_id, event.details) == (
        "product_image.remove",
        owner,
        str(first.pk),
        {"product": product.pk, "image": first.image.name, "sha256": first.sha256},
    )


# --- htmx


def test_htmx_gets_the_images_section_after_an_upload(owner, product):
    response = post_image(owner, product, picture(800, 600), headers={"HX-Request": "true"})

    html = response.content.decode()
    image = ProductImage.objects.get()
    assert response.status_code == 200
    assert html.lstrip().startswith('<section id="product-images"')
    assert "<html" not in html
    assert image.thumbnail.url in html
    assert '<p class="message message-success" role="status">Đã thêm ảnh.</p>' in html
    assert "HX-Request" in response["Vary"]


def test_htmx_gets_the_section_with_the_error_after_a_refusal(owner, product):
    response = post_image(owner, product, b"not an image", headers={"HX-Request": "true"})

    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<section id="product-images"')
    assert NOT_AN_IMAGE in html


# --- Serving the files


def test_the_files_are_served_with_their_type_and_for_a_long_time(product, media):
    image = make_product_image(product)
    client = Client()

    response = client.get(image.thumbnail.url)

    assert image.thumbnail.url == f"/media/{image.thumbnail.name}"
    assert response.status_code == 200
    assert response["Content-Type"] == "image/webp"
    assert response["Cache-Control"] == "public, max-age=31536000, immutable"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response.getvalue() == (media / image.thumbnail.name).read_bytes()
    again = client.get(image.thumbnail.url, headers={"If-None-Match": response["ETag"]})
    assert again.status_code == 304
    since = client.get(image.thumbnail.url, headers={"If-Modified-Since": response["Last-Modified"]})
    assert since.status_code == 304


@pytest.mark.parametrize(
    "path",
    [
        "/media/products/1/../../secret.webp",
        "/media/products/../secret.webp",
        "/media/products/1/%2e%2e/%2e%2e/secret.webp",
        "/media/products/1/..%2f..%2fsecret.webp",
        "/media/secret.webp",
        "/media/imports/1/secret.webp",
        "/media/products/1/secret.txt",
        "/media/products/secret.webp",
        "/media/products/1/missing.webp",
    ],
)
def test_nothing_but_stored_product_images_is_served(path, media):
    (media / "secret.webp").write_bytes(b"secret")
    (media / "products" / "1").mkdir(parents=True)
    (media / "products" / "1" / "secret.txt").write_bytes(b"secret")
    (media / "imports" / "1").mkdir(parents=True)
    (media / "imports" / "1" / "secret.webp").write_bytes(b"secret")

    assert Client().get(path).status_code == 404


def test_serving_can_be_left_to_the_web_server(product, settings):
    image = make_product_image(product)
    settings.SERVE_MEDIA = False
    assert Client().get(image.image.url).status_code == 404


# --- The migration that added images kept the search index working


def test_the_search_index_still_follows_products_written_after_the_migration():
    product = make_product(unit=commune(CAM_THANH), name="Mắm tôm chua Sa Huỳnh")
    make_certificate(product)
    result = product_search(q="mam tom", filters=ProductFilters(), today=datetime.date(2026, 6, 1), limit=10)
    assert result.ids == [product.pk]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT tgname FROM pg_trigger WHERE tgrelid = 'registry_product'::regclass "
                "AND tgname LIKE 'registry_product_search%%' ORDER BY tgname"
            )
            assert [name for (name,) in cursor.fetchall()] == [
                "registry_product_search_product_insert",
                "registry_product_search_product_update",
            ]


class _SchemaEditor:
    """Just enough of a schema editor to run the migration's function inside the test's transaction."""

    connection = connection

    def execute(self, sql: str, params: Any = None) -> None:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)


@pytest.mark.skipif("connection.vendor != 'sqlite'")
def test_the_migration_reinstalls_search_triggers_a_table_rebuild_dropped():
    migration = import_module("ocop.registry.migrations.0007_product_images")
    search = import_module("ocop.registry.migrations.0006_search_name_padded")
    written_before = make_product(unit=commune(CAM_THANH), name="Bột bánh tráng")
    make_certificate(written_before)
    with connection.cursor() as cursor:
        # What a rebuild of registry_product leaves: the triggers on it are gone.
        for name in ("product_insert", "product_update", "product_delete"):
            cursor.execute(f"DROP TRIGGER registry_product_search_{name}")
    written_meanwhile = make_product(unit=commune(CAM_THANH), name="Bánh tráng Mỹ Lợi")
    make_certificate(written_meanwhile)

    migration.reinstall_search_triggers(None, _SchemaEditor())

    product = make_product(unit=commune(CAM_THANH), name="Bánh tráng nước dừa")
    make_certificate(product)
    result = product_search(
        q="banh trang", filters=ProductFilters(), today=datetime.date(2026, 6, 1), limit=10
    )
    # Names starting with the words first, the shorter first; then the words inside a name: the names
    # are indexed between spaces as 0006 has them, however their documents were made.
    assert result.ids == [written_meanwhile.pk, product.pk, written_before.pk]
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        assert set(search.SEARCH_TRIGGERS) <= {name for (name,) in cursor.fetchall()}
