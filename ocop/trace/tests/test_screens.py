"""The batch screens under /truy-xuat/: who sees and who changes what, creating and editing a batch, and
the "Phát hành tem" form with its certificate warning."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from ocop.accounts.models import Role
from ocop.accounts.tests.factories import DAK_LAK, MO_DUC, QUANG_NGAI, UserFactory, commune, province
from ocop.core.models import AuditEvent
from ocop.registry.services import certificate_revoke
from ocop.registry.tests.factories import make_producer
from ocop.trace.models import Batch, SheetJob, SheetJobState, Stamp, StampRun


def member_of(producer):
    user = UserFactory(role=Role.PRODUCER)
    producer.members.add(user)
    return user


@pytest.fixture(autouse=True)
def _private_files(settings, tmp_path):
    settings.PRIVATE_FILES_ROOT = tmp_path


@pytest.fixture
def people(product):
    return {
        "owner": member_of(product.producer),
        "province": UserFactory(role=Role.PROVINCE_OFFICER, unit=province(QUANG_NGAI)),
        "central": UserFactory(role=Role.CENTRAL_OFFICER),
        "commune": UserFactory(role=Role.COMMUNE_OFFICER, unit=commune(MO_DUC)),
        "other_producer": member_of(make_producer(name="Hợp tác xã Khác")),
        "other_province": UserFactory(role=Role.PROVINCE_OFFICER, unit=province(DAK_LAK)),
        "council": UserFactory(role=Role.COUNCIL_MEMBER, unit=province(QUANG_NGAI)),
    }


def everything() -> dict[str, list[tuple]]:
    return {
        "Batch": list(Batch.objects.order_by("pk").values_list()),
        "StampRun": list(StampRun.objects.order_by("pk").values_list()),
        "Stamp": list(Stamp.objects.order_by("pk").values_list("pk")),
        "SheetJob": list(SheetJob.objects.order_by("pk").values_list()),
        "AuditEvent": list(AuditEvent.objects.order_by("pk").values_list("pk")),
    }


BATCH_FORM = {
    "lot": "L2026-02",
    "produced_on": "01/12/2026",
    "expires_on": "01/12/2027",
    "quantity": "1200",
    "unit": "gói",
    "raw_material_origin": "Cà phê vối của 40 hộ ở Mộ Đức",
    "suppliers": "Tổ hợp tác Đức Phú",
    "processing_steps": "Phơi | 20/11/2026 | Phơi trên giàn\nRang | 30/11/2026\n\nXay và đóng gói",
}


def issue_form(count: int = 3, **extra: str) -> dict[str, str]:
    return {"count": str(count), "label_size": "a4-3x8", "sheet_format": "pdf", **extra}


# --- Who sees what


def test_the_home_page_lists_a_producers_products_and_an_officers_batches(client, people, batch):
    client.force_login(people["owner"])
    page = client.get(reverse("trace:home"))
    assert page.status_code == 200
    assert [product.pk for product in page.context["products"]] == [batch.product.pk]
    assert page.context["manageable"] == {batch.product.pk}
    assert "Lô L2026-01" in page.content.decode()

    client.force_login(people["commune"])
    page = client.get(reverse("trace:home"))
    assert [product.pk for product in page.context["products"]] == [batch.product.pk]
    assert page.context["manageable"] == set()
    assert "Tạo lô mới" not in page.content.decode()

    client.force_login(people["province"])
    page = client.get(reverse("trace:home"), {"q": "Cà phê rang"})
    assert [product.pk for product in page.context["products"]] == [batch.product.pk]
    page = client.get(reverse("trace:home"), {"q": "không có"})
    assert page.context["products"] == []

    client.force_login(people["other_province"])
    assert client.get(reverse("trace:home")).context["products"] == []


@pytest.mark.parametrize("role", ["council"])
def test_roles_without_traceability_get_404(client, people, role):
    client.force_login(people[role])
    assert client.get(reverse("trace:home")).status_code == 404


def test_anonymous_users_are_sent_to_sign_in(client, batch):
    for url in (reverse("trace:home"), reverse("trace:batch_detail", kwargs={"batch_id": batch.pk})):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")


def _sheet_job(batch, people):
    from ocop.trace import jobs, services

    job = services.sheet_job_create(
        acting_user=people["owner"],
        batch=batch,
        count=2,
        force=False,
        label_size="a4-3x8",
        sheet_format="pdf",
    )
    jobs.start(job)
    job.refresh_from_db()
    return job


@pytest.mark.parametrize("who", ["other_producer", "other_province", "commune", "council", None])
def test_outsiders_and_readers_may_change_nothing(client, people, batch, who):
    job = _sheet_job(batch, people)
    before = everything()
    if who is not None:
        client.force_login(people[who])
    gets = [
        reverse("trace:batch_create", kwargs={"product_id": batch.product_id}),
        reverse("trace:batch_update", kwargs={"batch_id": batch.pk}),
        reverse("trace:sheet_job", kwargs={"job_id": job.pk}),
        reverse("trace:sheet_download", kwargs={"job_id": job.pk}),
    ]
    posts = [
        (reverse("trace:batch_create", kwargs={"product_id": batch.product_id}), BATCH_FORM),
        (reverse("trace:batch_update", kwargs={"batch_id": batch.pk}), BATCH_FORM),
        (reverse("trace:stamps_issue", kwargs={"batch_id": batch.pk}), issue_form(insist="on")),
        (reverse("trace:sheet_redraw", kwargs={"run_id": job.run_id}), issue_form()),
        (reverse("trace:sheet_retry", kwargs={"job_id": job.pk}), {}),
    ]
    answers = [client.get(url).status_code for url in gets]
    answers += [client.post(url, data).status_code for url, data in posts]

    if who is None:
        # The download answers 404 to anyone it is not for; the pages send anonymous users to sign in.
        assert answers == [302, 302, 302, 404, 302, 302, 302, 302, 302]
    else:
        assert answers == [404] * 9
    assert everything() == before


@pytest.mark.parametrize("who", ["other_producer", "other_province", "council"])
def test_a_batch_out_of_scope_is_404(client, people, batch, who):
    client.force_login(people[who])
    assert client.get(reverse("trace:batch_detail", kwargs={"batch_id": batch.pk})).status_code == 404


def test_a_commune_officer_reads_the_batch_without_the_issuing_form(client, people, batch):
    client.force_login(people["commune"])
    page = client.get(reverse("trace:batch_detail", kwargs={"batch_id": batch.pk}))
    assert page.status_code == 200
    assert page.context["may_manage"] is False
    assert "Phát hành tem" not in page.content.decode()


# --- Creating and editing a batch


@pytest.mark.parametrize("who", ["owner", "province", "central"])
def test_a_batch_is_created_with_its_steps_in_order_and_audited(client, people, product, who):
    client.force_login(people[who])
    response = client.post(reverse("trace:batch_create", kwargs={"product_id": product.pk}), BATCH_FORM)

    batch = Batch.objects.get(product=product, lot="L2026-02")
    assert response.status_code == 302
    assert response["Location"] == reverse("trace:batch_detail", kwargs={"batch_id": batch.pk})
    assert (batch.produced_on, batch.expires_on, batch.quantity, batch.unit) == (
        datetime.date(2026, 12, 1),
        datetime.date(2027, 12, 1),
        1200,
        "gói",
    )
    assert (batch.raw_material_origin, batch.suppliers) == (
        "Cà phê vối của 40 hộ ở Mộ Đức",
        "Tổ hợp tác Đức Phú",
    )
    assert batch.processing_steps == [
        {"step": "Phơi", "on": "2026-11-20", "note": "Phơi trên giàn"},
        {"step": "Rang", "on": "2026-11-30", "note": ""},
        {"step": "Xay và đóng gói", "on": "", "note": ""},
    ]
    assert batch.created_by == people[who]
    event = AuditEvent.objects.get(action="batch.create")
    assert (event.actor, event.object_id) == (people[who], str(batch.pk))
    page = client.get(response["Location"]).content.decode()
    assert "<strong>Phơi</strong> · 20/11/2026 — Phơi trên giàn" in page


def test_a_bad_step_line_or_a_taken_lot_is_refused_and_nothing_is_written(client, people, batch):
    client.force_login(people["owner"])
    before = everything()
    url = reverse("trace:batch_create", kwargs={"product_id": batch.product_id})

    bad_day = client.post(url, {**BATCH_FORM, "processing_steps": "Rang | 31/02/2026"})
    taken = client.post(url, {**BATCH_FORM, "lot": "L2026-01"})

    assert bad_day.status_code == 400
    assert bad_day.context["form"].errors["processing_steps"] == [
        "Dòng 1: ngày “31/02/2026” không hợp lệ, hãy viết ngày/tháng/năm, ví dụ 30/11/2026."
    ]
    assert taken.status_code == 400
    assert taken.context["form"].errors["lot"] == ["Sản phẩm này đã có lô L2026-01."]
    assert everything() == before


def test_editing_a_batch_records_before_and_after(client, people, batch):
    client.force_login(people["owner"])
    url = reverse("trace:batch_update", kwargs={"batch_id": batch.pk})
    form = client.get(url).context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    data.update(produced_on="30/11/2026", quantity="500", unit="hộp", processing_steps="Rang | 29/11/2026")

    response = client.post(url, data)

    assert response.status_code == 302
    batch.refresh_from_db()
    assert (batch.quantity, batch.unit) == (500, "hộp")
    assert batch.processing_steps == [{"step": "Rang", "on": "2026-11-29", "note": ""}]
    event = AuditEvent.objects.get(action="batch.update")
    assert event.details == {
        "lot": "L2026-01",
        "changes": {
            "quantity": [None, 500],
            "unit": ["", "hộp"],
            "processing_steps": [[], [{"step": "Rang", "on": "2026-11-29", "note": ""}]],
        },
    }
    # The form shows the steps back one a line.
    assert client.get(url).context["form"]["processing_steps"].value() == "Rang | 29/11/2026"


def test_the_lot_of_a_batch_with_stamps_cannot_change(client, people, batch):
    _sheet_job(batch, people)
    client.force_login(people["owner"])
    before = everything()
    url = reverse("trace:batch_update", kwargs={"batch_id": batch.pk})

    response = client.post(url, {**BATCH_FORM, "lot": "L2026-09"})

    assert response.status_code == 400
    assert response.context["form"].errors["lot"] == [
        "Lô đã có tem phát hành: số lô in trên tem không đổi được nữa."
    ]
    assert everything() == before


# --- Issuing, and the certificate warning


def test_issuing_small_runs_at_once_and_leads_to_the_download(client, people, batch):
    client.force_login(people["owner"])

    response = client.post(reverse("trace:stamps_issue", kwargs={"batch_id": batch.pk}), issue_form(3))

    job = SheetJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("trace:sheet_job", kwargs={"job_id": job.pk})
    assert (job.state, job.done, job.total, job.insisted) == (SheetJobState.DONE, 3, 3, False)
    run = StampRun.objects.get(sheet_jobs=job)
    assert (run.count, run.issued_by, run.overridden_warning) == (3, people["owner"], "")
    assert run.stamps.count() == 3
    assert AuditEvent.objects.filter(action__in=["stamp_sheet.request", "stamps.issue"]).count() == 2
    page = client.get(response["Location"])
    assert "Tải tệp tem" in page.content.decode()


def test_without_a_valid_certificate_issuing_needs_the_tick(client, people, batch):
    certificate_revoke(
        acting_user=None,
        certificate=batch.product.latest_certificate,
        revoked_on=timezone.localdate(),
        reason="Vi phạm an toàn thực phẩm",
    )
    client.force_login(people["province"])
    url = reverse("trace:stamps_issue", kwargs={"batch_id": batch.pk})
    page = client.get(reverse("trace:batch_detail", kwargs={"batch_id": batch.pk})).content.decode()
    assert "Giấy chứng nhận OCOP của sản phẩm đã bị thu hồi." in page
    assert "Tôi vẫn phát hành" in page
    before = everything()

    refused = client.post(url, issue_form(3))

    assert refused.status_code == 400
    assert refused.context["issue_form"].errors["insist"] == [
        "Giấy chứng nhận OCOP của sản phẩm đã bị thu hồi. "
        "Đánh dấu “Tôi vẫn phát hành” nếu vẫn muốn phát hành tem."
    ]
    assert everything() == before

    issued = client.post(url, issue_form(3, insist="on"))

    assert issued.status_code == 302
    run = StampRun.objects.get()
    assert (run.count, run.issued_by, run.overridden_warning) == (3, people["province"], "revoked")
    assert SheetJob.objects.get().insisted is True
    request_event = AuditEvent.objects.get(action="stamp_sheet.request")
    assert request_event.details["overridden_warning"] == "revoked"
    assert AuditEvent.objects.get(action="stamps.issue").details["overridden_warning"] == "revoked"


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (issue_form(0), "count", "Số tem phải từ 1 đến 5.000.000."),
        (issue_form(5_000_001), "count", "Số tem phải từ 1 đến 5.000.000."),
        (issue_form(3, label_size="a3"), "label_size", None),
    ],
)
def test_a_bad_count_or_size_is_refused(client, people, batch, data, field, message):
    client.force_login(people["owner"])
    before = everything()

    response = client.post(reverse("trace:stamps_issue", kwargs={"batch_id": batch.pk}), data)

    assert response.status_code == 400
    errors = response.context["issue_form"].errors[field]
    assert len(errors) == 1
    if message is not None:
        assert errors == [message]
    assert everything() == before
