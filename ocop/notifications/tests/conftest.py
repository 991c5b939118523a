import pytest

from ocop.accounts.models import Role, User
from ocop.accounts.tests.factories import UserFactory


@pytest.fixture(autouse=True)
def _plain_static_storage(settings):
    # With DEBUG off the manifest storage fails on files that collectstatic has not seen.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def reader(db) -> User:
    return UserFactory(email="chuthe@example.test", full_name="Nguyễn Thị Đọc", role=Role.PRODUCER)


@pytest.fixture
def other(db) -> User:
    return UserFactory(email="tinh@example.test", full_name="Lê Văn Khác", role=Role.PROVINCE_OFFICER)
