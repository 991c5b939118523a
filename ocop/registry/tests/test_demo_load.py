"""``load_demo``: the demo registry through the recognitions import, enriched, once."""

import io

import pytest
from django.core.management import CommandError, call_command

from ocop.core.models import AuditEvent
from ocop.registry.demo import generator, services
from ocop.registry.importing import recognitions_import
from ocop.registry.models import Certificate, ImportBatch, Producer, Product

pytestmark = pytest.mark.django_db


def counts() -> dict[str, int]:
    return {
        "producers": Producer.objects.count(),
        "products": Product.objects.count(),
        "certificates": Certificate.objects.count(),
        "import_batches": ImportBatch.objects.count(),
        "audit_events": AuditEvent.objects.count(),
    }


def load(**options) -> str:
    out = io.StringIO()
    call_command("load_demo", stdout=out, **options)
    return out.getvalue()


def test_every_generated_row_passes_the_importers_checks():
    national = generator.build(products=2_000, seed=2026)
    content = generator.to_csv(generator.contract_rows(national))

    result = recognitions_import(acting_user=None, file_name="demo.csv", content=content, dry_run=True)

    assert result.ok, [str(error) for error in result.errors[:5]]
    assert result.summary["products"]["created"] == 2_000
    assert result.summary["producers"]["created"] == len(national.producers)
    assert result.summary["certificates"]["created"] == len(national.certificates)


def test_load_demo_writes_the_generated_registry_through_the_import():
    registry = generator.build(products=150, seed=5)

    output = load(products=150, seed=5)

    assert "Demo registry loaded" in output
    assert Product.objects.count() == 150
    assert Producer.objects.count() == len(registry.producers)
    assert Certificate.objects.count() == len(registry.certificates)
    assert ImportBatch.objects.get().state == ImportBatch.State.DONE
    marker = AuditEvent.objects.get(action="demo.load")
    assert (marker.details["seed"], marker.details["products"]) == (5, 150)


def test_load_demo_fills_in_what_the_import_format_does_not_carry():
    registry = generator.build(products=150, seed=5)
    load(products=150, seed=5)

    for demo in registry.producers:
        producer = Producer.objects.get(name=demo.name)
        assert producer.address == demo.address
        assert producer.representative == demo.representative.name
        assert producer.women_led == demo.women_led
        assert producer.ethnic_minority_led == demo.ethnic_minority_led
        assert producer.management_certifications == demo.management_certifications
    for demo_product in registry.products:
        product = Product.objects.get(producer__name=demo_product.producer.name, name=demo_product.name)
        assert product.description == demo_product.description
        assert product.story == demo_product.story
        assert product.packaging == demo_product.packaging
        assert product.standards == demo_product.standards
    revoked = [c for c in registry.certificates if c.revoked_on]
    assert list(
        Certificate.objects.filter(revoked_on__isnull=False).values_list("revocation_reason", flat=True)
    ) == [c.revocation_reason for c in revoked]


def test_a_second_load_changes_nothing_and_says_so():
    load(products=150, seed=5)
    before = counts()
    updated = list(Product.objects.order_by("pk").values_list("updated_at", flat=True))

    output = load(products=150, seed=5)

    assert "already loaded" in output
    assert counts() == before
    assert list(Product.objects.order_by("pk").values_list("updated_at", flat=True)) == updated


def test_another_demo_set_is_refused_and_nothing_changes():
    load(products=150, seed=5)
    before = counts()

    with pytest.raises(CommandError, match="seed 5 with 150 products"):
        load(products=150, seed=6)

    assert counts() == before


def test_a_large_registry_goes_in_several_files_without_splitting_a_producer(monkeypatch):
    monkeypatch.setattr(services, "ROWS_PER_FILE", 60)
    registry = generator.build(products=150, seed=5)

    result = services.demo_load(acting_user=None, products=150, seed=5)

    assert result.files == ImportBatch.objects.count() > 2
    assert Product.objects.count() == 150
    assert Certificate.objects.count() == len(registry.certificates)
    assert result.imported["producers"]["created"] == len(registry.producers)


def test_loading_again_after_an_interrupted_load_completes_it():
    registry = generator.build(products=150, seed=5)
    services.demo_load(acting_user=None, products=150, seed=5)
    AuditEvent.objects.filter(action="demo.load").delete()  # as if the run had stopped before enriching
    Product.objects.update(story="")

    result = services.demo_load(acting_user=None, products=150, seed=5)

    assert not result.already_loaded
    assert result.imported["products"] == {"created": 0, "updated": 0, "unchanged": 150}
    assert result.enriched["products"] == 150
    assert Product.objects.filter(story="").count() == 0
    assert Producer.objects.count() == len(registry.producers)
