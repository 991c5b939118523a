"""The cast of the accounts tests, after healthchecks' test base.

In Quảng Ngãi (51): ``owner`` is the province officer who acts, ``teammate`` a second province officer
of the same province, ``producer`` and ``commune_officer`` people they manage. In Đắk Lắk (66):
``outsider`` is a province officer and ``outside_producer`` someone the Quảng Ngãi officers must not see.
"""

import pytest

from ocop.accounts.models import Role, User
from ocop.accounts.tests.factories import BUON_MA_THUOT, DAK_LAK, MO_DUC, UserFactory, commune, province


@pytest.fixture(autouse=True)
def _plain_static_storage(settings):
    # With DEBUG off the manifest storage fails on files that collectstatic has not seen.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def central(db) -> User:
    return UserFactory(email="trunguong@example.test", full_name="Trần Trung Ương", role=Role.CENTRAL_OFFICER)


@pytest.fixture
def owner(db) -> User:
    return UserFactory(email="tinh51@example.test", full_name="Lê Thị Tỉnh", role=Role.PROVINCE_OFFICER)


@pytest.fixture
def teammate(db) -> User:
    return UserFactory(email="tinh51b@example.test", full_name="Võ Văn Đồng", role=Role.PROVINCE_OFFICER)


@pytest.fixture
def outsider(db) -> User:
    return UserFactory(
        email="tinh66@example.test",
        full_name="Nguyễn Đắk Lắk",
        role=Role.PROVINCE_OFFICER,
        unit=province(DAK_LAK),
    )


@pytest.fixture
def commune_officer(db) -> User:
    return UserFactory(email="xa@example.test", full_name="Phạm Văn Xã", role=Role.COMMUNE_OFFICER)


@pytest.fixture
def producer(db) -> User:
    return UserFactory(
        email="chuthe51@example.test",
        full_name="Nguyễn Thị Chủ Thể",
        role=Role.PRODUCER,
        unit=commune(MO_DUC),
    )


@pytest.fixture
def outside_producer(db) -> User:
    return UserFactory(
        email="chuthe66@example.test",
        full_name="Y Thử Niê",
        role=Role.PRODUCER,
        unit=commune(BUON_MA_THUOT),
    )
