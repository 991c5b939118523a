"""Who may see and change producers, products and certificates, on the rules of ``ocop.accounts.access``.

Seeing, on the current administrative units (since 1/7/2025):

- Central officers see every record.
- Province officers and council members see the records whose current province is theirs.
- Commune officers see the records whose current commune (``commune_code``) is their unit. A record kept
  in legacy units is seen through its mapped current commune, like everything else.
- Producers (chủ thể) see the producers they are members of (``Producer.members``) and those producers'
  products, read-only for now.
- Buyers, sales-point operators, anonymous and inactive users see nothing.

A producer is also seen by whoever sees one of its products, so the link from a product to its producer
never leads to a 404; its list of products still shows only the products in the viewer's scope.

Changing (editing a producer or a product, adding, moving or removing its images, adding or revoking a
certificate):

- Central officers change every record; province officers the records of their province.
- Commune officers and council members only read. Since 1/7/2025 (Decision 1489/QĐ-TTg, kept by
  Decision 26/2026/QĐ-TTg) the commune checks part of a dossier and forwards it, and the provincial council
  scores, but recognising 3★ and 4★, and so recording and revoking certificates, is the act of the
  province (5★: the Ministry); council members score in the evaluation app, not in the registry.

Import batches are seen by the officer who uploaded them and by central officers, and started only by
their uploader, since an import runs in its uploader's name and scope.

Out of scope is 404, for reading and for changing alike: ``access_*_by_id(..., for_change=True)`` answers
404 to someone who may read the record but not change it, so nobody learns more by trying.
"""

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from ocop.accounts.access import NOTHING, Actor, acting_user, can_act_in_province, scope_q
from ocop.accounts.models import Role
from ocop.geo.models import Level, Scheme
from ocop.registry.models import Certificate, ImportBatch, Producer, Product, ProductImage

# The roles that change registry records (in their province, or everywhere for central officers).
CHANGING_ROLES = frozenset({Role.CENTRAL_OFFICER, Role.PROVINCE_OFFICER})


def located_scope_q(user: Actor, *, prefix: str = "") -> Q:
    """The records located (``LocatedModel``) where ``user`` acts, as a filter.

    ``prefix`` reaches a located model through a relation, e.g. ``"product__"`` for certificates.
    ``accounts.access.scope_q`` compares a commune foreign key; registry records carry the integer code of
    their current commune instead (their recorded unit may be a legacy one), so commune officers are
    matched on that code here.
    """
    actor = acting_user(user)
    if actor is None:
        return NOTHING
    if actor.role == Role.COMMUNE_OFFICER:
        unit = actor.unit
        if unit is None or unit.scheme != Scheme.CURRENT or unit.level != Level.COMMUNE:
            return NOTHING
        return Q(**{f"{prefix}commune_code": unit.code})
    return scope_q(actor, province_field=f"{prefix}province_code", commune_field=None)


def products_in_scope(user: Actor) -> QuerySet[Product]:
    """The products ``user`` may see (see the module docstring)."""
    actor = acting_user(user)
    if actor is not None and actor.role == Role.PRODUCER:
        member_of = Producer.objects.filter(members=actor)
        return Product.objects.filter(producer__in=member_of)
    return Product.objects.filter(located_scope_q(user))


def producers_in_scope(user: Actor) -> QuerySet[Producer]:
    """The producers ``user`` may see: located in their scope, with a product in it, or their own."""
    actor = acting_user(user)
    if actor is None:
        return Producer.objects.none()
    if actor.role == Role.PRODUCER:
        return Producer.objects.filter(pk__in=Producer.objects.filter(members=actor).values("pk"))
    products_there = Product.objects.filter(located_scope_q(actor), producer=OuterRef("pk"))
    return Producer.objects.filter(located_scope_q(actor) | Q(Exists(products_there)))


def certificates_in_scope(user: Actor) -> QuerySet[Certificate]:
    """The certificates of the products ``user`` may see."""
    return Certificate.objects.filter(product__in=products_in_scope(user).values("pk"))


def can_change_in_province(user: Actor, province_code: int | None) -> bool:
    """Whether ``user`` may change registry records of the current province ``province_code``."""
    actor = acting_user(user)
    return actor is not None and actor.role in CHANGING_ROLES and can_act_in_province(actor, province_code)


def can_change_product(user: Actor, product: Product) -> bool:
    return can_change_in_province(user, product.province_code)


def can_change_producer(user: Actor, producer: Producer) -> bool:
    return can_change_in_province(user, producer.province_code)


def access_product_by_id(user: Actor, product_id: int, *, for_change: bool = False) -> Product:
    """The product ``product_id`` if ``user`` may see it (and change it, with ``for_change``), else 404."""
    products = products_in_scope(user).select_related(
        "producer", "product_set", "classification", "unit", "latest_certificate"
    )
    product = get_object_or_404(products, pk=product_id)
    if for_change and not can_change_product(user, product):
        raise Http404
    return product


def access_producer_by_id(user: Actor, producer_id: int, *, for_change: bool = False) -> Producer:
    """The producer ``producer_id`` if ``user`` may see it (and change it, with ``for_change``), else 404."""
    producer = get_object_or_404(producers_in_scope(user).select_related("unit"), pk=producer_id)
    if for_change and not can_change_producer(user, producer):
        raise Http404
    return producer


def access_certificate_by_id(user: Actor, certificate_id: int, *, for_change: bool = False) -> Certificate:
    """The certificate ``certificate_id`` if ``user`` may see its product (and change it), else 404."""
    certificates = certificates_in_scope(user).select_related("product", "rule_set")
    certificate = get_object_or_404(certificates, pk=certificate_id)
    if for_change and not can_change_product(user, certificate.product):
        raise Http404
    return certificate


def access_product_image_by_id(user: Actor, image_id: int, *, for_change: bool = False) -> ProductImage:
    """The image ``image_id`` if ``user`` may see its product (and change it, with ``for_change``)."""
    images = ProductImage.objects.filter(product__in=products_in_scope(user).values("pk"))
    image = get_object_or_404(images.select_related("product"), pk=image_id)
    if for_change and not can_change_product(user, image.product):
        raise Http404
    return image


def import_batches_in_scope(user: Actor) -> QuerySet[ImportBatch]:
    """The import batches ``user`` may look at (see the module docstring), newest first."""
    actor = acting_user(user)
    if actor is None or actor.role not in CHANGING_ROLES:
        return ImportBatch.objects.none()
    if actor.role == Role.CENTRAL_OFFICER:
        return ImportBatch.objects.all()
    return ImportBatch.objects.filter(acting_user=actor)
