"""The inbox: one's own notifications only, newest first, opened and marked read by POST with CSRF."""

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from ocop.notifications.models import Notification

pytestmark = pytest.mark.django_db

NOW = timezone.now()
HOUR = datetime.timedelta(hours=1)


def note(recipient, subject, *, hours_ago, link="/tu-danh-gia/", read=False) -> Notification:
    return Notification.objects.create(
        recipient=recipient,
        kind="certificate_reminder",
        key=subject,
        subject=subject,
        body=f"Nội dung: {subject}",
        link=link,
        created_at=NOW - hours_ago * HOUR,
        read_at=NOW if read else None,
    )


@pytest.fixture
def inboxes(reader, other):
    return {
        "oldest": note(reader, "Đã hết hạn", hours_ago=30, read=True),
        "newest": note(reader, "Sắp đến hạn đánh giá lại", hours_ago=1),
        "middle": note(reader, "Hạn cuối nộp hồ sơ", hours_ago=5, link=""),
        "others": note(other, "Thư của người khác", hours_ago=2),
    }


def read_state() -> list[tuple[str, bool]]:
    return [(row.subject, row.read_at is not None) for row in Notification.objects.order_by("subject")]


def test_the_inbox_lists_ones_own_newest_first_with_the_unread_marked_in_words(client, reader, inboxes):
    client.force_login(reader)

    response = client.get("/thong-bao/")

    assert response.status_code == 200
    assert [(row.subject, row.read_at is None) for row in response.context["page"]] == [
        ("Sắp đến hạn đánh giá lại", True),
        ("Hạn cuối nộp hồ sơ", True),
        ("Đã hết hạn", False),
    ]
    html = response.content.decode()
    assert "Thư của người khác" not in html
    assert html.count('<span class="status status-expired">Chưa đọc</span>') == 2
    assert "3 thông báo, 2 chưa đọc" in html
    # The header's count, next to the account menu (the wide menu and the phone's), and on the phone's
    # menu button, seen before it is opened.
    assert html.count('Thông báo (2<span class="visually-hidden"> chưa đọc</span>)') == 2
    assert '<summary>Trình đơn (2<span class="visually-hidden"> thông báo chưa đọc</span>)</summary>' in html


def test_anonymous_visitors_are_sent_to_sign_in(client, inboxes):
    response = client.get("/thong-bao/")

    assert (response.status_code, response["Location"]) == (302, "/accounts/login/?next=/thong-bao/")


def test_opening_by_post_marks_it_read_and_follows_its_link(client, reader, inboxes):
    client.force_login(reader)

    response = client.post(f"/thong-bao/{inboxes['newest'].pk}/mo")

    assert (response.status_code, response["Location"]) == (302, "/tu-danh-gia/")
    assert read_state() == [
        ("Hạn cuối nộp hồ sơ", False),
        ("Sắp đến hạn đánh giá lại", True),
        ("Thư của người khác", False),
        ("Đã hết hạn", True),
    ]


def test_one_without_a_link_is_marked_read_and_the_reader_stays_in_the_inbox(client, reader, inboxes):
    client.force_login(reader)

    response = client.post(f"/thong-bao/{inboxes['middle'].pk}/mo")

    assert (response.status_code, response["Location"]) == (302, "/thong-bao/")
    assert Notification.objects.get(pk=inboxes["middle"].pk).read_at is not None


def test_a_get_marks_nothing(client, reader, inboxes):
    client.force_login(reader)
    before = read_state()

    response = client.get(f"/thong-bao/{inboxes['newest'].pk}/mo")

    assert response.status_code == 405
    assert read_state() == before


def test_a_post_without_the_csrf_token_is_refused_and_marks_nothing(reader, inboxes):
    client = Client(enforce_csrf_checks=True)
    client.force_login(reader)
    before = read_state()

    opened = client.post(f"/thong-bao/{inboxes['newest'].pk}/mo")
    all_read = client.post("/thong-bao/doc-het")

    assert (opened.status_code, all_read.status_code) == (403, 403)
    assert read_state() == before


def test_anothers_notification_is_not_found_and_stays_unread(client, reader, inboxes):
    client.force_login(reader)
    before = read_state()

    response = client.post(f"/thong-bao/{inboxes['others'].pk}/mo")

    assert response.status_code == 404
    assert read_state() == before


def test_mark_all_read_marks_ones_own_only(client, reader, inboxes):
    client.force_login(reader)

    response = client.post("/thong-bao/doc-het", follow=True)

    assert response.redirect_chain == [("/thong-bao/", 302)]
    assert "Đã đánh dấu 2 thông báo là đã đọc." in response.content.decode()
    assert read_state() == [
        ("Hạn cuối nộp hồ sơ", True),
        ("Sắp đến hạn đánh giá lại", True),
        ("Thư của người khác", False),
        ("Đã hết hạn", True),
    ]


def test_every_page_counts_the_unread_in_one_query_and_anonymous_pages_not_at_all(client, reader, inboxes):
    with CaptureQueriesContext(connection) as anonymous:
        client.get("/")
    client.force_login(reader)
    with CaptureQueriesContext(connection) as signed_in:
        page = client.get("/")

    table = Notification._meta.db_table
    assert [query for query in anonymous.captured_queries if table in query["sql"]] == []
    assert len([query for query in signed_in.captured_queries if table in query["sql"]]) == 1
    assert 'href="/thong-bao/">Thông báo (2<span class="visually-hidden"> chưa đọc</span>)</a>' in (
        page.content.decode()
    )


def test_with_nothing_unread_the_header_shows_no_count(client, other):
    client.force_login(other)

    html = client.get("/").content.decode()

    assert '<a href="/thong-bao/">Thông báo</a>' in html
    assert "<summary>Trình đơn</summary>" in html
