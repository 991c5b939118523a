"""The PostgreSQL backend notices a kept connection the server has closed, and asks the server nothing
about one it has not (``ocop.core.postgresql``)."""

import select
from collections.abc import Iterator

import pytest
from django.db import connection, connections
from django.db.backends.base.base import BaseDatabaseWrapper

pytestmark = [pytest.mark.django_db, pytest.mark.skipif("connection.vendor != 'postgresql'")]


@pytest.fixture
def kept() -> Iterator[BaseDatabaseWrapper]:
    """A connection of the application's own, beside the test's (which holds its transaction)."""
    wrapper = connections.create_connection("default")
    wrapper.ensure_connection()
    yield wrapper
    wrapper.close()


def last_query(wrapper: BaseDatabaseWrapper) -> str:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT query FROM pg_stat_activity WHERE pid = %s", [wrapper.connection.info.backend_pid]
        )
        return cursor.fetchone()[0]


def wait_until_readable(wrapper: BaseDatabaseWrapper) -> None:
    readable, _, _ = select.select([wrapper.connection.fileno()], [], [], 5)
    assert readable, "the server said nothing within 5 s"


def test_a_live_connection_is_usable_without_a_round_trip(kept):
    with kept.connection.cursor() as cursor:
        cursor.execute("SELECT 'the last request'")

    assert kept.is_usable() is True
    assert last_query(kept) == "SELECT 'the last request'"


def test_a_connection_the_server_closed_is_noticed_and_closed(kept):
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", [kept.connection.info.backend_pid])
        assert cursor.fetchone() == (True,)
    wait_until_readable(kept)

    assert kept.is_usable() is False
    kept.health_check_done = False  # as at the start of a request
    kept.close_if_health_check_failed()
    assert kept.connection is None


def test_a_connection_with_something_to_read_is_asked(kept):
    notifier = connections.create_connection("default")
    try:
        with kept.connection.cursor() as cursor:
            cursor.execute("LISTEN ocop_health_check")
        with notifier.cursor() as cursor:
            cursor.execute("NOTIFY ocop_health_check")
        wait_until_readable(kept)

        assert kept.is_usable() is True
        assert last_query(kept) == "SELECT 1"
    finally:
        notifier.close()
