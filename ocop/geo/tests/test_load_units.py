import pytest

from ocop.core.models import AuditEvent
from ocop.geo.models import AdministrativeUnit, UnitSuccession
from ocop.geo.services import units_load

pytestmark = pytest.mark.django_db


def test_units_of_both_schemes_are_loaded():
    counts = {
        (scheme, level): AdministrativeUnit.objects.filter(scheme=scheme, level=level).count()
        for scheme, level in [
            ("current", "province"),
            ("current", "commune"),
            ("legacy", "province"),
            ("legacy", "district"),
            ("legacy", "commune"),
        ]
    }
    assert counts == {
        ("current", "province"): 34,
        ("current", "commune"): 3321,
        ("legacy", "province"): 63,
        ("legacy", "district"): 696,
        ("legacy", "commune"): 10051,
    }


def test_loading_again_changes_nothing():
    units_before = AdministrativeUnit.objects.count()
    successions_before = UnitSuccession.objects.count()
    events_before = AuditEvent.objects.count()

    report = units_load()

    assert (report.created, report.updated, report.successions_created) == (0, 0, 0)
    assert AdministrativeUnit.objects.count() == units_before
    assert UnitSuccession.objects.count() == successions_before
    assert AuditEvent.objects.count() == events_before


def test_legacy_ba_ria_vung_tau_became_ho_chi_minh_city():
    legacy = AdministrativeUnit.objects.get(scheme="legacy", level="province", code=77)
    assert [s.current.code for s in legacy.successions.all()] == [79]
    assert legacy.region == "dong_nam_bo"


def test_island_district_without_communes_maps_to_its_special_zone():
    ly_son = AdministrativeUnit.objects.get(scheme="legacy", level="district", code=536)
    assert ly_son.name == "Huyện Lý Sơn"
    assert ly_son.children.count() == 0
    assert [(s.current.level, s.current.code, s.current.name) for s in ly_son.successions.all()] == [
        ("commune", 21548, "Đặc khu Lý Sơn")
    ]


def test_every_legacy_province_has_a_region():
    regions = AdministrativeUnit.objects.filter(scheme="legacy", level="province").values_list(
        "region", flat=True
    )
    assert sorted(set(regions)) == [
        "bac_trung_bo_duyen_hai_mien_trung",
        "dong_bang_song_cuu_long",
        "dong_bang_song_hong",
        "dong_nam_bo",
        "tay_nguyen",
        "trung_du_mien_nui_phia_bac",
    ]
    assert "" not in regions
