"""Province names are kept in the process while the units stay, and read again once units_load changes
them or the shared cache loses their version."""

import pytest
from django.core.cache import cache

from ocop.geo.models import AdministrativeUnit
from ocop.geo.selectors import province_names
from ocop.geo.services import units_load

pytestmark = pytest.mark.django_db


def rename_ha_noi(name: str) -> None:
    AdministrativeUnit.objects.filter(scheme="current", level="province", code=1).update(name=name)


def test_the_names_are_read_once_while_the_units_stay(django_assert_num_queries):
    with django_assert_num_queries(1):
        first = province_names()
    with django_assert_num_queries(0):
        again = province_names()

    assert again == first
    assert len(first) == 97
    assert (first[("current", 1)], first[("legacy", 1)]) == ("Thành phố Hà Nội", "Thành phố Hà Nội")


def test_loading_units_that_change_reads_the_names_again(
    django_assert_num_queries, django_capture_on_commit_callbacks
):
    rename_ha_noi("Thủ đô Hà Nội")  # as a release of the package that units_load then undoes
    assert province_names()[("current", 1)] == "Thủ đô Hà Nội"

    with django_capture_on_commit_callbacks(execute=True):
        report = units_load()

    assert report.updated == 1
    with django_assert_num_queries(1):
        assert province_names()[("current", 1)] == "Thành phố Hà Nội"


def test_loading_units_that_change_nothing_keeps_the_names(
    django_assert_num_queries, django_capture_on_commit_callbacks
):
    province_names()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        units_load()

    assert callbacks == []
    with django_assert_num_queries(0):
        province_names()


def test_a_cache_that_lost_the_version_reads_the_names_again(django_assert_num_queries):
    rename_ha_noi("Thủ đô Hà Nội")
    assert province_names()[("current", 1)] == "Thủ đô Hà Nội"
    rename_ha_noi("Thành phố Hà Nội")

    cache.clear()

    with django_assert_num_queries(1):
        assert province_names()[("current", 1)] == "Thành phố Hà Nội"


def test_the_names_cannot_be_changed_by_a_reader():
    with pytest.raises(TypeError):
        province_names()[("current", 1)] = "Hà Nội"  # type: ignore[index]
