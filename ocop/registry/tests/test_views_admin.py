"""The registry in the Django admin: central staff only, and a save is a service call, audited."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from ocop.accounts.models import Role, User
from ocop.accounts.tests.factories import UserFactory
from ocop.core.models import AuditEvent
from ocop.registry.models import Certificate, Producer, Product
from ocop.registry.rules import product_sets_by_code
from ocop.registry.tests.factories import make_certificate, make_product

pytestmark = pytest.mark.django_db


@pytest.fixture
def product(db) -> Product:
    product = make_product(name="Nước mắm Sa Huỳnh", product_set="I.4.a")
    make_certificate(product, stars=4, decision_date=datetime.date(2025, 3, 1))
    return product


def _client(**fields: object) -> tuple[Client, User]:
    user = UserFactory(**fields)
    client = Client()
    client.force_login(user)
    return client, user


def _change_data(product: Product, **changes: object) -> dict[str, object]:
    certificate = product.certificates.get()
    data: dict[str, object] = {
        name: getattr(product, name)
        for name in ("code", "name", "description", "story", "packaging", "standards", "gtin")
    }
    data.update(
        {
            "product_set": product.product_set_id,
            "certificates-TOTAL_FORMS": 1,
            "certificates-INITIAL_FORMS": 1,
            "certificates-MIN_NUM_FORMS": 0,
            "certificates-MAX_NUM_FORMS": 1000,
            "certificates-0-id": certificate.pk,
            "certificates-0-product": product.pk,
        }
    )
    data.update(changes)
    return data


def test_central_staff_change_a_product_through_the_service(product):
    client, staff = _client(role=Role.CENTRAL_OFFICER, is_staff=True)
    url = reverse("admin:registry_product_change", args=[product.pk])
    assert client.get(url).status_code == 200
    drinks = product_sets_by_code()["II.2.b"]
    before = AuditEvent.objects.count()
    response = client.post(url, _change_data(product, name="Trà Sa Huỳnh", product_set=drinks.pk))
    assert response.status_code == 302, response.context["adminform"].form.errors
    product.refresh_from_db()
    assert (product.name, product.search_name, product.sector, product.product_set_id) == (
        "Trà Sa Huỳnh",
        "tra sa huynh",
        2,
        drinks.pk,
    )
    assert AuditEvent.objects.count() == before + 1
    event = AuditEvent.objects.latest("id")
    assert (event.action, event.actor, event.details["changes"]["name"]) == (
        "product.update",
        staff,
        ["Nước mắm Sa Huỳnh", "Trà Sa Huỳnh"],
    )


def test_the_admin_neither_adds_nor_deletes_registry_records(product):
    client, _ = _client(role=Role.CENTRAL_OFFICER, is_staff=True)
    assert client.get(reverse("admin:registry_product_add")).status_code == 403
    assert client.get(reverse("admin:registry_producer_add")).status_code == 403
    assert (
        client.post(reverse("admin:registry_product_delete", args=[product.pk]), {"post": "yes"}).status_code
        == 403
    )
    certificate = product.certificates.get()
    url = reverse("admin:registry_certificate_change", args=[certificate.pk])
    assert client.get(url).status_code == 200  # view only
    assert client.post(url, {"stars": 5}).status_code == 403
    assert Certificate.objects.get(pk=certificate.pk).stars == 4
    assert Product.objects.filter(pk=product.pk).exists()


@pytest.mark.parametrize(
    "fields",
    [
        {"role": Role.PROVINCE_OFFICER, "is_staff": True},  # staff, but not central
        {"role": Role.CENTRAL_OFFICER, "is_staff": False},  # central, but not staff
    ],
)
def test_others_cannot_use_the_registry_admin(product, fields):
    client, _ = _client(**fields)
    before = Product.objects.values().get(pk=product.pk), AuditEvent.objects.count()
    url = reverse("admin:registry_product_change", args=[product.pk])
    expected = 403 if fields["is_staff"] else 302  # the admin sends non-staff to its sign-in page
    assert client.get(url).status_code == expected
    assert client.post(url, _change_data(product, name="Đổi tên")).status_code == expected
    assert (Product.objects.values().get(pk=product.pk), AuditEvent.objects.count()) == before
    assert client.get(reverse("admin:registry_producer_changelist")).status_code == expected
    assert Producer.objects.count() == 1
