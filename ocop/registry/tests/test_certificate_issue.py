"""The one issue service, ``services.certificate_add``: number, validity from the rule set, a new product
with its code of 26/2026, the standing certificate, audit events; refusals that leave nothing behind."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from ocop.accounts.models import Role
from ocop.accounts.tests.factories import UserFactory
from ocop.accounts.tests.factories import province as province_unit
from ocop.core.models import AuditEvent
from ocop.registry import rules, services
from ocop.registry.models import Certificate, NumberSequence, Product, RuleSet
from ocop.registry.rules import product_sets_by_code
from ocop.registry.tests.factories import commune, make_certificate, make_producer, make_product, unit_index

DECIDED = datetime.date(2026, 8, 3)  # under Decision 26/2026/QĐ-TTg (in force from 21/7/2026)
MO_DUC = 21400


@pytest.fixture
def officer(db):
    return UserFactory(role=Role.PROVINCE_OFFICER)  # Quảng Ngãi


@pytest.fixture
def outsider(db):
    return UserFactory(role=Role.PROVINCE_OFFICER, unit=province_unit(66))  # Đắk Lắk


def everything() -> tuple:
    """What an issue writes: certificates, products, sequences and audit events."""
    return (
        list(Certificate.objects.values_list("pk", "number", "product_id")),
        list(Product.objects.values_list("pk", "code", "latest_certificate_id")),
        list(NumberSequence.objects.values_list("name", "last")),
        AuditEvent.objects.count(),
    )


def new_product(name: str = "Mật ong hoa cà phê Mộ Đức") -> services.NewProduct:
    unit = commune(MO_DUC)
    return services.NewProduct(
        producer=make_producer(unit=unit, name="Hợp tác xã Ong mật Mộ Đức"),
        unit=unit,
        coordinates=unit_index().coordinates(unit),
        name=name,
        product_set=product_sets_by_code()["I.2.b"],
    )


def test_a_decision_issues_a_numbered_certificate_valid_as_the_rule_set_says(officer):
    product = make_product(unit=commune(MO_DUC))
    events = AuditEvent.objects.count()

    certificate = services.certificate_add(
        acting_user=officer,
        product=product,
        stars=4,
        decision_no="215/QĐ-UBND",
        decision_date=DECIDED,
        signer_name="Trần Phước Hiền",
        signer_title="Phó Chủ tịch Ủy ban nhân dân tỉnh",
    )

    certificate.refresh_from_db()
    assert (certificate.number, certificate.rule_set.code, certificate.valid_until) == (
        "51-2026-000001",
        "qd-26-2026",
        datetime.date(2029, 8, 3),  # 36 months
    )
    assert (certificate.issuing_level, certificate.signer_name, certificate.signer_title) == (
        "province",
        "Trần Phước Hiền",
        "Phó Chủ tịch Ủy ban nhân dân tỉnh",
    )
    product.refresh_from_db()
    assert product.latest_certificate_id == certificate.pk
    event = AuditEvent.objects.latest("id")
    assert AuditEvent.objects.count() == events + 1
    assert (event.action, event.actor, event.object_id, event.details) == (
        "certificate.add",
        officer,
        str(certificate.pk),
        {"stars": 4, "decision_no": "215/QĐ-UBND", "decision_date": "2026-08-03"},
    )


def test_the_validity_is_read_from_the_rule_set_never_a_constant(officer):
    RuleSet.objects.filter(code="qd-26-2026").update(certificate_validity_months=24)
    rules.clear_caches()
    try:
        certificate = make_certificate(make_product(), stars=3, decision_date=DECIDED)
    finally:
        rules.clear_caches()
    assert certificate.valid_until == datetime.date(2028, 8, 3)


def test_a_decision_on_a_new_product_creates_it_with_its_code(officer):
    certificate = services.certificate_add(
        acting_user=officer,
        product=new_product(),
        stars=3,
        decision_no="216/QĐ-UBND",
        decision_date=DECIDED,
    )

    product = Product.objects.get(pk=certificate.product_id)
    assert (product.code, product.name, product.commune_code, product.latest_certificate_id) == (
        "51-21400-1-2026",
        "Mật ong hoa cà phê Mộ Đức",
        MO_DUC,
        certificate.pk,
    )
    assert certificate.number == "51-2026-000001"
    actions = list(AuditEvent.objects.order_by("-id").values_list("action", "actor")[:2])
    assert actions == [("certificate.add", officer.pk), ("product.create", officer.pk)]
    second = services.certificate_add(
        acting_user=officer,
        product=new_product("Mật ong rừng Mộ Đức"),
        stars=3,
        decision_no="217/QĐ-UBND",
        decision_date=DECIDED,
    )
    assert (second.product.code, second.number) == ("51-21400-2-2026", "51-2026-000002")


@pytest.mark.parametrize("kind", ["existing", "new"])
def test_an_officer_of_another_province_is_refused_and_nothing_is_written(outsider, kind):
    product = make_product(unit=commune(MO_DUC)) if kind == "existing" else new_product()
    before = everything()

    with pytest.raises(PermissionDenied):
        services.certificate_add(
            acting_user=outsider, product=product, stars=3, decision_no="1/QĐ-UBND", decision_date=DECIDED
        )

    assert everything() == before


def test_a_second_certificate_on_one_day_is_refused_where_the_rule_set_says_one_a_day(officer):
    product = make_product()
    make_certificate(product, stars=3, decision_date=DECIDED, decision_no="300/QĐ-UBND")
    before = everything()

    with pytest.raises(ValidationError) as refused:
        services.certificate_add(
            acting_user=officer, product=product, stars=4, decision_no="301/QĐ-UBND", decision_date=DECIDED
        )

    assert refused.value.message_dict == {
        "decision_date": [
            "Sản phẩm đã có giấy chứng nhận ngày 03/08/2026; theo 26/2026/QĐ-TTg mỗi sản phẩm chỉ có một "
            "giấy chứng nhận trong một ngày."
        ]
    }
    assert everything() == before


def test_history_of_earlier_rule_sets_keeps_two_certificates_on_one_day(officer):
    product = make_product()
    day = datetime.date(2024, 1, 10)  # 148/QĐ-TTg
    make_certificate(product, stars=3, decision_date=day)
    upgrade = make_certificate(product, stars=4, decision_date=day)

    product.refresh_from_db()
    assert product.latest_certificate_id == upgrade.pk


def test_a_refused_certificate_leaves_no_new_product_and_no_number_taken(officer):
    before = everything()

    with pytest.raises(ValidationError) as refused:
        services.certificate_add(
            acting_user=officer, product=new_product(), stars=6, decision_no="9/QĐ", decision_date=DECIDED
        )

    assert refused.value.message_dict == {"stars": ["Theo 26/2026/QĐ-TTg chỉ công nhận hạng 3, 4, 5 sao."]}

    after = everything()
    # The producer was made by the test; nothing of the issue remains.
    assert (after[0], after[1], after[2]) == (before[0], before[1], before[2])
