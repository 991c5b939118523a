"""The officers' provincial report, ``/thong-ke/bao-cao/``: who may have which scope, the form, the files
and the parameters refused by name. The cast is ``test_provincial``'s (Quảng Ngãi, a product in legacy Kon
Tum, one in legacy Trà Vinh)."""

import datetime
import io
import re

import openpyxl
import pypdf
import pytest
from django.test import Client

from ocop.accounts.models import Role, User
from ocop.accounts.tests.factories import MO_DUC, UserFactory, commune, province
from ocop.core.models import AuditEvent
from ocop.registry.models import Product
from ocop.reports.selectors import TIME_ZONE
from ocop.reports.tests.test_provincial import cast  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db

URL = "/thong-ke/bao-cao/"
PERIOD = {"from": "2024-01-01", "to": "2025-12-31"}
VINH_LONG = 86


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def province_officer() -> Client:
    return signed_in(UserFactory(role=Role.PROVINCE_OFFICER, unit=province(51)))


def scope_options(html: str) -> list[str]:
    select = html.split('<select id="report-scope" name="scope">')[1].split("</select>")[0]
    return re.findall(r"<option[^>]*>[^<]*</option>", select)


def workbook_of(content: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(content))


def test_a_province_officer_downloads_the_report_of_their_province(
    province_officer: Client,
    cast: dict[str, Product],  # noqa: F811
) -> None:
    events = AuditEvent.objects.count()
    response = province_officer.get(URL, {"province": "51", **PERIOD, "format": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Disposition"] == (
        'attachment; filename="bao-cao-ocop-quang-ngai-2024-01-01-2025-12-31.xlsx"'
    )
    assert response["Cache-Control"] == "private, no-store"
    sheet = workbook_of(response.content)["Biểu 1"]
    assert [cell.value for cell in sheet[3]] == [None, "Tổng số sản phẩm", 4, 3]
    # A read changes nothing: the audit log records changes only.
    assert AuditEvent.objects.count() == events


def test_the_pdf_in_one_click(province_officer: Client, cast: dict[str, Product]) -> None:  # noqa: F811
    response = province_officer.get(URL, {"scope": "province:51", **PERIOD, "format": "pdf"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        'attachment; filename="bao-cao-ocop-quang-ngai-2024-01-01-2025-12-31.pdf"'
    )
    text = "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(response.content)).pages)
    assert "Quảng Ngãi" in text
    assert "Biểu 2" in text


def test_a_province_officer_has_the_legacy_provinces_that_went_into_theirs(
    province_officer: Client,
    cast: dict[str, Product],  # noqa: F811
) -> None:
    response = province_officer.get(URL, {"legacy_province": "62", **PERIOD, "format": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        'attachment; filename="bao-cao-ocop-kon-tum-cu-2024-01-01-2025-12-31.xlsx"'
    )
    units = workbook_of(response.content)["Biểu 3"]
    assert [cell.value for cell in units[3]] == [1, "608", "Thành phố Kon Tum", 1, 1]


@pytest.mark.parametrize(
    "scope",
    [
        {"province": str(VINH_LONG)},
        {"legacy_province": "84"},  # Trà Vinh, now in Vĩnh Long
        {"legacy_province": "51"},  # legacy Quảng Ngãi is in current Quảng Ngãi: allowed, checked below
        {},  # the country
    ],
)
def test_other_scopes_do_not_exist_for_a_province_officer(
    province_officer: Client,
    cast: dict[str, Product],  # noqa: F811
    scope: dict[str, str],
) -> None:
    response = province_officer.get(URL, {**scope, **PERIOD, "format": "xlsx"})
    if scope == {"legacy_province": "51"}:
        assert response.status_code == 200
        return
    assert response.status_code == 404
    assert "Content-Disposition" not in response
    assert "Biểu".encode() not in response.content


def test_a_commune_officer_has_the_report_of_their_province(cast: dict[str, Product]) -> None:  # noqa: F811
    client = signed_in(UserFactory(role=Role.COMMUNE_OFFICER, unit=commune(MO_DUC)))
    assert client.get(URL, {"province": "51", **PERIOD, "format": "xlsx"}).status_code == 200
    assert client.get(URL, {"legacy_province": "62", **PERIOD, "format": "xlsx"}).status_code == 200
    assert client.get(URL, {"province": str(VINH_LONG), **PERIOD, "format": "xlsx"}).status_code == 404
    assert client.get(URL, {**PERIOD, "format": "xlsx"}).status_code == 404


def test_a_central_officer_has_every_scope(cast: dict[str, Product]) -> None:  # noqa: F811
    client = signed_in(UserFactory(role=Role.CENTRAL_OFFICER))
    national = client.get(URL, {**PERIOD, "format": "xlsx"})
    assert national.status_code == 200
    assert national["Content-Disposition"] == (
        'attachment; filename="bao-cao-ocop-toan-quoc-2024-01-01-2025-12-31.xlsx"'
    )
    assert [cell.value for cell in workbook_of(national.content)["Biểu 1"][3]] == [
        None,
        "Tổng số sản phẩm",
        5,
        4,
    ]
    trà_vinh = client.get(URL, {"legacy_province": "84", **PERIOD, "format": "xlsx"})
    assert [cell.value for cell in workbook_of(trà_vinh.content)["Biểu 1"][3]] == [
        None,
        "Tổng số sản phẩm",
        1,
        1,
    ]
    assert client.get(URL, {"scope": f"province:{VINH_LONG}", **PERIOD, "format": "pdf"}).status_code == 200


@pytest.mark.parametrize("role", [Role.COUNCIL_MEMBER, Role.PRODUCER, Role.BUYER, Role.SALES_POINT_OPERATOR])
def test_other_roles_are_refused_without_a_word(role: Role) -> None:
    client = signed_in(UserFactory(role=role))
    for parameters in ({}, {"province": "51", **PERIOD, "format": "xlsx"}, {"format": "doc"}):
        response = client.get(URL, parameters)
        assert response.status_code == 404
        assert "Biểu".encode() not in response.content
        assert "Định dạng".encode() not in response.content


def test_anonymous_visitors_are_sent_to_sign_in() -> None:
    response = Client().get(URL, {"province": "51", **PERIOD, "format": "xlsx"})
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/thong-ke/bao-cao/")


def test_an_inactive_officer_is_refused() -> None:
    client = signed_in(UserFactory(role=Role.CENTRAL_OFFICER))
    User.objects.update(is_active=False)
    response = client.get(URL, {**PERIOD, "format": "xlsx"})
    assert response.status_code == 302
    assert "Content-Disposition" not in response


# --- The form


def test_the_form_defaults_to_this_year_and_the_officers_province(province_officer: Client) -> None:
    response = province_officer.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    today = datetime.datetime.now(TIME_ZONE).date()
    assert f'name="from" value="01/01/{today.year}"' in html
    assert f'name="to" value="{today:%d/%m/%Y}"' in html
    assert scope_options(html) == [
        '<option value="province:51" selected>Tỉnh Quảng Ngãi</option>',
        '<option value="legacy_province:51">Tỉnh Quảng Ngãi (trước 1/7/2025)</option>',
        '<option value="legacy_province:62">Tỉnh Kon Tum (trước 1/7/2025)</option>',
    ]
    assert '<button type="submit" class="button" name="format" value="xlsx">' in html
    assert '<button type="submit" class="button" name="format" value="pdf">' in html


def test_a_central_officer_chooses_among_every_scope_the_country_first() -> None:
    html = signed_in(UserFactory(role=Role.CENTRAL_OFFICER)).get(URL).content.decode()
    options = scope_options(html)
    assert options[0] == '<option value="national" selected>Toàn quốc</option>'
    assert len(options) == 1 + 34 + 63
    assert '<option value="legacy_province:84">Tỉnh Trà Vinh (trước 1/7/2025)</option>' in options


# --- Bad parameters


@pytest.mark.parametrize(
    ("parameters", "argument", "message"),
    [
        (
            {"province": "51", **PERIOD, "format": "doc"},
            "format",
            "Định dạng không hợp lệ: hãy chọn XLSX hoặc PDF.",
        ),
        (
            {"province": "51", "from": "2024-02-30", "format": "xlsx"},
            "from",
            "Ngày bắt đầu không hợp lệ",
        ),
        (
            {"province": "51", "from": "2025-02-01", "to": "31/01/2025", "format": "xlsx"},
            "to",
            "Ngày kết thúc không hợp lệ",
        ),
        ({"province": "năm mốt", **PERIOD, "format": "pdf"}, "province", "Phạm vi không hợp lệ"),
        (
            {"province": "51", "legacy_province": "62", **PERIOD, "format": "pdf"},
            "province, legacy_province",
            "Phạm vi không hợp lệ",
        ),
        ({"scope": "everywhere", **PERIOD, "format": "pdf"}, "province", "Phạm vi không hợp lệ"),
    ],
)  # fmt: skip
def test_bad_parameters_are_named_on_the_form_page(
    province_officer: Client, parameters: dict[str, str], argument: str, message: str
) -> None:
    response = province_officer.get(URL, parameters)
    assert response.status_code == 400
    assert "Content-Disposition" not in response
    html = response.content.decode()
    assert message in html
    assert f"Tham số: {argument} — <code>{argument}: " in html
    assert '<form id="report-form"' in html


def test_dates_typed_day_first_are_taken(province_officer: Client, cast: dict[str, Product]) -> None:  # noqa: F811
    response = province_officer.get(
        URL, {"province": "51", "from": "01/01/2024", "to": "31/12/2025", "format": "xlsx"}
    )
    assert response["Content-Disposition"].endswith('bao-cao-ocop-quang-ngai-2024-01-01-2025-12-31.xlsx"')


def test_the_statistics_page_links_officers_to_the_report(province_officer: Client) -> None:
    link = '<a href="/thong-ke/bao-cao/">Báo cáo kết quả thực hiện Chương trình OCOP (XLSX, PDF)</a>'
    assert link in province_officer.get("/thong-ke/").content.decode()
    assert link not in Client().get("/thong-ke/").content.decode()
    assert link not in signed_in(UserFactory(role=Role.PRODUCER)).get("/thong-ke/").content.decode()


def test_a_report_asked_without_a_period_covers_this_year_until_today(province_officer: Client) -> None:
    response = province_officer.get(URL, {"province": "51", "format": "xlsx"})
    today = datetime.datetime.now(TIME_ZONE).date()
    assert response["Content-Disposition"] == (
        f'attachment; filename="bao-cao-ocop-quang-ngai-{today.year}-01-01-{today.isoformat()}.xlsx"'
    )
