"""A request to meet tells the other side; scheduling, declining or cancelling tells whoever asked, once,
in the inbox and by e-mail; a side declines or calls off only its own meetings, as ``PARTY_MOVES`` says."""

import datetime

import pytest
from django.core import mail
from django.test import Client

from ocop.accounts.models import Role
from ocop.accounts.tests.factories import UserFactory, province
from ocop.core.models import AuditEvent
from ocop.notifications.models import Notification
from ocop.registry.tests.factories import make_producer
from ocop.trade.models import ConnectionEvent, Meeting
from ocop.trade.tests.agreements_helpers import DAK_LAK, QUANG_NGAI, plain_static_storage, verified_buyer

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures(plain_static_storage.__name__)]

DECLINED = (
    "Đề nghị gặp giữa Siêu thị Sông Trà và HTX Mật ong Ba Tơ tại Hội nghị cung cầu Quảng Ngãi đã bị từ chối."
)


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def sides():
    event = ConnectionEvent.objects.create(
        name="Hội nghị cung cầu Quảng Ngãi", search_name="hoi nghi cung cau quang ngai",
        date=datetime.date(2026, 12, 20), province_code=QUANG_NGAI,
    )  # fmt: skip
    buyer_people = [UserFactory(role=Role.BUYER, email=f"mua{n}@example.vn") for n in (1, 2)]
    buyer = verified_buyer(*buyer_people)
    producer = make_producer(name="HTX Mật ong Ba Tơ", tax_code="4300000201")
    producer_person = UserFactory(role=Role.PRODUCER, email="htx@example.vn")
    producer.members.add(producer_person)
    event.buyers.add(buyer)
    event.producers.add(producer)
    officer = UserFactory(role=Role.PROVINCE_OFFICER, unit=province(QUANG_NGAI), email="so@example.vn")
    return {"event": event, "buyer": buyer, "buyer_people": buyer_people, "producer": producer,
            "producer_person": producer_person, "officer": officer}  # fmt: skip


def told() -> list[tuple[str, str, str, str]]:
    return sorted(
        Notification.objects.filter(kind="trade.meeting").values_list(
            "recipient__email", "subject", "body", "link"
        )
    )


def mailed() -> list[tuple[str, str]]:
    return sorted((message.to[0], str(message.subject)) for message in mail.outbox)


def test_a_producers_request_tells_the_buyers_people_once(sides, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in(sides["producer_person"]).post(
            "/ket-noi/cuoc-gap/",
            {"event": sides["event"].pk, "counterpart": sides["buyer"].pk, "note": "Xin gặp sáng 20/12"},
        )
    assert response.status_code == 302
    subject = "Đề nghị gặp tại Hội nghị cung cầu Quảng Ngãi"
    body = (
        "Đề nghị gặp giữa Siêu thị Sông Trà và HTX Mật ong Ba Tơ tại Hội nghị cung cầu Quảng Ngãi. "
        "Ghi chú: Xin gặp sáng 20/12"
    )
    assert told() == [
        ("mua1@example.vn", subject, body, "/ket-noi/cuoc-gap/"),
        ("mua2@example.vn", subject, body, "/ket-noi/cuoc-gap/"),
    ]
    assert mailed() == [("mua1@example.vn", subject), ("mua2@example.vn", subject)]
    assert mail.outbox[0].body == f"{body}\n\nhttp://127.0.0.1:8000/ket-noi/cuoc-gap/\n"


def test_a_buyers_request_tells_the_producers_people(sides, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        signed_in(sides["buyer_people"][0]).post(
            "/ket-noi/cuoc-gap/", {"event": sides["event"].pk, "counterpart": sides["producer"].pk}
        )
    assert told() == [
        (
            "htx@example.vn",
            "Đề nghị gặp tại Hội nghị cung cầu Quảng Ngãi",
            "Đề nghị gặp giữa Siêu thị Sông Trà và HTX Mật ong Ba Tơ tại Hội nghị cung cầu Quảng Ngãi.",
            "/ket-noi/cuoc-gap/",
        )
    ]
    assert mailed() == [("htx@example.vn", "Đề nghị gặp tại Hội nghị cung cầu Quảng Ngãi")]


def test_scheduling_tells_the_requester_once_and_a_new_time_again(sides, django_capture_on_commit_callbacks):
    requester = sides["producer_person"]
    meeting = Meeting.objects.create(
        event=sides["event"], buyer=sides["buyer"], producer=sides["producer"], requested_by=requester
    )
    officer = signed_in(sides["officer"])
    fields = {"buyer": sides["buyer"].pk, "producer": sides["producer"].pk, "status": "scheduled",
              "scheduled_at": "2026-12-20T09:30"}  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        assert officer.post(f"/ket-noi/cuoc-gap/{meeting.pk}", fields).status_code == 302
        assert officer.post(f"/ket-noi/cuoc-gap/{meeting.pk}", fields).status_code == 302  # nothing new
    subject = "Cuộc gặp tại Hội nghị cung cầu Quảng Ngãi: Đã xếp lịch"
    at_930 = (
        "htx@example.vn",
        subject,
        "Cuộc gặp giữa Siêu thị Sông Trà và HTX Mật ong Ba Tơ tại Hội nghị cung cầu Quảng Ngãi được xếp lúc "
        "09:30 20/12/2026.",
        "/ket-noi/cuoc-gap/",
    )
    assert told() == [at_930]
    assert mailed() == [("htx@example.vn", subject)]
    with django_capture_on_commit_callbacks(execute=True):
        officer.post(f"/ket-noi/cuoc-gap/{meeting.pk}", {**fields, "scheduled_at": "2026-12-20T14:00"})
    assert [body[-17:] for _email, _subject, body, _link in told()] == [
        "09:30 20/12/2026.",
        "14:00 20/12/2026.",
    ]
    assert mailed() == [("htx@example.vn", subject), ("htx@example.vn", subject)]


def test_the_side_asked_declines_and_the_requester_is_told(sides, django_capture_on_commit_callbacks):
    meeting = Meeting.objects.create(
        event=sides["event"], buyer=sides["buyer"], producer=sides["producer"],
        requested_by=sides["producer_person"],
    )  # fmt: skip
    buyer_client = signed_in(sides["buyer_people"][1])
    page = buyer_client.get("/ket-noi/cuoc-gap/").content.decode()
    assert 'name="status" value="declined"' in page
    with django_capture_on_commit_callbacks(execute=True):
        response = buyer_client.post(f"/ket-noi/cuoc-gap/{meeting.pk}/tra-loi", {"status": "declined"})
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == "declined"
    assert told() == [
        (
            "htx@example.vn",
            "Cuộc gặp tại Hội nghị cung cầu Quảng Ngãi: Đã từ chối",
            DECLINED,
            "/ket-noi/cuoc-gap/",
        )
    ]
    assert mailed() == [("htx@example.vn", "Cuộc gặp tại Hội nghị cung cầu Quảng Ngãi: Đã từ chối")]
    assert AuditEvent.objects.filter(action="meeting.record", object_id=str(meeting.pk)).count() == 1


def test_a_side_moves_only_as_the_table_says_and_never_another_partys_meeting(sides):
    meeting = Meeting.objects.create(
        event=sides["event"], buyer=sides["buyer"], producer=sides["producer"],
        requested_by=sides["producer_person"],
    )  # fmt: skip
    requester = signed_in(sides["producer_person"])
    # The requester cannot decline its own request; it withdraws it, and is not told of its own act.
    response = requester.post(f"/ket-noi/cuoc-gap/{meeting.pk}/tra-loi", {"status": "declined"}, follow=True)
    assert "không thể chuyển từ “Đã đề nghị” sang trạng thái đã chọn" in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.status == "requested"
    outsider = UserFactory(role=Role.PRODUCER)
    make_producer(tax_code="4300000202").members.add(outsider)
    assert (
        signed_in(outsider)
        .post(f"/ket-noi/cuoc-gap/{meeting.pk}/tra-loi", {"status": "cancelled"})
        .status_code
        == 404
    )
    elsewhere = UserFactory(role=Role.PROVINCE_OFFICER, unit=province(DAK_LAK))
    assert (
        signed_in(elsewhere)
        .post(f"/ket-noi/cuoc-gap/{meeting.pk}/tra-loi", {"status": "cancelled"})
        .status_code
        == 404
    )
    meeting.refresh_from_db()
    assert meeting.status == "requested"
    assert (
        requester.post(f"/ket-noi/cuoc-gap/{meeting.pk}/tra-loi", {"status": "cancelled"}).status_code == 302
    )
    meeting.refresh_from_db()
    assert meeting.status == "cancelled"
    assert told() == []
    # A cancelled meeting moves no further.
    buyer_client = signed_in(sides["buyer_people"][0])
    buyer_client.post(f"/ket-noi/cuoc-gap/{meeting.pk}/tra-loi", {"status": "declined"})
    meeting.refresh_from_db()
    assert meeting.status == "cancelled"


def test_a_meeting_the_organiser_arranges_tells_both_sides(sides, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in(sides["officer"]).post(
            f"/ket-noi/hoi-nghi/{sides['event'].pk}/",
            {"form": "meeting", "buyer": sides["buyer"].pk, "producer": sides["producer"].pk,
             "status": "requested"},
        )  # fmt: skip
    assert response.status_code == 302
    assert [row[0] for row in told()] == ["htx@example.vn", "mua1@example.vn", "mua2@example.vn"]
    assert mailed() == [
        ("htx@example.vn", "Đề nghị gặp tại Hội nghị cung cầu Quảng Ngãi"),
        ("mua1@example.vn", "Đề nghị gặp tại Hội nghị cung cầu Quảng Ngãi"),
        ("mua2@example.vn", "Đề nghị gặp tại Hội nghị cung cầu Quảng Ngãi"),
    ]
    meeting = Meeting.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        signed_in(sides["buyer_people"][0]).post(
            f"/ket-noi/cuoc-gap/{meeting.pk}/tra-loi", {"status": "declined"}
        )
    assert told()[-1] == (
        "so@example.vn",
        "Cuộc gặp tại Hội nghị cung cầu Quảng Ngãi: Đã từ chối",
        DECLINED,
        f"/ket-noi/hoi-nghi/{sides['event'].pk}/",
    )


def test_a_meeting_the_organiser_schedules_at_once_tells_both_sides_its_time(sides):
    response = signed_in(sides["officer"]).post(
        f"/ket-noi/hoi-nghi/{sides['event'].pk}/",
        {"form": "meeting", "buyer": sides["buyer"].pk, "producer": sides["producer"].pk,
         "status": "scheduled", "scheduled_at": "2026-12-20T10:15"},
    )  # fmt: skip
    assert response.status_code == 302
    subject = "Cuộc gặp tại Hội nghị cung cầu Quảng Ngãi: Đã xếp lịch"
    body = (
        "Cuộc gặp giữa Siêu thị Sông Trà và HTX Mật ong Ba Tơ tại Hội nghị cung cầu Quảng Ngãi được xếp lúc "
        "10:15 20/12/2026."
    )
    assert told() == [
        (email, subject, body, "/ket-noi/cuoc-gap/")
        for email in ("htx@example.vn", "mua1@example.vn", "mua2@example.vn")
    ]
