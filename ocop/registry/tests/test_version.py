"""The registry's version moves with every change to producers, products and certificates, through the
services or written in bulk, so that what is built once per version (snapshot, statistics, rankings,
open-data files) is never stale; reading leaves it alone."""

import datetime

import pytest

from ocop.registry import services
from ocop.registry.tests.factories import make_certificate, make_producer, make_product
from ocop.registry.version import registry_version

pytestmark = pytest.mark.django_db


def test_each_change_moves_the_version_and_reading_does_not() -> None:
    product = make_product()
    certificate = make_certificate(product, decision_date=datetime.date(2024, 3, 1))
    seen = [registry_version()]
    assert registry_version() == seen[0]

    services.product_update(acting_user=None, product=product, description="Mật ong rừng U Minh")
    seen.append(registry_version())
    services.producer_update(acting_user=None, producer=product.producer, phone="0912345678")
    seen.append(registry_version())
    services.certificate_revoke(
        acting_user=None, certificate=certificate, revoked_on=datetime.date(2024, 9, 1), reason="Hậu kiểm"
    )
    seen.append(registry_version())
    make_producer(name="HTX viết thẳng vào bảng")  # a bulk writer without an audit event
    seen.append(registry_version())
    make_certificate(make_product(name="Trà viết thẳng"), decision_date=datetime.date(2024, 5, 1))
    seen.append(registry_version())

    assert len(set(seen)) == len(seen) == 6
