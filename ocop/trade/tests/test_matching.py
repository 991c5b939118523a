import datetime

import pytest
from django.utils import timezone

from ocop.registry.tests.factories import make_certificate, make_producer, make_product
from ocop.trade.matching import Constraints, match_products
from ocop.trade.tests.labelled import MUST_MATCH_IN_ORDER, QUANG_NGAI, labelled_products

DEMAND = Constraints(sector=1, min_stars=4, certifications=("vietgap",))


def _match(constraints: Constraints, **options):
    today = timezone.localdate()
    return match_products(constraints, on=options.pop("on", today), **options)


@pytest.mark.django_db
def test_the_labelled_set_matches_in_order_with_exact_scores():
    labelled_products()
    result = _match(DEMAND, buyer_province=QUANG_NGAI)
    assert [(item.product.name, item.score) for item in result.items] == MUST_MATCH_IN_ORDER
    assert result.count == 3


@pytest.mark.django_db
def test_reasons_say_rank_validity_certifications_and_place():
    products = labelled_products()
    result = _match(DEMAND, buyer_province=QUANG_NGAI)
    best = result.items[0]
    valid_until = products["Mật ong 5 sao"].certificates.get().valid_until
    assert best.reasons == [
        f"5★ còn hiệu lực đến {valid_until:%d/%m/%Y}",
        "VietGAP",
        "Hữu cơ (Organic)",
        "HACCP",
        "Cùng tỉnh với bên mua",
        "Còn hiệu lực trên một năm",
    ]
    assert result.items[2].reasons[0].startswith("4★ tiềm năng 5★ còn hiệu lực đến ")


@pytest.mark.django_db
def test_without_a_buyer_province_place_gives_no_points():
    labelled_products()
    result = _match(DEMAND)
    assert [(item.product.name, item.score) for item in result.items] == [
        ("Mật ong 5 sao", 0.8),
        ("Cà phê tiềm năng", 0.55),
        ("Nước mắm 4 sao", 0.5),
    ]


@pytest.mark.django_db
def test_five_stars_leaves_out_the_potential_five_star():
    labelled_products()
    result = _match(Constraints(min_stars=5))
    assert sorted(item.product.name for item in result.items) == ["Mật ong 5 sao", "Rượu ngành khác"]


@pytest.mark.django_db
def test_count_is_every_product_meeting_the_constraints():
    labelled_products()
    # Every valid product: all but the expired and the revoked.
    assert _match(Constraints()).count == 7
    assert _match(Constraints(provinces=(66,))).count == 1
    assert _match(Constraints(certifications=("organic", "haccp"))).count == 2
    assert _match(Constraints(product_set="II")).count == 1  # a set code's start: II.1.a
    assert _match(Constraints(product_set="II.1")).count == 1
    assert _match(Constraints(product_set="I.3")).count == 6  # not II.1.a, nor the expired and revoked
    assert _match(Constraints(product_set="I.3.c", sector=2)).count == 0


@pytest.mark.django_db
def test_a_page_holds_the_next_products_in_the_same_order():
    labelled_products()
    first = _match(Constraints(), page_size=3)
    second = _match(Constraints(), page=2, page_size=3)
    everything = _match(Constraints(), page_size=20)
    assert [i.product.pk for i in first.items + second.items] == [i.product.pk for i in everything.items][:6]


@pytest.mark.django_db
def test_on_a_past_day_the_certificate_standing_then_counts():
    products = labelled_products()
    # 1100 days ago the "expired" tea had been recognised for 100 days: valid then; the others not yet issued.
    result = _match(Constraints(), on=timezone.localdate() - datetime.timedelta(days=1100))
    assert [item.product.pk for item in result.items] == [products["Chè hết hạn"].pk]
    # 5 days before its revocation, the revoked paste was valid.
    result = _match(Constraints(q="tuong"), on=timezone.localdate() - datetime.timedelta(days=15))
    assert [item.product.name for item in result.items] == ["Tương bị thu hồi"]


@pytest.mark.django_db
def test_words_without_diacritics_narrow_the_match():
    labelled_products()
    assert [item.product.name for item in _match(Constraints(q="mat ong")).items] == ["Mật ong 5 sao"]
    assert _match(Constraints(q="khongcogicakhop")).count == 0


@pytest.mark.django_db
def test_a_kept_ranking_gives_way_when_the_registry_changes():
    labelled_products()
    assert _match(DEMAND).count == 3
    assert _match(DEMAND).count == 3  # the same question again: the kept ranking
    producer = make_producer(name="Chủ thể mới", management_certifications=["vietgap"])
    product = make_product(producer=producer, name="Mật ong mới")
    make_certificate(product, stars=4, decision_date=timezone.localdate())
    # 30 + 10 + 10 = 50 points, as many as the fish sauce, whose certificate ends sooner.
    assert [(item.product.name, item.score) for item in _match(DEMAND).items] == [
        ("Mật ong 5 sao", 0.8),
        ("Cà phê tiềm năng", 0.55),
        ("Mật ong mới", 0.5),
        ("Nước mắm 4 sao", 0.5),
    ]
    assert _match(DEMAND).count == 4


@pytest.mark.django_db
def test_words_in_the_products_name_outrank_words_in_its_producers_name():
    honey = _labelled_product("Mật ong hoa nhãn", producer="Hợp tác xã Hoa Nhãn", stars=4)
    wine = _labelled_product("Rượu làng Vân", producer="Công ty Mật ong Lục Nam", stars=5)
    coffee = _labelled_product("Cà phê sơ chế mật ong", producer="Hợp tác xã Cà phê", stars=4)
    _labelled_product("Nước mắm cốt", producer="Hợp tác xã Biển", stars=5)

    result = _match(Constraints(q="mat ong"))

    # Honey and honey-processed coffee hold the words in their names: 30 + 20 of 120 (no certifications,
    # no buyer province, valid three years from 100 days ago: 10 more). The wine matched through its
    # producer's name: 40 + 10 of 120. Equal points, equal validity: the older product id first.
    assert [(item.product.pk, item.points, item.score) for item in result.items] == [
        (honey.pk, 60, 0.5),
        (coffee.pk, 60, 0.5),
        (wine.pk, 50, 0.42),
    ]
    assert result.count == 3
    assert result.items[0].reasons[-1] == "Tên sản phẩm có các từ khóa"
    assert "Tên sản phẩm có các từ khóa" not in result.items[2].reasons
    # Without words the score stays out of 100 and names count nothing.
    assert [item.score for item in _match(Constraints(sector=1)).items] == [0.5, 0.5, 0.4, 0.4]


def _labelled_product(name: str, *, producer: str, stars: int):
    product = make_product(producer=make_producer(name=producer), name=name)
    make_certificate(product, stars=stars, decision_date=timezone.localdate() - datetime.timedelta(days=100))
    return product
