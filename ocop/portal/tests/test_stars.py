"""Gold stars only while a certificate holds: expired and revoked products show hollow grey stars, in
lists and on their pages, and a screen reader hears that the rank no longer counts."""

import re

import pytest

pytestmark = pytest.mark.django_db


def gold(stars: int, label: str) -> str:
    stars_text = "★" * stars
    return (
        f'<span class="rank rank-valid"><span class="rank-stars" aria-hidden="true">{stars_text}</span>'
        f" {label}</span>"
    )


def hollow(status: str, stars: int, label: str) -> str:
    return (
        f'<span class="rank rank-{status}"><span class="rank-stars rank-stars-lapsed" aria-hidden="true">'
        f"{'☆' * stars}</span> {label}"
        '<span class="visually-hidden"> (hạng sao không còn giá trị)</span></span>'
    )


def ranks(html: str) -> list[str]:
    return re.findall(
        r'<span class="rank rank-(?:expired|revoked)">.*?</span></span>'
        r'|<span class="rank rank-valid">.*?</span>[^<]*</span>',
        html,
    )


def test_lists_show_gold_stars_only_for_valid_products(client, catalogue):
    html = client.get("/san-pham/", {"q": "ca phe"}).content.decode()

    assert ranks(html) == [gold(4, "4 sao"), hollow("expired", 3, "3 sao")]


def test_a_revoked_product_in_a_list_has_hollow_stars(client, catalogue):
    html = client.get("/san-pham/", {"status": "revoked"}).content.decode()

    assert ranks(html) == [hollow("revoked", 4, "4 sao")]


def test_the_producer_page_shows_gold_stars_only_for_valid_products(client, catalogue):
    html = client.get(f"/chu-the/{catalogue.tea.producer.pk}/").content.decode()

    # Ca cao (3, valid), Cà phê hạt rang (3, expired), Chè Shan tuyết (5, valid), in that order.
    assert ranks(html) == [gold(3, "3 sao"), hollow("expired", 3, "3 sao"), gold(5, "5 sao")]


@pytest.mark.parametrize(
    ("name", "status", "stars"), [("coffee_expired", "expired", 3), ("speciality_revoked", "revoked", 4)]
)
def test_the_page_of_a_lapsed_product_has_no_gold_star(client, catalogue, name, status, stars):
    product = getattr(catalogue, name)
    html = client.get(f"/san-pham/{product.pk}/").content.decode()

    assert f'<p class="rank-large">{hollow(status, stars, f"OCOP {stars} sao")}</p>' in html
    assert f"<strong>{stars}☆</strong>" in html  # the certificate in the history
    assert "★" not in html


def test_the_page_of_a_valid_product_has_its_gold_stars(client, catalogue):
    html = client.get(f"/san-pham/{catalogue.tea.pk}/").content.decode()

    assert f'<p class="rank-large">{gold(5, "OCOP 5 sao")}</p>' in html
    assert "<strong>5★</strong>" in html
    assert "☆" not in html
    assert "không còn giá trị)" not in html
