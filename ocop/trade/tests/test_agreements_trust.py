"""Issue #12, trust in the report: what a buyer records waits for its producer, counts only once confirmed,
is disputed with a reason, amended by the buyer (asking again), and followed up by both parties once trusted;
each step tells the other side once, and nobody else may take it."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from ocop.accounts.audit_words.sentences import AGREEMENT_ANSWERS, AGREEMENT_STATUSES
from ocop.accounts.models import Role
from ocop.accounts.tests.factories import UserFactory, province
from ocop.core.models import AuditEvent
from ocop.notifications.models import Notification
from ocop.registry.tests.factories import make_producer
from ocop.trade.agreements import services
from ocop.trade.models import Agreement, AgreementStatus, Delivery, ProducerAnswer, Verification
from ocop.trade.tests.agreements_helpers import DAK_LAK, QUANG_NGAI, plain_static_storage
from ocop.trade.tests.test_agreements_buyer import NEW, contract, deal, signed_in

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures(plain_static_storage.__name__)]

STATS = "/api/v1/trade/stats"
REPORT = "/ket-noi/bao-cao/"
__all__ = ["deal"]  # the fixture, used by name


@pytest.fixture
def parties(deal):
    """``deal`` with the producer's member, the province's officer and people who must learn nothing."""
    producer_person = UserFactory(role=Role.PRODUCER, email="htx@example.vn")
    deal["producer"].members.add(producer_person)
    deal["member"].email = "mua@example.vn"
    deal["member"].save()
    stranger = UserFactory(role=Role.PRODUCER, email="htx-khac@example.vn")
    make_producer(name="HTX Khác", tax_code="4300000199").members.add(stranger)
    return {
        **deal,
        "producer_person": producer_person,
        "officer": UserFactory(role=Role.PROVINCE_OFFICER, unit=province(QUANG_NGAI), email="so@example.vn"),
        "elsewhere": UserFactory(
            role=Role.PROVINCE_OFFICER, unit=province(DAK_LAK), email="daklak@example.vn"
        ),
        "stranger": stranger,
    }


def recorded(parties, **changes) -> Agreement:
    response = signed_in(parties["member"]).post(NEW, contract(parties, **changes))
    assert response.status_code == 302, response.context["form"].errors
    return Agreement.objects.get(pk=int(response["Location"].rstrip("/").rsplit("/", 1)[1]))


def figures(client: Client | None = None) -> tuple[int, int, int, int, int]:
    """Memoranda counted, contracts counted, their value, delivered, and the provinces listed."""
    stats = (client or Client()).get(STATS).json()
    return (
        stats["memoranda"]["count"],
        stats["contracts"]["count"],
        stats["contracts"]["value_vnd"],
        stats["contracts"]["delivered_vnd"],
        len(stats["by_province"]),
    )


def told() -> list[tuple[str, str]]:
    return sorted(
        Notification.objects.filter(kind="trade.agreement").values_list("recipient__email", "subject")
    )


def answer(user, agreement: Agreement, **data: str):
    return signed_in(user).post(f"/ket-noi/thoa-thuan/{agreement.pk}/xac-nhan", data, follow=True)


def test_a_buyers_record_waits_for_its_producer_and_counts_once_confirmed(
    parties, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        memorandum = recorded(parties, kind="mou", document_no="", value_vnd="")
        signed = recorded(parties)
    assert [memorandum.producer_answer, signed.producer_answer] == ["pending", "pending"]
    assert figures() == (0, 0, 0, 0, 0)
    page = Client().get(REPORT).content.decode()
    assert (
        "2 văn bản do bên mua ghi (giá trị 30.000.000 đồng) đang chờ chủ thể xác nhận và chưa được tính."
        in page
    )
    asked = "Xác nhận văn bản {} với Siêu thị Sông Trà"
    assert told() == [
        ("htx@example.vn", asked.format(f"Biên bản ghi nhớ {memorandum.pk}")),
        ("htx@example.vn", asked.format("Hợp đồng HĐ-15/2026")),
    ]
    assert sorted(message.to[0] for message in mail.outbox) == ["htx@example.vn", "htx@example.vn"]
    detail = signed_in(parties["producer_person"]).get(f"/ket-noi/thoa-thuan/{signed.pk}/").content.decode()
    assert "Chờ chủ thể xác nhận" in detail
    assert "Xác nhận</button>" in detail
    assert "Không xác nhận</button>" in detail
    listing = signed_in(parties["producer_person"]).get("/ket-noi/thoa-thuan/").content.decode()
    assert "Chờ bạn xác nhận" in listing

    with django_capture_on_commit_callbacks(execute=True):
        response = answer(parties["producer_person"], signed, answer="confirm")
    assert "Đã xác nhận văn bản; văn bản được tính vào báo cáo." in response.content.decode()
    signed.refresh_from_db()
    assert (signed.producer_answer, signed.answered_by, signed.dispute_reason) == (
        "confirmed",
        parties["producer_person"],
        "",
    )
    assert figures() == (0, 1, 30_000_000, 0, 1)
    page = Client().get(REPORT).content.decode()
    assert "1 văn bản do bên mua ghi (giá trị 0 đồng) đang chờ chủ thể xác nhận và chưa được tính." in page
    assert ("mua@example.vn", "HTX Mật ong Ba Tơ đã xác nhận Hợp đồng HĐ-15/2026") in told()
    assert len(told()) == 3
    event = AuditEvent.objects.get(action="agreement.answer")
    assert (event.actor, event.details) == (parties["producer_person"], {"answer": "confirmed", "reason": ""})

    # A replayed confirmation changes nothing and tells nobody again.
    audited = AuditEvent.objects.count()
    replay = answer(parties["producer_person"], signed, answer="confirm")
    assert replay.redirect_chain == [(f"/ket-noi/thoa-thuan/{signed.pk}/", 302)]
    page = replay.content.decode()
    assert "Văn bản này không chờ xác nhận (hiện: Chủ thể đã xác nhận)." in page
    assert (AuditEvent.objects.count(), len(told())) == (audited, 3)

    with django_capture_on_commit_callbacks(execute=True):
        answer(parties["producer_person"], memorandum, answer="confirm")
    assert figures() == (1, 1, 30_000_000, 0, 1)
    assert "đang chờ chủ thể xác nhận" not in Client().get(REPORT).content.decode()


def test_a_dispute_needs_a_reason_keeps_the_document_out_and_tells_the_buyer_and_the_province(
    parties, django_capture_on_commit_callbacks
):
    signed = recorded(parties)
    audited = AuditEvent.objects.count()
    page = answer(parties["producer_person"], signed, answer="dispute", reason="  ").content.decode()
    assert "Hãy ghi lý do không xác nhận." in page
    signed.refresh_from_db()
    assert (signed.producer_answer, AuditEvent.objects.count()) == ("pending", audited)
    with pytest.raises(ValidationError, match=r"Hãy ghi lý do không xác nhận\."):
        services.agreement_answer(acting_user=parties["producer_person"], agreement=signed, confirm=False)

    with django_capture_on_commit_callbacks(execute=True):
        answer(parties["producer_person"], signed, answer="dispute", reason="Chúng tôi chưa ký hợp đồng này.")
    signed.refresh_from_db()
    assert (signed.producer_answer, signed.dispute_reason) == ("disputed", "Chúng tôi chưa ký hợp đồng này.")
    assert figures() == (0, 0, 0, 0, 0)
    assert "đang chờ chủ thể xác nhận" not in Client().get(REPORT).content.decode()
    disputed = "HTX Mật ong Ba Tơ không xác nhận Hợp đồng HĐ-15/2026"
    assert [row for row in told() if row[1] == disputed] == [
        ("mua@example.vn", disputed),
        ("so@example.vn", disputed),
    ]
    body = Notification.objects.get(recipient=parties["officer"], subject=disputed).body
    assert body == (
        "HTX Mật ong Ba Tơ không xác nhận Hợp đồng HĐ-15/2026 do Siêu thị Sông Trà ghi. "
        "Lý do: Chúng tôi chưa ký hợp đồng này."
    )
    seen = signed_in(parties["member"]).get(f"/ket-noi/thoa-thuan/{signed.pk}/").content.decode()
    assert "Chủ thể không xác nhận" in seen
    assert "Lý do: Chúng tôi chưa ký hợp đồng này." in seen


def test_the_buyer_amends_on_the_form_filled_in_and_the_producer_is_asked_again(
    parties, django_capture_on_commit_callbacks
):
    signed = recorded(parties)
    services.agreement_answer(acting_user=parties["producer_person"], agreement=signed, confirm=True)
    assert figures() == (0, 1, 30_000_000, 0, 1)
    Notification.objects.all().delete()
    client = signed_in(parties["member"])
    edit = f"/ket-noi/thoa-thuan/{signed.pk}/ben-mua-sua"
    assert f'href="{edit}"' in client.get(f"/ket-noi/thoa-thuan/{signed.pk}/").content.decode()
    form = client.get(edit).context["form"]
    assert (form["document_no"].value(), form["value_vnd"].value(), form["producer"].value()) == (
        "HĐ-15/2026",
        30_000_000,
        parties["producer"].pk,
    )
    unchanged = contract(parties, **{"lines-INITIAL_FORMS": "1"})
    assert client.post(edit, unchanged).status_code == 302
    signed.refresh_from_db()
    assert signed.producer_answer == "confirmed"  # nothing the producer confirmed changed

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(edit, {**unchanged, "value_vnd": "35000000", "producer": 999_999})
    assert response.status_code == 302
    signed.refresh_from_db()
    assert (signed.producer_answer, signed.value_vnd, signed.producer, signed.answered_by) == (
        "pending",
        35_000_000,
        parties["producer"],
        None,
    )
    assert figures() == (0, 0, 0, 0, 0)
    assert told() == [("htx@example.vn", "Xác nhận văn bản Hợp đồng HĐ-15/2026 với Siêu thị Sông Trà")]

    # Disputed, then amended: asked again, the old reason gone.
    services.agreement_answer(
        acting_user=parties["producer_person"], agreement=signed, confirm=False, reason="Sai giá trị."
    )
    with django_capture_on_commit_callbacks(execute=True):
        client.post(edit, {**unchanged, "value_vnd": "32000000"})
    signed.refresh_from_db()
    assert (signed.producer_answer, signed.dispute_reason, signed.value_vnd) == ("pending", "", 32_000_000)
    asked = Notification.objects.filter(recipient=parties["producer_person"], subject__startswith="Xác nhận")
    assert asked.count() == 2


def test_outsiders_answer_amend_and_follow_up_nothing(parties):
    signed = recorded(parties)
    officers_own = Agreement.objects.create(
        identity="o", kind="mou", signed_on=datetime.date(2026, 1, 5), buyer=parties["buyer"],
        buyer_name="Siêu thị Sông Trà", buyer_type="supermarket", producer=parties["producer"],
        producer_name="HTX Mật ong Ba Tơ", province_code=QUANG_NGAI,
    )  # fmt: skip
    audited, noticed = AuditEvent.objects.count(), Notification.objects.count()
    url = f"/ket-noi/thoa-thuan/{signed.pk}"
    for user in (parties["stranger"], parties["member"], parties["officer"], parties["elsewhere"]):
        assert answer(user, signed, answer="confirm").status_code == 404
    for user in (parties["stranger"], parties["elsewhere"], parties["producer_person"]):
        assert signed_in(user).post(f"{url}/ben-mua-sua", contract(parties, value_vnd="1")).status_code == 404
    assert (
        signed_in(parties["member"]).get(f"/ket-noi/thoa-thuan/{officers_own.pk}/ben-mua-sua").status_code
        == 404
    )
    # While pending, neither party follows up; another province's officer never does.
    for user in (parties["member"], parties["producer_person"], parties["elsewhere"], parties["stranger"]):
        client = signed_in(user)
        assert client.post(f"{url}/trang-thai", {"status": "in_progress"}).status_code == 404
        assert (
            client.post(f"{url}/", {"form": "delivery", "on": "2026-11-25", "value_vnd": "1"}).status_code
            == 404
        )
    assert Client().post(f"{url}/xac-nhan", {"answer": "confirm"}).status_code == 302  # to sign in
    with pytest.raises(PermissionDenied):
        services.agreement_answer(acting_user=parties["member"], agreement=signed, confirm=True)
    with pytest.raises(PermissionDenied):
        services.delivery_record(
            acting_user=parties["producer_person"],
            agreement=signed,
            on=datetime.date(2026, 11, 25),
            value_vnd=1,
        )
    csrf_client = Client(enforce_csrf_checks=True)
    csrf_client.force_login(parties["producer_person"])
    assert csrf_client.post(f"{url}/xac-nhan", {"answer": "confirm"}).status_code == 403
    parties["buyer"].verification = Verification.PENDING
    parties["buyer"].save()
    assert signed_in(parties["member"]).get(f"{url}/ben-mua-sua").status_code == 404
    signed.refresh_from_db()
    assert (signed.producer_answer, signed.value_vnd, signed.status) == ("pending", 30_000_000, "signed")
    assert (AuditEvent.objects.count(), Notification.objects.count(), Delivery.objects.count()) == (
        audited,
        noticed,
        0,
    )


def test_both_parties_follow_up_a_confirmed_document_and_tell_each_other(
    parties, django_capture_on_commit_callbacks
):
    signed = recorded(parties)
    services.agreement_answer(acting_user=parties["producer_person"], agreement=signed, confirm=True)
    Notification.objects.all().delete()
    url = f"/ket-noi/thoa-thuan/{signed.pk}/"
    page = signed_in(parties["member"]).get(url).content.decode()
    assert "Ghi giao hàng</button>" in page
    assert "Cập nhật trạng thái</button>" in page
    with django_capture_on_commit_callbacks(execute=True):
        delivered = signed_in(parties["member"]).post(
            url, {"form": "delivery", "on": "2026-11-25", "value_vnd": "10000000"}
        )
    assert delivered.status_code == 302
    assert told() == [("htx@example.vn", "Giao hàng theo Hợp đồng HĐ-15/2026")]
    with django_capture_on_commit_callbacks(execute=True):
        moved = signed_in(parties["producer_person"]).post(f"{url}trang-thai", {"status": "in_progress"})
    assert moved.status_code == 302
    assert told() == [
        ("htx@example.vn", "Giao hàng theo Hợp đồng HĐ-15/2026"),
        ("mua@example.vn", "Hợp đồng HĐ-15/2026: Đang thực hiện"),
    ]
    refused = signed_in(parties["member"]).post(f"{url}trang-thai", {"status": "signed"}, follow=True)
    message = "Không thể chuyển văn bản từ “Đang thực hiện” sang trạng thái đã chọn."
    assert message in refused.content.decode()
    # The province's officer follows up as before; no party is told of an officer's step.
    signed_in(parties["officer"]).post(f"{url}trang-thai", {"status": "fulfilled"})
    signed.refresh_from_db()
    assert (signed.status, signed.delivered_vnd) == (AgreementStatus.FULFILLED, 10_000_000)
    assert len(told()) == 2
    assert figures() == (0, 1, 30_000_000, 10_000_000, 1)
    actions = list(
        AuditEvent.objects.filter(
            object_id=str(signed.pk), action__in=["delivery.record", "agreement.status"]
        )
        .order_by("pk")
        .values_list("action", "actor__email")
    )
    assert actions == [
        ("delivery.record", "mua@example.vn"),
        ("agreement.status", "htx@example.vn"),
        ("agreement.status", "so@example.vn"),
    ]


def test_the_audit_log_has_words_for_every_answer_and_status():
    assert set(AGREEMENT_ANSWERS) == set(ProducerAnswer.values) - {"not_asked", "pending"}
    assert {status: str(words) for status, words in AGREEMENT_STATUSES.items()} == {
        status: str(label) for status, label in AgreementStatus.choices
    }
