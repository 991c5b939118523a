"""The search selector on whichever database the suite runs on: folding, stages, ranking, sync."""

import datetime
import re
from importlib import import_module
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ocop.geo.models import AdministrativeUnit
from ocop.registry import search_index
from ocop.registry.models import Product
from ocop.registry.search import (
    ProductFilters,
    facet_counts,
    match_query,
    product_search,
    query_words,
    respelled_query,
    tsvector_of,
    vocabulary,
)
from ocop.registry.services import certificate_revoke, producer_update, product_update
from ocop.registry.spellings import SPELLINGS
from ocop.registry.tests.factories import commune, make_certificate, make_producer, make_product
from ocop.registry.tokenizer import INDEX_TOKENIZER

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 6, 1)


def names(q: str, **filters: Any) -> list[str]:
    result = product_search(q=q, filters=ProductFilters(**filters), today=TODAY, limit=100)
    by_id = Product.objects.in_bulk(result.ids)
    return [by_id[pk].name for pk in result.ids]


def certified(
    name: str, *, stars: int = 3, decided: datetime.date = datetime.date(2025, 9, 1), **fields: Any
) -> Product:
    product = make_product(name=name, **fields)
    make_certificate(product, stars=stars, decision_date=decided)
    return product


def test_words_without_diacritics_find_names_with_them():
    certified("Cà phê bột Sông Trà", product_set="I.6")
    certified("Cà phê hạt Arabica", product_set="I.6")
    certified("Ca cao nguyên chất", product_set="I.6")  # same product set, whose name says "cà phê"
    certified("Chè Shan tuyết", product_set="I.5.a")
    certified("Cá kho làng Vũ Đại", product_set="I.3.d")
    make_product(name="Cà phê muối", product_set="I.6")  # never certified: not public

    assert sorted(names("ca phe")) == ["Cà phê bột Sông Trà", "Cà phê hạt Arabica"]
    assert sorted(names("CÀ PHÊ")) == ["Cà phê bột Sông Trà", "Cà phê hạt Arabica"]
    assert names("che shan") == ["Chè Shan tuyết"]


def test_d_with_stroke_folds_to_d_on_both_sides():
    certified("Đặc sản mạch nha Thi Phổ")
    certified("Đậu phộng rang muối")
    certified("Mật ong rừng")

    assert names("dac san") == ["Đặc sản mạch nha Thi Phổ"]
    assert names("đặc sản") == ["Đặc sản mạch nha Thi Phổ"]
    assert names("dau phong") == ["Đậu phộng rang muối"]


def test_the_last_word_may_be_unfinished_and_a_space_finishes_it():
    certified("Cà phê bột Sông Trà")
    certified("Cá phèn kho tộ")

    assert sorted(names("ca ph")) == ["Cà phê bột Sông Trà", "Cá phèn kho tộ"]
    assert names("ca phe") == ["Cà phê bột Sông Trà", "Cá phèn kho tộ"]  # whole words first
    assert names("ca phe ") == ["Cà phê bột Sông Trà"]
    assert product_search(q="c", today=TODAY).count == 2


def test_every_word_may_be_unfinished_when_nothing_matches_otherwise():
    certified("Cà phê bột Sông Trà")

    result = product_search(q="ca ph bo", today=TODAY)
    assert (result.count, result.approximate) == (1, False)


def test_producer_and_province_names_are_searched_but_product_sets_only_as_a_last_resort():
    lam_dong = AdministrativeUnit.objects.filter(scheme="current", level="commune", province_code=68).first()
    highland = make_producer(unit=lam_dong, name="Hợp tác xã Nông nghiệp Cầu Đất")
    certified("Chè Shan tuyết", producer=highland, product_set="I.5.a")
    certified("Xà phòng nghệ", product_set="III.2")  # set: Mỹ phẩm có thành phần từ dược liệu
    certified("Nước mắm Sa Huỳnh", product_set="I.4.a")  # Quảng Ngãi, the factories' default place

    assert names("cau dat") == ["Chè Shan tuyết"]
    assert names("lam dong") == ["Chè Shan tuyết"]
    assert sorted(names("quang ngai")) == ["Nước mắm Sa Huỳnh", "Xà phòng nghệ"]
    assert names("my pham") == ["Xà phòng nghệ"]


def test_a_legacy_province_name_finds_products_recorded_there():
    certified("Sâm Ngọc Linh", unit=commune(23335, scheme="legacy"))  # a commune of legacy Kon Tum (62)
    certified("Nước mắm Sa Huỳnh")

    assert names("kon tum") == ["Sâm Ngọc Linh"]
    assert names("sam ngoc linh quang ngai") == ["Sâm Ngọc Linh"]  # Kon Tum is in Quảng Ngãi now


def test_the_ocop_code_is_searched():
    certified("Nước mắm Sa Huỳnh", code="51-21025-0007-2025")
    certified("Nước mắm Nam Ô", code="48-20194-0002-2024")

    assert names("51-21025-0007-2025") == ["Nước mắm Sa Huỳnh"]


def test_a_query_is_cut_into_words_where_the_index_cuts_text():
    # The underscore and New Tai Lue's vowel signs are letters to Python, separators to unicode61.
    assert query_words('CA_PHÊ \u19b0bột NEAR(x) "y" đặc*') == ("ca", "phe", "bot", "near", "x", "y", "dac")
    assert query_words("\u19b0 _ \u1cf2 \u0300") == ()
    assert query_words("a b c d e f g h i j") == ("a", "b", "c", "d", "e", "f", "g", "h")


def test_an_underscore_or_punctuation_between_words_is_a_space():
    certified("Cà phê bột Sông Trà")
    certified("Nước_mắm Cửa Khe")
    certified("Chè Shan tuyết")

    assert names("ca_phe") == names("ca phe") == ["Cà phê bột Sông Trà"]
    assert names("cà\x00phê") == ["Cà phê bột Sông Trà"]  # NUL, which PostgreSQL refuses in a string
    assert names("ca:phe AND (bot)") == []  # "and" is a word like any other
    assert names("ca:phe (bot)") == ["Cà phê bột Sông Trà"]
    assert names("nuoc mam") == names("nuoc_mam") == ["Nước_mắm Cửa Khe"]
    assert names("'; drop table registry_product;--") == []
    with CaptureQueriesContext(connection) as queries:
        assert product_search(q="x" * 10_000, today=TODAY).count == 0
    # The word is sent a few times, never the ways to split it (100 MB for this one).
    assert sum(len(query["sql"]) for query in queries.captured_queries) < 100_000
    assert Product.objects.count() == 3


@pytest.mark.skipif("connection.vendor != 'sqlite'")
def test_queries_are_cut_with_the_options_the_index_was_made_with():
    with connection.cursor() as cursor:
        cursor.execute("SELECT sql FROM sqlite_master WHERE name = 'registry_product_search'")
        (statement,) = cursor.fetchone()
    options = re.search(r"tokenize\s*=\s*'([^']*)'", statement)
    assert options is not None, statement
    assert options.group(1) == INDEX_TOKENIZER


@pytest.mark.skipif("connection.vendor != 'sqlite'")
def test_each_word_of_a_query_is_one_word_of_the_index():
    """Every separator character inside a name: the index holds the name's words as the query cuts them
    (a word the index held otherwise would be a phrase, which it refuses)."""
    name = "Cà_phê\u19b0bột\u19b1\u19b2xay\u19c8\u19c9nhuyễn\u1cf2Khe\u1cf3Sanh ①"
    product = certified(name)
    words = query_words(name)

    assert words == ("ca", "phe", "bot", "xay", "nhuyen", "khe", "sanh", "①")
    with connection.cursor() as cursor:
        for word in words:
            cursor.execute(
                "SELECT rowid FROM registry_product_search WHERE registry_product_search MATCH %s",
                [f'name : "{word}"'],
            )
            assert cursor.fetchall() == [(product.pk,)], word


def test_typos_give_an_approximate_result():
    certified("Cà phê bột Sông Trà")
    certified("Chè Shan tuyết")

    for typo in ("ca phee", "ca phebot"):  # "caphe" is a spelling of its own (ocop.registry.spellings)
        result = product_search(q=typo, today=TODAY)
        assert (names(typo), result.approximate) == (["Cà phê bột Sông Trà"], True), typo
    assert product_search(q="xyzw", today=TODAY).count == 0


def test_other_spellings_of_a_word_are_searched_too_and_ranked_as_the_registry_writes_them():
    coffee = certified("Cà phê bột Sông Trà")
    named_cafe = certified("Cafe Mộc Sáng")  # still found by the spelling typed
    certified("Chè Shan tuyết")

    for query in ("cafe", "CAFE", "cafe "):
        result = product_search(q=query, today=TODAY)
        assert (result.ids, result.respelled, result.approximate) == ([coffee.pk, named_cafe.pk], True, False)
    glued = product_search(q="caphe", today=TODAY)  # found whole, no longer a near spelling
    assert (glued.ids, glued.respelled, glued.approximate) == ([coffee.pk], True, False)
    with_more_words = product_search(q="cafe bot song tra", today=TODAY)
    assert (with_more_words.ids, with_more_words.respelled) == ([coffee.pk], True)
    as_written = product_search(q="ca phe", today=TODAY)
    assert (as_written.ids, as_written.respelled) == ([coffee.pk], False)


def test_the_spellings_table_is_made_of_index_words():
    for typed, written in SPELLINGS.items():
        assert query_words(typed) == (typed,), typed  # one word, folded, as the index holds it
        assert query_words(written) != (typed,), typed
        assert not set(query_words(written)) & set(SPELLINGS), typed  # never respelled again
    assert respelled_query("Cafe sữa đá") == "cà phê sữa đá"
    assert respelled_query("bột KONTUM, hanoi_x") == "bột Kon Tum, hanoi_x"
    assert respelled_query("cà phê") == "cà phê"


@pytest.mark.skipif("connection.vendor != 'postgresql'")
def test_postgresql_also_forgives_a_wrong_first_letter_in_a_longer_word():
    certified("Ca cao nguyên chất")
    certified("Nước mắm Sa Huỳnh")

    result = product_search(q="hguyen chat", today=TODAY)
    assert (names("hguyen chat"), result.approximate) == (["Ca cao nguyên chất"], True)
    assert names("nuoc mma") == ["Nước mắm Sa Huỳnh"]


@pytest.mark.skipif("connection.vendor != 'sqlite'")
def test_sqlite_corrects_swapped_letters_but_not_the_first_letter():
    certified("Nước mắm Sa Huỳnh")

    assert names("nuoc mma") == ["Nước mắm Sa Huỳnh"]  # two letters swapped: one edit
    assert names("nuoc ram") == []  # a wrong first letter is not forgiven


def test_ranking_name_first_then_valid_before_expired_before_revoked():
    certified("Cà phê Cầu Đất", decided=datetime.date(2022, 1, 10))  # valid until 10/1/2025
    revoked = certified("Cà phê Khe Sanh", decided=datetime.date(2025, 1, 10))
    assert revoked.latest_certificate is not None
    certificate_revoke(
        acting_user=None,
        certificate=revoked.latest_certificate,
        revoked_on=datetime.date(2026, 3, 1),
        reason="Ngừng sản xuất",
    )
    certified("Cà phê Sông Trà", decided=datetime.date(2025, 1, 10))
    coffee_maker = make_producer(name="Công ty Cà phê Mê Trang")
    certified("Trà atiso", producer=coffee_maker)  # matches through its producer's name only
    certified("Bột cà phê hòa tan")

    assert names("ca phe") == [
        "Cà phê Sông Trà",  # the name starts with the words…
        "Cà phê Cầu Đất",  # …valid, then expired…
        "Cà phê Khe Sanh",  # …then revoked
        "Bột cà phê hòa tan",  # the words inside the name
        "Trà atiso",  # the words in the producer's name only
    ]


def test_names_holding_every_word_come_before_names_holding_some_before_names_holding_none():
    ha_noi = AdministrativeUnit.objects.filter(scheme="current", level="commune", province_code=1).first()
    soy_paste = certified("Tương bần", producer=make_producer(unit=ha_noi, name="Công ty Nước mắm Phú Quốc"))
    some = certified("Nước mắm nhĩ", producer=make_producer(name="Hợp tác xã Phú Quốc"))
    every = certified("Nước mắm cá cơm truyền thống Phú Quốc")
    expired = certified("Nước mắm Phú Quốc", decided=datetime.date(2022, 1, 10))
    phrase = certified("Nước mắm Phú Quốc 40 độ đạm")

    result = product_search(q="nuoc mam phu quoc", today=TODAY)
    assert result.ids == [phrase.pk, expired.pk, every.pk, some.pk, soy_paste.pk]
    # Unfinished words count as starts of words, as they match.
    assert product_search(q="nuoc mam phu q", today=TODAY).ids == result.ids
    assert product_search(q="quoc nuoc", today=TODAY).ids == [
        phrase.pk,
        every.pk,
        expired.pk,
        some.pk,
        soy_paste.pk,
    ]
    # A filter sorts the matches in SQL of its own (every match kept, then counted): the same order.
    assert (
        product_search(q="nuoc mam phu quoc", filters=ProductFilters(sector=1), today=TODAY).ids == result.ids
    )


def test_without_a_product_holding_every_word_those_holding_all_but_one_come_before_product_sets():
    ha_noi = AdministrativeUnit.objects.filter(scheme="current", level="commune", province_code=1).first()
    soy_maker = make_producer(unit=ha_noi, name="Tổ hợp tác sản xuất tương Kiều Phú")
    # Its product set, "Nước mắm, nước chấm, …", holds "nuoc mam": it matched every word only there.
    certified("Tương đậu Quốc Oai", producer=soy_maker, product_set="I.4.a")
    phu_yen = certified("Nước mắm Phú Yên", product_set="I.4.a")
    shrimp_paste = certified(
        "Mắm ruốc", producer=make_producer(name="Hợp tác xã Phú Quốc"), product_set="I.4.a"
    )
    certified("Nước mắm An Biên", product_set="I.4.a")  # two words of four

    result = product_search(q="nuoc mam phu quoc", today=TODAY)
    # The name holding three of the words first, then the one holding one (the others in its producer's).
    assert (result.ids, result.count, result.partial, result.approximate) == (
        [phu_yen.pk, shrimp_paste.pk],
        2,
        True,
        False,
    )
    # A word that begins no indexed word is a typo: the near spellings take it, not a query without it.
    typo = product_search(q="nuoc mam phu yenn", today=TODAY)
    assert (typo.ids, typo.partial, typo.approximate) == ([phu_yen.pk], False, True)
    # Two words are never cut to one: "my pham" still finds the cosmetics' product set, not a Phạm.
    certified("Mật ong", producer=make_producer(name="Hộ kinh doanh Phạm Văn Sơn"))
    soap = certified("Xà phòng nghệ", product_set="III.2")  # set: Mỹ phẩm có thành phần từ dược liệu
    cosmetics = product_search(q="my pham", today=TODAY)
    assert (cosmetics.ids, cosmetics.partial) == ([soap.pk], False)


def test_a_filter_leaving_no_product_of_all_the_words_but_one_goes_no_further():
    ha_noi = AdministrativeUnit.objects.filter(scheme="current", level="commune", province_code=1).first()
    soy = certified(
        "Tương đậu Quốc Oai",
        producer=make_producer(unit=ha_noi, name="Tổ hợp tác sản xuất tương Kiều Phú"),
        product_set="I.4.a",  # "Nước mắm, nước chấm, …": every word, in its set's name only
    )
    phu_yen = certified("Nước mắm Phú Yên", product_set="I.4.a")
    assert (soy.province_code, phu_yen.province_code != 1) == (1, True)

    # All the words but one match outside Hà Nội: among Hà Nội's products that is nothing, not the
    # soy paste found by its product set's name at the next stage.
    result = product_search(q="nuoc mam phu quoc", filters=ProductFilters(province=1), today=TODAY)

    assert (result.ids, result.count, result.partial) == ([], 0, True)
    page_two = product_search(q="nuoc mam phu quoc", today=TODAY, offset=20)
    assert (page_two.ids, page_two.count, page_two.partial) == ([], 1, True)


def test_a_query_with_diacritics_ranks_names_written_so_first():
    certified("Chả cá Lã Vọng")
    certified("Cà ri gà")

    assert names("ca") == ["Cà ri gà", "Chả cá Lã Vọng"]
    assert names("cá") == ["Chả cá Lã Vọng", "Cà ri gà"]


def test_filters_and_facet_counts_with_each_facet_leaving_out_its_own_filter():
    lam_dong = AdministrativeUnit.objects.filter(scheme="current", level="commune", province_code=68).first()
    first = certified("Cà phê A", stars=4, product_set="I.6", unit=lam_dong)
    certified("Cà phê B", stars=3, product_set="I.6", unit=lam_dong, decided=datetime.date(2020, 1, 1))
    certified("Cà phê C", stars=3, product_set="I.6")
    certified("Rượu D", stars=4, product_set="II.1.a")

    filters = ProductFilters(province=68)
    result = product_search(q="ca phe", filters=filters, today=TODAY, with_facets=True)
    assert result.count == 2
    counts = facet_counts(result.facet_groups, filters)
    assert counts["province"] == {68: 2, 51: 1}
    assert counts["rank"] == {"4": 1, "3": 1}
    assert counts["status"] == {"valid": 1, "expired": 1}
    assert counts["sector"] == {1: 2}
    assert counts["total"] == {None: 2}

    assert names("", sector=2) == ["Rượu D"]
    assert names("", rank="3", valid=True) == ["Cà phê C"]
    assert names("", valid=False) == ["Cà phê B"]
    assert names("", status="expired", province=68) == ["Cà phê B"]
    assert first.legacy_province_code == 60  # Bình Thuận, now part of Lâm Đồng
    assert names("ca phe", legacy_province=60) == ["Cà phê A", "Cà phê B"]


def test_pages_and_the_count_past_the_last_page():
    for letter in "ABCDE":
        certified(f"Cà phê {letter}")

    first = product_search(q="ca phe", today=TODAY, limit=2)
    third = product_search(q="ca phe", today=TODAY, offset=4, limit=2)
    beyond = product_search(q="ca phe", today=TODAY, offset=10, limit=2)
    assert (first.count, len(first.ids), len(third.ids), beyond.count, beyond.ids) == (5, 2, 1, 5, [])


# --- The index follows every write, whoever makes it.


def test_renaming_through_the_service_reindexes_the_product():
    product = certified("Cà phê bột")

    product_update(acting_user=None, product=product, name="Mắc ca sấy")

    assert names("ca phe") == []
    assert names("mac ca") == ["Mắc ca sấy"]


def test_renaming_the_producer_reindexes_its_products():
    producer = make_producer(name="Hợp tác xã Cầu Đất")
    certified("Chè Shan tuyết", producer=producer)

    producer_update(acting_user=None, producer=producer, name="Hợp tác xã Đồi Chè Xanh")

    assert names("cau dat") == []
    assert names("doi che xanh") == ["Chè Shan tuyết"]


def test_certificates_added_and_revoked_through_the_services_change_the_status_searched():
    product = certified("Cà phê bột", decided=datetime.date(2022, 1, 10))  # expired on 11/1/2025
    assert names("", status="expired") == ["Cà phê bột"]

    renewed = make_certificate(product, stars=4, decision_date=datetime.date(2025, 2, 1))
    assert (names("", status="valid"), names("", rank="4")) == (["Cà phê bột"], ["Cà phê bột"])

    certificate_revoke(
        acting_user=None, certificate=renewed, revoked_on=datetime.date(2026, 5, 1), reason="Hậu kiểm"
    )
    assert names("", status="revoked") == ["Cà phê bột"]
    assert names("", status="valid") == []


def test_bulk_writes_that_skip_the_services_are_indexed_too():
    template = certified("Nước mắm mẫu")
    certified("Cà phê cũ")
    fields = {
        name: getattr(template, name)
        for name in (
            "producer_id",
            "classification_id",
            "sector",
            "product_set_id",
            "unit_scheme",
            "unit_id",
            "province_code",
            "commune_code",
            "legacy_province_code",
            "legacy_district_code",
            "legacy_commune_code",
            "latest_certificate_id",
        )
    }
    Product.objects.bulk_create(
        [
            Product(name=f"Bánh tráng số {number}", search_name=f"banh trang so {number}", **fields)
            for number in (1, 2)
        ]
    )
    Product.objects.filter(name="Bánh tráng số 2").update(name="Bánh đa số 2", search_name="banh da so 2")
    Product.objects.filter(name="Cà phê cũ").delete()

    # The bulk products share the template's certificate: public, and found.
    assert names("banh") == ["Bánh đa số 2", "Bánh tráng số 1"]
    assert names("ca phe") == []


@pytest.mark.skipif("connection.vendor != 'sqlite'")
def test_sqlite_reads_the_matches_first_whatever_the_filters():
    """Left to choose, SQLite may walk the documents by a filter's index and run the full-text query
    once per document: 90 seconds at 100,000 products. The page and count queries must not let it."""
    certified("Cà phê bột", product_set="I.6")
    with CaptureQueriesContext(connection) as queries:
        product_search(q="ca phe", filters=ProductFilters(sector=1, province=51), today=TODAY, limit=1)
        # A page left empty by the filters: the stage's check follows it.
        product_search(q="ca phe", filters=ProductFilters(sector=2, province=51), today=TODAY, limit=1)
    searches = [query["sql"] for query in queries.captured_queries if " MATCH " in query["sql"]]
    assert len(searches) >= 3  # two pages, then the stage's check
    with connection.cursor() as cursor:
        for sql in searches:
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}")
            plan = [row[-1] for row in cursor.fetchall()]
            first_table = next(step for step in plan if step.startswith(("SCAN", "SEARCH")))
            assert first_table.startswith("SCAN registry_product_search VIRTUAL TABLE"), plan


@pytest.mark.skipif("connection.vendor != 'sqlite'")
def test_sqlite_index_matches_its_documents_and_every_trigger_is_in_place():
    product = certified("Cà phê bột")
    product_update(acting_user=None, product=product, name="Cà phê hạt")
    producer_update(acting_user=None, producer=product.producer, name="Hợp tác xã Mới")
    with connection.cursor() as cursor:
        # FTS5 compares its index with the content table and raises if they differ.
        cursor.execute(
            "INSERT INTO registry_product_search (registry_product_search, rank) "
            "VALUES ('integrity-check', 1)"
        )
    # Django rebuilds a SQLite table to alter it, which drops the table's triggers: the install() that
    # runs after every migrate (ocop.registry.search_index) puts them back.
    assert search_index.compare(connection) == ([], [])


class _SchemaEditor:
    """Just enough of a schema editor to run the migration's functions inside the test's transaction."""

    connection = connection

    def execute(self, sql: str, params: Any = None) -> None:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)


def test_the_migrations_reverse_and_backfill_existing_products():
    migrations = [
        import_module(f"ocop.registry.migrations.{name}")
        for name in (
            "0003_product_search",
            "0004_product_search_columns",
            "0005_product_search_words",
            "0006_search_name_padded",
        )
    ]
    certified("Cà phê bột Sông Trà")

    for migration in reversed(migrations):
        migration.backwards(None, _SchemaEditor())
    with connection.cursor() as cursor:
        assert "registry_product_search" not in connection.introspection.table_names(cursor)
    certified("Chè Shan tuyết")  # written while there is no index
    migrations[0].forwards(None, _SchemaEditor())
    certified("Mật ong rừng")  # written through 0003's triggers
    for migration in migrations[1:]:
        migration.forwards(None, _SchemaEditor())

    assert names("ca phe") == ["Cà phê bột Sông Trà"]
    assert names("che") == ["Chè Shan tuyết"]
    assert names("mat ong") == ["Mật ong rừng"]
    # Each name is kept between spaces (0006), whichever way its document was made.
    certified("Bột mật ong")
    assert names("mat ong") == ["Mật ong rừng", "Bột mật ong"]


def _plan_nodes(node: dict[str, Any]) -> list[dict[str, Any]]:
    return [node, *(child for plan in node.get("Plans", []) for child in _plan_nodes(plan))]


@pytest.mark.skipif("connection.vendor != 'postgresql'")
def test_postgresql_reads_no_row_whose_product_set_alone_holds_the_words():
    """GIN keeps words, not their weights: a query restricted by weights to name, code, producer and place
    read every product whose set name holds the words, to drop it ("gao": 13,800 rows read to keep 5,700
    at 100,000 products). The words of those places have an index of their own, which answers alone."""
    coffee = certified("Cà phê bột Sông Trà", product_set="I.6")
    certified("Ca cao nguyên chất", product_set="I.6")  # "cà phê" in its set's name only
    match = match_query("ca phe")
    assert match is not None
    assert match.stage == "words"

    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # through the index, as at 100,000 products
        cursor.execute(
            "EXPLAIN (ANALYZE, FORMAT JSON) SELECT product_id FROM registry_product_search "  # noqa: S608
            f"WHERE {tsvector_of(match)} @@ to_tsquery('pg_catalog.simple', %s)",
            [match.expression],
        )
        nodes = _plan_nodes(cursor.fetchone()[0][0]["Plan"])

    scans = [node for node in nodes if node["Node Type"] == "Bitmap Index Scan"]
    assert [node["Index Name"] for node in scans] == ["registry_product_search_restricted_document"]
    assert [node.get("Rows Removed by Index Recheck", 0) for node in nodes] == [0, 0]
    assert product_search(q="ca phe", today=TODAY).ids == [coffee.pk]


@pytest.mark.skipif("connection.vendor != 'postgresql'")
def test_postgresql_asks_the_index_at_stage_most_for_two_of_three_rare_words_not_the_common_starts():
    """Every alternative of all the words but one, asked of the index, collected the lists of every word
    starting with "du", "cong" and "dong" (thousands of names and producers) to find tens of products:
    the slowest searches of the bench (61 ms for "du lich cong dong Hoài Châu Bắc" among 4★ products at
    100,000 products). A product lacking one word holds at least two of any three: the index is asked for
    two of the three rarest words, and the alternatives are checked on those rows."""
    tour = certified("Du lịch cộng đồng Hoài Châu")  # six words of seven
    certified("Du lịch cộng đồng Mai Châu")  # five words of seven, "chau" alone of the three asked
    certified("Du lịch cộng đồng Tả Van")  # four words of seven, none of the three asked
    certified("Đông trùng hạ thảo Bắc Kạn")  # two words of seven
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE registry_product_search")  # the statistics the two words are chosen by
    vocabulary._word_shares_read.clear()
    match = match_query("du lich cong dong Hoài Châu Bắc")
    assert match is not None
    assert (match.stage, match.candidates) == (
        "most",
        "('hoai':* & 'chau':*) | ('hoai':* & 'bac':*) | ('chau':* & 'bac':*)",
    )

    with CaptureQueriesContext(connection) as queries:
        result = product_search(q="du lich cong dong Hoài Châu Bắc", today=TODAY)
    assert (result.ids, result.count, result.partial) == ([tour.pk], 1, True)
    [page] = [query["sql"] for query in queries.captured_queries if query["sql"].startswith("WITH hits")]
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # through the index, as at 100,000 products
        cursor.execute(f"EXPLAIN (FORMAT JSON) {page}")
        nodes = _plan_nodes(cursor.fetchone()[0][0]["Plan"])
    looked_up = [node["Index Cond"] for node in nodes if node["Node Type"] == "Bitmap Index Scan"]
    assert len(looked_up) == 1
    # Each word as the plan writes a tsquery constant: ''hoai'':*
    assert re.findall(r"''(\w+)'':\*", looked_up[0]) == ["hoai", "chau", "hoai", "bac", "chau", "bac"]
