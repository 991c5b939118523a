"""Every change to producers, products and certificates goes through here, audited in its transaction.

Each service checks that ``acting_user`` may make the change, by the rules of ``ocop.registry.access``
(``can_change_product``, ``can_change_producer``, ``can_change_in_province``), on the row as it locked it,
and raises ``PermissionDenied`` before anything is written otherwise, as ``ocop.accounts.services`` does.
``None`` is the platform itself (a data migration, a test's factory), which acts everywhere, as for
import batches (``ocop.registry.importing.transitions``).

The recognitions import writes in bulk for speed (``ocop.registry.importing``) but derives the same
fields with the same rules (``ocop.registry.rules``), checks its rows against the uploader's scope with
the same province rule, and records its own audit event.
"""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from ocop.accounts.access import Actor
from ocop.accounts.models import User
from ocop.core import private_files
from ocop.core.private_files import CheckedFile
from ocop.core.services import audit_record
from ocop.core.text import fold
from ocop.geo.mapping import Coordinates
from ocop.geo.models import AdministrativeUnit
from ocop.registry import rules
from ocop.registry.access import can_change_in_province, can_change_producer, can_change_product
from ocop.registry.certificates import numbering
from ocop.registry.models import (
    Certificate,
    Producer,
    Product,
    ProductSet,
    RevocationEvidence,
    RevocationGround,
)
from ocop.registry.standing import refresh_products

PRODUCER_EDITABLE_FIELDS = frozenset(
    {
        "name",
        "producer_type",
        "tax_code",
        "address",
        "representative",
        "phone",
        "email",
        "website",
        "women_led",
        "ethnic_minority_led",
        "management_certifications",
    }
)
PRODUCT_EDITABLE_FIELDS = frozenset(
    {
        "code",
        "name",
        "sector",
        "product_set",
        "description",
        "story",
        "packaging",
        "standards",
        "gtin",
    }
)


def location_fields(unit: AdministrativeUnit, coordinates: Coordinates) -> dict[str, Any]:
    return {
        "unit_scheme": unit.scheme,
        "unit": unit,
        "province_code": coordinates.province_code,
        "commune_code": coordinates.commune_code,
        "legacy_province_code": coordinates.legacy_province_code,
        "legacy_district_code": coordinates.legacy_district_code,
        "legacy_commune_code": coordinates.legacy_commune_code,
    }


def _changes(instance: Any, changes: dict[str, Any], allowed: frozenset[str]) -> dict[str, list[Any]]:
    unknown = set(changes) - allowed
    if unknown:
        raise ValueError(f"fields that cannot be changed here: {', '.join(sorted(unknown))}")
    diff = {}
    for name, value in changes.items():
        old = getattr(instance, name)
        if old != value:
            diff[name] = [_plain(old), _plain(value)]
            setattr(instance, name, value)
    return diff


def _plain(value: Any) -> Any:
    if hasattr(value, "pk"):
        return value.pk
    if isinstance(value, datetime.date | Decimal):
        return str(value)
    return value


@transaction.atomic
def producer_create(
    *, acting_user: Actor | None, unit: AdministrativeUnit, coordinates: Coordinates, **fields: Any
) -> Producer:
    if acting_user is not None and not can_change_in_province(acting_user, coordinates.province_code):
        raise PermissionDenied
    producer = Producer(**location_fields(unit, coordinates), **fields)
    producer.search_name = fold(producer.name)
    producer.full_clean()
    producer.save()
    audit_record(
        actor=acting_user, action="producer.create", target=producer, province_code=producer.province_code
    )
    return producer


@transaction.atomic
def producer_update(*, acting_user: Actor | None, producer: Producer, **changes: Any) -> Producer:
    return _update(acting_user, producer, changes, PRODUCER_EDITABLE_FIELDS, action="producer.update")


@transaction.atomic
def product_create(
    *,
    acting_user: Actor | None,
    producer: Producer,
    unit: AdministrativeUnit,
    coordinates: Coordinates,
    **fields: Any,
) -> Product:
    """A product of ``producer``; both must lie where ``acting_user`` changes records, as in an import."""
    if acting_user is not None and not (
        can_change_in_province(acting_user, coordinates.province_code)
        and can_change_producer(acting_user, producer)
    ):
        raise PermissionDenied
    product = Product(producer=producer, **location_fields(unit, coordinates), **fields)
    if product.classification_id is None:
        product.classification = rules.current_classification()
    product.search_name = fold(product.name)
    product.full_clean()
    product.save()
    audit_record(
        actor=acting_user, action="product.create", target=product, province_code=product.province_code
    )
    return product


@transaction.atomic
def product_update(*, acting_user: Actor | None, product: Product, **changes: Any) -> Product:
    return _update(acting_user, product, changes, PRODUCT_EDITABLE_FIELDS, action="product.update")


def _update[Record: (Producer, Product)](
    acting_user: Actor | None,
    record: Record,
    changes: dict[str, Any],
    allowed: frozenset[str],
    *,
    action: str,
) -> Record:
    """Apply ``changes`` to the locked row of ``record``; save and audit only what really changed."""
    record = type(record).objects.select_for_update().get(pk=record.pk)
    may_change = can_change_product if isinstance(record, Product) else can_change_producer
    if acting_user is not None and not may_change(acting_user, record):
        raise PermissionDenied
    diff = _changes(record, changes, allowed)
    if diff:
        record.search_name = fold(record.name)
        record.full_clean()
        record.save()
        audit_record(
            actor=acting_user,
            action=action,
            target=record,
            province_code=record.province_code,
            details={"changes": diff},
        )
    return record


def refresh_latest_certificate(product: Product) -> None:
    """Point ``product`` at the certificate it stands on today (``ocop.registry.standing``), in the database
    and on ``product``, which keeps that certificate loaded as before."""
    refresh_products([product.pk])
    fresh = Product.objects.select_related("latest_certificate").only("latest_certificate")
    product.latest_certificate = fresh.get(pk=product.pk).latest_certificate


@dataclass(frozen=True)
class NewProduct:
    """A product a decision recognises for the first time: ``certificate_add`` creates it, with the next
    product code of 26/2026 for its commune and the decision's year (``certificates.numbering``)."""

    producer: Producer
    unit: AdministrativeUnit
    coordinates: Coordinates
    name: str
    product_set: ProductSet
    fields: dict[str, Any] = field(default_factory=dict)  # any other field of PRODUCT_EDITABLE_FIELDS


@transaction.atomic
def certificate_add(
    *,
    acting_user: Actor | None,
    product: Product | NewProduct,
    stars: int,
    decision_no: str,
    decision_date: datetime.date,
    potential_five_star: bool = False,
    score: Decimal | None = None,
    valid_until: datetime.date | None = None,
    revoked_on: datetime.date | None = None,
    revocation_reason: str = "",
    signer_name: str = "",
    signer_title: str = "",
) -> Certificate:
    """Issue the certificate of a recognition decision (an officer recording one, a council's decision).

    The decision date picks the rule set (``rules.rule_set_on``), hence the issuing level and, when the
    decision names no end, the validity (36 months under 26/2026). The certificate takes the next number
    of its province and year (``certificates.numbering``); ``product`` may be a ``NewProduct``, created
    here with its code. The product moves onto the certificate if it stands on it today
    (``ocop.registry.standing``). Refused with ``PermissionDenied`` outside ``acting_user``'s province,
    and with ``ValidationError`` (by field) for a rank the rule set does not recognise, or when a person
    decides under a rule set that allows one certificate a product a day and the product has one on that
    date already; nothing is written then.
    """
    if isinstance(product, NewProduct):
        product = _recognised_product_create(acting_user, product, decision_date)
    locked = Product.objects.select_for_update().get(pk=product.pk)
    if acting_user is not None and not can_change_product(acting_user, locked):
        raise PermissionDenied
    rule_set = rules.rule_set_on(decision_date)
    if str(stars) not in rule_set.issuing_level_by_stars:
        ranks = ", ".join(sorted(rule_set.issuing_level_by_stars))
        message = _("Theo %(decision)s chỉ công nhận hạng %(ranks)s sao.")
        raise ValidationError({"stars": message % {"decision": rule_set.decision, "ranks": ranks}})
    # A person issuing a decision; the platform recording history (``None``: imports, migrations) keeps
    # what the registries of the time hold.
    one_a_day = acting_user is not None and rule_set.one_certificate_a_day
    if one_a_day and locked.certificates.filter(decision_date=decision_date).exists():
        raise ValidationError(
            {
                "decision_date": _(
                    "Sản phẩm đã có giấy chứng nhận ngày %(day)s; theo %(decision)s mỗi sản phẩm chỉ có một "
                    "giấy chứng nhận trong một ngày."
                )
                % {"day": f"{decision_date:%d/%m/%Y}", "decision": rule_set.decision}
            }
        )
    certificate = Certificate(
        number=numbering.next_certificate_number(
            province_code=locked.province_code, decision_date=decision_date
        ),
        product=product,
        stars=stars,
        potential_five_star=potential_five_star,
        score=score,
        decision_no=decision_no,
        decision_date=decision_date,
        valid_until=valid_until or rules.default_valid_until(decision_date, rule_set),
        revoked_on=revoked_on,
        revocation_reason=revocation_reason,
        issuing_level=rules.issuing_level(rule_set, stars),
        rule_set=rule_set,
        signer_name=signer_name,
        signer_title=signer_title,
    )
    certificate.full_clean()
    certificate.save()
    refresh_latest_certificate(product)
    audit_record(
        actor=acting_user,
        action="certificate.add",
        target=certificate,
        province_code=product.province_code,
        details={"stars": stars, "decision_no": decision_no, "decision_date": str(decision_date)},
    )
    return certificate


def _recognised_product_create(
    acting_user: Actor | None, new: NewProduct, decision_date: datetime.date
) -> Product:
    if new.coordinates.commune_code is None:
        raise ValidationError({"unit": _("Sản phẩm mới phải thuộc một xã, phường, đặc khu hiện hành.")})
    if acting_user is not None and not can_change_in_province(acting_user, new.coordinates.province_code):
        raise PermissionDenied  # before a product code is taken
    code = numbering.next_product_code(
        province_code=new.coordinates.province_code,
        commune_code=new.coordinates.commune_code,
        year=decision_date.year,
    )
    return product_create(
        acting_user=acting_user,
        producer=new.producer,
        unit=new.unit,
        coordinates=new.coordinates,
        code=code,
        name=new.name,
        product_set=new.product_set,
        sector=new.product_set.sector,
        **new.fields,
    )


@transaction.atomic
def certificate_revoke(
    *,
    acting_user: Actor | None,
    certificate: Certificate,
    revoked_on: datetime.date,
    reason: str = "",
    ground: str = "",
    decision_no: str = "",
    decision_date: datetime.date | None = None,
    evidence: Sequence[CheckedFile] = (),
) -> Certificate:
    """Revoke ``certificate`` from ``revoked_on``: on ``ground``, one of the six of 26/2026
    (``RevocationGround``), by the revocation decision ``decision_no`` of ``decision_date``; ``reason`` is
    the note; ``evidence``, the files it rests on (an inspection report, test results, the decision's scan),
    checked before by ``private_files.check_upload``: no transaction waits on reading them. The officer's
    form requires ground, decision and at least one file; history recorded before the grounds (the
    recognitions contract has no column for them) has only a reason, and no file.

    ``ValueError`` if it was revoked already; ``ValidationError`` (by field) for an unknown ground, dates
    before the certificate's decision or more than ``settings.REVOCATION_EVIDENCE_MAX_FILES`` files. The
    files are stored after every check, in this transaction: a refusal leaves no row (bytes written to the
    private storage before a rollback are found and reused by their hash).
    """
    certificate = Certificate.objects.select_for_update().select_related("product").get(pk=certificate.pk)
    if acting_user is not None and not can_change_product(acting_user, certificate.product):
        raise PermissionDenied
    if certificate.revoked_on is not None:
        raise ValueError("certificate already revoked")
    certificate.revoked_on = revoked_on
    certificate.revocation_ground = ground
    certificate.revocation_decision_no = decision_no.strip()
    certificate.revocation_decision_date = decision_date
    certificate.revocation_reason = reason
    if decision_date is not None and decision_date < certificate.decision_date:
        message = _("Ngày quyết định thu hồi không được trước ngày quyết định công nhận (%(day)s).")
        raise ValidationError(
            {"revocation_decision_date": message % {"day": f"{certificate.decision_date:%d/%m/%Y}"}}
        )
    # The same bytes chosen twice are one piece of evidence, under the name they were first chosen by.
    files: dict[str, CheckedFile] = {}
    for checked in evidence:
        files.setdefault(checked.sha256, checked)
    limit = settings.REVOCATION_EVIDENCE_MAX_FILES
    if len(files) > limit:
        message = _("Tối đa %(limit)s tệp minh chứng cho một lần thu hồi.")
        raise ValidationError({"evidence": message % {"limit": limit}})
    certificate.full_clean()
    certificate.save(update_fields=[*REVOCATION_FIELDS, "updated_at"])
    kept = RevocationEvidence.objects.bulk_create(
        RevocationEvidence(
            certificate=certificate,
            file=private_files.store(checked),
            name=checked.name,
            added_by=acting_user if isinstance(acting_user, User) else None,
        )
        for checked in files.values()
    )
    audit_record(
        actor=acting_user,
        action="certificate.revoke",
        target=certificate,
        province_code=certificate.product.province_code,
        details=_revocation_details(certificate, kept),
    )
    return certificate


def _revocation_details(certificate: Certificate, evidence: list[RevocationEvidence]) -> dict[str, Any]:
    """What the audit log keeps of a revocation: ground, decision and files only when recorded."""
    details: dict[str, Any] = {
        "revoked_on": str(certificate.revoked_on),
        "reason": certificate.revocation_reason,
    }
    if certificate.revocation_ground:
        details["ground"] = certificate.revocation_ground
        details["ground_label"] = _ground_label(certificate.revocation_ground)
    if certificate.revocation_decision_no:
        details["decision_no"] = certificate.revocation_decision_no
    if certificate.revocation_decision_date is not None:
        details["decision_date"] = str(certificate.revocation_decision_date)
    if evidence:
        details["evidence"] = [{"name": item.name, "sha256": item.file.sha256} for item in evidence]
    return details


def _ground_label(ground: str) -> str:
    """The ground in the words of the decision (Vietnamese, whoever revokes), as the audit log keeps it."""
    if not ground:
        return ""
    with translation.override("vi"):
        return str(RevocationGround(ground).label)


REVOCATION_FIELDS = (
    "revoked_on",
    "revocation_ground",
    "revocation_decision_no",
    "revocation_decision_date",
    "revocation_reason",
)
