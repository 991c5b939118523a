"""``manage.py import_recognitions``: the Trà Vinh example in, exactly once, and what a later file changes."""

import datetime
import io
from collections import Counter
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from ocop.accounts.models import Role
from ocop.accounts.tests.factories import UserFactory, province
from ocop.core.models import AuditEvent
from ocop.core.text import fold
from ocop.registry.models import Certificate, ImportBatch, Producer, Product
from ocop.registry.rules import CURRENT_CLASSIFICATION
from ocop.registry.tests.files import (
    TRA_VINH_LEGACY,
    VINH_LONG,
    csv_bytes,
    tra_vinh_bytes,
    tra_vinh_path,
    tra_vinh_rows,
    xlsx_bytes,
)

pytestmark = pytest.mark.django_db


def import_file(path: Path, *args: str) -> str:
    out = io.StringIO()
    call_command("import_recognitions", str(path), *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def snapshot() -> dict[str, list[tuple[int, datetime.datetime]]]:
    """Every registry row's id and ``updated_at``: equal snapshots mean nothing was written."""
    return {
        model.__name__: list(model.objects.order_by("pk").values_list("pk", "updated_at"))
        for model in (Producer, Product, Certificate)
    }


def test_the_tra_vinh_example_creates_its_184_products_of_105_producers():
    output = import_file(tra_vinh_path())
    assert output == (
        "Đã nhập 184 dòng (rows) từ tra-vinh-2019-2022.csv:\n"
        "  producers: 105 created, 0 updated, 0 unchanged\n"
        "  products: 184 created, 0 updated, 0 unchanged\n"
        "  certificates: 184 created, 0 updated, 0 unchanged\n"
    )
    assert (Producer.objects.count(), Product.objects.count(), Certificate.objects.count()) == (105, 184, 184)
    # The contract's expected statistics for this file: producers by type, products by rank.
    assert Counter(Producer.objects.values_list("producer_type", flat=True)) == {
        "doanh_nghiep": 23,
        "hop_tac_xa": 39,
        "to_hop_tac": 5,
        "ho_kinh_doanh": 38,
    }
    ranks = Counter(
        "5_potential" if potential else str(stars)
        for stars, potential in Product.objects.values_list(
            "latest_certificate__stars", "latest_certificate__potential_five_star"
        )
    )
    assert ranks == {"3": 137, "4": 38, "5_potential": 6, "5": 3}
    assert set(Product.objects.values_list("province_code", "legacy_province_code")) == {
        (VINH_LONG, TRA_VINH_LEGACY)
    }
    assert set(Product.objects.values_list("classification__code", flat=True)) == {CURRENT_CLASSIFICATION}
    assert all(p.search_name == fold(p.name) for p in Product.objects.all())
    assert all(p.search_name == fold(p.name) for p in Producer.objects.all())


def test_a_product_keeps_both_schemes_and_its_certificate_the_rules_of_its_day():
    import_file(tra_vinh_path())
    product = Product.objects.select_related("unit", "product_set", "latest_certificate__rule_set").get(
        code="84-29461-158-2019"
    )
    assert (product.unit_scheme, product.unit.code, product.legacy_district_code) == ("legacy", 29461, 849)
    assert (product.province_code, product.legacy_province_code) == (VINH_LONG, TRA_VINH_LEGACY)
    assert product.commune_code is not None
    assert product.product_set is not None
    assert product.product_set.code == "I.3.d"
    certificate = product.latest_certificate
    assert certificate is not None
    assert (certificate.decision_date, certificate.valid_until) == (
        datetime.date(2019, 12, 3),
        datetime.date(2022, 12, 3),
    )
    assert (certificate.rule_set.code, certificate.issuing_level, certificate.stars) == (
        "qd-1048-2019",
        "province",
        4,
    )


def test_the_import_is_recorded_once_in_a_batch_and_the_audit_log():
    import_file(tra_vinh_path())
    batch = ImportBatch.objects.get()
    assert (batch.state, batch.file_name, batch.rows_total, batch.rows_done) == (
        "done",
        "tra-vinh-2019-2022.csv",
        184,
        184,
    )
    assert batch.acting_user is None
    event = AuditEvent.objects.get(action="recognitions.import")
    assert (event.object_type, event.object_id) == ("registry.importbatch", str(batch.pk))
    assert (
        event.details["sha256"] == batch.sha256 == __import__("hashlib").sha256(tra_vinh_bytes()).hexdigest()
    )
    assert event.details["summary"]["products"] == {"created": 184, "updated": 0, "unchanged": 0}


def test_importing_the_same_file_twice_changes_nothing():
    import_file(tra_vinh_path())
    before = snapshot()
    output = import_file(tra_vinh_path())
    assert output.splitlines()[1:] == [
        "  producers: 0 created, 0 updated, 105 unchanged",
        "  products: 0 created, 0 updated, 184 unchanged",
        "  certificates: 0 created, 0 updated, 184 unchanged",
    ]
    assert snapshot() == before


def test_the_xlsx_of_the_same_rows_gives_the_same_registry(tmp_path):
    workbook = tmp_path / "tra-vinh.xlsx"
    workbook.write_bytes(xlsx_bytes(tra_vinh_rows()))
    import_file(workbook)
    assert (Producer.objects.count(), Product.objects.count(), Certificate.objects.count()) == (105, 184, 184)
    before = snapshot()
    output = import_file(tra_vinh_path())
    assert "products: 0 created, 0 updated, 184 unchanged" in output
    assert snapshot() == before


def test_a_revocation_added_later_updates_that_certificate_only(tmp_path):
    import_file(tra_vinh_path())
    before = snapshot()
    rows = tra_vinh_rows()
    rows[55]["revoked_on"] = "2023-03-01"  # line 57
    changed = tmp_path / "revoked.csv"
    changed.write_bytes(csv_bytes(rows))
    output = import_file(changed)
    assert "certificates: 0 created, 1 updated, 183 unchanged" in output
    certificate = Certificate.objects.get(product__code=rows[55]["product_code"])
    assert certificate.revoked_on == datetime.date(2023, 3, 1)
    after = snapshot()
    changed_rows = [
        (name, row)
        for name in before
        for row, old in zip(after[name], before[name], strict=True)
        if row != old
    ]
    assert changed_rows == [("Certificate", (certificate.pk, certificate.updated_at))]


def test_an_upgrade_adds_a_certificate_and_becomes_the_latest(tmp_path):
    import_file(tra_vinh_path())
    rows = tra_vinh_rows()
    upgrade = dict(
        rows[0],
        stars="4",
        potential_5_star="",
        score="75",
        decision_no="99/QĐ-UBND",
        decision_date="2024-01-10",
    )
    file = tmp_path / "upgrade.csv"
    file.write_bytes(csv_bytes([*rows, upgrade]))
    output = import_file(file)
    assert "certificates: 1 created, 0 updated, 184 unchanged" in output
    product = Product.objects.select_related("latest_certificate").get(code=rows[0]["product_code"])
    assert product.certificates.count() == 2
    assert product.latest_certificate is not None
    assert (product.latest_certificate.decision_no, product.latest_certificate.issuing_level) == (
        "99/QĐ-UBND",
        "province",
    )


def test_products_without_a_code_are_known_by_producer_and_name(tmp_path):
    rows = tra_vinh_rows()
    for row in rows:
        row["product_code"] = ""
    file = tmp_path / "no-codes.csv"
    file.write_bytes(csv_bytes(rows))
    import_file(file)
    assert Product.objects.count() == 184
    before = snapshot()
    # Case and diacritics of a name do not make it another product; the name as written is kept.
    rows[0]["product_name"] = rows[0]["product_name"].upper()
    file.write_bytes(csv_bytes(rows))
    output = import_file(file)
    assert "products: 0 created, 1 updated, 183 unchanged" in output
    assert Product.objects.filter(name=rows[0]["product_name"]).count() == 1
    assert len(snapshot()["Product"]) == len(before["Product"])
    # The codes given later are adopted by the same products, not twins.
    output = import_file(tra_vinh_path())
    assert "products: 0 created, 184 updated, 0 unchanged" in output
    assert Product.objects.exclude(code="").count() == 184


def test_a_bad_row_fails_the_command_and_writes_nothing(tmp_path):
    rows = tra_vinh_rows()
    rows[91]["stars"] = "7"  # line 93
    file = tmp_path / "bad.csv"
    file.write_bytes(csv_bytes(rows))
    errors = io.StringIO()
    with pytest.raises(CommandError, match="1 lỗi, không nhập gì"):
        call_command("import_recognitions", str(file), stdout=io.StringIO(), stderr=errors)
    assert errors.getvalue() == (
        "Dòng 93, cột stars: hạng sao phải là 3, 4 hoặc 5 (stars must be 3, 4 or 5), got '7'\n"
    )
    assert (Producer.objects.count(), Product.objects.count(), Certificate.objects.count()) == (0, 0, 0)
    assert not AuditEvent.objects.filter(action="recognitions.import").exists()


def test_a_dry_run_reports_and_writes_nothing():
    output = import_file(tra_vinh_path(), "--dry-run")
    assert output.startswith("Sẽ nhập (dry run) 184 dòng (rows)")
    assert "products: 184 created" in output
    assert (Product.objects.count(), ImportBatch.objects.count()) == (0, 0)


def test_an_officer_named_on_the_command_line_imports_within_their_province_only():
    UserFactory(email="vinhlong@example.test", role=Role.PROVINCE_OFFICER, unit=province(VINH_LONG))
    UserFactory(email="quangngai@example.test", role=Role.PROVINCE_OFFICER)  # Quảng Ngãi
    errors = io.StringIO()
    with pytest.raises(CommandError):
        call_command(
            "import_recognitions", str(tra_vinh_path()), "--user", "quangngai@example.test", stderr=errors
        )
    first_error = errors.getvalue().splitlines()[0]
    assert first_error.startswith("Dòng 2, cột ward_code: đơn vị này nằm ngoài tỉnh bạn phụ trách")
    assert Product.objects.count() == 0
    output = import_file(tra_vinh_path(), "--user", "VinhLong@example.test")
    assert "products: 184 created" in output
    assert ImportBatch.objects.filter(state="done", acting_user__email="vinhlong@example.test").count() == 1


def test_a_missing_file_or_user_is_a_clear_failure(tmp_path):
    with pytest.raises(CommandError, match="cannot read"):
        call_command("import_recognitions", str(tmp_path / "none.csv"))
    with pytest.raises(CommandError, match=r"no user nobody@example\.test"):
        call_command("import_recognitions", str(tra_vinh_path()), "--user", "nobody@example.test")


RENEWED_IN_CURRENT_UNITS = (
    "product_code,product_name,sector,producer_name,producer_type,producer_tax_code,unit_scheme,ward_code,"
    "stars,decision_no,decision_date\n"
    "HP-1,Nước mắm Cát Hải,1,HTX Cát Hải,hop_tac_xa,0200000001,legacy,11599,3,100/QĐ-UBND,2022-06-20\n"
    "HP-1,Nước mắm Cát Hải,1,HTX Cát Hải,hop_tac_xa,0200000001,2025,11581,3,200/QĐ-UBND,2025-09-20\n"
)


def legacy_place() -> tuple[int | None, int | None, int | None, int | None]:
    product = Product.objects.get(code="HP-1")
    return (
        product.commune_code,
        product.legacy_province_code,
        product.legacy_district_code,
        product.legacy_commune_code,
    )


def test_a_renewal_in_current_units_keeps_the_legacy_commune_its_earlier_row_named(tmp_path):
    # Phường 11581 of Hải Phòng came from communes of several legacy districts: alone, it names none.
    path = tmp_path / "renewed.csv"
    path.write_text(RENEWED_IN_CURRENT_UNITS, encoding="utf-8")

    import_file(path)

    assert legacy_place() == (11581, 31, 303, 11599)
    product = Product.objects.get(code="HP-1")
    assert (product.unit_scheme, product.unit.code) == ("current", 11581)
    before = snapshot()
    import_file(path)
    assert snapshot() == before


def test_a_later_file_in_current_units_keeps_the_legacy_commune_already_recorded(tmp_path):
    header, legacy_row, current_row = RENEWED_IN_CURRENT_UNITS.splitlines()
    first, second = tmp_path / "2022.csv", tmp_path / "2025.csv"
    first.write_text(f"{header}\n{legacy_row}\n", encoding="utf-8")
    second.write_text(f"{header}\n{current_row}\n", encoding="utf-8")

    import_file(first)
    import_file(second)

    assert legacy_place() == (11581, 31, 303, 11599)
    assert Product.objects.get(code="HP-1").certificates.count() == 2
