import datetime

import pytest
from django.utils import timezone

from ocop.accounts.tests.factories import MO_DUC
from ocop.registry.tests.factories import commune, make_certificate, make_producer, make_product
from ocop.trace import services


@pytest.fixture(autouse=True)
def _plain_static_storage(settings):
    # With DEBUG off the manifest storage fails on files that collectstatic has not seen.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.SITE_URL = "http://127.0.0.1:8000"
    settings.OCOP_DOMAIN = "127.0.0.1:8000"


@pytest.fixture
def product(db):
    """A 4★ product of Mộ Đức, Quảng Ngãi, recognised a year ago: valid today."""
    producer = make_producer(unit=commune(MO_DUC), name="Hợp tác xã Cà phê Mộ Đức")
    made = make_product(producer=producer, name="Cà phê rang xay Mộ Đức", product_set="I.6")
    made.code = "51-21400-901-2025"
    made.save(update_fields=["code"])
    make_certificate(made, stars=4, decision_date=timezone.localdate() - datetime.timedelta(days=365))
    made.refresh_from_db()
    return made


@pytest.fixture
def batch(product):
    return services.batch_create(
        acting_user=None, product=product, lot="L2026-01", produced_on=datetime.date(2026, 11, 30)
    )
