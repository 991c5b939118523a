"""Sales points: creating and changing one, the products it carries, its checklist and its recognition.

Who may (``may_manage_point``, ``may_review_point``): a point's operators and the officers who change
registry records of its province (province officers there, central officers) manage it; only those
officers review it (recognise, return, withdraw). Every change is audited in its own transaction.
"""

import datetime
import uuid
from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ocop.accounts.access import Actor, acting_user
from ocop.accounts.models import Role, User
from ocop.core import private_files
from ocop.core.services import audit_record
from ocop.geo.models import AdministrativeUnit, Level, Scheme
from ocop.outlets.models import (
    TRANSITIONS,
    RecognitionStatus,
    SalesPoint,
    SalesPointEvidence,
    SalesPointPhoto,
    SalesPointProduct,
)
from ocop.registry.access import can_change_in_province
from ocop.registry.images import prepare_image, read_upload
from ocop.registry.models import Product

EDITABLE_FIELDS = (
    "name",
    "kind",
    "province_code",
    "commune_code",
    "address",
    "latitude",
    "longitude",
    "opening_hours",
    "phone",
)


def may_review_point(user: Actor, province_code: int) -> bool:
    """Province officers of the point's province and central officers (Decision 950/QĐ-BCT: the province
    recognises)."""
    return can_change_in_province(user, province_code)


def may_manage_point(user: Actor, point: SalesPoint) -> bool:
    actor = acting_user(user)
    if actor is None:
        return False
    if actor.role == Role.SALES_POINT_OPERATOR and point.pk is not None:
        return point.operators.filter(pk=actor.pk).exists()
    return may_review_point(actor, point.province_code)


def _check_place(point: SalesPoint) -> None:
    """The province and commune are current-scheme units, the commune inside the province."""
    province = AdministrativeUnit.objects.filter(
        scheme=Scheme.CURRENT, level=Level.PROVINCE, code=point.province_code
    ).first()
    if province is None:
        raise ValidationError(
            {"province_code": _("Không có tỉnh, thành phố nào mã %(code)s.") % {"code": point.province_code}}
        )
    if (
        point.commune_code is not None
        and not AdministrativeUnit.objects.filter(
            scheme=Scheme.CURRENT,
            level=Level.COMMUNE,
            code=point.commune_code,
            province_code=point.province_code,
        ).exists()
    ):
        raise ValidationError(
            {
                "commune_code": _("Không có xã, phường nào mã %(code)s trong %(province)s.")
                % {"code": point.commune_code, "province": province.name}
            }
        )


@transaction.atomic
def sales_point_create(
    *, acting_user: Actor | None, operators: Sequence[User] = (), **fields: Any
) -> SalesPoint:
    """A new point in draft. An operator who creates it operates it; an officer names its operators."""
    point = SalesPoint(**{name: value for name, value in fields.items() if name in EDITABLE_FIELDS})
    actor = _acting(acting_user)
    if actor is not None and actor.role == Role.SALES_POINT_OPERATOR:
        operators = [actor]
    elif actor is not None and not may_review_point(actor, point.province_code):
        raise PermissionDenied
    _check_operators(operators)
    point.full_clean()
    _check_place(point)
    point.save()
    point.operators.set(operators)
    audit_record(
        actor=actor,
        action="sales_point.create",
        target=point,
        province_code=point.province_code,
        details={"name": point.name, "kind": point.kind},
    )
    return point


@transaction.atomic
def sales_point_update(*, acting_user: Actor | None, point: SalesPoint, **fields: Any) -> SalesPoint:
    """Change the point's particulars; moving it to another province needs an officer of both."""
    actor = _acting(acting_user)
    if actor is not None and not may_manage_point(actor, point):
        raise PermissionDenied
    before = {name: getattr(point, name) for name in EDITABLE_FIELDS}
    for name, value in fields.items():
        if name in EDITABLE_FIELDS:
            setattr(point, name, value)
    if (
        actor is not None
        and point.province_code != before["province_code"]
        and not (
            may_review_point(actor, before["province_code"]) and may_review_point(actor, point.province_code)
        )
    ):
        raise ValidationError({"province_code": _("Chỉ cán bộ của cả hai tỉnh mới chuyển được điểm bán.")})
    point.full_clean()
    _check_place(point)
    point.save()
    changed = sorted(name for name in EDITABLE_FIELDS if getattr(point, name) != before[name])
    audit_record(
        actor=actor,
        action="sales_point.update",
        target=point,
        province_code=point.province_code,
        details={"changed": changed},
    )
    return point


@transaction.atomic
def carried_product_add(
    *, acting_user: Actor | None, point: SalesPoint, product: Product, since: datetime.date | None = None
) -> SalesPointProduct:
    actor = _acting(acting_user)
    if actor is not None and not may_manage_point(actor, point):
        raise PermissionDenied
    if point.carried.filter(product=product).exists():
        raise ValidationError(
            {"product": _("Điểm bán đã bày bán sản phẩm “%(name)s”.") % {"name": product.name}}
        )
    carried = SalesPointProduct(sales_point=point, product=product, since=since or timezone.localdate())
    carried.full_clean()
    carried.save()
    audit_record(
        actor=actor,
        action="sales_point.product_add",
        target=point,
        province_code=point.province_code,
        details={"product": product.pk, "product_name": product.name},
    )
    return carried


@transaction.atomic
def carried_product_remove(*, acting_user: Actor | None, carried: SalesPointProduct) -> None:
    point = carried.sales_point
    actor = _acting(acting_user)
    if actor is not None and not may_manage_point(actor, point):
        raise PermissionDenied
    product = carried.product
    carried.delete()
    audit_record(
        actor=actor,
        action="sales_point.product_remove",
        target=point,
        province_code=point.province_code,
        details={"product": product.pk, "product_name": product.name},
    )


@transaction.atomic
def photo_add(*, acting_user: Actor | None, point: SalesPoint, upload: UploadedFile) -> SalesPointPhoto:
    """A photo checked and re-encoded as product images are (``ocop.registry.images.prepare_image``): the
    bytes decide whether it is a JPEG, PNG or WebP image, and what is kept is a new WebP file of its pixels,
    upright and at most 1,600 pixels on a side, without the upload's metadata (a phone's GPS position among
    them)."""
    actor = _acting(acting_user)
    if actor is not None and not may_manage_point(actor, point):
        raise PermissionDenied
    try:
        prepared = prepare_image(read_upload(upload))
    except ValidationError as refused:
        # The registry keys its errors by the product image's field; here the form's field is "photo".
        raise ValidationError({"photo": refused.message_dict["image"]}) from None
    # A random name: the upload's own name says nothing.
    photo = SalesPointPhoto(sales_point=point)
    photo.image.save(f"{uuid.uuid4().hex}.webp", ContentFile(prepared.display.data), save=False)
    photo.save()
    audit_record(actor=actor, action="sales_point.photo_add", target=point, province_code=point.province_code)
    return photo


@transaction.atomic
def checklist_submit(
    *,
    acting_user: Actor | None,
    point: SalesPoint,
    location_met: bool,
    location_note: str,
    products_met: bool,
    products_note: str,
    facilities_met: bool,
    facilities_note: str,
    evidence: Iterable[UploadedFile] = (),
) -> SalesPoint:
    """The operator's declaration against the three groups of criteria, with evidence, sent to the
    province for recognition. Every group must be declared met: the province recognises no partial point."""
    actor = _acting(acting_user)
    if actor is not None and not may_manage_point(actor, point):
        raise PermissionDenied
    point = SalesPoint.objects.select_for_update().get(pk=point.pk)
    errors = {
        field: _("Điểm bán phải đạt tiêu chí này trước khi gửi đề nghị công nhận.")
        for field, met in (
            ("location_met", location_met),
            ("products_met", products_met),
            ("facilities_met", facilities_met),
        )
        if not met
    }
    if errors:
        raise ValidationError(errors)
    checked = [private_files.check_upload(upload) for upload in evidence]
    point.location_met, point.location_note = location_met, location_note.strip()
    point.products_met, point.products_note = products_met, products_note.strip()
    point.facilities_met, point.facilities_note = facilities_met, facilities_note.strip()
    point.save(
        update_fields=[
            *(
                f"{group}_{part}"
                for group in ("location", "products", "facilities")
                for part in ("met", "note")
            ),
            "updated_at",
        ]
    )
    for one in checked:
        SalesPointEvidence.objects.create(sales_point=point, file=private_files.store(one), name=one.name)
    return sales_point_transition(
        acting_user=acting_user,
        point=point,
        to=RecognitionStatus.SUBMITTED,
        details={"evidence": len(checked)},
    )


@transaction.atomic
def sales_point_transition(
    *, acting_user: Actor | None, point: SalesPoint, to: str, details: dict[str, Any] | None = None
) -> SalesPoint:
    """Apply one transition of ``models.TRANSITIONS``, if the actor may."""
    actor = _acting(acting_user)
    point = SalesPoint.objects.select_for_update().get(pk=point.pk)
    who = TRANSITIONS.get((point.status, to))
    if who is None:
        raise ValidationError(
            {
                "status": _("Không thể chuyển điểm bán từ “%(from)s” sang “%(to)s”.")
                % {"from": RecognitionStatus(point.status).label, "to": RecognitionStatus(to).label}
            }
        )
    if actor is not None and not (
        may_manage_point(actor, point) if who == "operator" else may_review_point(actor, point.province_code)
    ):
        raise PermissionDenied
    before = point.status
    point.status = to
    if to == RecognitionStatus.RECOGNISED:
        point.recognised_on = timezone.localdate()
    point.save(update_fields=["status", "recognised_on", "updated_at"])
    audit_record(
        actor=actor,
        action="sales_point.transition",
        target=point,
        province_code=point.province_code,
        details={"from": before, "to": to, **(details or {})},
    )
    return point


def _acting(user: Actor | None) -> User | None:
    """``None`` is the command line of the platform's operator (the demo loader); anyone else must be
    signed in and active."""
    if user is None:
        return None
    actor = acting_user(user)
    if actor is None:
        raise PermissionDenied
    return actor


def _check_operators(operators: Sequence[User]) -> None:
    if any(user.role != Role.SALES_POINT_OPERATOR for user in operators):
        raise ValidationError({"operators": _("Người vận hành phải là tài khoản điểm bán.")})
