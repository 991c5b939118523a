"""``notify``: one inbox row and one e-mail per recipient, once per key, the mail only after the commit."""

import logging
from smtplib import SMTPServerDisconnected

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.utils import translation
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy

from ocop.accounts.models import Role
from ocop.accounts.tests.factories import UserFactory
from ocop.notifications.models import Notification
from ocop.notifications.services import notify

pytestmark = pytest.mark.django_db


class RefusingRelay(BaseEmailBackend):
    """An SMTP relay that hangs up: what crosses the machine's boundary, and fails there."""

    def send_messages(self, email_messages):
        raise SMTPServerDisconnected("Connection unexpectedly closed")


def tell(recipients, key="certificate:7:opens"):
    return notify(
        recipients=recipients,
        kind="certificate_reminder",
        subject="Sắp đến hạn đánh giá lại",
        body="Giấy chứng nhận của Mật ong Ba Tơ hết hạn ngày 05/06/2027.",
        link="/tu-danh-gia/12/",
        key=key,
    )


def test_a_second_call_with_one_key_writes_and_mails_nothing_more(
    reader, other, django_capture_on_commit_callbacks, settings
):
    settings.SITE_URL = "https://ocop.example.vn"
    with django_capture_on_commit_callbacks(execute=True):
        first = tell([reader, other, reader])
    with django_capture_on_commit_callbacks(execute=True):
        second = tell([reader, other])

    assert (len(first), second) == (2, [])
    rows = Notification.objects.order_by("recipient__email")
    assert [(row.recipient.email, row.key, row.read_at, row.mail_error) for row in rows] == [
        ("chuthe@example.test", "certificate:7:opens", None, ""),
        ("tinh@example.test", "certificate:7:opens", None, ""),
    ]
    assert all(row.sent_at is not None for row in rows)
    assert sorted(message.to[0] for message in mail.outbox) == ["chuthe@example.test", "tinh@example.test"]
    message = mail.outbox[0]
    assert message.subject == "Sắp đến hạn đánh giá lại"
    assert message.body == (
        "Giấy chứng nhận của Mật ong Ba Tơ hết hạn ngày 05/06/2027.\n\nhttps://ocop.example.vn/tu-danh-gia/12/\n"
    )


def test_another_key_is_another_notification(reader, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        tell([reader], key="certificate:7:opens")
        tell([reader], key="certificate:7:closes")

    assert list(Notification.objects.order_by("id").values_list("key", flat=True)) == [
        "certificate:7:opens",
        "certificate:7:closes",
    ]
    assert len(mail.outbox) == 2


def test_a_mail_failure_keeps_the_notification_marks_it_and_logs(
    reader, django_capture_on_commit_callbacks, settings, caplog
):
    settings.MAILERS = {"default": {"BACKEND": f"{__name__}.RefusingRelay"}}
    with (
        caplog.at_level(logging.ERROR, logger="ocop.notifications.services"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        [written] = tell([reader])

    row = Notification.objects.get()
    assert (row.pk, row.sent_at, row.mail_error) == (
        written.pk,
        None,
        "SMTPServerDisconnected: Connection unexpectedly closed",
    )
    assert [record.getMessage() for record in caplog.records] == [
        f"could not mail notification {row.pk} to {reader.pk}"
    ]
    assert mail.outbox == []


def test_a_caller_that_rolls_back_mails_nobody(reader, django_capture_on_commit_callbacks):
    def caller_that_fails() -> None:
        with transaction.atomic():
            tell([reader])
            raise RuntimeError("the caller failed after notifying")

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        caller_that_fails()

    assert (Notification.objects.count(), mail.outbox) == (0, [])


def test_an_inactive_account_is_not_told(reader, django_capture_on_commit_callbacks):
    closed = UserFactory(email="dakhoa@example.test", role=Role.PRODUCER, is_active=False)
    with django_capture_on_commit_callbacks(execute=True):
        tell([reader, closed])

    assert list(Notification.objects.values_list("recipient__email", flat=True)) == ["chuthe@example.test"]
    assert [message.to for message in mail.outbox] == [["chuthe@example.test"]]


@pytest.mark.parametrize("link", ["https://example.com/", "//example.com/", "tu-danh-gia/", "/\\example.com"])
def test_a_link_off_this_site_is_refused_and_nothing_is_written(
    reader, link, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(ValueError, match="path on this site"),
    ):
        notify(recipients=[reader], kind="k", subject="s", body="b", link=link, key="k:1")

    assert (Notification.objects.count(), mail.outbox) == (0, [])


def test_lazy_text_is_written_in_the_recipients_language_whatever_the_request_speaks(
    reader, django_capture_on_commit_callbacks
):
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        notify(
            recipients=[reader],
            kind="k",
            subject=gettext_lazy("Thông báo"),
            body=format_lazy("{}: {}", gettext_lazy("Đã thu hồi"), "Mật ong"),
            link="",
            key="k:1",
        )

    row = Notification.objects.get()
    assert (row.subject, row.body) == ("Thông báo", "Đã thu hồi: Mật ong")
    assert mail.outbox[0].body == "Đã thu hồi: Mật ong\n"


def test_central_staff_read_the_notifications_in_the_admin_and_others_do_not(
    client, reader, django_capture_on_commit_callbacks, settings
):
    settings.MAILERS = {"default": {"BACKEND": f"{__name__}.RefusingRelay"}}
    with django_capture_on_commit_callbacks(execute=True):
        tell([reader])
    staff = UserFactory(role=Role.CENTRAL_OFFICER, is_staff=True, is_superuser=True)

    client.force_login(staff)
    listing = client.get("/admin/notifications/notification/")
    client.force_login(reader)
    refused = client.get("/admin/notifications/notification/")

    assert listing.status_code == 200
    assert "SMTPServerDisconnected: Connection unexpectedly closed" in listing.content.decode()
    assert refused.status_code == 302
    assert Notification.objects.count() == 1
