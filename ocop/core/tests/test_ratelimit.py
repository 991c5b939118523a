"""The counters: atomic across processes, windows that roll over, a store that breaks, client addresses."""

import logging
import multiprocessing
import sqlite3
import sys
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.contrib.auth import SESSION_KEY
from django.test import RequestFactory

from ocop.accounts.tests.factories import TEST_PASSWORD, UserFactory
from ocop.core import ratelimit

PROCESSES, HITS_EACH, LIMIT = 8, 40, 120


def _hit_many(start: object, allowed: object) -> None:
    start.wait()  # type: ignore[attr-defined]
    granted = sum(ratelimit.hit("burst", limit=LIMIT, window_seconds=60) for _ in range(HITS_EACH))
    with allowed.get_lock():  # type: ignore[attr-defined]
        allowed.value += granted  # type: ignore[attr-defined]


def test_concurrent_hits_from_processes_are_allowed_exactly_the_limit():
    """The attack: 8 workers × 40 hits at once against 120. The file cache let about twice through.

    Forked children inherit the test's settings (its own store); about half a second on two cores.
    """
    context = multiprocessing.get_context("fork")
    start, allowed = context.Barrier(PROCESSES), context.Value("i", 0)
    workers = [context.Process(target=_hit_many, args=(start, allowed)) for _ in range(PROCESSES)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=30)

    assert [worker.exitcode for worker in workers] == [0] * PROCESSES
    assert allowed.value == LIMIT
    assert ratelimit.count("burst") == PROCESSES * HITS_EACH


def test_concurrent_hits_from_threads_are_allowed_exactly_the_limit():
    start = threading.Barrier(PROCESSES)

    def hit_many() -> int:
        start.wait()
        return sum(ratelimit.hit("burst", limit=LIMIT, window_seconds=60) for _ in range(HITS_EACH))

    with ThreadPoolExecutor(PROCESSES) as pool:
        granted = [pool.submit(hit_many) for _ in range(PROCESSES)]

    assert sum(future.result() for future in granted) == LIMIT
    assert ratelimit.count("burst") == PROCESSES * HITS_EACH


def test_a_window_allows_the_limit_and_the_next_one_starts_afresh(now):
    allowed = [ratelimit.hit("k", limit=2, window_seconds=60) for _ in range(3)]
    now.seconds += 59.9
    at_the_end = ratelimit.hit("k", limit=2, window_seconds=60)
    count_at_the_end = ratelimit.count("k")
    now.seconds += 0.1
    count_after = ratelimit.count("k")
    in_the_next = ratelimit.hit("k", limit=2, window_seconds=60)

    assert allowed == [True, True, False]
    assert (at_the_end, count_at_the_end) == (False, 4)
    assert (count_after, in_the_next, ratelimit.count("k")) == (0, True, 1)


def test_the_window_starts_at_the_first_hit_and_is_not_stretched_by_later_ones(now):
    ratelimit.hit("k", limit=5, window_seconds=60)
    now.seconds += 30
    ratelimit.hit("k", limit=5, window_seconds=60)

    assert ratelimit.seconds_left("k") == 30.0
    assert ratelimit.seconds_left("other") == 0.0


def test_keys_count_apart_and_reset_clears_one(now):
    for _ in range(3):
        ratelimit.hit("a", limit=5, window_seconds=60)
    ratelimit.hit("b", limit=5, window_seconds=60)
    ratelimit.reset("a")

    assert (ratelimit.count("a"), ratelimit.count("b"), ratelimit.count("never")) == (0, 1, 0)
    assert ratelimit.hit("a", limit=1, window_seconds=60) is True


def test_ended_windows_are_pruned_now_and_then(now, settings):
    ratelimit.hit("old", limit=5, window_seconds=60)
    now.seconds += ratelimit.PRUNE_EVERY_SECONDS + 60
    ratelimit.hit("new", limit=5, window_seconds=60)

    with sqlite3.connect(settings.RATELIMIT_DATABASE) as store:
        keys = [key for (key,) in store.execute("SELECT key FROM counter")]
    assert keys == ["new"]


def _broken_store(tmp_path, kind: str):
    if kind == "not a database":
        path = tmp_path / "ratelimit.sqlite3"
        path.write_bytes(b"this is not a database file at all" * 100)
        return path
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    return blocker / "ratelimit.sqlite3"  # its folder cannot be made


@pytest.mark.parametrize("kind", ["not a database", "folder cannot be made"])
def test_a_broken_store_fails_closed_unless_asked_to_fail_open(settings, tmp_path, caplog, kind):
    settings.RATELIMIT_DATABASE = _broken_store(tmp_path, kind)

    with caplog.at_level(logging.ERROR, logger="ocop.core.ratelimit"):
        closed = ratelimit.hit("k", limit=5, window_seconds=60)
        opened = ratelimit.hit("k", limit=5, window_seconds=60, fail_open=True)
        counts = (ratelimit.count("k"), ratelimit.count("k", fail_open=True))
        ratelimit.reset("k")

    assert (closed, opened) == (False, True)
    assert counts == (sys.maxsize, 0)
    assert len(caplog.records) == 5
    assert all("rate-limit store" in record.getMessage() for record in caplog.records)


def test_the_store_works_again_once_repaired(settings, tmp_path):
    settings.RATELIMIT_DATABASE = _broken_store(tmp_path, "folder cannot be made")
    assert ratelimit.hit("k", limit=5, window_seconds=60) is False

    settings.RATELIMIT_DATABASE = tmp_path / "repaired.sqlite3"

    assert ratelimit.hit("k", limit=5, window_seconds=60) is True
    assert ratelimit.count("k") == 1


def _request(forwarded: str | None = None, remote: str = "198.51.100.7"):
    request = RequestFactory().get("/")
    request.META["REMOTE_ADDR"] = remote
    if forwarded is not None:
        request.META["HTTP_X_FORWARDED_FOR"] = forwarded
    return request


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, None, "198.51.100.7"),
        (0, "203.0.113.5", "198.51.100.7"),  # no proxy: the header is the client's own words
        (1, None, "198.51.100.7"),
        (1, "  ", "198.51.100.7"),
        (1, "203.0.113.5", "203.0.113.5"),
        (1, "6.6.6.6, 203.0.113.5", "203.0.113.5"),  # a forged left-most entry is never chosen
        (2, "6.6.6.6, 203.0.113.5, 10.0.0.2", "203.0.113.5"),
        (2, "203.0.113.5", "203.0.113.5"),  # fewer hops than proxies: the left-most there is
    ],
)
def test_client_address_trusts_only_the_configured_proxies(settings, proxies, forwarded, expected):
    settings.NINJA_NUM_PROXIES = proxies

    assert ratelimit.client_address(_request(forwarded)) == expected


@pytest.mark.django_db
def test_a_broken_store_refuses_sign_in_even_with_the_right_password(client, settings, tmp_path, caplog):
    """Failing closed, as sign-in asks by default: nobody signs in unthrottled while the store is down."""
    user = UserFactory()
    settings.RATELIMIT_DATABASE = _broken_store(tmp_path, "not a database")

    response = client.post("/accounts/login/", {"email": user.email, "password": TEST_PASSWORD})

    user.refresh_from_db()
    assert response.status_code == 429
    assert SESSION_KEY not in client.session
    assert user.last_login is None
    assert any("rate-limit store" in record.getMessage() for record in caplog.records)
