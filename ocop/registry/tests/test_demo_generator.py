"""The demo registry's rows: deterministic, national in shape, lawful in history, real-sounding in name."""

import collections
import datetime
import itertools

import pytest

from ocop.core.text import fold
from ocop.registry.demo import generator, names
from ocop.registry.demo.places import Places

CURRENT_PROVINCES = 34


@pytest.fixture(scope="module")
def places(django_db_setup, django_db_blocker) -> Places:
    with django_db_blocker.unblock():
        return Places()


@pytest.fixture(scope="module")
def national(places) -> generator.DemoRegistry:
    return generator.build(products=2_000, seed=2026, places=places)


def shares(counter: collections.Counter, total: int) -> dict:
    return {key: count / total for key, count in counter.items()}


def test_the_same_seed_gives_the_same_rows_and_another_seed_others(places):
    first = generator.contract_rows(generator.build(products=300, seed=11, places=places))
    again = generator.contract_rows(generator.build(products=300, seed=11, places=places))
    other = generator.contract_rows(generator.build(products=300, seed=12, places=places))

    assert generator.to_csv(first) == generator.to_csv(again)
    assert first != other


def test_the_registry_has_exactly_the_products_asked_for(national):
    assert len(national.products) == 2_000
    assert len({id(product) for product in national.products}) == 2_000


def test_ranks_follow_the_national_shares(national):
    ranks = shares(collections.Counter(product.rank for product in national.products), 2_000)

    assert ranks["3"] == pytest.approx(0.72, abs=0.03)
    assert ranks["4"] + ranks["5_potential"] == pytest.approx(0.27, abs=0.03)
    assert ranks["5_potential"] == pytest.approx(0.017, abs=0.01)
    assert ranks["5"] == pytest.approx(0.007, abs=0.006)


def test_producer_types_follow_the_national_shares(national):
    producers = national.producers
    types = shares(collections.Counter(producer.producer_type for producer in producers), len(producers))

    assert types["hop_tac_xa"] == pytest.approx(0.381, abs=0.03)
    assert types["doanh_nghiep"] == pytest.approx(0.242, abs=0.03)
    assert types["ho_kinh_doanh"] == pytest.approx(0.349, abs=0.03)
    assert types["to_hop_tac"] == pytest.approx(0.028, abs=0.015)
    # About 18,000 products from about 10,000 producers nationally.
    assert 1.6 < len(national.products) / len(producers) < 2.1


def test_sectors_lean_to_food_as_in_reality(national):
    sectors = shares(collections.Counter(product.kind.sector for product in national.products), 2_000)

    assert sectors[1] == pytest.approx(0.68, abs=0.04)
    assert sectors[2] == pytest.approx(0.08, abs=0.025)
    assert sectors[3] == pytest.approx(0.10, abs=0.03)
    assert sectors[4] == pytest.approx(0.08, abs=0.025)
    assert sectors[5] == pytest.approx(0.02, abs=0.012)
    assert sectors[6] == pytest.approx(0.04, abs=0.02)


def test_every_current_province_has_products(national):
    provinces = {product.producer.place.current_commune.province_code for product in national.products}

    assert len(provinces) == CURRENT_PROVINCES


def test_histories_hold_renewals_upgrades_expiries_and_revocations(national):
    products = national.products
    renewed = [p for p in products if any(a.rank == b.rank for a, b in itertools.pairwise(p.certificates))]
    upgraded = [p for p in products if any(a.stars < b.stars for a, b in itertools.pairwise(p.certificates))]
    latest = [product.certificates[-1] for product in products]
    expired = [c for c in latest if c.revoked_on is None and c.valid_until < generator.DATA_UNTIL]
    revoked = [c for c in latest if c.revoked_on is not None]

    assert len(renewed) > 300
    assert len(upgraded) > 100
    assert 0.02 < len(expired) / len(products) < 0.06  # "some hundreds" of 18,000
    assert 1 <= len(revoked) <= 20
    assert all(certificate.revocation_reason for certificate in revoked)
    first_years = {product.certificates[0].decision_date.year for product in products}
    assert first_years == {2019, 2020, 2021, 2022, 2023, 2024, 2025, 2026}


def test_certificates_follow_the_rules(national):
    for product in national.products:
        dates = [certificate.decision_date for certificate in product.certificates]
        assert dates == sorted(set(dates)), product.name
        for certificate in product.certificates:
            assert datetime.date(2019, 1, 1) <= certificate.decision_date <= generator.DATA_UNTIL
            if certificate.rank == "5":
                assert "/QĐ-BNN" in certificate.decision_no
                assert certificate.decision_date >= datetime.date(2020, 7, 1)
            else:
                assert certificate.decision_no.endswith("/QĐ-UBND")
            if certificate.score is not None:
                low, high = {"3": (50, 70), "4": (70, 90), "5_potential": (90, 100), "5": (90, 100)}[
                    certificate.rank
                ]
                assert low <= certificate.score < high
            if certificate.revoked_on is not None:
                assert certificate.revoked_on >= certificate.decision_date
                assert certificate is product.certificates[-1]


def test_decisions_before_the_reform_name_legacy_units_and_later_ones_current_units(national):
    rows = generator.contract_rows(national)
    schemes = collections.Counter(row["unit_scheme"] for row in rows)

    for row in rows:
        day = row["decision_date"]
        iso = day if "-" in day else "-".join(reversed(day.split("/")))
        assert (row["unit_scheme"] == "legacy") == (iso < "2025-07-01")
        assert (row["unit_scheme"] == "legacy") or (row["ward_code"] and not row["district_code"])
    assert schemes["legacy"] > schemes["2025"] > 0
    assert len(rows) == len(national.certificates)


def test_product_names_read_like_real_products_of_their_place(national):
    for product in national.products:
        words = fold(product.name)
        place = product.producer.place
        assert product.name == " ".join(product.name.split())
        assert words.split()[0] in names.PRODUCT_WORDS, product.name
        assert any(fold(where) in words for where in place.name_choices()), product.name
        assert product.description.startswith(product.name)
        assert product.story


def test_producer_names_say_what_the_producer_is(national):
    prefixes = {
        "doanh_nghiep": ("Công ty", "Doanh nghiệp tư nhân"),
        "hop_tac_xa": ("Hợp tác xã", "HTX"),
        "to_hop_tac": ("Tổ hợp tác", "THT"),
        "ho_kinh_doanh": ("Hộ kinh doanh", "Hộ sản xuất", "Cơ sở"),
    }
    folded = [fold(producer.name) for producer in national.producers]

    for producer in national.producers:
        assert producer.name.startswith(prefixes[producer.producer_type]), producer.name
        assert producer.representative.name
        names_of_products = [fold(product.name) for product in producer.products]
        assert len(set(names_of_products)) == len(names_of_products)
    assert len(set(folded)) == len(folded)


def test_codes_and_tax_codes_identify_one_product_and_one_producer(national):
    codes = [product.code for product in national.products if product.code]
    tax_codes = [producer.tax_code for producer in national.producers if producer.tax_code]

    assert len(set(codes)) == len(codes) > 1_500
    assert len(set(tax_codes)) == len(tax_codes)
    assert all(len(tax_code) == 10 and tax_code.isdigit() for tax_code in tax_codes)


def test_namespaces_keep_two_demo_sets_apart(places):
    first = generator.build(products=200, seed=3, places=places)
    second = generator.build(products=200, seed=3, places=places, namespace=9)

    first_codes = {product.code for product in first.products} - {""}
    second_codes = {product.code for product in second.products} - {""}
    assert not first_codes & second_codes
    assert not {p.tax_code for p in first.producers} & {p.tax_code for p in second.producers} - {""}
