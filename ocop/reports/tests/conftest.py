import datetime
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import DEFAULT_DB_ALIAS, connections
from django.utils import timezone
from pytest_django.live_server_helper import LiveServer

from ocop.portal.tests.browsing import chromium, live_server
from ocop.registry.tests.factories import make_certificate, make_product


@pytest.fixture(autouse=True)
def _plain_static_storage(settings):
    # With DEBUG off the manifest storage fails on files that collectstatic has not seen.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


# --- The browser tests' fixtures (``ocop.portal.tests.browsing`` starts the server and chromium)


@pytest.fixture
def products(db) -> None:
    """Two recognised products in Quảng Ngãi (51): a valid 4★ and a 3★ long expired."""
    today = timezone.localdate()
    honey = make_product(name="Mật ong Ba Tơ")
    make_certificate(honey, stars=4, decision_date=today - datetime.timedelta(days=100))
    cake = make_product(name="Bánh tráng & <mè>")
    make_certificate(cake, stars=3, decision_date=datetime.date(2019, 5, 1))


@pytest.fixture
def server(products) -> Iterator[LiveServer]:
    with live_server() as live:
        yield live


@pytest.fixture
def shared(server) -> Any:
    """The test's connection, taken before Playwright starts its loop in this thread."""
    return connections[DEFAULT_DB_ALIAS]


@pytest.fixture
def browser(shared) -> Iterator[Any]:
    with chromium() as browser:
        yield browser
