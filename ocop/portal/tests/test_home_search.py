"""The home page's search box: a plain GET form that lands on the catalogue's results, no script needed."""

import re
from html.parser import HTMLParser

import pytest

from ocop.portal.tests.test_catalogue import result_names

pytestmark = pytest.mark.django_db


class _SearchForm(HTMLParser):
    """The attributes of the page's search form, of the fields inside it, and its labels' targets."""

    def __init__(self) -> None:
        super().__init__()
        self.form: dict[str, str | None] = {}
        self.fields: list[dict[str, str | None]] = []
        self.labels: list[str | None] = []
        self.inside = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "form" and attributes.get("role") == "search":
            self.form, self.inside = attributes, True
        elif self.inside and tag in ("input", "button"):
            self.fields.append({"tag": tag, **attributes})
        elif self.inside and tag == "label":
            self.labels.append(attributes.get("for"))

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.inside = False


def home_search_form(client) -> _SearchForm:
    parsed = _SearchForm()
    parsed.feed(client.get("/").content.decode())
    return parsed


def test_the_home_page_has_a_labelled_search_box_sending_q_to_the_catalogue(client):
    html = client.get("/").content.decode()

    parsed = home_search_form(client)
    assert (parsed.form["method"], parsed.form["action"]) == ("get", "/san-pham/")
    query = [field for field in parsed.fields if field["tag"] == "input"]
    assert [(field["type"], field["name"], field["id"]) for field in query] == [("search", "q", "home-q")]
    assert parsed.labels == ["home-q"]
    assert [field["type"] for field in parsed.fields if field["tag"] == "button"] == ["submit"]
    # One search landmark on the page, and no script behind it.
    assert html.count('role="search"') == 1
    form = re.search(r'<form[^>]*role="search".*?</form>', html, re.DOTALL)
    assert form is not None
    assert "hx-" not in form.group(0)


def test_what_the_home_page_sends_finds_the_products(client, catalogue):
    parsed = home_search_form(client)
    action, name = parsed.form["action"], parsed.fields[0]["name"]
    assert action is not None
    assert name is not None

    response = client.get(action, {name: "ca phe"})

    assert result_names(response.content.decode()) == ["Cà phê bột Sông Trà", "Cà phê hạt rang Cầu Đất"]
