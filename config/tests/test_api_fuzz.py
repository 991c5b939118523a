"""Schemathesis over /api/openapi.json, in-process: no answer is a 5xx or outside the documented shapes.

Bounded and repeatable: FUZZ_EXAMPLES examples an operation (besides schemathesis's boundary cases),
derandomised, no example database. About 20 s for the whole file.
"""

import secrets
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
import schemathesis
from django.conf import settings
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import Client
from django.utils import timezone
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from schemathesis import Response
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from ocop.accounts.models import Role
from ocop.accounts.tests.factories import UserFactory
from ocop.geo.models import AdministrativeUnit
from ocop.registry import standing
from ocop.registry.tests.factories import make_certificate, make_product

FUZZ_EXAMPLES = 25
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
IMPORT_PATH = "/api/v1/imports/recognitions"

# Loaded through the application itself, as a client would read it: at collection, without a database, so
# this process takes the products' standing certificates (``ocop.registry.standing``) as brought up to
# today while it does, instead of asking the database on its first request.
_refreshed_on = standing._refreshed_on
standing._refreshed_on = timezone.localdate()
try:
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", get_wsgi_application())
finally:
    standing._refreshed_on = _refreshed_on
bounded = hypothesis_settings(
    max_examples=FUZZ_EXAMPLES,
    derandomize=True,
    database=None,
    deadline=None,
    # The registry fixture is made once for all the examples of an operation, on purpose.
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture(autouse=True)
def _connection_kept_between_requests() -> Iterator[None]:
    """The application is called as WSGI, without Django's test client, which keeps the test's connection
    (and its transaction) open across requests: do as it does. Otherwise PostgreSQL's is closed after the
    first answer."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def registry(db) -> None:
    """A few public products, so that searches and the exports answer with content."""
    coffee = make_product(name="Cà phê bột Sông Trà", product_set="I.6", code="51-21025-0001-2024")
    make_certificate(coffee, stars=4, decision_no="101/QĐ-UBND")
    highland = AdministrativeUnit.objects.filter(scheme="current", level="commune", province_code=68).first()
    tea = make_product(unit=highland, name="Chè Shan tuyết Cầu Đất", product_set="I.5.a")
    make_certificate(tea, stars=5, decision_no="12/QĐ-BNNMT")


@dataclass(frozen=True)
class Session:
    cookies: dict[str, str]
    headers: dict[str, str]


@pytest.fixture
def officer_session(db) -> Session:
    """A central officer's session cookie and the CSRF token that goes with it, as a browser sends them."""
    client = Client()
    client.force_login(UserFactory(role=Role.CENTRAL_OFFICER))
    token = secrets.token_hex(16)  # a CSRF secret: 32 letters and digits, sent as cookie and header
    return Session(
        cookies={
            settings.SESSION_COOKIE_NAME: client.cookies[settings.SESSION_COOKIE_NAME].value,
            settings.CSRF_COOKIE_NAME: token,
        },
        headers={"X-CSRFToken": token},
    )


@pytest.fixture(autouse=True)
def _rates_no_example_reaches(settings):
    """So that answers are not all 429: the rate limit has tests of its own (ocop/core/tests)."""
    settings.NINJA_DEFAULT_THROTTLE_RATES = {"anon": "1000000/min", "user": "1000000/min"}


# The application is called in process, where nothing decodes a gzipped answer as a network client
# would: ask for it plain (the compression has tests of its own, ocop/portal/tests/test_delivery.py).
PLAIN = {"Accept-Encoding": "identity"}


def call_and_check(case: schemathesis.Case, session: Session | None = None) -> Response:
    if session is None:
        return case.call_and_validate(checks=CHECKS, headers=PLAIN)
    headers = {**PLAIN, **session.headers}
    return case.call_and_validate(checks=CHECKS, headers=headers, cookies=session.cookies)


@schema.parametrize()
@bounded
def test_every_operation_answers_anyone_as_documented(case, registry):
    call_and_check(case)


@schema.include(path=IMPORT_PATH).parametrize()
@bounded
def test_the_import_answers_a_central_officer_as_documented(case, officer_session):
    response = call_and_check(case, officer_session)

    assert response.status_code not in (401, 403)  # signed in: every example reaches the import
