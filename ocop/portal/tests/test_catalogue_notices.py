"""What the catalogue says about how it read the words: some of them only, or another spelling of them."""

import datetime

import pytest

from ocop.portal.tests.test_catalogue import result_names
from ocop.registry.tests.factories import make_certificate, make_product

pytestmark = pytest.mark.django_db

PARTIAL = (
    "Không có sản phẩm nào có đủ mọi từ của “nuoc mam phu quoc”: "
    "dưới đây là các sản phẩm có đủ các từ trừ một."
)


@pytest.fixture
def fish_sauce() -> None:
    """A fish sauce of Phú Yên, and a soy paste of Quốc Oai whose product set holds "nước mắm"."""
    for name in ("Nước mắm Phú Yên", "Tương đậu Quốc Oai"):
        product = make_product(name=name, product_set="I.4.a")
        make_certificate(product, stars=4, decision_date=datetime.date.today() - datetime.timedelta(days=30))


def test_a_result_lacking_one_word_says_so(client, fish_sauce):
    html = client.get("/san-pham/", {"q": "nuoc mam phu quoc"}).content.decode()

    assert result_names(html) == ["Nước mắm Phú Yên"]
    assert PARTIAL in html


def test_a_result_holding_every_word_says_nothing_of_the_kind(client, fish_sauce):
    html = client.get("/san-pham/", {"q": "nuoc mam phu yen"}).content.decode()

    assert result_names(html) == ["Nước mắm Phú Yên"]
    assert "Không có sản phẩm nào" not in html


def test_a_word_spelled_otherwise_says_what_was_also_searched_for(client, catalogue):
    html = client.get("/san-pham/", {"q": "Cafe"}).content.decode()

    assert result_names(html) == ["Cà phê bột Sông Trà", "Cà phê hạt rang Cầu Đất"]
    assert "Đang hiển thị kết quả cho “Cafe” và “cà phê”." in html


def test_a_word_written_as_the_registry_writes_it_says_nothing_of_the_kind(client, catalogue):
    html = client.get("/san-pham/", {"q": "cà phê"}).content.decode()

    assert result_names(html) == ["Cà phê bột Sông Trà", "Cà phê hạt rang Cầu Đất"]
    assert "Đang hiển thị kết quả cho" not in html
