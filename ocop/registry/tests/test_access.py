"""The registry's scope rules, asked directly: who sees which producers, products and certificates."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from ocop.accounts.models import Role, User
from ocop.accounts.tests.factories import DAK_LAK, UserFactory, province
from ocop.accounts.tests.factories import commune as current_commune
from ocop.registry.access import (
    access_certificate_by_id,
    access_producer_by_id,
    access_product_by_id,
    can_change_in_province,
    certificates_in_scope,
    producers_in_scope,
    products_in_scope,
)
from ocop.registry.models import Product
from ocop.registry.tests.factories import commune, make_certificate, make_product

pytestmark = pytest.mark.django_db

MO_DUC, CAM_THANH, BUON_MA_THUOT, MANG_DEN = 21400, 21025, 24133, 23473


@pytest.fixture
def products(db) -> dict[str, Product]:
    """One product in Mộ Đức and one in Cẩm Thành (Quảng Ngãi, 51), one recorded in the legacy Thị trấn
    Măng Đen (Kon Tum, now Xã Măng Đen, Quảng Ngãi), one in Buôn Ma Thuột (Đắk Lắk, 66)."""
    made = {
        "mo_duc": make_product(unit=commune(MO_DUC), name="Nước mắm Mộ Đức"),
        "cam_thanh": make_product(unit=commune(CAM_THANH), name="Tỏi Cẩm Thành"),
        "mang_den": make_product(unit=commune(MANG_DEN, scheme="legacy"), name="Sâm Măng Đen"),
        "buon_ma_thuot": make_product(unit=commune(BUON_MA_THUOT), name="Cà phê Buôn Ma Thuột"),
    }
    for product in made.values():
        make_certificate(product, decision_date=datetime.date(2025, 3, 1))
    return made


def _names(queryset) -> list[str]:
    return sorted(queryset.values_list("name", flat=True))


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        (
            {"role": Role.CENTRAL_OFFICER},
            ["Cà phê Buôn Ma Thuột", "Nước mắm Mộ Đức", "Sâm Măng Đen", "Tỏi Cẩm Thành"],
        ),
        ({"role": Role.PROVINCE_OFFICER}, ["Nước mắm Mộ Đức", "Sâm Măng Đen", "Tỏi Cẩm Thành"]),
        ({"role": Role.COUNCIL_MEMBER}, ["Nước mắm Mộ Đức", "Sâm Măng Đen", "Tỏi Cẩm Thành"]),
        ({"role": Role.PROVINCE_OFFICER, "unit": DAK_LAK}, ["Cà phê Buôn Ma Thuột"]),
        ({"role": Role.COMMUNE_OFFICER}, ["Nước mắm Mộ Đức"]),
        ({"role": Role.COMMUNE_OFFICER, "unit": MANG_DEN}, ["Sâm Măng Đen"]),  # through the legacy mapping
        ({"role": Role.PRODUCER}, []),
        ({"role": Role.BUYER}, []),
        ({"role": Role.SALES_POINT_OPERATOR}, []),
        ({"role": Role.PROVINCE_OFFICER, "is_active": False}, []),
    ],
)
def test_who_sees_which_products(products, fields, expected):
    unit = fields.pop("unit", None)
    if unit == DAK_LAK:
        fields["unit"] = province(DAK_LAK)
    elif unit is not None:
        fields["unit"] = current_commune(unit)
    user = UserFactory(**fields)
    assert _names(products_in_scope(user)) == expected
    assert _names(Product.objects.filter(certificates__in=certificates_in_scope(user))) == expected


def test_anonymous_visitors_see_nothing(products):
    assert (products_in_scope(AnonymousUser()).count(), producers_in_scope(AnonymousUser()).count()) == (0, 0)


def test_a_producer_sees_the_producers_they_belong_to_and_their_products(products):
    member = UserFactory(role=Role.PRODUCER)
    products["cam_thanh"].producer.members.add(member)
    assert _names(products_in_scope(member)) == ["Tỏi Cẩm Thành"]
    assert list(producers_in_scope(member)) == [products["cam_thanh"].producer]
    with pytest.raises(Http404):
        access_product_by_id(member, products["cam_thanh"].pk, for_change=True)


def test_a_producer_elsewhere_is_seen_through_its_product_in_scope(products):
    # A Đắk Lắk cooperative with a product made in Mộ Đức (Quảng Ngãi).
    producer = products["buon_ma_thuot"].producer
    make_product(producer=producer, unit=commune(MO_DUC), name="Cà phê Mộ Đức")
    commune_officer = UserFactory(role=Role.COMMUNE_OFFICER)
    seen = producers_in_scope(commune_officer)
    assert sorted(p.name for p in seen) == sorted([products["mo_duc"].producer.name, producer.name])
    assert access_producer_by_id(commune_officer, producer.pk) == producer
    with pytest.raises(Http404):
        access_producer_by_id(UserFactory(role=Role.PROVINCE_OFFICER), producer.pk, for_change=True)


def test_a_producer_with_nothing_in_scope_is_404(products):
    officer = UserFactory(role=Role.PROVINCE_OFFICER)
    with pytest.raises(Http404):
        access_producer_by_id(officer, products["buon_ma_thuot"].producer.pk)


@pytest.mark.parametrize(
    ("role", "may_change"),
    [
        (Role.CENTRAL_OFFICER, {51: True, 66: True}),
        (Role.PROVINCE_OFFICER, {51: True, 66: False}),
        (Role.COUNCIL_MEMBER, {51: False, 66: False}),
        (Role.COMMUNE_OFFICER, {51: False, 66: False}),
        (Role.PRODUCER, {51: False, 66: False}),
        (Role.BUYER, {51: False, 66: False}),
    ],
)
def test_who_may_change_in_which_province(db, role, may_change):
    user = UserFactory(role=role)
    assert {code: can_change_in_province(user, code) for code in (51, 66)} == may_change


def _outcome(user: User, product: Product, *, for_change: bool) -> str:
    try:
        access_product_by_id(user, product.pk, for_change=for_change)
        access_certificate_by_id(user, product.certificates.get().pk, for_change=for_change)
    except Http404:
        return "404"
    return "ok"


@pytest.mark.parametrize(
    ("role", "reads", "changes"),
    [
        (Role.CENTRAL_OFFICER, "ok", "ok"),
        (Role.PROVINCE_OFFICER, "ok", "ok"),
        (Role.COUNCIL_MEMBER, "ok", "404"),
        (Role.COMMUNE_OFFICER, "ok", "404"),
        (Role.BUYER, "404", "404"),
    ],
)
def test_access_by_id_reads_and_changes(products, role, reads, changes):
    user = UserFactory(role=role)
    in_mo_duc = products["mo_duc"]
    assert (_outcome(user, in_mo_duc, for_change=False), _outcome(user, in_mo_duc, for_change=True)) == (
        reads,
        changes,
    )


def test_another_province_is_404_for_reading_and_changing(products):
    officer = UserFactory(role=Role.PROVINCE_OFFICER)  # Quảng Ngãi
    coffee = products["buon_ma_thuot"]
    assert _outcome(officer, coffee, for_change=False) == "404"
    assert _outcome(officer, coffee, for_change=True) == "404"
