"""``definition_from_text``, the one check of a target's text: every message it gives, by column, and what
it reads a good row as."""

import datetime
from decimal import Decimal

import pytest

from ocop.geo.models import Scheme
from ocop.reports.models import Metric
from ocop.reports.targets.definition import (
    InvalidTargetError,
    definition_from_text,
    number_text,
    read_scope,
    scope_text,
    target_text,
)
from ocop.reports.targets.services import target_create

pytestmark = pytest.mark.django_db


def row(**values: str) -> dict[str, str]:
    base = {
        "scope": "province:51",
        "from": "2026-01-01",
        "to": "2030-12-31",
        "metric": "new",
        "min": "150",
        "decision": "Kế hoạch OCOP 2026–2030",
        "label": "150 sản phẩm mới",
    }
    return {**base, **values}


def faults(**values: str) -> dict[str, str]:
    with pytest.raises(InvalidTargetError) as raised:
        definition_from_text(row(**values))
    return raised.value.errors


METRICS = "new, new_potential_5, upgraded, recognized, kept_share, share_4_plus, manual"


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        (
            {"scope": "", "from": "", "to": "", "metric": "", "min": "", "decision": " ", "label": ""},
            dict.fromkeys(
                ("scope", "from", "to", "metric", "min", "decision", "label"), "bắt buộc (required)"
            ),
        ),
        (
            {"scope": "tinh:51"},
            {
                "scope": "'tinh:51' không phải phạm vi hợp lệ; viết national, province:51 hoặc "
                "legacy_province:51 (not a scope: national, province:CODE or legacy_province:CODE)"
            },
        ),
        (
            {"scope": "province:99"},
            {"scope": "không có tỉnh hiện hành mã 99 (no current province with code 99)"},
        ),
        (
            {"scope": "legacy_province:99"},
            {"scope": "không có tỉnh trước 1/7/2025 mã 99 (no province before 1/7/2025 with code 99)"},
        ),
        (
            {"from": "01/01/2026"},
            {"from": "'01/01/2026' không phải ngày dạng YYYY-MM-DD (not a date as YYYY-MM-DD)"},
        ),
        (
            {"to": "2030-02-30"},
            {"to": "'2030-02-30' không phải ngày dạng YYYY-MM-DD (not a date as YYYY-MM-DD)"},
        ),
        (
            {"to": "2025-12-31"},
            {
                "to": "kỳ kết thúc (2025-12-31) trước khi bắt đầu (2026-01-01) "
                "(the period ends before it starts)"
            },
        ),
        (
            {"metric": "exports"},
            {
                "metric": f"không có chỉ tiêu 'exports'; dùng một trong {METRICS} "
                "(unknown metric; use one of these)"
            },
        ),
        ({"min_stars": "6"}, {"min_stars": "'6' không phải 3, 4 hay 5 (min_stars is 3, 4 or 5)"}),
        ({"min_stars": "٣"}, {"min_stars": "'٣' không phải 3, 4 hay 5 (min_stars is 3, 4 or 5)"}),
        (
            {"metric": "upgraded", "step": "2→3"},
            {"step": "không có bước nâng hạng '2→3'; dùng 3→4, 3→5, 4→5 (unknown step; use one of these)"},
        ),
        (
            {"step": "3→4"},
            {"step": "chỉ tiêu new không dùng cột step; để trống (metric new takes no step; leave it empty)"},
        ),
        (
            {"metric": "recognized", "min_stars": "4"},
            {
                "min_stars": "chỉ tiêu recognized không dùng cột min_stars; để trống "
                "(metric recognized takes no min_stars; leave it empty)"
            },
        ),
        (
            {"cohort_from": "2021-01-01"},
            {
                "cohort_from": "chỉ tiêu new không dùng cột cohort_from; để trống "
                "(metric new takes no cohort_from; leave it empty)"
            },
        ),
        (
            {"metric": "kept_share", "min": "0.9"},
            {
                "cohort_from": "bắt buộc với chỉ tiêu kept_share (required for metric kept_share)",
                "cohort_to": "bắt buộc với chỉ tiêu kept_share (required for metric kept_share)",
            },
        ),
        (
            {"metric": "kept_share", "min": "0.9", "cohort_from": "2024-01-01", "cohort_to": "2023-12-31"},
            {
                "cohort_to": "nhóm kết thúc (2023-12-31) trước khi bắt đầu (2024-01-01) "
                "(the cohort ends before it starts)"
            },
        ),
        (
            {"min": "1,5"},
            {"min": "'1,5' không phải số; dấu thập phân là dấu chấm (not a number; use a point)"},
        ),
        (
            {"min": "NaN"},
            {"min": "'NaN' không phải số; dấu thập phân là dấu chấm (not a number; use a point)"},
        ),
        ({"min": "-1"}, {"min": "-1 là số âm (a negative number)"}),
        (
            {"min": "10000000000"},
            {"min": "10000000000 quá lớn hoặc quá 4 chữ số thập phân (too large, or more than 4 decimals)"},
        ),
        (
            {"metric": "manual", "min": "0.12345"},
            {"min": "0.12345 quá lớn hoặc quá 4 chữ số thập phân (too large, or more than 4 decimals)"},
        ),
        (
            {"min": "150.5"},
            {
                "min": "150.5 không phải số nguyên: chỉ tiêu new đếm sản phẩm "
                "(not a whole number: metric new counts products)"
            },
        ),
        (
            {"metric": "share_4_plus", "min": "0.3", "max": "30"},
            {"max": "30 là tỷ lệ lớn hơn 1; hãy viết 15% là 0.15 (a share above 1; write 15% as 0.15)"},
        ),
        ({"min": "200", "max": "150"}, {"min": "min (200) lớn hơn max (150) (min is above max)"}),
        ({"decision": "x" * 301}, {"decision": "dài quá 300 ký tự (longer than 300 characters)"}),
        ({"label": "x" * 301}, {"label": "dài quá 300 ký tự (longer than 300 characters)"}),
    ],
)
def test_every_fault_is_named_by_its_column(values: dict[str, str], expected: dict[str, str]) -> None:
    assert faults(**values) == expected


def test_faults_come_in_the_order_of_the_columns() -> None:
    assert list(faults(label="", metric="exports", scope="x", min="-1")) == [
        "scope",
        "metric",
        "min",
        "label",
    ]


def test_a_good_row_is_read() -> None:
    definition = definition_from_text(row(min="150", max="200", label="  150 sản phẩm mới  "))
    assert definition.scope.scheme == Scheme.CURRENT
    assert definition.scope.province is not None
    assert definition.scope.province.code == 51
    assert (definition.date_from, definition.date_to) == (
        datetime.date(2026, 1, 1),
        datetime.date(2030, 12, 31),
    )
    assert definition.metric == Metric.NEW
    assert definition.min_stars == 3  # the default of ``new``
    assert (definition.target_min, definition.target_max) == (Decimal("150"), Decimal("200"))
    assert definition.label == "150 sản phẩm mới"
    assert definition.identity == "province:51|2026-01-01|2030-12-31|new|3||||150 sản phẩm mới"


def test_a_step_may_be_written_with_an_ascii_arrow() -> None:
    definition = definition_from_text(row(metric="upgraded", step="3 -> 4", min="12"))
    assert definition.step == "3→4"
    assert definition.min_stars is None


def test_a_formula_is_kept_as_text() -> None:
    definition = definition_from_text(row(label='=HYPERLINK("http://example.test","x")'))
    assert definition.label == '=HYPERLINK("http://example.test","x")'


@pytest.mark.parametrize("text", ["national", "province:51", "legacy_province:62"])
def test_a_scope_reads_back_as_it_was_written(text: str) -> None:
    assert scope_text(read_scope(text)) == text


def test_a_stored_target_reads_back_as_its_text() -> None:
    text = row(
        scope="legacy_province:62",
        metric="kept_share",
        cohort_from="2021-01-01",
        cohort_to="2022-12-31",
        min="0.15",
        max="0.3",
    )
    target = target_create(acting_user=None, definition=definition_from_text(text))
    assert target_text(target) == {**text, "min_stars": "", "step": "", "max": "0.3"}
    assert definition_from_text(target_text(target)).identity == target.identity


@pytest.mark.parametrize(("value", "text"), [("200.0000", "200"), ("0.1500", "0.15"), ("1E+2", "100")])
def test_numbers_are_shown_as_a_person_writes_them(value: str, text: str) -> None:
    assert number_text(Decimal(value)) == text
