"""Hostile search words on every public address that searches: the catalogue page, its htmx fragment
and the products API. None answers 500; words the full-text index splits find what the split words find.

The 22 characters that Python takes for letters but SQLite's unicode61 (Unicode 6.1 tables) separates
words at: the underscore, 19 New Tai Lue vowel signs and tone marks (U+19B0–U+19C0, U+19C8, U+19C9) and
2 Vedic signs (U+1CF2, U+1CF3), spacing marks in Unicode 6.1 and letters in Python's newer Unicode.
Inside a word, each made a phrase that the index (``detail=column``) refuses: a 500 on SQLite, and
other products than the split words find on PostgreSQL. The first test checks that these are all.
"""

import re
from typing import Any

import pytest
from django.test import Client

from ocop.core.models import AuditEvent
from ocop.registry.models import Certificate, Producer, Product
from ocop.registry.tokenizer import index_words

pytestmark = pytest.mark.django_db

SEPARATED_LETTERS = (
    "_",
    *(chr(code) for code in range(0x19B0, 0x19C1)),
    "\u19c8",
    "\u19c9",
    "\u1cf2",
    "\u1cf3",
)

# A query, and the query that must find the same products (None: only that no address fails).
HOSTILE = [
    *((f"ca{letter}phe", "ca phe") for letter in SEPARATED_LETTERS),
    *((letter, "") for letter in SEPARATED_LETTERS),
    ("a_b", None),
    ("_che_", "che"),
    ("\u19b0che\u19c9", "che"),
    ("CA_PHÊ_", "ca phe"),
    ("'; drop table registry_product;--", None),
    ('"', ""),
    ('"ca phe"', "ca phe"),
    ('ca"phe', "ca phe"),
    ("ca*", "ca"),
    ("*", ""),
    ("^ca", "ca"),
    ("ca:phe", "ca phe"),
    ("name:ca", "name ca"),
    ("(ca", "ca"),
    ("ca)", "ca"),
    ("()", ""),
    ("NEAR", "near"),
    ("ca NEAR phe", "ca near phe"),
    ("NEAR(ca phe)", "near ca phe"),
    ("ca AND phe", "ca and phe"),
    ("ca OR che", "ca or che"),
    ("NOT ca", "not ca"),
    ("ca NOT phe", "ca not phe"),
    ("-ca", "ca"),
    ("ca -phe", "ca phe"),
    ("+ca +phe", "ca phe"),
    ("ca\x00phe", None),
    ("\x00", None),
    ("x" * 10_000, None),
    ("ca phe " * 1_500, None),
    ("😀", None),
    ("ca 😀", None),
    ("ca \U0001f970", None),  # an emoji of Unicode 11: a letter to unicode61, which knows Unicode 6.1
    ("cà\u0300 phê", "ca phe"),  # a combining grave on top of a grave
    ("\u0300\u0301", ""),
    ("ca\u20ddphe", None),  # an enclosing mark
    ("\u0903", None),  # a spacing mark
    ("\ufeffca phe", "ca phe"),
    ("ca\u200bphe", None),  # a zero-width space
    ("%", ""),
    ("%25", None),
    ("\\", ""),
    ("ca\\phe", "ca phe"),
    ("'", ""),
    ("ca'phe", "ca phe"),
    ("ca & phe | !che", "ca phe che"),
    ("ca <-> phe", "ca phe"),
    ("ca:*", "ca"),
    ("ca:A", "ca a"),
]


def test_these_are_all_the_characters_python_and_the_index_disagree_on():
    """Each of the 137,936 characters of Python's ``\\w`` (letters, digits, the underscore), between two
    letters, cut by the index's tokenizer (under a second)."""
    word_characters = [
        character for character in map(chr, range(0x110000)) if character.isalnum() or character == "_"
    ]
    words = iter(index_words(" ".join(f"a{character}a" for character in word_characters)))
    separated = []
    for character in word_characters:
        if next(words) == "a":  # "a", "a": a separator; else one word, whatever it folds to
            separated.append(character)
            next(words)

    assert tuple(separated) == SEPARATED_LETTERS
    assert next(words, None) is None


# The API refuses what its schema refuses (over 100 characters, control characters): 422, in JSON.
REFUSED = "422 for q"


def refused(q: str) -> bool:
    return len(q) > 100 or re.search(r"[\x00-\x1f\x7f]", q) is not None


def listed(response: Any) -> list[int] | int:
    """The product ids a catalogue answer lists, best first; its status when it is not 200."""
    if response.status_code != 200:
        return response.status_code
    html = response.content.decode()
    return [int(pk) for pk in re.findall(r'<h3 class="product-result-name"><a href="/san-pham/(\d+)/', html)]


def api_listed(response: Any) -> list[int] | int | str:
    if (
        response.status_code == 422
        and response["Content-Type"].startswith("application/json")
        and [error["loc"] for error in response.json()["detail"]] == [["query", "q"]]
    ):
        return REFUSED
    if response.status_code != 200:
        return response.status_code
    return [item["id"] for item in response.json()["items"]]


def answers(client: Client, q: str, *, caller: int = 1) -> tuple[list[int] | int | str, ...]:
    """What the catalogue page, its htmx fragment and the API answer for ``q``; the API is asked from
    an address of its own per ``caller``, each well under the anonymous rate limit."""
    address = f"10.0.{caller // 256}.{caller % 256}"
    return (
        listed(client.get("/san-pham/", {"q": q})),
        listed(client.get("/san-pham/", {"q": q}, headers={"HX-Request": "true"})),
        api_listed(client.get("/api/v1/products", {"q": q, "page_size": "100"}, REMOTE_ADDR=address)),
    )


def counts() -> tuple[int, ...]:
    return tuple(model.objects.count() for model in (Product, Producer, Certificate, AuditEvent))


def test_no_search_word_fails_any_public_address(client: Client, catalogue: Any):
    """One test for the whole table, so that the registry is made once (about 6 s for 500 requests)."""
    client.raise_request_exception = False  # a 500 is an answer to compare, like any other
    before = counts()

    wrong = []
    for caller, (q, same_as) in enumerate(HOSTILE):
        got = answers(client, q, caller=caller)
        ids = got[0] if same_as is None else answers(client, same_as, caller=caller)[0]
        expected = (ids, ids, REFUSED if refused(q) else ids)
        if got != expected or not isinstance(ids, list):
            wrong.append((q, got, expected))

    assert wrong == []
    assert counts() == before


def test_an_underscore_finds_what_a_space_finds(client: Client, catalogue: Any):
    coffee = [catalogue.coffee.pk, catalogue.coffee_expired.pk]

    assert answers(client, "ca_phe") == (coffee, coffee, coffee)
    assert answers(client, "'; drop table registry_product;--") == ([], [], [])
    assert answers(client, "a_b") == ([], [], [])
    assert Product.objects.filter(pk=catalogue.coffee.pk).exists()
