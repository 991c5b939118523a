import datetime

import pytest

from ocop.core.models import AuditEvent
from ocop.registry import rules
from ocop.registry.models import CertificateStatus
from ocop.registry.services import certificate_revoke
from ocop.registry.tests.factories import commune, make_certificate, make_product

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1.3.c", "I.3.c"),
        ("I.3.C", "I.3.c"),
        ("vi.1", "VI.1"),
        ("6.1", "VI.1"),
        ("4.1", "IV.1"),
        ("7.1", None),
        ("I.3.cc", None),
        ("", None),
        ("VII.1", None),
    ],
)
def test_product_set_codes_are_normalised_to_the_roman_form(raw, expected):
    assert rules.normalise_product_set_code(raw) == expected


@pytest.mark.parametrize(
    ("day", "rule_set", "levels"),
    [
        (datetime.date(2019, 12, 3), "qd-1048-2019", {"3": "province", "4": "province", "5": "central"}),
        (datetime.date(2023, 2, 24), "qd-148-2023", {"3": "district", "4": "province", "5": "central"}),
        (datetime.date(2025, 7, 6), "qd-1489-2025", {"3": "province", "4": "province", "5": "central"}),
        (datetime.date(2026, 8, 1), "qd-26-2026", {"3": "province", "4": "province", "5": "central"}),
    ],
)
def test_the_decision_date_picks_the_rule_set(day, rule_set, levels):
    chosen = rules.rule_set_on(day)
    assert chosen.code == rule_set
    assert chosen.issuing_level_by_stars == levels


def test_default_validity_is_36_months_and_the_month_end_is_kept():
    rule_set = rules.rule_set_on(datetime.date(2020, 1, 31))
    assert rules.default_valid_until(datetime.date(2019, 12, 3), rule_set) == datetime.date(2022, 12, 3)
    assert rules.add_months(datetime.date(2021, 5, 31), 9) == datetime.date(2022, 2, 28)


def test_a_legacy_commune_product_is_located_in_both_schemes():
    product = make_product(unit=commune(29434, scheme="legacy"))  # a commune of legacy Trà Vinh (84)
    assert (product.unit_scheme, product.legacy_province_code, product.legacy_district_code) == (
        "legacy",
        84,
        848,
    )
    assert (product.province_code, product.commune_code) == (86, 29431)  # now Vĩnh Long


def test_certificate_status_follows_dates_and_later_certificates():
    product = make_product()
    first = make_certificate(product, stars=3, decision_date=datetime.date(2020, 6, 1))
    second = make_certificate(product, stars=4, decision_date=datetime.date(2023, 5, 20))
    assert first.valid_until == datetime.date(2023, 6, 1)
    assert (first.issuing_level, second.issuing_level) == ("province", "province")
    assert first.status_on(datetime.date(2019, 1, 1)) == CertificateStatus.NOT_YET_ISSUED
    assert first.status_on(datetime.date(2023, 6, 1)) == CertificateStatus.VALID
    assert first.status_on(datetime.date(2023, 6, 2)) == CertificateStatus.EXPIRED
    assert first.status_on(datetime.date(2023, 6, 1), superseded_by=second) == CertificateStatus.SUPERSEDED
    product.refresh_from_db()
    assert product.latest_certificate == second


def test_revoking_a_certificate_is_audited_and_shows_in_its_status():
    product = make_product()
    certificate = make_certificate(product, stars=4, decision_date=datetime.date(2024, 1, 10))
    events_before = AuditEvent.objects.filter(action="certificate.revoke").count()

    certificate_revoke(
        acting_user=None,
        certificate=certificate,
        revoked_on=datetime.date(2025, 3, 1),
        reason="Dừng sản xuất",
    )

    certificate.refresh_from_db()
    assert certificate.status_on(datetime.date(2025, 2, 28)) == CertificateStatus.VALID
    assert certificate.status_on(datetime.date(2025, 3, 1)) == CertificateStatus.REVOKED
    event = AuditEvent.objects.filter(action="certificate.revoke").latest("id")
    assert AuditEvent.objects.filter(action="certificate.revoke").count() == events_before + 1
    assert (event.object_id, event.province_code) == (str(certificate.pk), 51)
    assert event.details == {"revoked_on": "2025-03-01", "reason": "Dừng sản xuất"}
