"""load_rubrics: every shipped sheet loaded with nothing of the file lost, twice a no-op, a bad file refused
whole with its problems named, and at most one active version per decision and product set."""

import json
import shutil
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError

from ocop.core.models import AuditEvent
from ocop.evaluation.models import (
    Criterion,
    Option,
    RubricGroup,
    RubricPart,
    RubricStatus,
    RubricVersion,
    StarBand,
)
from ocop.evaluation.rubric_files import RUBRICS_DIR

MODELS = (RubricVersion, StarBand, RubricPart, RubricGroup, Criterion, Option)


def counts() -> dict[str, int]:
    rows = {model.__name__: model.objects.count() for model in MODELS}
    return {**rows, "AuditEvent": AuditEvent.objects.filter(action__startswith="rubric.").count()}


def load(folder=RUBRICS_DIR) -> str:
    out = StringIO()
    call_command("load_rubrics", folder=folder, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_loading_twice_changes_nothing_and_says_so():
    first = load()
    after_first = counts()
    ids = list(Option.objects.order_by("pk").values_list("pk", flat=True))

    second = load()

    assert first.splitlines()[-1] == "Rubrics: 26 loaded, 0 unchanged."
    assert after_first == {
        "RubricVersion": 26,
        "StarBand": 130,
        "RubricPart": 78,
        "RubricGroup": 291,
        "Criterion": 787,
        "Option": 2579,
        "AuditEvent": 26,
    }
    assert second == "Rubrics: nothing changed (26 versions already loaded).\n"
    assert counts() == after_first
    assert list(Option.objects.order_by("pk").values_list("pk", flat=True)) == ids


@pytest.mark.django_db
def test_nothing_of_the_file_is_lost():
    load()
    honey = RubricVersion.objects.get(product_set__code="I.2.b")
    tea = RubricVersion.objects.get(product_set__code="I.5.a")
    tourism = RubricVersion.objects.get(product_set__code="VI.1")
    fresh = RubricVersion.objects.get(product_set__code="I.1.a")

    blank = Option.objects.get(criterion__version=honey, criterion__code="1.2", points=0)
    typo = Option.objects.get(criterion__version=honey, criterion__code="7", text="Có trên 2 chỉ tiêu")
    assert (blank.points_blank_in_source, blank.points_in_source) == (True, None)
    assert (typo.points, typo.points_in_source) == (3, 13)
    assert typo.correction.startswith("Typo in source (extra digit)")
    impurities = Criterion.objects.get(version=tea, code="6.1.1")
    assert impurities.subgroup == {"code": "6.1", "text": "Ngoại hình", "max_points": 4}
    assert impurities.notes[0].startswith("Chú ý: Nếu có các tạp chất không chấp nhận được")
    assert list(impurities.options.values_list("points", "min_for_stars")) == [(0, None), (1, None), (2, 4)]
    services = Criterion.objects.get(version=tourism, code="8")
    assert services.cases == [
        "a. Trường hợp 1: Dịch vụ du lịch do cộng đồng cung cấp",
        "b. Trường hợp 2: Điểm dịch vụ du lịch",
    ]
    assert list(services.options.values_list("case", "points")) == [
        (services.cases[0], 1),
        (services.cases[0], 3),
        (services.cases[1], 1),
        (services.cases[1], 3),
    ]
    assert Criterion.objects.get(version=fresh, code="2.4").options_synthesized.startswith("Source row has")
    assert fresh.decision_date.isoformat() == "2026-05-22"
    assert fresh.disqualifiers[0].startswith("Hồ sơ bị loại khi: Giả mạo hồ sơ")
    assert fresh.product_code_format["source_line"] == "Mã số sản phẩm.(T).-.(X).-.(STT).-20………"
    assert fresh.source_details["verified_against_official_site"] is False
    assert fresh.source.startswith("hakienpdu95/minhan docs/bnn_txng.html @ 8870762012c7")
    assert sorted(fresh.sheet_details) == ["decision", "product_set", "star_marker_rule_en"]
    assert fresh.sheet_details["product_set"]["managing_agency"] == "Bộ Nông nghiệp và Môi trường"
    assert fresh.sheet_details["decision"]["replaces"].startswith("148/QĐ-TTg (24/2/2023) and 1489/QĐ-TTg")
    assert fresh.star_marker_rule.startswith("Ghi chú: Dấu sao là yêu cầu tối thiểu")
    assert Criterion.objects.get(version=fresh, code="1.3").mandatory_for_stars == {"5": 3}
    assert RubricPart.objects.get(version=fresh, code="A").heading_in_source == (
        "SẢN PHẨM VÀ SỨC MẠNH CỦA CỘNG ĐỒNG (40 Điểm)"
    )


def broken_copy(tmp_path, change) -> str:
    """A copy of the shipped folder with ``change`` applied to its sheets' list."""
    folder = tmp_path / "rubrics"
    shutil.copytree(RUBRICS_DIR, folder)
    path = folder / "qd-26-2026.json"
    content = json.loads(path.read_text(encoding="utf-8"))
    change(content["product_sets"])
    path.write_text(json.dumps(content, ensure_ascii=False), encoding="utf-8")
    return folder


def sheet(sheets, code):
    return next(item for item in sheets if item["product_set"]["annex_I_code"] == code)


def criterion(sheets, code, criterion_code):
    return next(
        c
        for part in sheet(sheets, code)["parts"]
        for group in part["groups"]
        for c in group["criteria"]
        if c["code"] == criterion_code
    )


@pytest.mark.django_db
def test_a_bad_file_is_refused_whole_naming_sheet_criterion_and_problem(tmp_path):
    def spoil(sheets):
        criterion(sheets, "I.3.c", "1.2")["options"][2]["points"] = 7
        criterion(sheets, "VI.1", "8")["options"][0]["case"] = "c. Trường hợp 3"
        criterion(sheets, "I.1.a", "1.3")["mandatory_for_stars"] = {"5": 4}

    with pytest.raises(CommandError) as refused:
        load(broken_copy(tmp_path, spoil))

    message = str(refused.value)
    assert message.splitlines()[0] == (
        "Không nạp gì cả, tệp bộ tiêu chí có lỗi (nothing loaded, the rubric files have problems):"
    )
    assert (
        "- qd-26-2026.json, bộ I.3.c, tiêu chí 1.2: điểm cao nhất của các phương án 7 khác điểm tối đa 2 "
        "(highest option differs from max_points)"
    ) in message
    assert "- qd-26-2026.json, bộ VI.1, tiêu chí 8: phương án" in message
    assert "có trường hợp 'c. Trường hợp 3' không thuộc" in message
    assert (
        "- qd-26-2026.json, bộ I.1.a, tiêu chí 1.3: điểm tối thiểu 4 cho 5 sao không phải điểm của phương án "
        "nào (minimum is no option's points)"
    ) in message
    assert counts() == dict.fromkeys(counts(), 0)


@pytest.mark.django_db
def test_a_bad_file_leaves_loaded_versions_as_they_were(tmp_path):
    load()
    before = counts()

    def unknown_product_set(sheets):
        sheet(sheets, "V.3")["product_set"]["annex_I_code"] = "V.9"
        criterion(sheets, "I.3.c", "1.1")["text"] = "Nguồn gốc nguyên liệu (đã sửa)"

    with pytest.raises(CommandError) as refused:
        load(broken_copy(tmp_path, unknown_product_set))

    assert (
        "qd-26-2026.json, bộ V.9: không có bộ sản phẩm này trong bộ phân loại của quyết định 26/2026/QĐ-TTg"
        in (str(refused.value))
    )
    assert counts() == before
    assert Criterion.objects.get(version__product_set__code="I.3.c", code="1.1").text == "Nguồn nguyên liệu"


@pytest.mark.django_db
def test_unreadable_json_is_refused_naming_the_file(tmp_path):
    folder = tmp_path / "rubrics"
    shutil.copytree(RUBRICS_DIR, folder)
    (folder / "extra.json").write_text("{not json", encoding="utf-8")

    with pytest.raises(CommandError, match=r"extra\.json: không đọc được JSON \(unreadable JSON\)"):
        load(folder)
    assert RubricVersion.objects.count() == 0


@pytest.mark.django_db
def test_a_changed_sheet_becomes_the_next_version_and_retires_the_active_one(tmp_path):
    load()
    old = RubricVersion.objects.get(product_set__code="I.3.c")

    def correct(sheets):
        criterion(sheets, "I.3.c", "1.1")["text"] = "Nguồn gốc nguyên liệu"

    output = load(broken_copy(tmp_path, correct))

    new = RubricVersion.objects.get(product_set__code="I.3.c", status=RubricStatus.ACTIVE)
    old.refresh_from_db()
    assert output.splitlines() == [f"Rubrics: loaded {new} as active.", "Rubrics: 1 loaded, 25 unchanged."]
    assert (old.status, new.version) == (RubricStatus.RETIRED, 2)
    assert Criterion.objects.get(version=new, code="1.1").text == "Nguồn gốc nguyên liệu"


def test_one_active_version_per_decision_and_product_set_is_a_database_rule(sheet_i3c):
    copy = RubricVersion.objects.get(pk=sheet_i3c.pk)
    copy.pk, copy.version = None, 2

    with pytest.raises(IntegrityError):
        copy.save(force_insert=True)
