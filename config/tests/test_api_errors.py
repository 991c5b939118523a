"""Every answer under /api/ is JSON in a documented shape; the site's own pages stay HTML."""

import logging

import pytest
from django.test import Client

from config.api import api
from ocop.registry.api import products

pytestmark = pytest.mark.django_db

NOT_FOUND = {"detail": "Không tìm thấy (not found)"}
SERVER_ERROR = {"detail": "Lỗi máy chủ, đã được ghi lại (server error, logged)"}


@pytest.mark.parametrize("path", ["/api/", "/api/v2/products", "/api/v1/nothing", "/api/v1/units/x/y/z"])
def test_an_unknown_address_under_api_is_a_json_404(client, path):
    response = client.get(path)

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response.json() == NOT_FOUND


def test_an_unknown_address_elsewhere_is_still_the_sites_page(client):
    response = client.get("/khong-co-trang-nay/")

    assert response.status_code == 404
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert "Không tìm thấy trang" in response.content.decode()


def test_a_malformed_parameter_is_422_listing_each_problem(client):
    response = client.get("/api/v1/products", {"page": "0", "rank": "6"})

    assert response.status_code == 422
    assert response.json() == {
        "detail": [
            {
                "type": "enum",
                "loc": ["query", "rank"],
                "msg": "Input should be '3', '4', '5_potential' or '5'",
                "ctx": {"expected": "'3', '4', '5_potential' or '5'"},
            },
            {
                "type": "greater_than_equal",
                "loc": ["query", "page"],
                "msg": "Input should be greater than or equal to 1",
                "ctx": {"ge": 1},
            },
        ]
    }


def test_a_crash_in_an_endpoint_is_a_json_500_and_logged_with_its_traceback(client, monkeypatch, caplog):
    def crash(**_: object) -> None:
        raise ZeroDivisionError("the registry crashed")

    monkeypatch.setattr(products, "product_list_public", crash)

    with caplog.at_level(logging.ERROR, logger="django.request"):
        response = client.get("/api/v1/products", {"q": "cà phê"})

    assert response.status_code == 500
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response.json() == SERVER_ERROR
    [record] = [r for r in caplog.records if r.name == "django.request"]
    assert record.getMessage() == "Internal Server Error: /api/v1/products"
    assert record.exc_info is not None
    assert record.exc_info[0] is ZeroDivisionError
    assert "the registry crashed" in caplog.text


def test_a_crash_outside_an_endpoint_is_a_json_500_under_api(monkeypatch):
    def crash(**_: object) -> None:
        raise ZeroDivisionError("the description crashed")

    monkeypatch.setattr(api, "get_openapi_schema", crash)
    client = Client(raise_request_exception=False)

    response = client.get("/api/openapi.json")

    assert response.status_code == 500
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response.json() == SERVER_ERROR


def answers_with(responses: dict, status: str) -> set[str]:
    """The names of the schemas documented for ``status``, whether one or any of several."""
    schema = responses.get(status, {}).get("content", {}).get("application/json", {}).get("schema", {})
    return {option["$ref"].rsplit("/", 1)[-1] for option in schema.get("anyOf", [schema]) if "$ref" in option}


def test_the_document_lists_the_errors_every_operation_can_give(client):
    """422 wherever there is a parameter or a body; 429 for the anonymous (rate-limited) operations; 401
    and 403 for those that need a session. A new endpoint that leaves one out fails here."""
    document = client.get("/api/openapi.json").json()

    operations = [
        (f"{method.upper()} {path}", operation)
        for path, methods in document["paths"].items()
        for method, operation in methods.items()
    ]
    assert len(operations) == 16
    for name, operation in operations:
        responses = operation["responses"]
        if operation.get("parameters") or operation.get("requestBody"):
            assert "ValidationErrorOut" in answers_with(responses, "422"), name
        if operation.get("security"):
            assert answers_with(responses, "401") == answers_with(responses, "403") == {"ErrorOut"}, name
        else:
            assert answers_with(responses, "429") == {"ErrorOut"}, name
    schemas = document["components"]["schemas"]
    assert schemas["ErrorOut"]["required"] == ["detail"]
    assert schemas["ValidationErrorOut"]["properties"]["detail"]["items"] == {
        "$ref": "#/components/schemas/ValidationIssueOut"
    }


@pytest.mark.parametrize(
    ("method", "path", "allowed", "detail"),
    [
        (
            "delete",
            "/api/v1/products",
            "GET",
            "Không nhận DELETE, chỉ nhận GET (DELETE not allowed; allowed: GET)",
        ),
        (
            "get",
            "/api/v1/imports/recognitions",
            "POST",
            "Không nhận GET, chỉ nhận POST (GET not allowed; allowed: POST)",
        ),
    ],
)
def test_a_method_an_address_does_not_take_is_a_json_405_naming_the_allowed_one(
    client, method, path, allowed, detail
):
    response = getattr(client, method)(path)

    assert response.status_code == 405
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Allow"] == allowed
    assert response.json() == {"detail": detail}
