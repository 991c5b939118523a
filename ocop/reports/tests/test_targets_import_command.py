"""``manage.py import_targets FILE``: the contract's CSV (``targets.md`` §2) into targets, or nothing.

Idempotent by a target's identity (scope, period, metric, narrowing columns, label); every bad row named by
line and column; a bad row anywhere imports nothing; an officer imports their own province's targets only.
"""

from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db.models import QuerySet

from ocop.accounts.models import Role
from ocop.accounts.tests.factories import DAK_LAK, UserFactory, province
from ocop.core.models import AuditEvent
from ocop.reports.models import Target

pytestmark = pytest.mark.django_db

HEADER = "scope,from,to,metric,min_stars,step,cohort_from,cohort_to,min,max,decision,label"
QUANG_NGAI_PLAN = (
    "legacy_province:51,2021-01-01,2025-12-31,new,3,,,,200,,Đề án OCOP tỉnh Quảng Ngãi 2021–2025,"
    "200 sản phẩm OCOP mới đạt 3 sao trở lên\n"
    "legacy_province:51,2021-01-01,2025-12-31,new_potential_5,,,,,3,5,Đề án OCOP tỉnh Quảng Ngãi 2021–2025,"
    "3–5 sản phẩm tiềm năng 5 sao\n"
    "legacy_province:51,2022-01-01,2022-12-31,upgraded,,3→4,,,5,7,Kế hoạch OCOP năm 2022,"
    "5–7 sản phẩm nâng hạng từ 3 lên 4 sao\n"
    "legacy_province:51,2021-01-01,2025-12-31,kept_share,,,2018-01-01,2020-12-31,1,,"
    "Đề án OCOP tỉnh Quảng Ngãi 2021–2025,Duy trì 100% sản phẩm giai đoạn 2018–2020\n"
    'province:51,2026-01-01,2026-12-31,share_4_plus,,,,,0.15,,"Kế hoạch 2026, tỉnh Quảng Ngãi",'
    "15% sản phẩm đạt 4 sao trở lên\n"
)


def target_events() -> QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(action__startswith="targets.")


def write(tmp_path: Path, rows: str, *, header: str = HEADER) -> Path:
    path = tmp_path / "muc-tieu.csv"
    path.write_text(f"{header}\n{rows}", encoding="utf-8")
    return path


def run(path: Path, *arguments: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("import_targets", str(path), *arguments, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def refused(path: Path, *arguments: str) -> list[str]:
    err = StringIO()
    with pytest.raises(CommandError) as raised:
        call_command("import_targets", str(path), *arguments, stdout=StringIO(), stderr=err)
    return [*err.getvalue().splitlines(), str(raised.value)]


def test_a_plan_imports_once_and_again_changes_nothing(tmp_path: Path) -> None:
    path = write(tmp_path, QUANG_NGAI_PLAN)
    out, err = run(path)
    assert (out, err) == (
        "Đã nhập 5 dòng (rows) từ muc-tieu.csv:\n  targets: 5 created, 0 updated, 0 unchanged\n",
        "",
    )
    assert list(
        Target.objects.values_list("label", "metric", "min_stars", "step", "target_min", "target_max")
    ) == [
        ("15% sản phẩm đạt 4 sao trở lên", "share_4_plus", None, "", Decimal("0.15"), None),
        ("Duy trì 100% sản phẩm giai đoạn 2018–2020", "kept_share", None, "", 1, None),
        ("200 sản phẩm OCOP mới đạt 3 sao trở lên", "new", 3, "", 200, None),
        ("3–5 sản phẩm tiềm năng 5 sao", "new_potential_5", None, "", 3, 5),
        ("5–7 sản phẩm nâng hạng từ 3 lên 4 sao", "upgraded", None, "3→4", 5, 7),
    ]
    assert Target.objects.get(metric="share_4_plus").decision == "Kế hoạch 2026, tỉnh Quảng Ngãi"
    assert list(target_events().order_by("id").values_list("action", flat=True)) == [
        *["targets.create"] * 5,
        "targets.import",
    ]

    out, _err = run(path)
    assert out.endswith("targets: 0 created, 0 updated, 5 unchanged\n")
    assert Target.objects.count() == 5

    # A new figure or decision for the same target updates it; a new label is another target.
    changed = QUANG_NGAI_PLAN.replace(",200,,Đề án", ",210,,Đề án").replace(
        "3–5 sản phẩm", "Ba đến năm sản phẩm"
    )
    out, _err = run(write(tmp_path, changed))
    assert out.endswith("targets: 1 created, 1 updated, 3 unchanged\n")
    assert Target.objects.get(metric="new").target_min == 210
    update = target_events().get(action="targets.update")
    assert update.details == {"changes": {"min": ["200", "210"]}}


def test_one_bad_row_imports_nothing_and_every_fault_is_named(tmp_path: Path) -> None:
    rows = (
        QUANG_NGAI_PLAN
        + "province:99,2021-01-01,2025-12-31,new,,,,,10,,Kế hoạch,Tỉnh không có\n"
        + "national,2025-12-31,2025-01-01,new,,,,,10,,Kế hoạch,Kỳ ngược\n"
        + "national,2025-01-01,2025-12-31,sold,,,,,10,,Kế hoạch,Chỉ tiêu lạ\n"
        + "national,2025-01-01,2025-12-31,new,,,,,10,5,Kế hoạch,Min trên max\n"
        + "national,2025-01-01,2025-12-31,share_4_plus,,,,,15,,Kế hoạch,Tỷ lệ phần trăm\n"
        + "national,2025-01-01,2025-12-31,new,,3→4,,,10,,Kế hoạch,Bước sai chỉ tiêu\n"
        + "national,2025-01-01,2025-12-31,kept_share,,,,,0.9,,Kế hoạch,Thiếu nhóm\n"
        + "national,25/01/2025,2025-12-31,new,6,,,,ten,,,Ngày và số sai\n"
        + "legacy_province:51,2021-01-01,2025-12-31,new,3,,,,190,,Trùng,"
        + "200 sản phẩm OCOP mới đạt 3 sao trở lên\n"
    )
    lines = refused(write(tmp_path, rows))
    assert lines == [
        "Dòng 7, cột scope: không có tỉnh hiện hành mã 99 (no current province with code 99)",
        "Dòng 8, cột to: kỳ kết thúc (2025-01-01) trước khi bắt đầu (2025-12-31) "
        "(the period ends before it starts)",
        "Dòng 9, cột metric: không có chỉ tiêu 'sold'; dùng một trong new, new_potential_5, upgraded, "
        "recognized, kept_share, share_4_plus, manual (unknown metric; use one of these)",
        "Dòng 10, cột min: min (10) lớn hơn max (5) (min is above max)",
        "Dòng 11, cột min: 15 là tỷ lệ lớn hơn 1; hãy viết 15% là 0.15 (a share above 1; write 15% as 0.15)",
        "Dòng 12, cột step: chỉ tiêu new không dùng cột step; để trống "
        "(metric new takes no step; leave it empty)",
        "Dòng 13, cột cohort_from: bắt buộc với chỉ tiêu kept_share (required for metric kept_share)",
        "Dòng 13, cột cohort_to: bắt buộc với chỉ tiêu kept_share (required for metric kept_share)",
        "Dòng 14, cột from: '25/01/2025' không phải ngày dạng YYYY-MM-DD (not a date as YYYY-MM-DD)",
        "Dòng 14, cột min_stars: '6' không phải 3, 4 hay 5 (min_stars is 3, 4 or 5)",
        "Dòng 14, cột min: 'ten' không phải số; dấu thập phân là dấu chấm (not a number; use a point)",
        "Dòng 14, cột decision: bắt buộc (required)",
        "Dòng 15, cột label: trùng mục tiêu ở dòng 2: cùng phạm vi, kỳ, chỉ tiêu và tên "
        "(the same target as line 2)",
        "13 lỗi, không nhập gì (errors found, nothing imported)",
    ]
    assert (Target.objects.count(), target_events().count()) == (0, 0)


def test_a_missing_column_is_named_on_the_header(tmp_path: Path) -> None:
    lines = refused(
        write(
            tmp_path,
            "national,2025-01-01,2025-12-31,new,10,Kế hoạch\n",
            header="scope,from,to,metric,min,decision",
        )
    )
    assert lines[0] == "Dòng 1, cột label: thiếu cột bắt buộc: label (missing required columns: label)."
    assert Target.objects.count() == 0


def test_a_dry_run_checks_and_writes_nothing(tmp_path: Path) -> None:
    out, _err = run(write(tmp_path, QUANG_NGAI_PLAN), "--dry-run")
    assert (
        out
        == "Sẽ nhập (dry run) 5 dòng (rows) từ muc-tieu.csv:\n  targets: 5 created, 0 updated, 0 unchanged\n"
    )
    assert (Target.objects.count(), target_events().count()) == (0, 0)


def test_a_province_officer_imports_their_province_only(tmp_path: Path) -> None:
    # Legacy Kon Tum (62) went into current Quảng Ngãi (51) on 1 July 2025; legacy Đắk Lắk did not.
    quang_ngai = UserFactory(role=Role.PROVINCE_OFFICER, email="tinh@quangngai.test")
    UserFactory(role=Role.PROVINCE_OFFICER, unit=province(DAK_LAK), email="tinh@daklak.test")
    rows = (
        "legacy_province:62,2021-01-01,2025-12-31,new,,,,,60,,Đề án OCOP tỉnh Kon Tum,60 sản phẩm mới\n"
        "province:51,2026-01-01,2026-12-31,new,,,,,50,,Kế hoạch 2026,50 sản phẩm mới\n"
    )
    out, _err = run(write(tmp_path, rows), "--user", quang_ngai.email)
    assert out.endswith("targets: 2 created, 0 updated, 0 unchanged\n")
    assert set(target_events().values_list("actor__email", flat=True)) == {"tinh@quangngai.test"}

    lines = refused(write(tmp_path, rows.replace("60 sản phẩm", "61 sản phẩm")), "--user", "tinh@daklak.test")
    assert lines[:2] == [
        "Dòng 2, cột scope: legacy_province:62 ngoài phạm vi của bạn (outside your scope)",
        "Dòng 3, cột scope: province:51 ngoài phạm vi của bạn (outside your scope)",
    ]
    assert Target.objects.count() == 2


def test_a_file_that_is_not_text_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "muc-tieu.csv"
    path.write_bytes(b"\x00\x01\x02binary" * 100)
    lines = refused(path)
    assert lines[-1].startswith("1 lỗi")
    assert lines[0].startswith("Tệp: ")
    assert Target.objects.count() == 0
