import pytest


@pytest.fixture(autouse=True)
def _plain_static_storage(settings):
    # The site's error pages link static files: with DEBUG off, the manifest storage fails on files not
    # collected.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
