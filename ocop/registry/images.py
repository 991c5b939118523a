"""Product images: check an upload, re-encode it for the web, and add, move or remove it, audited.

An upload is trusted for nothing: its name, extension and declared content type are ignored, and Pillow
decides from the bytes whether it is a JPEG, PNG or WebP image. It is refused, with a message saying
what is wrong, when it is too heavy (checked before anything is decoded), has too many pixels to decode
safely (a "decompression bomb": a few kilobytes of PNG can claim 10,000 × 10,000 pixels), is too small to
show, is damaged or cut short, is already one of the product's images, or would go past the product's
limit of images.

What is stored is never the upload itself: the pixels, turned upright as the camera's EXIF orientation
says, scaled to at most ``DISPLAY_EDGE`` pixels and ``THUMBNAIL_EDGE`` for the thumbnail, written as new
WebP files without any metadata. A phone photo's GPS position, taken where the producer lives, does not
leave with it.

Who may add, move or remove a product's images is who may change the product
(``ocop.registry.access.can_change_product``): each service checks ``acting_user`` itself and raises
``PermissionDenied`` before reading the upload or writing anything. ``None`` is the platform itself, as in
``ocop.registry.services``.
"""

import hashlib
import io
import logging
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from functools import partial
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageCms, ImageOps

from ocop.accounts.access import Actor
from ocop.accounts.models import User
from ocop.core.images import (
    DAMAGED,
    ImageRefusedError,
    NotAnImageError,
    open_within_limits,
)
from ocop.core.services import audit_record
from ocop.registry.access import can_change_product
from ocop.registry.models import Product, ProductImage

logger = logging.getLogger(__name__)

# The readers Pillow may try, by its names; the JPEG reader opens as MPO the JPEG many phones write, with
# a second, smaller picture inside.
ACCEPTED_FORMATS = ("JPEG", "PNG", "WEBP")
_OPENED_AS = frozenset({"JPEG", "MPO", "PNG", "WEBP"})
MIN_SHORT_SIDE = 200
DISPLAY_EDGE = 1600
THUMBNAIL_EDGE = 320
WEBP_QUALITY = 82
_SRGB = ImageCms.createProfile("sRGB")

TOO_HEAVY = _("Tệp ảnh nặng %(size)s, quá giới hạn %(limit)s. Hãy giảm kích thước ảnh rồi tải lên lại.")
NOT_AN_ACCEPTED_IMAGE = _("Tệp này không phải là ảnh JPEG, PNG hoặc WebP.")
TOO_SMALL = _(
    "Ảnh quá nhỏ: %(width)s × %(height)s điểm ảnh; cạnh ngắn của ảnh cần ít nhất %(minimum)s điểm ảnh."
)
ALREADY_THERE = _("Ảnh này đã có trong các ảnh của sản phẩm.")
TOO_MANY_IMAGES = _("Sản phẩm đã có đủ %(limit)s ảnh. Hãy xóa bớt một ảnh trước khi thêm ảnh mới.")


def _refuse(message: Any, code: str, **params: Any) -> ValidationError:
    # Keyed by the model's field, like full_clean()'s errors, so a form shows it next to its file input.
    return ValidationError({"image": ValidationError(message, code=code, params=params)})


@dataclass(frozen=True)
class Encoded:
    data: bytes
    width: int
    height: int


@dataclass(frozen=True)
class PreparedImage:
    """An upload that passed every check, re-encoded: what ``product_image_add`` stores."""

    sha256: str
    display: Encoded
    thumbnail: Encoded


def read_upload(upload: UploadedFile) -> bytes:
    """The upload's bytes, if it is not too heavy; its size is checked before anything is read."""
    _check_weight(upload.size or 0)
    upload.seek(0)
    return upload.read(settings.PRODUCT_IMAGE_MAX_BYTES + 1)


def _check_weight(size: int) -> None:
    limit = settings.PRODUCT_IMAGE_MAX_BYTES
    if size > limit:
        raise _refuse(TOO_HEAVY, "too_heavy", size=filesizeformat(size), limit=filesizeformat(limit))


def prepare_image(data: bytes) -> PreparedImage:
    """Decode ``data`` if it is an image we accept, and re-encode it; ``ValidationError`` says why not."""
    _check_weight(len(data))  # the upload may hold more than it said
    image = _decode(data)
    try:
        upright = _upright_srgb(image)
        display = upright.copy()
        display.thumbnail((DISPLAY_EDGE, DISPLAY_EDGE), Image.Resampling.LANCZOS)
        thumbnail = display.copy()
        thumbnail.thumbnail((THUMBNAIL_EDGE, THUMBNAIL_EDGE), Image.Resampling.LANCZOS)
        encoded_display, encoded_thumbnail = _encode(display), _encode(thumbnail)
    except Exception as error:  # malformed EXIF, for one, is only read here
        raise _refuse(DAMAGED, "damaged") from error
    return PreparedImage(
        sha256=hashlib.sha256(data).hexdigest(), display=encoded_display, thumbnail=encoded_thumbnail
    )


def _decode(data: bytes) -> Image.Image:
    try:
        image = open_within_limits(data, formats=ACCEPTED_FORMATS)
    except ImageRefusedError as refused:
        raise _refuse(refused.message, refused.code, **refused.params) from None
    except NotAnImageError as error:
        raise _refuse(NOT_AN_ACCEPTED_IMAGE, "not_an_image") from error
    if image.format not in _OPENED_AS:
        raise _refuse(NOT_AN_ACCEPTED_IMAGE, "not_an_image")
    width, height = image.size
    if min(width, height) < MIN_SHORT_SIDE:
        raise _refuse(
            TOO_SMALL,
            "too_small",
            width=number_format(width),
            height=number_format(height),
            minimum=MIN_SHORT_SIDE,
        )
    # A large JPEG is decoded at a half, quarter or eighth of its size when that still covers the display
    # size: less memory and time for the same result.
    image.draft("RGB", (DISPLAY_EDGE, DISPLAY_EDGE))
    try:
        image.load()
    except Exception as error:  # truncated data, a broken chunk, a decoder's complaint
        raise _refuse(DAMAGED, "damaged") from error
    return image


def _upright_srgb(image: Image.Image) -> Image.Image:
    """The pixels alone, turned as the EXIF orientation says, in sRGB, RGB or RGBA: no metadata left."""
    upright = ImageOps.exif_transpose(image)
    has_alpha = upright.mode in ("RGBA", "LA", "PA") or (
        upright.mode == "P" and "transparency" in upright.info
    )
    mode = "RGBA" if has_alpha else "RGB"
    profile = upright.info.get("icc_profile")
    if profile and upright.mode in ("RGB", "RGBA", "CMYK"):
        # Phones write Display P3 and cameras Adobe RGB: converted, colours look the same without it.
        try:
            converted = ImageCms.profileToProfile(upright, io.BytesIO(profile), _SRGB, outputMode=mode)
        except (ImageCms.PyCMSError, OSError, ValueError):
            converted = None  # an unreadable profile: the pixels as they are
        if converted is not None:
            upright = converted
    clean = upright.convert(mode)
    clean.info = {}  # EXIF (with its GPS position), XMP, ICC and comments stay behind
    return clean


def _encode(image: Image.Image) -> Encoded:
    output = io.BytesIO()
    image.save(output, "WEBP", quality=WEBP_QUALITY, method=4)
    return Encoded(data=output.getvalue(), width=image.width, height=image.height)


# --- Services


def _check_may_change(acting_user: Actor | None, product: Product) -> None:
    if acting_user is not None and not can_change_product(acting_user, product):
        raise PermissionDenied


def product_image_add(
    *, acting_user: Actor | None, product: Product, upload: UploadedFile, alt: str = ""
) -> ProductImage:
    """Check ``upload``, store it re-encoded as the product's last image, and audit it.

    The checks that need no decoding come first, then the decoding and encoding, outside the transaction:
    on SQLite a transaction holds the database's write lock, which must not wait on Pillow. The files
    are written before the row; if the row cannot be written, they are deleted again.
    """
    _check_may_change(acting_user, product)
    _check_room(product)
    data = read_upload(upload)
    sha256 = hashlib.sha256(data).hexdigest()
    if ProductImage.objects.filter(product=product, sha256=sha256).exists():
        raise _refuse(ALREADY_THERE, "duplicate")
    prepared = prepare_image(data)
    names = _store(product, prepared)
    try:
        with transaction.atomic():
            image = _insert(acting_user, product, prepared, names, alt=alt.strip(), upload_size=len(data))
    except BaseException:
        _delete_files(names)
        raise
    return image


def _check_room(product: Product) -> None:
    limit = settings.PRODUCT_IMAGES_PER_PRODUCT
    if ProductImage.objects.filter(product=product).count() >= limit:
        raise _refuse(TOO_MANY_IMAGES, "too_many_images", limit=limit)


def _store(product: Product, prepared: PreparedImage) -> tuple[str, str]:
    """Write the display file and the thumbnail under random names; returns the names as stored."""
    stem = f"products/{product.pk}/{uuid.uuid4().hex}"
    display = default_storage.save(f"{stem}.webp", ContentFile(prepared.display.data))
    try:
        thumbnail = default_storage.save(
            f"{stem}-{THUMBNAIL_EDGE}.webp", ContentFile(prepared.thumbnail.data)
        )
    except BaseException:
        _delete_files([display])
        raise
    return display, thumbnail


def _insert(
    acting_user: Actor | None,
    product: Product,
    prepared: PreparedImage,
    names: tuple[str, str],
    *,
    alt: str,
    upload_size: int,
) -> ProductImage:
    # The product's row is the lock that orders concurrent uploads: count and duplicate checked again.
    locked = Product.objects.select_for_update().get(pk=product.pk)
    _check_may_change(acting_user, locked)
    _check_room(locked)
    if ProductImage.objects.filter(product=locked, sha256=prepared.sha256).exists():
        raise _refuse(ALREADY_THERE, "duplicate")
    image = ProductImage(
        product=locked,
        image=names[0],
        width=prepared.display.width,
        height=prepared.display.height,
        thumbnail=names[1],
        thumbnail_width=prepared.thumbnail.width,
        thumbnail_height=prepared.thumbnail.height,
        byte_size=len(prepared.display.data),
        sha256=prepared.sha256,
        alt=alt,
        position=ProductImage.objects.filter(product=locked).count(),
        uploaded_by=acting_user if isinstance(acting_user, User) else None,
    )
    image.full_clean()
    image.save()
    audit_record(
        actor=acting_user,
        action="product_image.add",
        target=image,
        province_code=locked.province_code,
        details={
            "product": locked.pk,
            "image": image.image.name,
            "position": image.position + 1,
            "alt": alt,
            "sha256": prepared.sha256,
            "upload_size": upload_size,
        },
    )
    return image


@transaction.atomic
def product_image_remove(*, acting_user: Actor | None, image: ProductImage) -> None:
    """Delete an image; the ones after it move up. Its files go once the deletion is committed.

    ``ProductImage.DoesNotExist`` if someone removed it first.
    """
    product = Product.objects.select_for_update().get(pk=image.product_id)
    _check_may_change(acting_user, product)
    image = ProductImage.objects.get(pk=image.pk, product=product)
    names = [str(image.image.name), str(image.thumbnail.name)]
    audit_record(
        actor=acting_user,
        action="product_image.remove",
        target=image,
        province_code=product.province_code,
        details={"product": product.pk, "image": image.image.name, "sha256": image.sha256},
    )
    image.delete()
    _renumber(list(ProductImage.objects.filter(product=product).order_by("position", "id")))
    transaction.on_commit(partial(_delete_files, names))


@transaction.atomic
def product_image_move(*, acting_user: Actor | None, image: ProductImage, position: int) -> ProductImage:
    """Put ``image`` at ``position`` (0 is the main image), the others keeping their order around it.

    ``ProductImage.DoesNotExist`` if someone removed it first.
    """
    product = Product.objects.select_for_update().get(pk=image.product_id)
    _check_may_change(acting_user, product)
    images = list(ProductImage.objects.filter(product=product).order_by("position", "id"))
    moved = next((candidate for candidate in images if candidate.pk == image.pk), None)
    if moved is None:
        raise ProductImage.DoesNotExist(f"product image {image.pk} was removed")
    before = images.index(moved)
    after = max(0, min(position, len(images) - 1))
    if before != after:
        images.remove(moved)
        images.insert(after, moved)
        _renumber(images)
        audit_record(
            actor=acting_user,
            action="product_image.move",
            target=moved,
            province_code=product.province_code,
            details={"product": product.pk, "changes": {"position": [before + 1, after + 1]}},
        )
    return moved


def _renumber(images: Iterable[ProductImage]) -> None:
    """Positions 0, 1, 2… in the given order, writing only the rows whose position changes."""
    changed = []
    for position, image in enumerate(images):
        if image.position != position:
            image.position = position
            changed.append(image)
    ProductImage.objects.bulk_update(changed, ["position"])


def _delete_files(names: Iterable[str]) -> None:
    for name in names:
        try:
            default_storage.delete(name)
        except OSError:
            # A file left behind costs disk space, not correctness: the row that named it is gone.
            logger.warning("could not delete the product image file %s", name, exc_info=True)
