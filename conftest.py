import datetime
import itertools
import os
import zoneinfo

import pytest
import time_machine
from django.db import connection

_counter_stores = itertools.count()


@pytest.fixture(scope="session")
def _counter_store_folder(tmp_path_factory):
    return tmp_path_factory.mktemp("ratelimit")


@pytest.fixture(autouse=True)
def _isolated_cache(settings, _counter_store_folder):
    """Each test gets an empty in-process cache and a rate-limit store of its own, so sign-in throttles
    and rate limits start from zero.

    The store is a file name only: the file is made when the test first counts, so the many tests that
    never do pay nothing. The registry snapshot of the statistics goes too: rows a test rolled back can
    come back in the next test with the same ids, so the registry version alone would not tell the two
    apart.
    """
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    settings.RATELIMIT_DATABASE = _counter_store_folder / f"{next(_counter_stores)}.sqlite3"
    from django.core.cache import cache

    from ocop.registry import snapshot

    cache.clear()
    snapshot.forget()


def pytest_configure(config):
    """The whole run happens on one day in Vietnam: the clock moves to 10:00 of today's date there, and ticks.

    Modules that read today's date when imported, and code that reads it while a test runs, must see the
    same day: a run that crossed midnight in Vietnam (17:00 UTC) failed their date comparisons every
    evening. Set before collection, so those modules read the moved clock too; a run lasts minutes, so
    the day cannot change under it. Processes the tests start (servers in threads excepted) keep the real
    clock.
    """
    from django.conf import settings

    if not settings.configured:
        return
    here = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    today = datetime.datetime.now(here).date()
    morning = datetime.datetime.combine(today, datetime.time(10), tzinfo=here)
    traveller = time_machine.travel(morning, tick=True)
    traveller.start()
    config.add_cleanup(traveller.stop)


def pytest_report_header(config):
    from django.conf import settings

    return f"database: {settings.DATABASES['default']['ENGINE']}"


@pytest.fixture(scope="session", autouse=True)
def _database_is_the_one_asked_for(django_db_setup, django_db_blocker):
    """A run asked to exercise PostgreSQL (OCOP_EXPECT_DB=postgresql) fails if it is on anything else."""
    expected = os.environ.get("OCOP_EXPECT_DB")
    if expected:
        with django_db_blocker.unblock():
            assert connection.vendor == expected, f"tests ran on {connection.vendor}, expected {expected}"


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker, request):
    """Every test database starts with the real administrative units: 14,165 units, loaded once.

    pytest-django sets up only the databases the chosen tests use (by its own rule, asked here): when
    they use none, the connection still names the developer's own database, and nothing is loaded.
    """
    from pytest_django.fixtures import _get_databases_for_setup

    from ocop.geo.services import units_load

    databases, _serialized = _get_databases_for_setup(request.session.items)
    if "default" not in databases:
        return
    with django_db_blocker.unblock():
        units_load()


@pytest.fixture(autouse=True)
def _isolated_exports(settings, tmp_path):
    """Files built once per registry version go to the test's own VAR_DIR: rolled-back rows can come back
    in the next test with the same ids, and so the same version, but other content."""
    settings.VAR_DIR = tmp_path
