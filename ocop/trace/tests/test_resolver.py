"""The GS1 resolver at the site root: product and batch URIs without a serial, link types, linksets and the
resolver's description."""

import pytest
from django.utils import timezone

from ocop.registry.models import Certificate
from ocop.registry.services import certificate_revoke
from ocop.trace import services

SITE = "http://127.0.0.1:8000"
GTIN = "08938505974194"
LINKSET = "application/linkset+json"


@pytest.fixture
def with_gtin(product):
    product.gtin = GTIN
    product.save(update_fields=["gtin"])
    return product


def _certificate(product) -> Certificate:
    return product.latest_certificate


def test_a_product_by_gtin_redirects_to_its_catalogue_page(client, with_gtin, batch):
    response = client.get(f"/01/{GTIN}")

    assert response.status_code == 307
    assert response["Location"] == f"{SITE}/san-pham/{with_gtin.pk}/"
    assert response["Cache-Control"] == "public, max-age=60"
    assert response["Link"] == f'<{SITE}/01/{GTIN}?linkType=all>; rel="linkset"; type="{LINKSET}"'


def test_a_product_by_code_redirects_even_when_it_has_a_gtin(client, with_gtin):
    response = client.get("/p/51-21400-901-2025")

    assert (response.status_code, response["Location"]) == (307, f"{SITE}/san-pham/{with_gtin.pk}/")


def test_link_types_pick_the_target_in_short_and_full_form(client, with_gtin, batch):
    number = _certificate(with_gtin).number
    answers = {
        link_type: client.get(f"/01/{GTIN}", {"linkType": link_type})
        for link_type in ("gs1:pip", "https://gs1.org/voc/certificationInfo", "gs1:traceability")
    }

    assert {key: (value.status_code, value["Location"]) for key, value in answers.items()} == {
        "gs1:pip": (307, f"{SITE}/san-pham/{with_gtin.pk}/"),
        "https://gs1.org/voc/certificationInfo": (307, f"{SITE}/c/{number}"),
        "gs1:traceability": (307, f"{SITE}/01/{GTIN}/10/L2026-01"),
    }


def test_a_batch_uri_answers_its_page_and_its_epcis_document(client, product, batch):
    batch.raw_material_origin = "Cà phê vối Đắk Lắk"
    batch.processing_steps = [{"step": "Rang", "on": "2026-11-30", "note": ""}]
    batch.save()

    page = client.get("/p/51-21400-901-2025/10/L2026-01")
    traceability = client.get("/p/51-21400-901-2025/10/L2026-01", {"linkType": "gs1:traceability"})

    html = page.content.decode()
    assert page.status_code == 200
    assert page.templates[0].name == "trace/resolver_batch.html"
    for text in ("Cà phê rang xay Mộ Đức", "Hợp tác xã Cà phê Mộ Đức", "Xã Mộ Đức, Tỉnh Quảng Ngãi",
                 "30/11/2026", "Cà phê vối Đắk Lắk", "Rang", "Còn hiệu lực"):  # fmt: skip
        assert text in html
    assert "/21/" not in html
    assert (traceability.status_code, traceability["Location"]) == (
        307,
        f"{SITE}/api/v1/trace/batches/{batch.pk}/epcis",
    )


def test_the_batch_page_shows_a_revocation_at_once(client, product, batch):
    certificate_revoke(
        acting_user=None, certificate=_certificate(product), revoked_on=timezone.localdate(), reason="Vi phạm"
    )

    page = client.get("/p/51-21400-901-2025/10/L2026-01")

    assert "Đã thu hồi" in page.content.decode()


def test_the_linkset_lists_every_link_with_its_type(client, with_gtin, batch):
    number = _certificate(with_gtin).number

    by_parameter = client.get(f"/01/{GTIN}/10/L2026-01", {"linkType": "all"})
    by_accept = client.get(f"/01/{GTIN}/10/L2026-01", HTTP_ACCEPT=LINKSET)

    assert by_parameter["Content-Type"] == LINKSET
    assert by_parameter.json() == by_accept.json()

    def entry(href: str, title: str, media_type: str = "text/html") -> list[dict]:
        return [{"href": href, "title": title, "type": media_type, "hreflang": ["vi"]}]

    assert by_parameter.json() == {
        "linkset": [
            {
                "anchor": f"{SITE}/01/{GTIN}/10/L2026-01",
                "https://gs1.org/voc/defaultLink": entry(
                    f"{SITE}/01/{GTIN}/10/L2026-01", "Thông tin lô sản phẩm"
                ),
                "https://gs1.org/voc/pip": entry(
                    f"{SITE}/san-pham/{with_gtin.pk}/", "Trang thông tin sản phẩm"
                ),
                "https://gs1.org/voc/certificationInfo": entry(f"{SITE}/c/{number}", "Giấy chứng nhận OCOP"),
                "https://gs1.org/voc/traceability": entry(
                    f"{SITE}/api/v1/trace/batches/{batch.pk}/epcis",
                    "Lịch sử lô (EPCIS)",
                    "application/ld+json",
                ),
            }
        ]
    }


def test_an_unknown_link_type_is_a_404_listing_those_there_are(client, product, batch):
    page = client.get("/p/51-21400-901-2025", {"linkType": "gs1:recipeInfo"})
    answer = client.get(
        "/p/51-21400-901-2025", {"linkType": "gs1:recipeInfo"}, HTTP_ACCEPT="application/json"
    )

    assert page.status_code == 404
    assert "gs1:certificationInfo" in page.content.decode()
    assert answer.status_code == 404
    assert answer.json() == {
        "detail": "Không có liên kết loại “gs1:recipeInfo” cho sản phẩm này.",
        "linkTypes": ["gs1:pip", "gs1:certificationInfo", "gs1:traceability", "gs1:defaultLink"],
    }


def test_certification_info_of_a_product_without_a_certificate_is_a_404(client, product, batch):
    type(product).objects.filter(pk=product.pk).update(latest_certificate=None)

    response = client.get("/p/51-21400-901-2025", {"linkType": "gs1:certificationInfo"})
    default = client.get("/p/51-21400-901-2025")

    assert response.status_code == 404
    # Outside the catalogue, the product's default is its latest batch.
    assert (default.status_code, default["Location"]) == (307, f"{SITE}/p/51-21400-901-2025/10/L2026-01")


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/01/08938505974195", 400),  # wrong check digit
        ("/01/12345", 400),  # not a GTIN's length
        ("/01/00000000000000", 404),  # a GTIN nobody has
        ("/p/51-00000-000-2025", 404),
        ("/p/51-21400-901-2025/10/L1999", 404),
    ],
)
def test_unknown_or_malformed_keys(client, with_gtin, batch, path, status):
    page = client.get(path)
    answer = client.get(path, HTTP_ACCEPT="application/json")

    assert (page.status_code, answer.status_code) == (status, status)
    assert set(answer.json()) == {"detail"}


def test_a_gtin_404_says_so_in_words(client, with_gtin):
    answer = client.get("/01/00000000000000", HTTP_ACCEPT="application/json")

    assert answer.json() == {"detail": "Nền tảng OCOP không có sản phẩm hay lô sản phẩm này."}


def test_a_stamp_uri_still_goes_to_the_scan(client, batch):
    run = services.stamps_issue(acting_user=None, batch=batch, count=1)
    serial = run.stamps.get().serial

    response = client.get(f"/p/51-21400-901-2025/10/L2026-01/21/{serial}", HTTP_ACCEPT="application/json")

    assert response.json()["genuine"] is True


def test_the_resolver_description(client, db):
    response = client.get("/.well-known/gs1resolver")

    assert response.status_code == 200
    assert response["Cache-Control"] == "public, max-age=300"
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response.json() == {
        "name": "Nền tảng OCOP (OCOP Platform)",
        "resolverRoot": SITE,
        "supportedPrimaryKeys": ["01", "gtin", "p"],
        "supportedLinkType": [{"namespace": "https://gs1.org/voc/", "prefix": "gs1:"}],
        "linkTypes": ["gs1:pip", "gs1:certificationInfo", "gs1:traceability", "gs1:defaultLink"],
        "linkTypeDefaultCanBeLinkset": False,
        "jsonLdContextLocation": "https://ref.gs1.org/standards/resolver/linkset-context",
        "contact": {"fn": "Nền tảng OCOP"},
    }


def test_a_head_answers_without_a_body(client, with_gtin):
    response = client.head(f"/01/{GTIN}")

    assert response.status_code == 307


def test_a_redirect_passes_the_other_query_parameters_on(client, with_gtin, batch):
    number = _certificate(with_gtin).number

    plain = client.get(f"/01/{GTIN}?utm_source=tem&utm_source=hoi-cho&ref=a%26b")
    chosen = client.get(f"/01/{GTIN}?linkType=gs1:certificationInfo&context=vi&utm_medium=qr")

    assert (plain.status_code, plain["Location"]) == (
        307,
        f"{SITE}/san-pham/{with_gtin.pk}/?utm_source=tem&utm_source=hoi-cho&ref=a%26b",
    )
    assert (chosen.status_code, chosen["Location"]) == (307, f"{SITE}/c/{number}?utm_medium=qr")


def test_a_cors_preflight_is_answered_and_other_methods_are_not(client, with_gtin):
    preflight = client.options(
        f"/01/{GTIN}",
        headers={"Origin": "https://shop.example", "Access-Control-Request-Method": "GET"},
    )
    posted = client.post(f"/01/{GTIN}")

    assert preflight.status_code == 204
    assert {
        name: preflight[name]
        for name in (
            "Access-Control-Allow-Origin",
            "Access-Control-Allow-Methods",
            "Access-Control-Allow-Headers",
            "Access-Control-Max-Age",
        )
    } == {
        "Access-Control-Allow-Origin": "*",
        "Access-Control-Allow-Methods": "GET, HEAD, OPTIONS",
        "Access-Control-Allow-Headers": "Accept, Accept-Language",
        "Access-Control-Max-Age": "86400",
    }
    assert (posted.status_code, posted["Allow"]) == (405, "GET, HEAD, OPTIONS")
