"""The API's rate limit (``ocop.core.throttling``) through the public endpoints."""

import pytest
from django.test import Client

from ocop.accounts.tests.factories import UserFactory
from ocop.core import ratelimit

pytestmark = pytest.mark.django_db

UNIT = "/api/v1/units/legacy/77"
STATS = "/api/v1/stats"


@pytest.fixture(autouse=True)
def rates(settings):
    settings.NINJA_DEFAULT_THROTTLE_RATES = {"anon": "3/min", "user": "5/min"}


def statuses(client: Client, times: int, path: str = UNIT, **extra: str) -> list[int]:
    return [client.get(path, **extra).status_code for _ in range(times)]  # type: ignore[arg-type]


def test_an_anonymous_client_gets_the_limit_then_429_until_the_window_ends(client, now):
    allowed = statuses(client, 3)
    now.seconds += 15
    refused = client.get(UNIT)
    now.seconds += 45
    again = client.get(UNIT)

    assert allowed == [200, 200, 200]
    assert refused.status_code == 429
    assert refused.json() == {
        "detail": "Quá nhiều yêu cầu, hãy thử lại sau (too many requests, try again later)"
    }
    assert refused["Retry-After"] == "45"
    assert again.status_code == 200


def test_one_count_per_client_across_the_routers(client):
    assert statuses(client, 2, UNIT) + statuses(client, 2, STATS) == [200, 200, 200, 429]


def test_a_signed_in_user_is_counted_by_account_at_the_user_rate(client):
    user, colleague = UserFactory(), UserFactory()
    client.force_login(user)
    same_office = Client(REMOTE_ADDR="127.0.0.1")
    same_office.force_login(colleague)
    elsewhere = Client(REMOTE_ADDR="203.0.113.20")
    elsewhere.force_login(user)

    own = statuses(client, 4) + statuses(elsewhere, 2)
    colleague_statuses = statuses(same_office, 5)
    anonymous_at_the_same_address = statuses(Client(REMOTE_ADDR="127.0.0.1"), 3)

    assert own == [200, 200, 200, 200, 200, 429]
    assert colleague_statuses == [200] * 5
    assert anonymous_at_the_same_address == [200] * 3
    assert ratelimit.count(f"api:user:{user.pk}") == 6


def test_a_forged_forwarded_header_does_not_dodge_the_limit_without_a_proxy(client, settings):
    settings.NINJA_NUM_PROXIES = 0
    forged = [
        client.get(UNIT, HTTP_X_FORWARDED_FOR=f"198.51.100.{attempt}").status_code for attempt in range(4)
    ]

    assert forged == [200, 200, 200, 429]


def test_behind_one_proxy_clients_are_told_apart_by_the_address_it_appends(settings):
    settings.NINJA_NUM_PROXIES = 1
    proxy = Client(REMOTE_ADDR="10.0.0.1")

    first = statuses(proxy, 4, HTTP_X_FORWARDED_FOR="203.0.113.1")
    # The same client again, writing a different address in front of what the proxy appended.
    forged = statuses(proxy, 1, HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.1")
    second = statuses(proxy, 3, HTTP_X_FORWARDED_FOR="203.0.113.2")

    assert first == [200, 200, 200, 429]
    assert forged == [429]
    assert second == [200, 200, 200]


def test_a_broken_store_lets_api_requests_through_and_says_so(client, settings, tmp_path, caplog):
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    settings.RATELIMIT_DATABASE = blocker / "ratelimit.sqlite3"

    assert statuses(client, 5) == [200] * 5
    assert any("rate-limit store" in record.getMessage() for record in caplog.records)
