"""A product's GTIN and its producer's certifications on the public pages, in words."""

import datetime

import pytest
from django.utils import translation

from ocop.registry.selectors import public_slug
from ocop.registry.tests.factories import make_certificate, make_producer, make_product

pytestmark = pytest.mark.django_db


@pytest.fixture
def tea():
    producer = make_producer(
        name="Hợp tác xã Chè Minh Long", management_certifications=["haccp", "organic", "vietgap"]
    )
    product = make_product(producer=producer, name="Chè xanh Minh Long", gtin="08938505974194")
    make_certificate(product, stars=4, decision_date=datetime.date(2025, 3, 1))
    return product


def test_the_product_page_shows_the_gtin_and_the_producers_certifications_in_words(client, tea):
    with translation.override("vi"):
        html = client.get(f"/san-pham/{tea.pk}/{public_slug(tea.name)}/").content.decode()
    assert "<dt>Mã GTIN</dt><dd>08938505974194</dd>" in html
    assert "<dt>Hệ thống quản lý chất lượng của chủ thể</dt><dd>VietGAP, Hữu cơ (Organic), HACCP</dd>" in html


def test_the_producer_page_shows_its_certifications_in_words(client, tea):
    producer = tea.producer
    with translation.override("vi"):
        html = client.get(f"/chu-the/{producer.pk}/{public_slug(producer.name)}/").content.decode()
    assert "<dt>Hệ thống quản lý chất lượng</dt><dd>VietGAP, Hữu cơ (Organic), HACCP</dd>" in html


def test_a_producer_without_certifications_shows_no_empty_line(client, tea):
    type(tea.producer).objects.filter(pk=tea.producer_id).update(management_certifications=[])
    html = client.get(f"/chu-the/{tea.producer_id}/").content.decode()
    assert "Hệ thống quản lý chất lượng" not in html
