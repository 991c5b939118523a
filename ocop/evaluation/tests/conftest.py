import pytest

from ocop.evaluation.models import RubricVersion
from ocop.evaluation.rubric_files import read_rubric_files
from ocop.evaluation.services import rubrics_load


@pytest.fixture(autouse=True)
def _plain_static_storage(settings):
    # With DEBUG off the manifest storage fails on files that collectstatic has not seen.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def rubrics(db) -> list[RubricVersion]:
    """Every shipped sheet, loaded as load_rubrics loads it."""
    return rubrics_load(sheets=read_rubric_files()).created


@pytest.fixture
def sheet_i3c(db) -> RubricVersion:
    """The sheet of product set I.3.c (processed from vegetables, fruits, nuts) alone, for speed."""
    sheets = [sheet for sheet in read_rubric_files() if sheet.product_set_code == "I.3.c"]
    return rubrics_load(sheets=sheets).created[0]
