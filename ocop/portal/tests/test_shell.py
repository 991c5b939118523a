"""The site shell: base template, home page, language switch, error pages, formats."""

import datetime
import re
from decimal import Decimal

import pytest
from django.template import engines
from django.test import RequestFactory
from django.utils import translation
from django.views.defaults import server_error

from ocop.accounts.models import Role
from ocop.accounts.tests.factories import MO_DUC, UserFactory, commune


@pytest.fixture(autouse=True)
def _plain_static_storage(settings):
    # With DEBUG off the manifest storage fails on files that collectstatic has not seen.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


def test_home_page_renders_for_anonymous_visitors(client, db):
    response = client.get("/")

    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="vi">' in html
    assert "<title>Nền tảng OCOP</title>" in html
    assert '<a class="skip-link" href="#main">Chuyển đến nội dung chính</a>' in html
    assert '<main id="main" tabindex="-1" class="site-main">' in html
    assert "<h1>Chương trình Mỗi xã một sản phẩm (OCOP)</h1>" in html
    assert html.count('href="/san-pham/"') == 3  # two menus and the home page card
    assert html.count('href="/thong-ke/"') == 3
    assert html.count('<a href="/" aria-current="page">Trang chủ</a>') == 2
    assert '<script src="/static/vendor/htmx/htmx.min.js" defer></script>' in html
    assert 'href="/static/core/site.css"' in html


def test_the_shell_has_no_inline_script_or_style(client, db):
    client.force_login(UserFactory(role=Role.CENTRAL_OFFICER))

    html = client.get("/").content.decode()

    assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", html) == []
    assert "<style" not in html
    assert " style=" not in html


def test_content_security_policy_is_sent(client, db):
    response = client.get("/")

    assert "script-src 'self'" in response["Content-Security-Policy"]


def test_home_page_shows_the_role_and_unit_of_a_signed_in_user(client, db):
    user = UserFactory(
        role=Role.PRODUCER,
        full_name="Nguyễn Thị Hồng",
        unit=commune(MO_DUC),
        organisation_name="Hợp tác xã Nông nghiệp Đức Tân",
    )
    client.force_login(user)

    html = client.get("/").content.decode()

    assert "Xin chào, Nguyễn Thị Hồng" in html
    assert "<dd>Chủ thể OCOP</dd>" in html
    assert "<dd>Xã Mộ Đức</dd>" in html
    assert "<dd>Hợp tác xã Nông nghiệp Đức Tân</dd>" in html


def test_language_switch_renders_english(client, db):
    home = client.get("/")
    assert '<button type="submit" name="language" value="en" lang="en"' in home.content.decode()

    switched = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    response = client.get("/")

    assert switched.status_code == 302
    assert switched["Location"] == "/"
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert "<title>OCOP Platform</title>" in html
    assert "<h1>One Commune One Product programme (OCOP)</h1>" in html
    assert '<a href="/accounts/login/">Sign in</a>' in html
    assert [str(item.label) for item in response.context["navigation"]] == [
        "Home",
        "OCOP products",
        "Self-assessment",
        "Statistics",
        "OCOP sales points",
    ]


def test_language_switch_works_with_csrf_checks(db):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    home = client.get("/")
    token = str(home.context["csrf_token"])

    response = client.post("/i18n/setlang/", {"language": "en", "next": "/", "csrfmiddlewaretoken": token})

    assert response.status_code == 302
    assert client.cookies["django_language"].value == "en"


def test_login_page_in_english(client, db):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})

    html = client.get("/accounts/login/").content.decode()

    assert '<label for="id_email">Email:</label>' in html
    assert '<label for="id_password">Password:</label>' in html


def test_unknown_page_is_404_in_the_shell(client, db):
    response = client.get("/khong-co-trang-nay/")

    html = response.content.decode()
    assert response.status_code == 404
    assert "<h1>Không tìm thấy trang</h1>" in html
    assert '<a class="site-name" href="/">Nền tảng OCOP</a>' in html


def test_server_error_page_renders_without_a_request_context(db):
    request = RequestFactory().get("/")

    response = server_error(request)

    html = response.content.decode()
    assert response.status_code == 500
    assert "<h1>Lỗi hệ thống</h1>" in html
    assert '<html lang="vi">' in html


def render(source: str, context: dict[str, object]) -> str:
    return engines["django"].from_string("{% load humanize %}" + source).render(context)


FORMATS = '{{ day|date:"SHORT_DATE_FORMAT" }} {{ amount|floatformat:"1g" }} {{ count|intcomma }} {{ amount }}'


def test_vietnamese_dates_and_numbers():
    context = {"day": datetime.date(2026, 11, 23), "amount": Decimal("1234.5"), "count": 1234567}

    with translation.override("vi"):
        assert render(FORMATS, context) == "23/11/2026 1.234,5 1.234.567 1.234,5"


def test_english_dates_and_numbers():
    context = {"day": datetime.date(2026, 11, 23), "amount": Decimal("1234.5"), "count": 1234567}

    with translation.override("en"):
        assert render(FORMATS, context) == "23/11/2026 1,234.5 1,234,567 1,234.5"
