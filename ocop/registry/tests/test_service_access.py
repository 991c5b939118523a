"""The registry's and the images' services check who acts, themselves, whoever calls them.

The views answer 404 before a service is reached; these tests call the services directly, as a future
app, an API endpoint or a management command would. The cast: the product and its producer lie in
Phường Cẩm Thành, Quảng Ngãi (51). Only central officers and Quảng Ngãi's province officers change them;
everyone else gets ``PermissionDenied`` and nothing changes: no row, no audit event, no file.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from ocop.accounts.access import Actor
from ocop.accounts.models import Role
from ocop.accounts.tests.factories import BUON_MA_THUOT, DAK_LAK, UserFactory, province
from ocop.core.models import AuditEvent
from ocop.registry import images, services
from ocop.registry.models import Certificate, Producer, ProducerType, Product, ProductImage
from ocop.registry.rules import product_sets_by_code
from ocop.registry.tests.factories import (
    commune,
    make_certificate,
    make_producer,
    make_product,
    make_product_image,
    picture,
    unit_index,
    upload,
)

pytestmark = pytest.mark.django_db

CAM_THANH = 21025  # Phường Cẩm Thành, Quảng Ngãi (51)


@pytest.fixture(autouse=True)
def media(settings, tmp_path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@dataclass
class World:
    producer: Producer
    product: Product
    certificate: Certificate
    first_image: ProductImage
    second_image: ProductImage


@pytest.fixture
def world(db) -> World:
    producer = make_producer(unit=commune(CAM_THANH), name="Hợp tác xã Nước mắm Sa Huỳnh")
    product = make_product(producer=producer, name="Nước mắm Sa Huỳnh", product_set="I.4.a")
    certificate = make_certificate(product, stars=4, decision_no="12/QĐ-UBND")
    first = make_product_image(product, colour=(200, 30, 30), size=(240, 240))
    second = make_product_image(product, colour=(30, 30, 200), size=(240, 240))
    return World(producer, product, certificate, first, second)


def _producer_member(world: World) -> Actor:
    member = UserFactory(role=Role.PRODUCER)
    world.producer.members.add(member)  # sees its own product, but producers change nothing yet
    return member


# Who may not change a record of Quảng Ngãi, each made for the world it acts in.
OUTSIDERS: dict[str, Callable[[World], Actor]] = {
    "commune officer of the product's province": lambda world: UserFactory(role=Role.COMMUNE_OFFICER),
    "commune officer of its own commune": lambda world: UserFactory(
        role=Role.COMMUNE_OFFICER, unit=commune(CAM_THANH)
    ),
    "council member of the province": lambda world: UserFactory(role=Role.COUNCIL_MEMBER),
    "producer, member of the product's producer": _producer_member,
    "buyer": lambda world: UserFactory(role=Role.BUYER),
    "sales-point operator": lambda world: UserFactory(role=Role.SALES_POINT_OPERATOR),
    "province officer of Đắk Lắk": lambda world: UserFactory(
        role=Role.PROVINCE_OFFICER, unit=province(DAK_LAK)
    ),
    "deactivated province officer of Quảng Ngãi": lambda world: UserFactory(
        role=Role.PROVINCE_OFFICER, is_active=False
    ),
    "anonymous": lambda world: AnonymousUser(),
}
INSIDERS: dict[str, Callable[[World], Actor]] = {
    "province officer of Quảng Ngãi": lambda world: UserFactory(role=Role.PROVINCE_OFFICER),
    "central officer": lambda world: UserFactory(role=Role.CENTRAL_OFFICER),
}


def _coordinates(code: int) -> dict[str, Any]:
    unit = commune(code)
    return {"unit": unit, "coordinates": unit_index().coordinates(unit)}


# Each service, called as its callers do, with a change that would be visible in the rows.
SERVICES: dict[str, Callable[[Actor, World], object]] = {
    "producer_create": lambda actor, world: services.producer_create(
        acting_user=actor,
        name="Hợp tác xã Mới",
        producer_type=ProducerType.COOPERATIVE,
        **_coordinates(CAM_THANH),
    ),
    "producer_update": lambda actor, world: services.producer_update(
        acting_user=actor, producer=world.producer, name="Hợp tác xã Đổi tên"
    ),
    "product_create": lambda actor, world: services.product_create(
        acting_user=actor,
        producer=world.producer,
        name="Nước mắm nhĩ",
        sector=1,
        product_set=product_sets_by_code()["I.4.a"],
        **_coordinates(CAM_THANH),
    ),
    "product_update": lambda actor, world: services.product_update(
        acting_user=actor, product=world.product, name="Nước mắm cốt"
    ),
    "certificate_add": lambda actor, world: services.certificate_add(
        acting_user=actor,
        product=world.product,
        stars=5,
        decision_no="99/QĐ-BNN",
        decision_date=datetime.date(2025, 1, 10),
    ),
    "certificate_revoke": lambda actor, world: services.certificate_revoke(
        acting_user=actor,
        certificate=world.certificate,
        revoked_on=datetime.date(2025, 2, 1),
        reason="Hậu kiểm không đạt",
    ),
    "product_image_add": lambda actor, world: images.product_image_add(
        acting_user=actor, product=world.product, upload=upload(picture(240, 240, colour=(30, 200, 30)))
    ),
    "product_image_remove": lambda actor, world: images.product_image_remove(
        acting_user=actor, image=world.first_image
    ),
    "product_image_move": lambda actor, world: images.product_image_move(
        acting_user=actor, image=world.second_image, position=0
    ),
}


def snapshot(media: Path) -> dict[str, Any]:
    """Everything a registry service may write: rows, audit events, image files."""
    return {
        "producers": list(Producer.objects.order_by("pk").values()),
        "products": list(Product.objects.order_by("pk").values()),
        "certificates": list(Certificate.objects.order_by("pk").values()),
        "images": list(ProductImage.objects.order_by("pk").values()),
        "audit events": AuditEvent.objects.count(),
        "files": sorted(str(path.relative_to(media)) for path in media.rglob("*") if path.is_file()),
    }


@pytest.mark.parametrize("who", OUTSIDERS)
@pytest.mark.parametrize("service", SERVICES)
def test_an_actor_who_may_not_change_the_record_is_refused_and_nothing_changes(world, media, service, who):
    actor = OUTSIDERS[who](world)
    before = snapshot(media)
    with pytest.raises(PermissionDenied):
        SERVICES[service](actor, world)
    assert snapshot(media) == before


@pytest.mark.parametrize("who", INSIDERS)
@pytest.mark.parametrize("service", SERVICES)
def test_an_actor_who_may_change_the_record_changes_it_with_one_audit_event(world, media, service, who):
    actor = INSIDERS[who](world)
    before = snapshot(media)
    SERVICES[service](actor, world)
    after = snapshot(media)
    assert after["audit events"] == before["audit events"] + 1
    event = AuditEvent.objects.latest("id")
    assert (event.action, event.actor, event.province_code) == (
        ".".join(service.rsplit("_", 1)),  # product_image_add: "product_image.add"
        actor,
        51,
    )
    assert after != {**before, "audit events": after["audit events"]}  # a row or a file changed too


def test_a_product_of_a_producer_recorded_in_another_province_is_refused_to_a_province_officer(world, media):
    """As in an import: a province officer's product lies in their province, and so does its producer."""
    elsewhere = make_producer(unit=commune(BUON_MA_THUOT), name="Hợp tác xã Cà phê Buôn Ma Thuột")
    officer = UserFactory(role=Role.PROVINCE_OFFICER)
    before = snapshot(media)
    with pytest.raises(PermissionDenied):
        services.product_create(
            acting_user=officer,
            producer=elsewhere,
            name="Cà phê rang xay",
            sector=1,
            product_set=product_sets_by_code()["I.3.c"],
            **_coordinates(CAM_THANH),
        )
    assert snapshot(media) == before


def test_an_upload_refused_for_its_actor_is_not_even_read(world, media):
    """The check comes before the upload is opened: nobody out of scope makes the server decode a file."""
    outsider = UserFactory(role=Role.PROVINCE_OFFICER, unit=province(DAK_LAK))

    class Unreadable:
        size = 100

        def seek(self, offset: int) -> None:
            raise AssertionError("the upload was read")

        read = seek

    with pytest.raises(PermissionDenied):
        images.product_image_add(acting_user=outsider, product=world.product, upload=Unreadable())  # type: ignore[arg-type]


def test_the_platform_acts_everywhere(world, media):
    """``None`` is the platform (factories, data migrations), as for import batches: never refused."""
    services.product_update(acting_user=None, product=world.product, name="Nước mắm cốt")
    services.certificate_revoke(
        acting_user=None,
        certificate=world.certificate,
        revoked_on=datetime.date(2025, 2, 1),
        reason="Hậu kiểm",
    )
    world.product.refresh_from_db()
    world.certificate.refresh_from_db()
    assert (world.product.name, world.certificate.revoked_on) == ("Nước mắm cốt", datetime.date(2025, 2, 1))
    assert list(AuditEvent.objects.order_by("-id").values_list("action", "actor")[:2]) == [
        ("certificate.revoke", None),
        ("product.update", None),
    ]
