"""Telling people things: one inbox row and one e-mail per recipient, exactly once per (recipient, key).

``notify`` is the only way in. Its callers need no records of their own: the unique (recipient, key)
makes a second call with the same key a no-op, also when two processes call at once (the second insert
waits for the first and fails, inside its own savepoint). The e-mail leaves only after the row is
committed, so a rolled-back caller mails nobody; a mail that fails is logged and marked on the row
(``mail_error``), and the row stays in the inbox.

Notifications are not audited: nobody decides anything by sending or reading one, and the row itself
records what was sent to whom, when, and whether the mail went out.
"""

import logging
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.functional import Promise

from ocop.accounts.access import Actor, acting_user
from ocop.accounts.models import User
from ocop.notifications.models import Notification

logger = logging.getLogger(__name__)

MAIL_ERROR_LENGTH = Notification._meta.get_field("mail_error").max_length or 300


def recipient_language(recipient: User) -> str:
    """The language a recipient reads: the site's (Vietnamese), as accounts keep no language per person."""
    return settings.LANGUAGE_CODE


def check_link(link: str) -> str:
    """A path on this site, or nothing: the inbox sends the reader there, so never another site."""
    if link and (not link.startswith("/") or link.startswith("//") or "\\" in link):
        raise ValueError(f"a notification's link is a path on this site, not {link!r}")
    return link


@transaction.atomic
def notify(
    *,
    recipients: Iterable[User],
    kind: str,
    subject: str | Promise,
    body: str | Promise,
    link: str,
    key: str,
) -> list[Notification]:
    """Tell each active recipient, once per ``key``; the notifications written now (none on a repeat).

    ``subject`` and ``body`` may be lazy (``gettext_lazy``, ``format_lazy``): each is rendered in the
    recipient's language. Inactive accounts are skipped: they cannot sign in to read it.
    """
    check_link(link)
    written = []
    for recipient in {user.pk: user for user in recipients if user.is_active}.values():
        with translation.override(recipient_language(recipient)):
            notification = Notification(
                recipient=recipient, kind=kind, key=key, subject=str(subject), body=str(body), link=link
            )
        try:
            with transaction.atomic():
                notification.save(force_insert=True)
        except IntegrityError:
            continue  # already told
        written.append(notification)
    if written:
        transaction.on_commit(lambda: _send_mail(written))
    return written


def _send_mail(notifications: list[Notification]) -> None:
    for notification in notifications:
        link = f"{settings.SITE_URL}{notification.link}" if notification.link else ""
        message = EmailMessage(
            subject=notification.subject,
            body=f"{notification.body}\n\n{link}".rstrip() + "\n",
            to=[notification.recipient.email],
        )
        try:
            message.send()
        except Exception as error:  # whatever the relay does, the inbox keeps the notification
            logger.exception(
                "could not mail notification %s to %s", notification.pk, notification.recipient_id
            )
            Notification.objects.filter(pk=notification.pk).update(
                mail_error=f"{type(error).__name__}: {error}"[:MAIL_ERROR_LENGTH]
            )
        else:
            Notification.objects.filter(pk=notification.pk).update(sent_at=timezone.now())


def notification_open(*, acting_user: Actor, notification: Notification) -> Notification:
    """Mark one's own notification read (the first time only: ``read_at`` keeps when it was first read)."""
    _check_recipient(acting_user, notification)
    now = timezone.now()
    if Notification.objects.filter(pk=notification.pk, read_at=None).update(read_at=now):
        notification.read_at = now
    return notification


def notifications_mark_all_read(*, acting_user: Actor) -> int:
    """Mark every unread notification of the acting user read; how many."""
    actor = _actor(acting_user)
    return Notification.objects.filter(recipient=actor, read_at=None).update(read_at=timezone.now())


def _actor(user: Actor) -> User:
    actor = acting_user(user)
    if actor is None:
        raise PermissionDenied
    return actor


def _check_recipient(user: Actor, notification: Notification) -> None:
    if notification.recipient_id != _actor(user).pk:
        raise PermissionDenied
