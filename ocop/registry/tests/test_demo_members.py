"""Demo producer accounts join their producer of the demo registry, whichever of the two loads first."""

from io import StringIO

import pytest
from django.core.management import call_command

from ocop.accounts.models import Role
from ocop.accounts.tests.factories import UserFactory
from ocop.core.models import AuditEvent
from ocop.registry.demo.members import demo_producer_members_link
from ocop.registry.models import Producer
from ocop.registry.tests.factories import commune, make_producer, make_product

pytestmark = pytest.mark.django_db

MO_DUC, CAM_THANH = 21400, 21025
DEMO_PRODUCER = "Công ty TNHH MTV Cà phê Mộ Đức"


def demo_producer(**fields):
    fields.setdefault("organisation_name", DEMO_PRODUCER)
    return UserFactory(email="chuthe.moduc@demo.ocop.vn", role=Role.PRODUCER, unit=commune(MO_DUC), **fields)


def members(producer: Producer) -> list[str]:
    return list(producer.members.values_list("email", flat=True))


def test_the_account_joins_the_producer_of_its_commune_named_as_its_organisation(db):
    largest = make_producer(unit=commune(MO_DUC), name="Hợp tác xã Tỏi Mộ Đức")
    make_product(producer=largest)
    make_product(producer=largest)
    named = make_producer(unit=commune(MO_DUC), name=DEMO_PRODUCER)
    user = demo_producer()

    linked = demo_producer_members_link()

    assert [(item.user, item.producer) for item in linked] == [(user, named)]
    assert members(named) == ["chuthe.moduc@demo.ocop.vn"]
    assert members(largest) == []
    event = AuditEvent.objects.get(action="producer.member_add")
    assert (event.object_id, event.details, event.province_code) == (
        str(named.pk),
        {"user": "chuthe.moduc@demo.ocop.vn"},
        51,
    )


def test_without_that_name_the_communes_largest_producer_is_chosen(db):
    small = make_producer(unit=commune(MO_DUC), name="Hộ kinh doanh Nhỏ")
    make_product(producer=small)
    largest = make_producer(unit=commune(MO_DUC), name="Hợp tác xã Lớn")
    make_product(producer=largest)
    make_product(producer=largest)
    make_producer(unit=commune(CAM_THANH), name=DEMO_PRODUCER)  # same name, another commune
    demo_producer()

    demo_producer_members_link()

    assert members(largest) == ["chuthe.moduc@demo.ocop.vn"]
    assert Producer.objects.filter(members__isnull=False).count() == 1


def test_a_second_run_changes_nothing_and_real_accounts_are_never_linked(db):
    producer = make_producer(unit=commune(MO_DUC), name=DEMO_PRODUCER)
    demo_producer()
    real = UserFactory(role=Role.PRODUCER, unit=commune(MO_DUC), organisation_name=DEMO_PRODUCER)
    demo_producer_members_link()
    events = AuditEvent.objects.count()

    again = demo_producer_members_link()

    assert again == []
    assert AuditEvent.objects.count() == events
    assert members(producer) == ["chuthe.moduc@demo.ocop.vn"]
    assert not real.producers.exists()


def test_an_account_whose_commune_has_no_producer_stays_unlinked(db):
    make_producer(unit=commune(CAM_THANH), name="Công ty Đặc sản Cẩm Thành")
    demo_producer()

    assert demo_producer_members_link() == []
    assert not AuditEvent.objects.filter(action="producer.member_add").exists()


def test_load_demo_links_the_accounts_loaded_before_it(db):
    producer = make_producer(unit=commune(MO_DUC), name=DEMO_PRODUCER)
    demo_producer()
    output = StringIO()

    call_command("load_demo", products=150, seed=5, stdout=output)

    assert "demo account chuthe.moduc@demo.ocop.vn joins Công ty TNHH MTV Cà phê Mộ Đức" in output.getvalue()
    assert members(producer) == ["chuthe.moduc@demo.ocop.vn"]
