"""The public catalogue pages: search, filters and facets, a product's status in words, its JSON-LD."""

import datetime
import json
import re

import pytest
from django.utils.html import escape

from ocop.core.models import AuditEvent
from ocop.registry.models import Certificate, Producer, Product
from ocop.registry.selectors import public_slug

pytestmark = pytest.mark.django_db


def day(value: datetime.date) -> str:
    return value.strftime("%d/%m/%Y")


def result_names(html: str) -> list[str]:
    return re.findall(r'<h3 class="product-result-name"><a href="[^"]+">([^<]+)</a>', html)


def option(html: str, select_id: str, value: str) -> str:
    select = re.search(rf'<select id="{select_id}".*?</select>', html, re.DOTALL)
    assert select is not None, select_id
    found = re.search(rf'<option value="{re.escape(value)}"( selected)?>([^<]+)</option>', select.group(0))
    assert found is not None, (select_id, value)
    return found.group(2) + (" [selected]" if found.group(1) else "")


def json_ld(html: str) -> dict:
    found = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.DOTALL)
    assert found is not None
    return json.loads(found.group(1))


def test_the_catalogue_searches_without_diacritics(client, catalogue):
    response = client.get("/san-pham/", {"q": "ca phe"})

    assert response.status_code == 200
    html = response.content.decode()
    assert html.startswith("<!doctype html>")
    assert result_names(html) == ["Cà phê bột Sông Trà", "Cà phê hạt rang Cầu Đất"]
    assert '<h2 id="results-heading" data-result-summary>2 sản phẩm</h2>' in html
    assert 'hx-trigger="input changed delay:300ms, search"' in html


def test_htmx_gets_only_the_results_and_caches_keep_the_two_apart(client, catalogue):
    response = client.get("/san-pham/", {"q": "dac san"}, headers={"HX-Request": "true"})

    html = response.content.decode()
    assert "<html" not in html
    assert '<form id="catalogue-form"' not in html
    # The name first, then a product of a producer named "… Đặc sản …".
    assert result_names(html) == ["Đặc sản mạch nha Thi Phổ", "Cà phê bột Sông Trà"]
    assert "HX-Request" in response["Vary"]


def test_a_history_restore_gets_the_whole_page(client, catalogue):
    headers = {"HX-Request": "true", "HX-History-Restore-Request": "true"}
    html = client.get("/san-pham/", {"q": "che"}, headers=headers).content.decode()

    assert html.startswith("<!doctype html>")


def test_filters_narrow_the_results_and_facets_count_the_alternatives(client, catalogue):
    html = client.get("/san-pham/", {"q": "ca phe", "status": "expired"}).content.decode()

    assert result_names(html) == ["Cà phê hạt rang Cầu Đất"]
    # The status facet leaves out its own filter: it shows what each status would give.
    assert option(html, "filter-status", "valid") == "Còn hiệu lực (1)"
    assert option(html, "filter-status", "expired") == "Hết hiệu lực (1) [selected]"
    assert option(html, "filter-status", "revoked") == "Đã thu hồi (0)"
    # The others count the filtered result.
    assert option(html, "filter-rank", "3") == "3 sao (1)"
    assert option(html, "filter-rank", "4") == "4 sao (0)"
    assert option(html, "filter-province", "68") == "Lâm Đồng (1)"
    assert option(html, "filter-province", "51") == "Quảng Ngãi (0)"
    assert option(html, "filter-sector", "1") == "1. Sản phẩm thực phẩm (1)"
    assert '<details id="catalogue-filters" class="catalogue-filters" open>' in html


def test_every_filter_of_the_page(client, catalogue):
    def names(**params: str) -> list[str]:
        return sorted(result_names(client.get("/san-pham/", params).content.decode()))

    assert names(rank="5") == ["Chè Shan tuyết Cầu Đất"]
    assert names(province="51") == ["Cà phê bột Sông Trà", "Đặc sản mạch nha Thi Phổ"]
    assert names(set="I.5.a") == ["Chè Shan tuyết Cầu Đất"]
    assert names(status="revoked") == ["Đặc sản mạch nha Thi Phổ"]
    assert names(legacy_province="51", rank="4") == ["Cà phê bột Sông Trà", "Đặc sản mạch nha Thi Phổ"]
    assert names(sector="2") == []


def test_a_filter_that_cannot_apply_is_dropped_and_said(client, catalogue):
    response = client.get("/san-pham/", {"province": "99", "rank": "9", "q": "ca phe"})

    html = response.content.decode()
    assert response.status_code == 200
    assert "province: no current province with code 99" in html
    assert result_names(html) == ["Cà phê bột Sông Trà", "Cà phê hạt rang Cầu Đất"]


def test_search_words_the_catalogue_cannot_take_are_left_out_and_said(client, catalogue):
    everything = result_names(client.get("/san-pham/").content.decode())

    for q, reason in (
        # The last space is trimmed before the length is checked.
        ("ca phe " * 20, "Từ khóa tìm kiếm dài quá 100 ký tự (có 139) nên đã được bỏ qua."),
        ("ca\x00phe", "Từ khóa tìm kiếm có ký tự NUL nên đã được bỏ qua."),
    ):
        for headers in ({}, {"HX-Request": "true"}):  # the page, and the results htmx asks for as one types
            response = client.get("/san-pham/", {"q": q}, headers=headers)
            html = response.content.decode()
            assert response.status_code == 200
            assert f'<p class="notice notice-error">{reason}</p>' in html
            assert result_names(html) == everything
    assert "notice-error" not in client.get("/san-pham/", {"q": "ca phe"}).content.decode()


def test_pages_of_results(client, catalogue, settings):
    html = client.get("/san-pham/").content.decode()

    assert result_names(html) == [  # the newest recognitions first
        "Ca cao nguyên chất",
        "Chè Shan tuyết Cầu Đất",
        "Cà phê bột Sông Trà",
        "Đặc sản mạch nha Thi Phổ",
        "Cà phê hạt rang Cầu Đất",
    ]
    assert 'class="pagination"' not in html


def test_a_valid_product_says_until_when_in_words_and_colour(client, catalogue):
    product = catalogue.coffee
    html = client.get(f"/san-pham/{product.pk}/").content.decode()

    until = day(product.latest_certificate.valid_until)
    assert f"Còn hiệu lực đến {until}" in html
    assert 'class="standing-panel standing-panel-valid"' in html
    assert "Ủy ban nhân dân tỉnh Quảng Ngãi" in html
    assert f'href="/chu-the/{product.producer.pk}/cong-ty-tnhh-dac-san-song-tra/"' in html
    assert "I.6 Sản phẩm cà phê, ca cao" in html


def test_an_expired_product_says_since_when(client, catalogue):
    product = catalogue.coffee_expired
    html = client.get(f"/san-pham/{product.pk}/{public_slug(product.name)}/").content.decode()

    certificate = product.latest_certificate
    since = day(certificate.valid_until + datetime.timedelta(days=1))
    assert f"Hết hiệu lực từ {since}" in html
    assert 'class="standing-panel standing-panel-expired"' in html
    assert "Hạng sao OCOP in trên bao bì sản phẩm này không còn giá trị." in html
    assert f"<dt>Hiệu lực đến</dt><dd>{day(certificate.valid_until)}</dd>" in html
    assert "<dt>Điểm</dt><dd>65</dd>" in html


def test_a_revoked_product_says_when_and_why(client, catalogue):
    product = catalogue.speciality_revoked
    product.latest_certificate.refresh_from_db()
    html = client.get(f"/san-pham/{product.pk}/").content.decode()

    revoked_on = day(product.latest_certificate.revoked_on)
    assert escape(f"Đã bị thu hồi ngày {revoked_on}, lý do: Không duy trì tiêu chí bắt buộc") in html
    assert 'class="standing-panel standing-panel-revoked"' in html


def test_the_product_page_describes_its_certification_for_machines(client, catalogue):
    expired = json_ld(client.get(f"/san-pham/{catalogue.coffee_expired.pk}/").content.decode())
    valid = json_ld(client.get(f"/san-pham/{catalogue.tea.pk}/").content.decode())

    assert expired["@type"] == "Product"
    assert expired["name"] == "Cà phê hạt rang Cầu Đất"
    [certification] = expired["hasCertification"]
    assert certification == {
        "@type": "Certification",
        "name": "OCOP 3 sao",
        "certificationIdentification": "7/QĐ-UBND",
        "certificationRating": {"@type": "Rating", "ratingValue": 3, "bestRating": 5, "worstRating": 1},
        "certificationStatus": "https://schema.org/CertificationInactive",
        "validFrom": catalogue.coffee_expired.latest_certificate.decision_date.isoformat(),
        "expires": catalogue.coffee_expired.latest_certificate.valid_until.isoformat(),
        # Decided before 1/7/2025, when Phường Mũi Né lay in Bình Thuận (now part of Lâm Đồng).
        "issuedBy": {"@type": "Organization", "name": "Ủy ban nhân dân tỉnh Bình Thuận"},
    }
    assert valid["hasCertification"][0]["certificationStatus"] == "https://schema.org/CertificationActive"
    assert valid["hasCertification"][0]["issuedBy"]["name"] == "Bộ Nông nghiệp và Môi trường"
    assert "aggregateRating" not in json.dumps([expired, valid])


def test_json_ld_cannot_close_its_script_element(client, catalogue):
    from ocop.registry.services import product_update

    product_update(acting_user=None, product=catalogue.tea, description="</script><script>alert(1)</script>")
    html = client.get(f"/san-pham/{catalogue.tea.pk}/").content.decode()

    assert "</script><script>" not in html
    assert json_ld(html)["description"] == "</script><script>alert(1)</script>"


def test_a_wrong_name_in_the_address_redirects_to_the_right_one(client, catalogue):
    response = client.get(f"/san-pham/{catalogue.tea.pk}/tra-xanh/")

    assert response.status_code == 301
    assert response["Location"] == f"/san-pham/{catalogue.tea.pk}/che-shan-tuyet-cau-dat/"


def test_products_without_a_certificate_are_not_public(client, catalogue):
    assert client.get(f"/san-pham/{catalogue.uncertified.pk}/").status_code == 404
    assert client.get("/san-pham/999999/").status_code == 404
    assert "Cà phê muối" not in client.get("/san-pham/", {"q": "ca phe"}).content.decode()


def test_the_producer_page_lists_its_products_with_their_status(client, catalogue):
    producer = catalogue.coffee_expired.producer
    html = client.get(f"/chu-the/{producer.pk}/").content.decode()

    assert "<h1>Hợp tác xã Nông nghiệp Cầu Đất</h1>" in html
    assert result_names(html) == ["Ca cao nguyên chất", "Cà phê hạt rang Cầu Đất", "Chè Shan tuyết Cầu Đất"]
    assert "Hết hiệu lực từ" in html


def test_a_producer_without_public_products_is_not_found(client, catalogue):
    from ocop.registry.tests.factories import make_producer

    assert client.get(f"/chu-the/{make_producer().pk}/").status_code == 404


def test_the_page_names_its_open_data_and_licence(client, catalogue):
    html = client.get("/san-pham/").content.decode()

    assert '<a href="/api/v1/products/export.csv">CSV</a>' in html
    assert '<a href="/api/v1/products/export.json">JSON</a>' in html
    assert "CC BY 4.0" in html


def public_pages(catalogue) -> list[str]:
    producer = catalogue.coffee.producer
    return [
        "/",
        "/san-pham/",
        "/san-pham/?q=ca+phe&rank=4",
        f"/san-pham/{catalogue.coffee.pk}/",
        f"/san-pham/{catalogue.coffee.pk}/{public_slug(catalogue.coffee.name)}/",
        f"/chu-the/{producer.pk}/",
        f"/chu-the/{producer.pk}/{public_slug(producer.name)}/",
        "/thong-ke/",
    ]


def registry_state() -> list[tuple]:
    return [
        tuple(model.objects.order_by("pk").values_list())
        for model in (Product, Producer, Certificate, AuditEvent)
    ]


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_public_pages_answer_only_get_and_head(client, catalogue, method):
    before = registry_state()

    for path in public_pages(catalogue):
        response = getattr(client, method)(path, {"q": "ca phe", "name": "Đổi tên"})
        assert (path, response.status_code, response.get("Allow")) == (path, 405, "GET, HEAD")

    assert registry_state() == before


def test_public_pages_answer_head_without_a_body(client, catalogue):
    for path in public_pages(catalogue):
        response = client.head(path)
        assert (path, response.status_code, response.content) == (path, 200, b"")
