"""Request bodies refused by their Content-Length before anything reads them (``BodyLimitMiddleware``)."""

from typing import Any

import pytest
from django.http import HttpRequest, HttpResponse
from django.test import Client, RequestFactory
from django.urls import reverse

from ocop.core.middleware import BodyLimitMiddleware
from ocop.registry.importing.reading import MAX_FILE_BYTES
from ocop.registry.models import ImportBatch, ProductImage

pytestmark = pytest.mark.django_db

MB = 1024 * 1024


MEGABYTES = "\N{NO-BREAK SPACE}MB"  # filesizeformat's "300,0 MB"


def too_large(size: str, limit: str) -> str:
    return f"Nội dung gửi lên {size}{MEGABYTES}, vượt giới hạn {limit}{MEGABYTES} của địa chỉ này."


def too_large_in_both(size: str, limit: str) -> str:
    english_size, english_limit = size.replace(",", "."), limit.replace(",", ".")
    return (
        f"Nội dung gửi lên {size}{MEGABYTES}, vượt giới hạn {limit}{MEGABYTES} của địa chỉ này (the body of "
        f"{english_size}{MEGABYTES} is over this address's limit of {english_limit}{MEGABYTES})"
    )


class UnreadableBody:
    """A ``wsgi.input`` that fails the test if anything reads it: no 300 MB are sent."""

    def __init__(self) -> None:
        self.reads = 0

    def read(self, *args: Any) -> bytes:
        self.reads += 1
        raise AssertionError("the request body was read")

    readline = read


def send(client: Client, method: str, path: str, declared: str) -> tuple[Any, UnreadableBody]:
    body = UnreadableBody()
    extra: dict[str, Any] = {"CONTENT_LENGTH": declared, "wsgi.input": body}
    content_type = "multipart/form-data; boundary=unread"
    if method == "get":
        return client.get(path, **extra), body
    return client.post(path, data=b"", content_type=content_type, **extra), body


@pytest.mark.parametrize(
    ("method", "path", "declared", "message"),
    [
        ("post", "/api/v1/imports/recognitions", 300 * MB, too_large_in_both("300,0", "50,1")),
        ("get", "/api/v1/units", 6 * MB, too_large_in_both("6,0", "5,0")),
    ],
)
def test_an_oversized_api_body_is_refused_unread_in_json(client, method, path, declared, message):
    response, body = send(client, method, path, str(declared))

    assert response.status_code == 413
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response.json() == {"detail": message}
    assert body.reads == 0
    assert ImportBatch.objects.count() == 0


@pytest.mark.parametrize(
    ("path", "declared", "message"),
    [
        (
            "/registry/imports/new",
            300 * MB,
            too_large("300,0", "50,1"),
        ),
        (
            "/registry/products/1/images/new",
            300 * MB,
            too_large("300,0", "5,1"),
        ),
        (
            "/accounts/login/",
            6 * MB,
            too_large("6,0", "5,0"),
        ),
    ],
)
def test_an_oversized_body_elsewhere_is_refused_unread_with_a_short_page(client, path, declared, message):
    response, body = send(client, "post", path, str(declared))

    page = response.content.decode()
    assert response.status_code == 413
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert '<html lang="vi">' in page
    assert "<h1>Yêu cầu quá lớn</h1>" in page
    assert f'<p role="alert">{message}</p>' in page
    assert response["X-Content-Type-Options"] == "nosniff"  # SecurityMiddleware ran first
    assert body.reads == 0
    assert (ImportBatch.objects.count(), ProductImage.objects.count()) == (0, 0)


@pytest.mark.parametrize("declared", ["abc", "-1", "1e9", "+5", "١٢", "12 34"])
def test_a_content_length_that_is_not_a_number_of_bytes_is_refused(client, declared):
    api, api_body = send(client, "post", "/api/v1/imports/recognitions", declared)
    page, page_body = send(client, "post", "/accounts/login/", declared)

    message = f"Tiêu đề Content-Length phải là một số byte, không phải “{declared}”"
    assert (api.status_code, page.status_code) == (400, 400)
    assert api.json() == {"detail": f"{message} (Content-Length must be a number of bytes, not “{declared}”)"}
    assert f'<p role="alert">{message}.</p>' in page.content.decode()
    assert (api_body.reads, page_body.reads) == (0, 0)


def test_the_page_is_in_the_language_the_visitor_chose(client):
    client.cookies["django_language"] = "en"

    response, _body = send(client, "post", "/accounts/login/", str(6 * MB))

    assert response["Content-Language"] == "en"
    assert '<html lang="en">' in response.content.decode()


def test_the_echoed_header_is_escaped_and_cut_short(client):
    page, _body = send(client, "post", "/accounts/login/", "<script>" + "9" * 100)

    assert "Content-Length phải là một số byte, không phải “&lt;script&gt;" + "9" * 32 + "”." in (
        page.content.decode()
    )


def _passes(path: str, declared: int) -> bool:
    reached: list[HttpRequest] = []

    def view(request: HttpRequest) -> HttpResponse:
        reached.append(request)
        return HttpResponse()

    request = RequestFactory().post(path, data=b"", content_type="application/octet-stream")
    request.META["CONTENT_LENGTH"] = str(declared)
    BodyLimitMiddleware(view)(request)
    return bool(reached)


@pytest.mark.parametrize(
    ("path", "limit"),
    [
        (reverse("api-v1:recognitions_upload"), MAX_FILE_BYTES + 64 * 1024),
        (reverse("registry:import_new"), MAX_FILE_BYTES + 64 * 1024),
        (reverse("registry:product_image_add", args=[12345]), 5 * MB + 64 * 1024),
        (reverse("registry:import_start", args=[1]), 5 * MB),
        (reverse("accounts:login"), 5 * MB),
        ("/api/v1/products", 5 * MB),
    ],
)
def test_each_address_takes_a_body_up_to_its_limit_and_not_a_byte_more(path, limit):
    assert _passes(path, limit) is True
    assert _passes(path, limit + 1) is False


def test_a_request_without_a_body_is_not_checked(client):
    assert client.get("/api/v1/units/legacy/77", CONTENT_LENGTH="").status_code == 200
