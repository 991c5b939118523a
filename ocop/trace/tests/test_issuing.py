import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command
from django.utils import timezone

from ocop.accounts.models import Role
from ocop.accounts.tests.factories import DAK_LAK, UserFactory, province
from ocop.core.models import AuditEvent
from ocop.registry.services import certificate_revoke
from ocop.registry.tests.factories import make_product
from ocop.trace import services
from ocop.trace.models import Batch, Stamp, StampRun


def everything() -> dict[str, list[int]]:
    return {
        model.__name__: sorted(model.objects.values_list("pk", flat=True))
        for model in (Batch, StampRun, Stamp, AuditEvent)
    }


def test_issuing_writes_the_stamps_of_one_run_and_audits_it(batch):
    officer = UserFactory(role=Role.PROVINCE_OFFICER)

    run = services.stamps_issue(acting_user=officer, batch=batch, count=25)

    assert (run.count, run.issued_by, run.overridden_warning) == (25, officer, "")
    assert Stamp.objects.filter(run=run, batch=batch).count() == 25
    event = AuditEvent.objects.get(action="stamps.issue")
    assert event.details == {"batch": batch.pk, "lot": "L2026-01", "count": 25, "overridden_warning": ""}
    uris = list(services.stamp_uris(run))
    serials = list(Stamp.objects.filter(run=run).order_by("pk").values_list("serial", flat=True))
    code = batch.product.code
    assert uris == [f"http://127.0.0.1:8000/p/{code}/10/L2026-01/21/{serial}" for serial in serials]


def test_a_product_whose_certificate_is_revoked_is_refused_unless_the_issuer_insists(batch):
    certificate_revoke(
        acting_user=None,
        certificate=batch.product.latest_certificate,
        revoked_on=timezone.localdate(),
        reason="Vi phạm an toàn thực phẩm",
    )
    before = everything()

    with pytest.raises(services.CertificateWarningError) as refused:
        services.stamps_issue(acting_user=None, batch=batch, count=10)

    assert refused.value.status == "revoked"
    assert refused.value.messages == ["Giấy chứng nhận OCOP của sản phẩm đã bị thu hồi."]
    assert everything() == before
    run = services.stamps_issue(acting_user=None, batch=batch, count=10, force=True)
    assert (run.overridden_warning, run.stamps.count()) == ("revoked", 10)


def test_an_officer_of_another_province_may_not_issue_and_nothing_is_written(batch):
    outsider = UserFactory(role=Role.PROVINCE_OFFICER, unit=province(DAK_LAK))
    before = everything()

    with pytest.raises(PermissionDenied):
        services.stamps_issue(acting_user=outsider, batch=batch, count=10)

    assert everything() == before


@pytest.mark.parametrize(
    ("lot", "message"),
    [
        ("", "Hãy ghi số lô."),
        ("L" * 21, "Số lô dài tối đa 20 ký tự (GS1 AI 10)."),
        ("Lô 3/A", "Số lô chỉ gồm chữ, số và dấu, không có “/” hay ký tự điều khiển."),
        ("L2026-01", "Sản phẩm này đã có lô L2026-01."),
    ],
)
def test_a_bad_lot_is_refused_by_name(batch, lot, message):
    with pytest.raises(ValidationError) as refused:
        services.batch_create(
            acting_user=None, product=batch.product, lot=lot, produced_on=datetime.date(2026, 12, 1)
        )
    assert refused.value.message_dict == {"lot": [message]}


def test_the_command_issues_to_a_file_and_creates_the_batch(product, tmp_path):
    out = tmp_path / "tem.txt"
    output = io.StringIO()

    call_command("issue_stamps", product=product.code, lot="L-MỚI", count=7, out=str(out), stdout=output)

    lines = out.read_text().splitlines()
    batch = Batch.objects.get(product=product, lot="L-MỚI")
    serials = set(Stamp.objects.filter(batch=batch).values_list("serial", flat=True))
    assert len(lines) == 7
    assert {line.rsplit("/", 1)[1] for line in lines} == serials
    assert all(
        line.startswith(f"http://127.0.0.1:8000/p/{product.code}/10/L-M%E1%BB%9AI/21/") for line in lines
    )
    assert output.getvalue() == f"Issued 7 stamps of lot L-MỚI of {product.name}: {out}\n"


def test_the_command_refuses_a_product_without_a_certificate_and_writes_nothing(db, tmp_path):
    product = make_product(name="Mật ong chưa công nhận")
    product.code = "51-21400-999-2026"
    product.save()
    out = tmp_path / "tem.txt"
    before = everything()

    with pytest.raises(CommandError, match=r"Sản phẩm chưa có giấy chứng nhận OCOP\. Nothing issued"):
        call_command("issue_stamps", product=product.code, lot="L1", count=3, out=str(out))

    assert everything() == before
    assert not out.exists()
    call_command(
        "issue_stamps",
        product=product.code,
        lot="L1",
        count=3,
        out=str(out),
        force=True,
        stdout=io.StringIO(),
    )
    assert StampRun.objects.get().overridden_warning == "no_certificate"
    assert len(out.read_text().splitlines()) == 3
