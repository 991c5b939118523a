import pytest


@pytest.mark.parametrize("path", ["/api/openapi.json", "/api/v1/openapi.json"])
def test_the_openapi_description_lists_every_router(client, db, path):
    response = client.get(path)

    assert response.status_code == 200
    schema = response.json()
    assert schema["info"]["title"] == "OCOP Platform API"
    paths = set(schema["paths"])
    assert {
        "/api/v1/units",
        "/api/v1/units/{scheme}/{code}",
        "/api/v1/products",
        "/api/v1/stats",
        "/api/v1/imports/recognitions",
    } <= paths


@pytest.mark.parametrize("path", ["/api/docs", "/api/v1/docs"])
def test_the_docs_page_reads_the_description_from_this_site(client, db, path):
    response = client.get(path)

    assert response.status_code == 200
    html = response.content.decode()
    assert "/api/v1/openapi.json" in html
    assert "cdn.jsdelivr.net" not in html
