"""The public directory: which points, the filters, each point's page and its schema.org Store markup."""

import html
import json
import re

import pytest

from ocop.outlets import services
from ocop.outlets.models import RecognitionStatus, SalesPointKind
from ocop.outlets.tests.conftest import point_fields
from ocop.outlets.views import public

pytestmark = pytest.mark.django_db


def listed_names(response) -> list[str]:
    """The names in the page's list, in its order, as a reader sees them."""
    items = re.findall(
        r'<li data-lat="[^"]*" data-lng="[^"]*"><a href="[^"]*">([^<]*)</a>', response.content.decode()
    )
    return [html.unescape(name) for name in items]


@pytest.fixture
def draft(operator):
    return services.sales_point_create(acting_user=operator, **point_fields(name="Quầy nháp chưa gửi"))


def test_the_directory_lists_submitted_and_recognised_points_only(client, point, dak_lak_point, draft):
    services.sales_point_transition(acting_user=None, point=dak_lak_point, to=RecognitionStatus.RECOGNISED)

    response = client.get("/diem-ban/")

    assert response.status_code == 200
    assert listed_names(response) == ["Quầy OCOP Ga Quảng Ngãi", "Cửa hàng OCOP Buôn Ma Thuột"]
    html = response.content.decode()
    assert html.count("Đã được tỉnh công nhận") == 1
    assert (
        f'<li data-lat="15.110950" data-lng="108.797840"><a href="/diem-ban/{point.pk}/">'
        "Quầy OCOP Ga Quảng Ngãi</a><br>"
        '<span class="muted">Nhà ga, sân bay, bến xe, bến cảng · Tỉnh Quảng Ngãi</span>'
        "<br>204 Nguyễn Chí Thanh, Quảng Ngãi</li>"
    ) in html
    assert client.get(f"/diem-ban/{draft.pk}/").status_code == 404


@pytest.mark.parametrize(
    ("query", "names"),
    [
        ("?province=51", ["Quầy OCOP Ga Quảng Ngãi"]),
        ("?province=66", ["Cửa hàng OCOP Buôn Ma Thuột"]),
        ("?kind=shopping", ["Cửa hàng OCOP Buôn Ma Thuột"]),
        ("?province=51&kind=shopping", []),
        ("?province=&kind=", ["Quầy OCOP Ga Quảng Ngãi", "Cửa hàng OCOP Buôn Ma Thuột"]),
    ],
)
def test_the_filters(client, point, dak_lak_point, query, names):
    assert listed_names(client.get(f"/diem-ban/{query}")) == names


def test_a_bad_filter_shows_everything_and_names_the_field(client, point, dak_lak_point):
    response = client.get("/diem-ban/?province=999&kind=casino")

    assert response.status_code == 200
    assert sorted(response.context["form"].errors) == ["kind", "province"]
    assert len(listed_names(response)) == 2


def test_the_map_reads_its_tiles_from_the_setting_and_the_policy_allows_them(client, settings, point):
    response = client.get("/diem-ban/")

    html = response.content.decode()
    assert 'data-tile-url="https://tile.openstreetmap.org/{z}/{x}/{y}.png"' in html
    assert "https://tile.openstreetmap.org" in response["Content-Security-Policy"]
    assert "/static/vendor/leaflet/leaflet.js" in html


def test_the_point_page_has_its_store_markup(client, point):
    response = client.get(f"/diem-ban/{point.pk}/")

    found = re.search(r'<script type="application/ld\+json">(.*?)</script>', response.content.decode(), re.S)
    assert found is not None
    assert json.loads(found.group(1)) == {
        "@context": "https://schema.org",
        "@type": "Store",
        "name": "Quầy OCOP Ga Quảng Ngãi",
        "url": f"http://testserver/diem-ban/{point.pk}/",
        "address": {
            "@type": "PostalAddress",
            "streetAddress": "204 Nguyễn Chí Thanh, Quảng Ngãi",
            "addressRegion": "Tỉnh Quảng Ngãi",
            "addressCountry": "VN",
        },
        "geo": {"@type": "GeoCoordinates", "latitude": 15.11095, "longitude": 108.79784},
        "openingHours": "Mo-Su 07:00-21:00",
        "telephone": "0255 3822 123",
    }


def test_markup_cannot_leave_its_script(client, operator):
    made = services.sales_point_create(
        acting_user=operator,
        **point_fields(name="</script><script>alert(1)</script>", kind=SalesPointKind.OTHER),
    )
    services.sales_point_transition(acting_user=operator, point=made, to=RecognitionStatus.SUBMITTED)

    html = client.get(f"/diem-ban/{made.pk}/").content.decode()

    assert "<script>alert(1)" not in html
    assert "\\u003c/script\\u003e" in html


def test_the_list_comes_in_numbered_parts_and_says_so_when_nothing_matches(
    client, point, dak_lak_point, monkeypatch
):
    monkeypatch.setattr(public, "LIST_PART", 1)

    html = client.get("/diem-ban/").content.decode()

    assert re.findall(r'<ol class="outlet-list" start="(\d+)"><li ', html) == ["1", "2"]
    assert listed_names(client.get("/diem-ban/")) == [
        "Quầy OCOP Ga Quảng Ngãi",
        "Cửa hàng OCOP Buôn Ma Thuột",
    ]
    nothing = client.get("/diem-ban/?province=51&kind=shopping").content.decode()
    assert '<div id="outlet-list">\n    <p>Không có điểm bán nào khớp.</p>' in nothing
    assert "<ol" not in nothing.split('id="outlet-list"')[1].split("</div>")[0]


def test_the_list_escapes_names_and_addresses_with_their_quotes(client, operator):
    made = services.sales_point_create(
        acting_user=operator,
        **point_fields(name='Quầy "A" <b>&</b>', address="Số 1 <img src=x onerror=alert(1)> 'B'"),
    )
    services.sales_point_transition(acting_user=operator, point=made, to=RecognitionStatus.SUBMITTED)

    html = client.get("/diem-ban/").content.decode()

    assert f'<a href="/diem-ban/{made.pk}/">Quầy &quot;A&quot; &lt;b&gt;&amp;&lt;/b&gt;</a>' in html
    assert "<br>Số 1 &lt;img src=x onerror=alert(1)&gt; &#x27;B&#x27;</li>" in html
    assert "<img src=x" not in html


def test_the_public_pages_leave_htmx_out_and_need_it_not(client, point, operator, coffee):
    services.carried_product_add(acting_user=operator, point=point, product=coffee)

    for url in ("/diem-ban/", f"/diem-ban/{point.pk}/"):
        html = client.get(url).content.decode()

        assert "htmx.min" not in html, url
        assert " hx-" not in html, url
