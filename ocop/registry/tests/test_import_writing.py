"""The import's bulk writer: ids taken ahead of the insert, and the cycle collector's pause."""

import gc

import pytest
from django.db import transaction

from ocop.registry.importing import service
from ocop.registry.importing.writing import reserve_ids
from ocop.registry.models import Product
from ocop.registry.tests.factories import make_certificate, make_product
from ocop.registry.tests.files import tra_vinh_bytes

pytestmark = pytest.mark.django_db


def test_reserved_ids_follow_every_id_ever_given_even_a_deleted_one():
    make_product()
    deleted = make_product()
    deleted_pk = deleted.pk
    deleted.delete()  # AUTOINCREMENT (SQLite) and the sequence (PostgreSQL) never give its id again
    with transaction.atomic():
        reserved = reserve_ids(Product, 3)
    assert reserved == [deleted_pk + 1, deleted_pk + 2, deleted_pk + 3]


def test_new_products_are_written_once_pointing_at_their_newest_certificate():
    older = make_product()
    make_certificate(older)
    result = service.recognitions_import(acting_user=None, file_name="tv.csv", content=tra_vinh_bytes())
    assert result.ok, result.errors
    imported = Product.objects.exclude(pk=older.pk)
    assert imported.count() == 184
    assert min(imported.values_list("pk", flat=True)) > older.pk
    mismatched = [
        product.pk
        for product in imported.prefetch_related("certificates")
        if product.latest_certificate_id
        != max(product.certificates.all(), key=lambda c: (c.decision_date, c.pk)).pk
    ]
    assert mismatched == []
    # A product made afterwards gets an id after the reserved ones.
    highest = max(imported.values_list("pk", flat=True))
    assert make_product().pk == highest + 1


def test_imported_products_are_found_by_the_catalogue_search(client):
    result = service.recognitions_import(acting_user=None, file_name="tv.csv", content=tra_vinh_bytes())
    assert result.ok, result.errors
    found = client.get("/api/v1/products", {"q": "lap xuong tra cu 158"}).json()
    assert [item["code"] for item in found["items"]][:1] == ["84-29461-158-2019"]


@pytest.mark.parametrize("enabled", [True, False])
def test_the_import_leaves_the_cycle_collector_as_it_found_it(enabled, monkeypatch):
    seen = []
    original = service._import

    def spy(*args, **kwargs):
        seen.append(gc.isenabled())
        return original(*args, **kwargs)

    monkeypatch.setattr(service, "_import", spy)
    was = gc.isenabled()
    (gc.enable if enabled else gc.disable)()
    try:
        service.recognitions_import(acting_user=None, file_name="tv.csv", content=b"product_name\n")
        assert (seen, gc.isenabled()) == ([False], enabled)
    finally:
        (gc.enable if was else gc.disable)()
