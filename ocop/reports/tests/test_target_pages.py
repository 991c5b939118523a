"""The officers' target pages, ``/thong-ke/muc-tieu/``: who sees and changes what, through the views.

Quảng Ngãi (51) took in legacy Kon Tum (62) on 1 July 2025, so its officers set targets for current
province 51 and for legacy provinces 51 and 62; Đắk Lắk's (66) officer for none of those.
"""

import datetime
import re
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from ocop.accounts.models import Role, User
from ocop.accounts.tests.factories import DAK_LAK, UserFactory, province
from ocop.core.models import AuditEvent, EvidenceFile
from ocop.core.tests.files import a_pdf
from ocop.reports.models import ManualFigure, Target
from ocop.reports.targets.definition import definition_from_text
from ocop.reports.targets.services import manual_figure_record, target_create

pytestmark = pytest.mark.django_db

ROLES = (
    "central",
    "province",
    "other_province",
    "commune",
    "council",
    "producer",
    "buyer",
    "anonymous",
)


@pytest.fixture(autouse=True)
def _private_files_in_a_temporary_folder(settings, tmp_path):
    settings.PRIVATE_FILES_ROOT = tmp_path / "private"


def make_user(role_name: str) -> User | None:
    if role_name == "anonymous":
        return None
    role = {
        "central": Role.CENTRAL_OFFICER,
        "province": Role.PROVINCE_OFFICER,
        "other_province": Role.PROVINCE_OFFICER,
        "commune": Role.COMMUNE_OFFICER,
        "council": Role.COUNCIL_MEMBER,
        "producer": Role.PRODUCER,
        "buyer": Role.BUYER,
    }[role_name]
    if role_name == "other_province":
        return UserFactory(role=role, unit=province(DAK_LAK))
    return UserFactory(role=role)


def client_of(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def row(**values: str) -> dict[str, str]:
    base = {
        "scope": "province:51",
        "from": "2026-01-01",
        "to": "2030-12-31",
        "metric": "new",
        "min": "150",
        "decision": "Kế hoạch OCOP tỉnh Quảng Ngãi 2026–2030",
        "label": "150 sản phẩm OCOP mới",
    }
    return {**base, **values}


def make_target(**values: str) -> Target:
    return target_create(acting_user=None, definition=definition_from_text(row(**values)))


@pytest.fixture
def targets() -> dict[str, Target]:
    return {
        "quang_ngai": make_target(),
        "kon_tum": make_target(
            scope="legacy_province:62",
            **{"from": "2021-01-01", "to": "2025-06-30"},
            label="Kon Tum 2021–2025",
        ),
        "national": make_target(scope="national", metric="recognized", min="20000", label="Cả nước"),
        "dak_lak": make_target(scope="province:66", label="Đắk Lắk"),
        "manual": make_target(metric="manual", min="10", max="20", label="Chủ thể tham gia chuỗi giá trị"),
    }


def form_data(**values: str) -> dict[str, str]:
    """The create form's fields as a browser sends them: days as dd/mm/yyyy, empty fields too."""
    data = {
        "scope": "province:51",
        "from": "01/01/2026",
        "to": "31/12/2030",
        "metric": "new",
        "min_stars": "",
        "step": "",
        "cohort_from": "",
        "cohort_to": "",
        "min": "150",
        "max": "",
        "decision": "Kế hoạch OCOP tỉnh Quảng Ngãi 2026–2030",
        "label": "150 sản phẩm OCOP mới",
    }
    return {**data, **values}


def state() -> tuple[Any, ...]:
    """What a refused request must leave as it was: the targets, the figures and the audit trail."""
    return (
        sorted(Target.objects.values_list("identity", "target_min", "decision")),
        ManualFigure.objects.count(),
        AuditEvent.objects.count(),
    )


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


# --- Who may open which page


LIST_STATUS = {
    "central": 200,
    "province": 200,
    "other_province": 200,
    "commune": 200,
    "council": 404,
    "producer": 404,
    "buyer": 404,
    "anonymous": 302,
}
SETTER_STATUS = {**LIST_STATUS, "commune": 404}


@pytest.mark.parametrize("role_name", ROLES)
def test_the_list_is_for_officers(role_name: str, targets: dict[str, Target]) -> None:
    response = client_of(make_user(role_name)).get("/thong-ke/muc-tieu/")
    assert response.status_code == LIST_STATUS[role_name]
    if role_name == "anonymous":
        assert response["Location"] == "/accounts/login/?next=/thong-ke/muc-tieu/"


@pytest.mark.parametrize("role_name", ROLES)
@pytest.mark.parametrize("path", ["/thong-ke/muc-tieu/them/", "/thong-ke/muc-tieu/nhap-tep/"])
def test_create_and_import_are_for_central_and_province_officers(role_name: str, path: str) -> None:
    response = client_of(make_user(role_name)).get(path)
    assert response.status_code == SETTER_STATUS[role_name]


# A Quảng Ngãi target: only the central officer and Quảng Ngãi's province officer change it.
CHANGE_STATUS = {**SETTER_STATUS, "other_province": 404}


@pytest.mark.parametrize("role_name", ROLES)
@pytest.mark.parametrize("page", ["sua", "xoa", "so-lieu"])
def test_a_target_is_changed_only_within_its_scope(
    role_name: str, page: str, targets: dict[str, Target]
) -> None:
    target = targets["manual"]
    client = client_of(make_user(role_name))
    before = state()

    assert client.get(f"/thong-ke/muc-tieu/{target.pk}/{page}/").status_code == CHANGE_STATUS[role_name]
    if CHANGE_STATUS[role_name] == 200:
        return
    posts = {
        "sua": form_data(metric="manual", min="1", label="Đổi"),
        "xoa": {},
        "so-lieu": {"as_of": "01/03/2026", "value": "4", "evidence": "Báo cáo"},
    }
    response = client.post(f"/thong-ke/muc-tieu/{target.pk}/{page}/", posts[page])
    assert response.status_code == CHANGE_STATUS[role_name]
    assert state() == before


@pytest.mark.parametrize("role_name", ["council", "producer", "buyer", "anonymous", "commune"])
def test_refused_roles_create_and_import_nothing(role_name: str) -> None:
    client = client_of(make_user(role_name))
    before = state()
    assert client.post("/thong-ke/muc-tieu/them/", form_data()).status_code in (302, 404)
    upload = SimpleUploadedFile("muc-tieu.csv", csv_file([row()]), content_type="text/csv")
    assert client.post("/thong-ke/muc-tieu/nhap-tep/", {"file": upload}).status_code in (302, 404)
    assert state() == before


def test_a_province_officer_cannot_change_a_national_or_another_provinces_target(
    targets: dict[str, Target],
) -> None:
    client = client_of(make_user("province"))
    before = state()
    for target in (targets["national"], targets["dak_lak"]):
        for page in ("sua", "xoa"):
            assert client.get(f"/thong-ke/muc-tieu/{target.pk}/{page}/").status_code == 404
            assert client.post(f"/thong-ke/muc-tieu/{target.pk}/{page}/", form_data()).status_code == 404
    assert state() == before


def test_a_figure_is_recorded_for_a_manual_target_only(targets: dict[str, Target]) -> None:
    response = client_of(make_user("central")).get(f"/thong-ke/muc-tieu/{targets['quang_ngai'].pk}/so-lieu/")
    assert response.status_code == 404


# --- The list


NEW, MANUAL = "150 sản phẩm OCOP mới", "Chủ thể tham gia chuỗi giá trị"


def labels_on(html: str) -> list[str]:
    return [text_of(label).strip() for label in re.findall(r'<h3 id="target-\d+">(.*?)</h3>', html, re.S)]


@pytest.mark.parametrize(
    ("role_name", "seen", "changeable"),
    [
        ("central", ["Cả nước", NEW, MANUAL, "Kon Tum 2021–2025", "Đắk Lắk"], 5),
        ("province", ["Cả nước", NEW, MANUAL, "Kon Tum 2021–2025"], 3),
        ("other_province", ["Cả nước", "Đắk Lắk"], 1),
        ("commune", [NEW, MANUAL, "Kon Tum 2021–2025"], 0),
    ],
)
def test_each_officer_sees_the_targets_they_work_with(
    role_name: str, seen: list[str], changeable: int, targets: dict[str, Target]
) -> None:
    response = client_of(make_user(role_name)).get("/thong-ke/muc-tieu/", {"as_of": "30/06/2026"})
    html = response.content.decode()
    assert labels_on(html) == seen
    assert len(re.findall(r'href="/thong-ke/muc-tieu/\d+/sua/"', html)) == changeable
    assert len(re.findall(r'href="/thong-ke/muc-tieu/\d+/xoa/"', html)) == changeable
    assert ('href="/thong-ke/muc-tieu/them/"' in html) is (role_name != "commune")


def test_a_row_says_how_the_target_stands(targets: dict[str, Target]) -> None:
    officer = make_user("province")
    assert officer is not None
    manual_figure_record(
        acting_user=officer,
        target=targets["manual"],
        as_of=datetime.date(2026, 3, 1),
        value=Decimal("4"),
        evidence="Báo cáo số 12/BC-SNN ngày 01/03/2026",
    )
    make_target(metric="share_4_plus", min="0.15", max="0.3", label="Tỷ lệ 4 sao")
    response = client_of(officer).get("/thong-ke/muc-tieu/", {"scope": "province:51", "as_of": "30/06/2026"})
    assert response.status_code == 200
    html = response.content.decode()
    cards = {
        text_of(label).strip(): text_of(body)
        for label, body in re.findall(r'<h3 id="target-\d+">(.*?)</h3>(.*?)</article>', html, re.S)
    }
    assert list(cards) == ["150 sản phẩm OCOP mới", "Chủ thể tham gia chuỗi giá trị", "Tỷ lệ 4 sao"]
    manual = cards["Chủ thể tham gia chuỗi giá trị"]
    assert " Phạm vi Tỉnh Quảng Ngãi " in manual
    assert " Thời gian 01/01/2026–31/12/2030 " in manual
    assert " Chỉ tiêu Chỉ tiêu nhập tay " in manual
    assert " Mục tiêu 10–20 " in manual
    assert " Đạt được 4 " in manual
    assert " Dự kiến cả kỳ 4 " in manual
    assert " Tình trạng chậm tiến độ " in manual
    assert " Minh chứng Báo cáo số 12/BC-SNN ngày 01/03/2026 " in manual
    assert "4 / 10 (40%)" in manual
    new = cards["150 sản phẩm OCOP mới"]
    assert " Chỉ tiêu Sản phẩm mới được công nhận (từ 3 sao) " in new
    assert " Mục tiêu 150 " in new
    assert " Đạt được 0 " in new
    assert " Tình trạng chậm tiến độ " in new
    share = cards["Tỷ lệ 4 sao"]
    assert " Mục tiêu 15%–30% " in share
    assert " Đạt được 0% " in share
    assert "2 mục tiêu" not in html
    assert "3 mục tiêu — tính đến ngày 30/06/2026" in text_of(html)


def test_before_its_first_day_a_target_has_not_started(targets: dict[str, Target]) -> None:
    response = client_of(make_user("central")).get(
        "/thong-ke/muc-tieu/", {"scope": "province:66", "as_of": "31/12/2025"}
    )
    assert " Tình trạng chưa bắt đầu " in text_of(response.content.decode())


def test_a_legacy_scope_is_named_as_one(targets: dict[str, Target]) -> None:
    response = client_of(make_user("commune")).get("/thong-ke/muc-tieu/", {"scope": "legacy_province:62"})
    html = text_of(response.content.decode())
    assert labels_on(response.content.decode()) == ["Kon Tum 2021–2025"]
    assert " Phạm vi Tỉnh Kon Tum (trước 1/7/2025) " in html
    assert " Tình trạng không đạt " in html


@pytest.mark.parametrize(
    ("parameters", "field", "message"),
    [
        ({"scope": "province:99"}, "scope", "Hãy chọn một lựa chọn hợp lệ."),
        ({"scope": "province:66"}, "scope", "Hãy chọn một lựa chọn hợp lệ."),  # not the officer's
        ({"as_of": "31/02/2026"}, "as_of", "Ngày không hợp lệ: hãy nhập theo dạng ngày/tháng/năm"),
    ],
)
def test_a_bad_filter_is_named_on_the_page(
    parameters: dict[str, str], field: str, message: str, targets: dict[str, Target]
) -> None:
    response = client_of(make_user("province")).get("/thong-ke/muc-tieu/", parameters)
    assert response.status_code == 400
    assert list(response.context["filters"].errors) == [field]
    assert message in response.content.decode()
    assert labels_on(response.content.decode()) == []


# --- Create and edit


def test_a_province_officer_creates_a_target(targets: dict[str, Target]) -> None:
    officer = make_user("province")
    response = client_of(officer).post(
        "/thong-ke/muc-tieu/them/",
        form_data(scope="legacy_province:62", metric="upgraded", step="3→4", min="12", label="Nâng hạng"),
    )
    assert response.status_code == 302
    assert response["Location"] == "/thong-ke/muc-tieu/"
    target = Target.objects.get(label="Nâng hạng")
    assert (target.scheme, target.province_code, target.step, target.target_min) == ("legacy", 62, "3→4", 12)
    assert (target.date_from, target.date_to) == (datetime.date(2026, 1, 1), datetime.date(2030, 12, 31))
    event = AuditEvent.objects.get(action="targets.create", object_id=str(target.pk))
    assert event.actor == officer


def test_the_scope_list_offers_what_the_officer_may_set() -> None:
    response = client_of(make_user("province")).get("/thong-ke/muc-tieu/them/")
    options = re.findall(r'<option value="([^"]*)"', response.content.decode().split('name="from"')[0])
    assert options == ["", "province:51", "legacy_province:62", "legacy_province:51"]


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        (
            {"from": "01/01/2026", "to": "31/12/2025"},
            "to",
            "kỳ kết thúc (2025-12-31) trước khi bắt đầu (2026-01-01) (the period ends before it starts)",
        ),
        (
            {"metric": "exports"},
            "metric",
            "không có chỉ tiêu 'exports'; dùng một trong new, new_potential_5, upgraded, recognized, "
            "kept_share, share_4_plus, manual (unknown metric; use one of these)",
        ),
        ({"min": "200", "max": "150"}, "min", "min (200) lớn hơn max (150) (min is above max)"),
        (
            {"metric": "share_4_plus", "min": "15"},
            "min",
            "15 là tỷ lệ lớn hơn 1; hãy viết 15% là 0.15 (a share above 1; write 15% as 0.15)",
        ),
        (
            {"step": "3→4"},
            "step",
            "chỉ tiêu new không dùng cột step; để trống (metric new takes no step; leave it empty)",
        ),
        ("central", "scope", "không có tỉnh hiện hành mã 99 (no current province with code 99)"),
        ({"scope": "province:66"}, "scope", "Bạn không đặt mục tiêu cho phạm vi này."),
        ({"scope": "national"}, "scope", "Bạn không đặt mục tiêu cho phạm vi này."),
        ({"label": ""}, "label", "bắt buộc (required)"),
        (
            {"from": "2026-13-01"},
            "from",
            "Ngày không hợp lệ: hãy nhập theo dạng ngày/tháng/năm, ví dụ 25/12/2026.",
        ),
        (
            {"label": "150 sản phẩm OCOP mới"},
            "label",
            "đã có mục tiêu cùng phạm vi, kỳ, chỉ tiêu và tên "
            "(a target with the same scope, period, metric and label exists)",
        ),
    ],
)
def test_bad_input_is_named_on_its_field_and_nothing_is_written(
    values: dict[str, str] | str, field: str, message: str, targets: dict[str, Target]
) -> None:
    if values == "central":  # only a central officer could name another province at all
        user, values = make_user("central"), {"scope": "province:99"}
    else:
        user = make_user("province")
    assert isinstance(values, dict)
    before = state()
    response = client_of(user).post("/thong-ke/muc-tieu/them/", form_data(**values))
    assert response.status_code == 400
    assert response.context["form"].errors == {field: [message]}
    html = response.content.decode()
    error_list = re.search(rf'<ul class="errorlist" id="id_{field}_error">(.*?)</ul>', html, re.S)
    assert error_list is not None
    assert text_of(error_list.group(1)).strip() == message.replace("'", "&#x27;")
    assert state() == before


def test_the_edit_form_is_filled_from_the_target(targets: dict[str, Target]) -> None:
    response = client_of(make_user("province")).get(f"/thong-ke/muc-tieu/{targets['manual'].pk}/sua/")
    form = response.context["form"]
    assert form.initial == {
        "scope": "province:51",
        "from": "2026-01-01",
        "to": "2030-12-31",
        "metric": "manual",
        "min_stars": "",
        "step": "",
        "cohort_from": "",
        "cohort_to": "",
        "min": "10",
        "max": "20",
        "decision": "Kế hoạch OCOP tỉnh Quảng Ngãi 2026–2030",
        "label": "Chủ thể tham gia chuỗi giá trị",
    }
    html = response.content.decode()
    assert 'name="from" value="01/01/2026"' in html
    assert '<option value="manual" selected>' in html


def test_an_edit_writes_one_audit_event_with_the_changes(targets: dict[str, Target]) -> None:
    officer = make_user("province")
    target = targets["manual"]
    response = client_of(officer).post(
        f"/thong-ke/muc-tieu/{target.pk}/sua/",
        form_data(metric="manual", min="12", max="20", label="Chủ thể tham gia chuỗi giá trị"),
    )
    assert response.status_code == 302
    events = AuditEvent.objects.filter(action="targets.update")
    assert [(event.actor, event.object_id, event.details) for event in events] == [
        (officer, str(target.pk), {"changes": {"min": ["10", "12"]}})
    ]
    target.refresh_from_db()
    assert target.target_min == 12


def test_an_empty_form_sent_is_refused_with_its_required_fields_on_create_as_on_edit(
    targets: dict[str, Target],
) -> None:
    client = client_of(make_user("province"))
    before = state()
    for path in ("/thong-ke/muc-tieu/them/", f"/thong-ke/muc-tieu/{targets['quang_ngai'].pk}/sua/"):
        response = client.post(path, {})
        assert response.status_code == 400, path
        assert sorted(response.context["form"].errors) == [
            "decision", "from", "label", "metric", "min", "scope", "to",
        ], path  # fmt: skip
    assert state() == before


def test_an_edit_with_a_bad_value_changes_nothing(targets: dict[str, Target]) -> None:
    target = targets["quang_ngai"]
    before = state()
    response = client_of(make_user("central")).post(
        f"/thong-ke/muc-tieu/{target.pk}/sua/", form_data(min="-5")
    )
    assert response.status_code == 400
    assert response.context["form"].errors == {"min": ["-5 là số âm (a negative number)"]}
    assert state() == before


def test_a_formula_in_a_label_stays_text_and_is_shown_escaped() -> None:
    formula = '=HYPERLINK("http://example.test/x","<b>bấm</b>")'
    client = client_of(make_user("central"))
    assert client.post("/thong-ke/muc-tieu/them/", form_data(label=formula)).status_code == 302
    assert Target.objects.get().label == formula
    html = client.get("/thong-ke/muc-tieu/", {"as_of": "30/06/2026"}).content.decode()
    assert "=HYPERLINK(&quot;http://example.test/x&quot;,&quot;&lt;b&gt;bấm&lt;/b&gt;&quot;)" in html
    assert "<b>bấm</b>" not in html


def test_get_and_post_only_and_post_needs_csrf(targets: dict[str, Target]) -> None:
    client = Client(enforce_csrf_checks=True)
    user = make_user("central")
    assert user is not None
    client.force_login(user)
    before = state()
    assert client.post("/thong-ke/muc-tieu/them/", form_data(label="Không CSRF")).status_code == 403
    assert client.post(f"/thong-ke/muc-tieu/{targets['quang_ngai'].pk}/xoa/").status_code == 403
    assert state() == before
    assert client_of(user).put("/thong-ke/muc-tieu/them/").status_code == 405
    assert client_of(user).post("/thong-ke/muc-tieu/", {}).status_code == 405


# --- Delete


def test_delete_asks_then_deletes_with_an_audit_event(targets: dict[str, Target]) -> None:
    officer = make_user("province")
    target = targets["kon_tum"]
    client = client_of(officer)
    page = client.get(f"/thong-ke/muc-tieu/{target.pk}/xoa/")
    assert page.status_code == 200
    assert Target.objects.filter(pk=target.pk).exists()
    assert " Phạm vi Tỉnh Kon Tum (trước 1/7/2025) " in text_of(page.content.decode())
    response = client.post(f"/thong-ke/muc-tieu/{target.pk}/xoa/")
    assert response.status_code == 302
    assert not Target.objects.filter(pk=target.pk).exists()
    event = AuditEvent.objects.get(action="targets.delete")
    assert (event.actor, event.details["label"]) == (officer, "Kon Tum 2021–2025")


# --- Manual figures


def test_a_figure_with_its_evidence_shows_in_the_api(targets: dict[str, Target]) -> None:
    officer = make_user("province")
    target = targets["manual"]
    client = client_of(officer)
    upload = SimpleUploadedFile("bao-cao.pdf", a_pdf(), content_type="application/pdf")
    response = client.post(
        f"/thong-ke/muc-tieu/{target.pk}/so-lieu/",
        {"as_of": "01/03/2026", "value": "100", "evidence": "Báo cáo 12/BC-SNN", "evidence_file": upload},
    )
    assert response.status_code == 302
    figure = ManualFigure.objects.get()
    assert (figure.as_of, figure.value, figure.evidence, figure.recorded_by) == (
        datetime.date(2026, 3, 1),
        100,
        "Báo cáo 12/BC-SNN",
        officer,
    )
    api = Client().get("/api/v1/targets", {"province": "51", "as_of": "2026-06-30"}).json()
    shown = next(item for item in api if item["id"] == target.pk)
    assert (shown["achieved"], shown["status"]) == (100, "met")
    assert shown["evidence"] == {"as_of": "2026-03-01", "text": "Báo cáo 12/BC-SNN", "has_file": True}

    page = client.get(f"/thong-ke/muc-tieu/{target.pk}/so-lieu/").content.decode()
    link = f"/thong-ke/muc-tieu/{target.pk}/so-lieu/{figure.pk}/tep"
    recorded = re.findall(
        r"<tr>\s*<td>(.*?)</td>\s*<td class=\"numeric\">(.*?)</td>\s*<td>(.*?)</td>", page, re.S
    )
    assert recorded == [("01/03/2026", "100", f'Báo cáo 12/BC-SNN — <a href="{link}">tệp minh chứng</a>')]


@pytest.mark.parametrize(
    ("role_name", "status"),
    [
        ("central", 200),
        ("province", 200),
        ("commune", 200),  # reads its province's targets
        ("other_province", 404),
        ("council", 404),
        ("producer", 404),
        ("buyer", 404),
        ("anonymous", 404),
    ],
)
def test_the_evidence_file_is_for_officers_who_see_the_target(
    role_name: str, status: int, targets: dict[str, Target]
) -> None:
    officer = make_user("province")
    client_of(officer).post(
        f"/thong-ke/muc-tieu/{targets['manual'].pk}/so-lieu/",
        {
            "as_of": "01/03/2026",
            "value": "4",
            "evidence": "Báo cáo",
            "evidence_file": SimpleUploadedFile("bao-cao.pdf", a_pdf(), content_type="application/pdf"),
        },
    )
    figure = ManualFigure.objects.get()
    response = client_of(make_user(role_name)).get(
        f"/thong-ke/muc-tieu/{targets['manual'].pk}/so-lieu/{figure.pk}/tep"
    )
    assert response.status_code == status
    if status == 200:
        assert b"".join(response.streaming_content) == a_pdf()  # type: ignore[attr-defined]
        assert response["Content-Disposition"] == (
            f'attachment; filename="minh-chung-muc-tieu-{targets["manual"].pk}-{figure.pk}.pdf"'
        )


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        (
            "bao-cao.pdf",
            b"<html><script>alert(1)</script></html>",
            "Tệp “bao-cao.pdf” không phải là tệp PDF hay ảnh JPEG, PNG, WebP (kiểm tra theo nội dung tệp).",
        ),
        (
            "bao-cao.pdf",
            b"%PDF-1.7\n garbage",
            "Tệp “bao-cao.pdf” không phải là tệp PDF hoàn chỉnh (có thể bị cắt ngắn hoặc hỏng).",
        ),
        ("bao-cao.jpg", a_pdf(), "Tệp “bao-cao.jpg” có nội dung là PDF, không phải như tên tệp nói."),
    ],
)
def test_a_hostile_evidence_file_is_refused_and_nothing_is_written(
    name: str, data: bytes, message: str, targets: dict[str, Target]
) -> None:
    before = state()
    response = client_of(make_user("province")).post(
        f"/thong-ke/muc-tieu/{targets['manual'].pk}/so-lieu/",
        {
            "as_of": "01/03/2026",
            "value": "4",
            "evidence": "Báo cáo",
            "evidence_file": SimpleUploadedFile(name, data, content_type="application/pdf"),
        },
    )
    assert response.status_code == 400
    [error] = response.context["form"].errors["evidence_file"]
    assert error.startswith(message)
    assert state() == before
    assert EvidenceFile.objects.count() == 0


def test_a_figure_needs_its_evidence(targets: dict[str, Target]) -> None:
    before = state()
    response = client_of(make_user("central")).post(
        f"/thong-ke/muc-tieu/{targets['manual'].pk}/so-lieu/",
        {"as_of": "01/03/2026", "value": "4", "evidence": "   "},
    )
    assert response.status_code == 400
    assert list(response.context["form"].errors) == ["evidence"]
    assert state() == before


# --- Import


def csv_file(rows: list[dict[str, str]]) -> bytes:
    columns = list(rows[0])
    lines = [",".join(columns)] + [",".join(values[column] for column in columns) for values in rows]
    return ("\n".join(lines) + "\n").encode()


def import_post(client: Client, content: bytes, *, dry_run: bool = False) -> Any:
    data: dict[str, Any] = {"file": SimpleUploadedFile("muc-tieu.csv", content, content_type="text/csv")}
    if dry_run:
        data["dry_run"] = "on"
    return client.post("/thong-ke/muc-tieu/nhap-tep/", data)


def test_a_file_with_one_bad_row_imports_nothing_and_names_line_and_column() -> None:
    client = client_of(make_user("province"))
    before = state()
    content = csv_file([row(), row(label="Thứ hai", metric="exports")])
    response = import_post(client, content)
    assert response.status_code == 400
    html = response.content.decode()
    errors = re.findall(r"<tr>\s*<td>(.*?)</td>\s*<td>(.*?)</td>\s*<td>(.*?)</td>", html, re.S)
    assert errors == [
        (
            "3",
            "metric",
            "không có chỉ tiêu &#x27;exports&#x27;; dùng một trong new, new_potential_5, upgraded, "
            "recognized, kept_share, share_4_plus, manual (unknown metric; use one of these)",
        )
    ]
    assert state() == before


def test_a_row_outside_the_officers_scope_is_named() -> None:
    client = client_of(make_user("province"))
    before = state()
    response = import_post(client, csv_file([row(scope="province:66")]))
    assert [(error.line, error.column) for error in response.context["result"].errors] == [(2, "scope")]
    assert (
        response.context["result"].errors[0].message
        == "province:66 ngoài phạm vi của bạn (outside your scope)"
    )
    assert state() == before


def test_importing_twice_changes_nothing() -> None:
    client = client_of(make_user("province"))
    content = csv_file([row(), row(scope="legacy_province:62", label="Kon Tum")])

    dry = import_post(client, content, dry_run=True)
    assert dry.status_code == 200
    assert Target.objects.count() == 0
    assert "Tệp hợp lệ — chưa ghi gì (chỉ kiểm tra)" in dry.content.decode()
    assert " Sẽ thêm 2 " in text_of(dry.content.decode())

    first = import_post(client, content)
    assert first.status_code == 200
    assert " Đã thêm 2 Đã sửa 0 Không đổi 0 " in text_of(first.content.decode())
    counts = (
        Target.objects.count(),
        AuditEvent.objects.filter(action__in=["targets.create", "targets.update"]).count(),
    )
    assert counts == (2, 2)

    second = import_post(client, content)
    assert " Đã thêm 0 Đã sửa 0 Không đổi 2 " in text_of(second.content.decode())
    assert (
        Target.objects.count(),
        AuditEvent.objects.filter(action__in=["targets.create", "targets.update"]).count(),
    ) == counts


def test_the_sample_file_imports_as_it_is() -> None:
    client = client_of(make_user("province"))
    sample = client.get("/thong-ke/muc-tieu/tep-mau.csv")
    assert sample.status_code == 200
    assert sample["Content-Type"] == "text/csv; charset=utf-8"
    content = sample.content
    assert content.decode("utf-8-sig").splitlines()[0] == (
        "scope,from,to,metric,min_stars,step,cohort_from,cohort_to,min,max,decision,label"
    )
    response = import_post(client, content)
    assert response.status_code == 200
    target = Target.objects.get()
    assert (target.province_code, target.metric, target.target_min, target.target_max) == (
        51,
        "new",
        150,
        200,
    )
    assert (
        'href="/thong-ke/muc-tieu/tep-mau.csv"' in client.get("/thong-ke/muc-tieu/nhap-tep/").content.decode()
    )


def test_an_oversized_file_is_refused_before_it_is_read(monkeypatch: pytest.MonkeyPatch) -> None:
    from ocop.registry.importing import reading

    client = client_of(make_user("central"))
    before = state()
    monkeypatch.setattr(reading, "MAX_FILE_BYTES", 10)
    response = import_post(client, csv_file([row()]))
    assert response.status_code == 400
    [error] = response.context["result"].errors
    assert (error.line, error.column) == (0, "")
    assert "vượt giới hạn" in error.message
    assert state() == before


# --- The menu


@pytest.mark.parametrize("role_name", ROLES)
def test_the_menu_shows_targets_to_officers(role_name: str) -> None:
    html = client_of(make_user(role_name)).get("/thong-ke/").content.decode()
    assert ('href="/thong-ke/muc-tieu/"' in html) is (
        role_name in ("central", "province", "other_province", "commune")
    )
