"""Days in the officials' forms are typed and shown as dd/mm/yyyy whatever the browser's or the site's
language: a text box with a pattern and a hint, never <input type="date"> (which follows the browser)."""

import datetime
import re

import pytest
from django.test import Client
from django.urls import reverse

from ocop.accounts.models import Role
from ocop.accounts.tests.factories import UserFactory
from ocop.core.models import AuditEvent
from ocop.registry.models import Certificate
from ocop.registry.tests.factories import make_certificate, make_product, revocation_evidence_upload

pytestmark = pytest.mark.django_db

DECIDED = datetime.date(2025, 3, 5)
# What a revocation needs besides its day: one of the six grounds and the revocation decision.
GROUND_AND_DECISION = {"ground": "unsafe_food", "decision_no": "9/QĐ-UBND", "decision_date": "07/03/2025"}
PATTERN = r"\d{1,2}/\d{1,2}/\d{4}|\d{4}-\d{2}-\d{2}"


@pytest.fixture
def officer_client(db) -> Client:
    client = Client()
    client.force_login(UserFactory(role=Role.PROVINCE_OFFICER))  # Quảng Ngãi, where the products are
    return client


@pytest.fixture
def certificate(db) -> Certificate:
    return make_certificate(make_product(), stars=4, decision_date=DECIDED, decision_no="5/QĐ-UBND")


def day_input(html: str, name: str) -> str:
    found = re.search(rf'<input type="[a-z]+" name="{name}"[^>]*>', html)
    assert found is not None, name
    return found.group(0)


def test_the_forms_ask_for_days_in_a_text_box_with_a_pattern(officer_client, certificate):
    add = officer_client.get(
        reverse("registry:certificate_add", args=[certificate.product_id])
    ).content.decode()
    revoke = officer_client.get(
        reverse("registry:certificate_revoke", args=[certificate.pk])
    ).content.decode()

    assert 'type="date"' not in add + revoke
    assert day_input(revoke, "revoked_on") == (
        f'<input type="text" name="revoked_on" inputmode="numeric" pattern="{PATTERN}"'
        ' placeholder="ngày/tháng/năm" autocomplete="off" size="10" maxlength="10" required'
        ' aria-describedby="id_revoked_on_helptext" id="id_revoked_on">'
    )
    assert (
        '<div class="helptext" id="id_revoked_on_helptext">Ngày/tháng/năm, ví dụ 25/12/2026.</div>' in revoke
    )
    assert day_input(add, "decision_date").startswith(
        '<input type="text" name="decision_date" inputmode="numeric"'
    )


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize("typed", ["07/03/2025", "7/3/2025", "2025-03-07"])
def test_a_day_typed_day_first_or_iso_is_read_the_same_in_both_languages(
    officer_client, certificate, settings, language, typed
):
    officer_client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    url = reverse("registry:certificate_revoke", args=[certificate.pk])

    response = officer_client.post(
        url,
        {
            "revoked_on": typed,
            "reason": "Không duy trì tiêu chí",
            "evidence": [revocation_evidence_upload()],
            **GROUND_AND_DECISION,
        },
    )

    assert response.status_code == 302
    certificate.refresh_from_db()
    assert certificate.revoked_on == datetime.date(2025, 3, 7)  # the 7th of March, never the 3rd of July


@pytest.mark.parametrize("typed", ["2025/03/07", "03-07-2025", "31/02/2025", "7 tháng 3"])
def test_a_day_in_another_form_is_refused_and_nothing_changes(officer_client, certificate, typed):
    url = reverse("registry:certificate_revoke", args=[certificate.pk])
    events = AuditEvent.objects.count()

    response = officer_client.post(
        url,
        {
            "revoked_on": typed,
            "reason": "Không duy trì tiêu chí",
            "evidence": [revocation_evidence_upload()],
            **GROUND_AND_DECISION,
        },
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "revoked_on": ["Ngày không hợp lệ: hãy nhập theo dạng ngày/tháng/năm, ví dụ 25/12/2026."]
    }
    # What was typed is shown back as typed, to be corrected.
    assert f'value="{typed}"' in day_input(response.content.decode(), "revoked_on")
    certificate.refresh_from_db()
    assert certificate.revoked_on is None
    assert AuditEvent.objects.count() == events


def test_a_refused_day_is_shown_back_day_first(officer_client, certificate):
    url = reverse("registry:certificate_revoke", args=[certificate.pk])

    # A day before the decision: valid as a day, refused by the rule; the box shows it as dd/mm/yyyy.
    response = officer_client.post(
        url,
        {
            "revoked_on": "2025-01-02",
            "reason": "Sớm",
            **GROUND_AND_DECISION,
            "evidence": [revocation_evidence_upload()],
        },
    )

    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["revoked_on"]
    assert 'value="02/01/2025"' in day_input(response.content.decode(), "revoked_on")


def test_the_statistics_day_is_a_text_box_too(client, db):
    html = client.get("/thong-ke/", {"as_of": "2022-12-31"}).content.decode()

    assert day_input(html, "as_of") == (
        '<input type="text" name="as_of" value="31/12/2022" inputmode="numeric"'
        f' pattern="{PATTERN}" placeholder="ngày/tháng/năm" autocomplete="off"'
        ' size="10" maxlength="10" id="statistics-as-of" aria-describedby="statistics-as-of-help">'
    )
