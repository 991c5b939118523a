import pytest


@pytest.fixture(autouse=True)
def _plain_static_storage(settings):
    # With DEBUG off the manifest storage fails on files that collectstatic has not seen; the registry's
    # tests read pages, not the static files' hashed names.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _private_files_in_a_temporary_folder(settings, tmp_path):
    """Revocation evidence is written under PRIVATE_FILES_ROOT: never into the checkout's var/."""
    settings.PRIVATE_FILES_ROOT = tmp_path / "private"
