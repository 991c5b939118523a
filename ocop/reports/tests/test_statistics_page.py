"""The public statistics page, ``/thong-ke/``: a plain GET form, the API's figures as accessible tables."""

import datetime
import re

import pytest
from django.test import Client

from ocop.registry.models import ProducerType
from ocop.registry.tests.factories import commune, make_certificate, make_producer, make_product

pytestmark = pytest.mark.django_db


@pytest.fixture
def tra_vinh() -> None:
    """Two products in legacy Trà Vinh (84): a valid 4★ and an expired 3★; nothing else anywhere."""
    producer = make_producer(unit=commune(29236, "legacy"), producer_type=ProducerType.ENTERPRISE)
    valid = make_product(producer=producer, name="Mật ong Trà Vinh")
    make_certificate(valid, stars=4, decision_date=datetime.date(2022, 3, 1))
    expired = make_product(producer=producer, name="Bánh tét Trà Cuôn", product_set="I.3.b")
    make_certificate(expired, stars=3, decision_date=datetime.date(2019, 5, 1))


def cells(html: str, caption: str) -> list[list[str]]:
    """The rows of the table with ``caption``, each as the text of its cells."""
    table = re.search(rf"<caption>{re.escape(caption)}</caption>(.*?)</table>", html, re.S)
    assert table, f"no table {caption!r}"
    rows = re.findall(r"<tr>(.*?)</tr>", table.group(1), re.S)
    return [
        [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
        for row in rows
    ]


def test_the_page_shows_the_figures_of_the_api(client: Client, tra_vinh: None) -> None:
    response = client.get("/thong-ke/", {"scope": "legacy_province:84", "as_of": "31/12/2022"})
    assert response.status_code == 200
    html = response.content.decode()

    assert "<title>Thống kê sản phẩm OCOP" in html
    assert '<option value="legacy_province:84" selected>Tỉnh Trà Vinh</option>' in html
    assert 'name="as_of" value="31/12/2022" inputmode="numeric"' in html
    assert "Tỉnh Trà Vinh — tính đến ngày 31/12/2022" in html
    assert "Theo đơn vị hành chính trước 1/7/2025." in html
    assert '<a href="/api/v1/stats?as_of=2022-12-31&amp;legacy_province=84">' in html
    assert cells(html, "Sản phẩm theo hạng sao") == [
        ["Hạng", "Được công nhận", "Còn hiệu lực"],
        ["3 sao", "1", "0"],
        ["4 sao", "1", "1"],
        ["Tiềm năng 5 sao", "0", "0"],
        ["5 sao", "0", "0"],
    ]
    assert cells(html, "Theo loại hình chủ thể")[1:] == [
        ["Doanh nghiệp", "2", "1"],
        ["Hợp tác xã", "0", "0"],
        ["Tổ hợp tác", "0", "0"],
        ["Hộ kinh doanh, cơ sở sản xuất", "0", "0"],
    ]
    assert cells(html, "Sản phẩm được công nhận theo ngành")[1] == ["1. Sản phẩm thực phẩm", "2"]
    districts = cells(html, "Sản phẩm theo đơn vị: Quận, huyện, thị xã")
    assert districts[1] == ["842", "Thành phố Trà Vinh", "2", "1"]
    assert len(districts) == 1 + 9
    assert "Sản phẩm được công nhận theo vùng" not in html


def test_the_api_parameters_work_on_the_page_too(client: Client, tra_vinh: None) -> None:
    html = client.get("/thong-ke/", {"province": "86", "as_of": "2022-12-31"}).content.decode()
    assert '<option value="province:86" selected>Tỉnh Vĩnh Long</option>' in html
    communes = cells(html, "Sản phẩm theo đơn vị: Xã, phường, đặc khu")
    # Codes are never grouped like numbers.
    assert communes[1] == ["29263", "Phường Long Đức", "2", "1"]


def test_numbers_follow_the_locale_and_regions_show_nationally(client: Client, tra_vinh: None) -> None:
    html = client.get("/thong-ke/", {"scope": "legacy", "as_of": "2022-12-31"}).content.decode()
    assert "1 trên 10.051" in html  # communes with products, of all legacy communes
    assert cells(html, "Sản phẩm được công nhận theo vùng kinh tế - xã hội")[1:] == [
        ["Trung du và miền núi phía Bắc", "0"],
        ["Đồng bằng sông Hồng", "0"],
        ["Bắc Trung Bộ và duyên hải miền Trung", "0"],
        ["Tây Nguyên", "0"],
        ["Đông Nam Bộ", "0"],
        ["Đồng bằng sông Cửu Long", "2"],
    ]
    assert len(cells(html, "Sản phẩm theo đơn vị: Tỉnh, thành phố")) == 1 + 63

    client.cookies["django_language"] = "en"  # as the language switch leaves it
    english = client.get("/thong-ke/", {"scope": "legacy", "as_of": "2022-12-31"}).content.decode()
    assert "10,051" in english


def test_national_by_default_on_today(client: Client) -> None:
    response = client.get("/thong-ke/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<option value="current" selected>' in html
    assert "Việt Nam — tính đến ngày" in html
    assert len(cells(html, "Sản phẩm theo đơn vị: Tỉnh, thành phố")) == 1 + 34


def test_accessible_markup_without_inline_script_or_style(client: Client, tra_vinh: None) -> None:
    html = client.get("/thong-ke/", {"legacy_province": 84}).content.decode()
    assert '<label for="statistics-scope">' in html
    assert '<label for="statistics-as-of">' in html
    # ranks, new products by year, this year's flows, sectors, producer types, districts
    assert html.count("<caption>") == 6
    assert '<th scope="col">' in html
    assert '<th scope="row">' in html
    assert not re.search(r"<script(?![^>]*\bsrc=)", html)
    assert "style=" not in html
    assert "<style" not in html


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"as_of": "32/12/2022"}, "Ngày không hợp lệ"),
        ({"as_of": "hôm qua"}, "Ngày không hợp lệ"),
        ({"scope": "province:99"}, "Phạm vi không hợp lệ"),
        ({"scope": "somewhere"}, "Phạm vi không hợp lệ"),
        ({"province": "86", "legacy_province": "84"}, "Phạm vi không hợp lệ"),
    ],
)
def test_a_bad_choice_says_what_is_wrong(client: Client, params: dict[str, str], message: str) -> None:
    response = client.get("/thong-ke/", params)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert 'role="alert"' in html
    assert '<form id="statistics-form"' in html  # the form stays, to choose again


def test_htmx_gets_only_the_results(client: Client, tra_vinh: None) -> None:
    response = client.get("/thong-ke/", {"legacy_province": 84}, headers={"hx-request": "true"})
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="statistics-results"')
    assert "<html" not in html
    assert "HX-Request" in response["Vary"]

    refused = client.get("/thong-ke/", {"as_of": "x"}, headers={"hx-request": "true"})
    assert refused.status_code == 200  # htmx swaps in successful answers only
    assert "Ngày không hợp lệ" in refused.content.decode()


def map_links(html: str) -> dict[str, tuple[str, str]]:
    """The tile map's links: (href, value) by the province's full name."""
    tiles = re.findall(r'<a href="([^"]+)" aria-label="([^"]+) ([0-9.]+)"><title>', html)
    return {name: (href, value) for href, name, value in tiles}


def test_the_map_links_each_current_province_with_its_figure(client: Client, tra_vinh: None) -> None:
    ba_to = make_product(name="Mật ong Ba Tơ")  # in Quảng Ngãi (51)
    make_certificate(ba_to, stars=5, decision_date=datetime.date(2022, 6, 1))
    html = client.get("/thong-ke/", {"scope": "current", "as_of": "31/12/2022"}).content.decode()

    links = map_links(html)
    assert len(links) == 34
    assert links["Tỉnh Vĩnh Long"] == ("/thong-ke/?province=86&amp;as_of=2022-12-31", "2")
    assert links["Tỉnh Quảng Ngãi"] == ("/thong-ke/?province=51&amp;as_of=2022-12-31", "1")
    assert {
        value for name, (_href, value) in links.items() if name not in ("Tỉnh Vĩnh Long", "Tỉnh Quảng Ngãi")
    } == {"0"}
    # The same figures as the table by unit, which stays.
    table = cells(html, "Sản phẩm theo đơn vị: Tỉnh, thành phố")[1:]
    assert {row[1]: row[2] for row in table} == {name: value for name, (_href, value) in links.items()}
    assert table[:2] == [["86", "Tỉnh Vĩnh Long", "2", "1"], ["51", "Tỉnh Quảng Ngãi", "1", "1"]]
    assert 'role="group" aria-label="Bản đồ sản phẩm được công nhận theo tỉnh, thành phố"' in html
    # The legend: 32 of 34 provinces at zero fill the first four quintiles, the fifth holds 1 and 2.
    assert re.findall(r'stroke="#4a5450"></rect><text x="24" y="\d+">([^<]+)</text>', html) == ["0", "1–2"]


def test_the_rank_chart_stacks_valid_and_expired_products(client: Client, tra_vinh: None) -> None:
    html = client.get("/thong-ke/", {"scope": "legacy_province:84", "as_of": "31/12/2022"}).content.decode()
    chart = re.search(r'<svg class="column-chart".*?</svg>', html, re.S)
    assert chart
    # 3★: one expired; 4★: one valid; on a scale to 1 over 160 units, columns 45 wide in bands of 75.
    assert re.findall(
        r'<rect x="([^"]+)" y="([^"]+)" width="45" height="([^"]+)" fill="([^"]+)"', chart.group()
    ) == [
        ("63", "20", "160", "#b45309"),
        ("138", "20", "160", "#0b5e33"),
    ]
    assert "Còn hiệu lực" in chart.group()
    assert "Hết hiệu lực" in chart.group()
    assert 'aria-hidden="true"' in chart.group()  # the table by rank holds the figures
    assert "tile-map" not in html  # the map is of the nation in current units
    assert cells(html, "Sản phẩm theo hạng sao")[1:3] == [["3 sao", "1", "0"], ["4 sao", "1", "1"]]


def test_a_province_shows_its_targets_with_their_status(client: Client) -> None:
    from ocop.reports.targets.definition import definition_from_text
    from ocop.reports.targets.services import target_create

    make_certificate(make_product(unit=commune(21400)), stars=4, decision_date=datetime.date(2025, 3, 1))
    for scope, label in (("province:51", "Một sản phẩm mới năm 2025"), ("province:66", "Đắk Lắk")):
        values = {"scope": scope, "from": "2025-01-01", "to": "2025-12-31", "metric": "new", "min": "1"}
        target_create(
            acting_user=None, definition=definition_from_text(values | {"decision": "KH", "label": label})
        )

    html = client.get("/thong-ke/", {"province": "51", "as_of": "2025-06-30"}).content.decode()
    assert re.findall(r'<h4 id="target-\d+">([^<]*)</h4>', html) == ["Một sản phẩm mới năm 2025"]
    assert '<dd class="target-status target-status-met">đã đạt</dd>' in html
    # Before the plan's first day it has not started; the country has no targets of its own.
    html = client.get("/thong-ke/", {"province": "51", "as_of": "2024-12-31"}).content.decode()
    assert '<dd class="target-status target-status-not_started">chưa bắt đầu</dd>' in html
    assert "target-status" not in client.get("/thong-ke/").content.decode()
