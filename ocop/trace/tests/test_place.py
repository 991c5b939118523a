"""The coarse place of a scan, posted from the scan page with a signed token."""

import datetime
import time
from decimal import Decimal

import pytest
from django.core import signing

from ocop.trace import place, services
from ocop.trace.models import Scan
from ocop.trace.provinces import SEATS, nearest_province, provinces_apart_km

JSON = {"HTTP_ACCEPT": "application/json"}


@pytest.fixture
def scan(client, batch):
    run = services.stamps_issue(acting_user=None, batch=batch, count=1)
    serial = run.stamps.get().serial
    page = client.get(f"/p/51-21400-901-2025/10/L2026-01/21/{serial}")
    return Scan.objects.get(stamp__serial=serial), page.content.decode()


def _post(client, scan_id: int, token: str, latitude: str = "15.1234", longitude: str = "108.8061"):
    return client.post(
        f"/truy-xuat/quet/{scan_id}/khu-vuc", {"token": token, "latitude": latitude, "longitude": longitude}
    )


def test_the_scan_page_offers_the_button_with_a_token_and_no_inline_script(scan):
    recorded, html = scan
    token = place.place_token(recorded.pk)

    assert f'data-url="/truy-xuat/quet/{recorded.pk}/khu-vuc" data-token="{token.rsplit(":", 2)[0]}' in html
    assert "Chia sẻ khu vực của tôi</button>" in html
    assert '<script src="/static/trace/place.js" defer></script>' in html
    assert "<script>" not in html


def test_a_valid_token_records_the_place_rounded_to_a_tenth(client, scan):
    recorded, _html = scan
    enforce_csrf = client.handler.enforce_csrf_checks
    client.handler.enforce_csrf_checks = True  # as a browser would be checked: the view needs no CSRF token

    response = _post(client, recorded.pk, place.place_token(recorded.pk))

    client.handler.enforce_csrf_checks = enforce_csrf
    recorded.refresh_from_db()
    assert response.status_code == 204
    assert (recorded.latitude, recorded.longitude, recorded.province_code) == (
        Decimal("15.1"),
        Decimal("108.8"),
        51,
    )


def test_a_second_post_changes_nothing(client, scan):
    recorded, _html = scan
    token = place.place_token(recorded.pk)
    _post(client, recorded.pk, token)

    response = _post(client, recorded.pk, token, "10.78", "106.70")

    recorded.refresh_from_db()
    assert response.status_code == 204
    assert (recorded.latitude, recorded.province_code) == (Decimal("15.1"), 51)


@pytest.mark.parametrize(
    "token",
    [
        "forged",
        "123:1abcde:not-a-signature",
        signing.TimestampSigner(salt="another").sign("1"),
    ],
)
def test_a_forged_token_is_refused_and_nothing_changes(client, scan, token):
    recorded, _html = scan

    response = _post(client, recorded.pk, token)

    recorded.refresh_from_db()
    assert response.status_code == 400
    assert (recorded.latitude, recorded.longitude, recorded.province_code) == (None, None, None)


def test_a_token_of_another_scan_is_refused(client, scan):
    recorded, _html = scan

    response = _post(client, recorded.pk, place.place_token(recorded.pk + 1))

    assert response.status_code == 400


def test_an_expired_token_is_refused(client, scan, monkeypatch):
    recorded, _html = scan
    token = place.place_token(recorded.pk)
    later = time.time() + place.TOKEN_MAX_AGE_SECONDS + 1
    monkeypatch.setattr("django.core.signing.time.time", lambda: later)

    response = _post(client, recorded.pk, token)

    recorded.refresh_from_db()
    assert response.status_code == 400
    assert recorded.latitude is None


def test_a_token_for_a_scan_that_is_gone_is_a_404(client, db):
    response = _post(client, 999_999, place.place_token(999_999))

    assert response.status_code == 404


@pytest.mark.parametrize(("latitude", "longitude"), [("nan", "1"), ("91", "100"), ("abc", "100"), ("", "")])
def test_a_position_that_is_not_one_is_refused(client, scan, latitude, longitude):
    recorded, _html = scan

    response = _post(client, recorded.pk, place.place_token(recorded.pk), latitude, longitude)

    assert response.status_code == 400


def test_rounding_never_keeps_more_than_a_tenth():
    assert place.coarse_position("21.0285", "105.8542") == (Decimal("21.0"), Decimal("105.9"))
    assert place.coarse_position("-0.05", "0.04") == (Decimal("-0.1"), Decimal("0.0"))


@pytest.mark.parametrize(
    ("latitude", "longitude", "province"),
    [
        (21.0, 105.8, 1),  # Hà Nội
        (10.8, 106.7, 79),  # Hồ Chí Minh
        (14.4, 108.0, 51),  # Kon Tum, now Quảng Ngãi
        (12.7, 108.0, 66),  # Buôn Ma Thuột
        (16.1, 108.2, 48),  # Đà Nẵng
        (48.9, 2.4, None),  # Paris
    ],
)
def test_the_nearest_province(latitude, longitude, province):
    assert nearest_province(latitude, longitude) == province


def test_the_seats_cover_the_34_provinces_with_the_63_former_ones():
    assert (len(SEATS), sum(len(seats) for seats in SEATS.values())) == (34, 63)
    assert round(provinces_apart_km(1, 79) or 0) == 1143


def test_the_token_is_good_for_ten_minutes():
    assert place.TOKEN_MAX_AGE_SECONDS == 600
    assert place.place_token_scan_id(place.place_token(42)) == 42
    assert datetime.timedelta(seconds=place.TOKEN_MAX_AGE_SECONDS) == datetime.timedelta(minutes=10)
