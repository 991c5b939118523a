"""``POST /api/v1/imports/recognitions``: who is asked first, what a malformed request gets, as documented."""

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from ocop.accounts.models import Role
from ocop.accounts.tests.factories import UserFactory
from ocop.registry.tests.test_import_api import registry_counts

pytestmark = pytest.mark.django_db
URL = "/api/v1/imports/recognitions"
CSRF_TOKEN = "0123456789abcdefghijklmnopqrstuv"  # a CSRF secret: 32 letters and digits
NOT_A_TABLE = b"\x89PNG\r\n\x1a\n\0\0\0"


def a_file() -> SimpleUploadedFile:
    return SimpleUploadedFile("anh.png", NOT_A_TABLE, content_type="text/csv")


def central_officer(*, with_csrf_token: bool) -> Client:
    client = Client(enforce_csrf_checks=True)
    client.force_login(UserFactory(role=Role.CENTRAL_OFFICER))
    if with_csrf_token:
        client.cookies[settings.CSRF_COOKIE_NAME] = CSRF_TOKEN
        client.defaults["HTTP_X_CSRFTOKEN"] = CSRF_TOKEN
    return client


def test_an_anonymous_caller_without_a_csrf_token_is_401_as_documented():
    response = Client(enforce_csrf_checks=True).post(URL, {"file": a_file()})

    assert response.status_code == 401
    assert response.json() == {"detail": "Cần đăng nhập (sign-in required)"}
    assert registry_counts() == (0, 0, 0, 0)


def test_a_signed_in_officer_without_the_csrf_token_is_403_naming_the_header():
    response = central_officer(with_csrf_token=False).post(URL, {"file": a_file()})

    assert response.status_code == 403
    assert response.json() == {
        "detail": "Thiếu hoặc sai mã CSRF: gửi mã của phiên trong tiêu đề X-CSRFToken "
        "(CSRF token missing or incorrect: send the session's token in the X-CSRFToken header)"
    }
    assert registry_counts() == (0, 0, 0, 0)


def test_a_signed_in_officer_with_the_csrf_token_reaches_the_import():
    response = central_officer(with_csrf_token=True).post(URL, {"file": a_file()})

    assert response.status_code == 422  # the file is read, and refused: not a table
    body = response.json()
    assert (body["ok"], body["error_count"], body["errors"][0]["line"]) == (False, 1, 0)


def test_a_request_without_file_is_422_naming_the_field():
    response = central_officer(with_csrf_token=True).post(URL, {"dry_run": "true"})

    assert response.status_code == 422
    assert response.json() == {
        "detail": [{"type": "missing", "loc": ["file", "file"], "msg": "Field required"}]
    }
    assert registry_counts() == (0, 0, 0, 0)


def test_a_body_that_is_not_multipart_is_a_json_400_and_nothing_is_written():
    client = central_officer(with_csrf_token=True)

    response = client.post(URL, b"--x\r\nbroken", content_type="multipart/form-data; boundary=")

    assert response.status_code == 400
    assert response.json() == {"detail": "Yêu cầu không đọc được (malformed request)"}
    assert registry_counts() == (0, 0, 0, 0)


def test_the_document_says_who_gets_401_and_403(client):
    operation = client.get("/api/openapi.json").json()["paths"][URL]["post"]

    assert "- 401: not signed in (with or without a CSRF token" in operation["description"]
    assert "403: signed in without\n  the CSRF token" in operation["description"]
    assert operation["security"] == [{"SignedInSession": []}]
