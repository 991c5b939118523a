"""What the two sides of a meeting are told (in the inbox and by e-mail, through ``notify``).

A request tells the other side: the buyer's people when a producer asks, the producer's when a buyer
asks, both when the organiser arranges it (that it is scheduled, if the organiser set it so at once).
Scheduling, declining or cancelling tells the person who asked, unless they did it themselves. Each
notice has its key, so a repeat tells nobody twice; a new time is a new notice.
"""

from django.urls import reverse
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from ocop.accounts.models import Role, User
from ocop.notifications.services import notify
from ocop.trade.agreements.access import buyer_people, other_side, producer_people
from ocop.trade.models import Meeting, MeetingStatus

KIND = "trade.meeting"
TOLD_ON = (MeetingStatus.SCHEDULED, MeetingStatus.DECLINED, MeetingStatus.CANCELLED)


def tell_request(meeting: Meeting, *, actor: User) -> None:
    """The side that did not ask; both sides when the organiser arranged it (maybe already scheduled)."""
    recipients = other_side(meeting.buyer, meeting.producer, actor)
    if recipients is None:
        recipients = [*buyer_people(meeting.buyer), *producer_people(meeting.producer)]
    if meeting.status in TOLD_ON:
        _tell(meeting, recipients, link=reverse("trade_agreements:party_meetings"))
        return
    notify(
        recipients=recipients,
        kind=KIND,
        subject=format_lazy(_("Đề nghị gặp tại {event}"), event=meeting.event.name),
        body=format_lazy(
            _("Đề nghị gặp giữa {buyer} và {producer} tại {event}. Ghi chú: {note}")
            if meeting.note
            else _("Đề nghị gặp giữa {buyer} và {producer} tại {event}."),
            buyer=meeting.buyer.name,
            producer=meeting.producer.name,
            event=meeting.event.name,
            note=meeting.note,
        ),
        link=reverse("trade_agreements:party_meetings"),
        key=f"{KIND}:{meeting.pk}:requested",
    )


def tell_requester(meeting: Meeting, *, actor: User) -> None:
    """The person who asked for ``meeting``, when someone else scheduled, declined or cancelled it."""
    requester = meeting.requested_by
    if meeting.status not in TOLD_ON or requester is None or requester.pk == actor.pk:
        return
    organiser = requester.role in (Role.CENTRAL_OFFICER, Role.PROVINCE_OFFICER)
    link = (
        reverse("trade_agreements:event_detail", kwargs={"event_id": meeting.event_id})
        if organiser
        else reverse("trade_agreements:party_meetings")
    )
    _tell(meeting, [requester], link=link)


def _tell(meeting: Meeting, recipients: list[User], *, link: str) -> None:
    """That ``meeting`` was scheduled (when), declined or cancelled."""
    when = timezone.localtime(meeting.scheduled_at) if meeting.scheduled_at else None
    words = {
        MeetingStatus.SCHEDULED: _("Cuộc gặp giữa {buyer} và {producer} tại {event} được xếp lúc {when}."),
        MeetingStatus.DECLINED: _("Đề nghị gặp giữa {buyer} và {producer} tại {event} đã bị từ chối."),
        MeetingStatus.CANCELLED: _("Cuộc gặp giữa {buyer} và {producer} tại {event} đã bị hủy."),
    }
    notify(
        recipients=recipients,
        kind=KIND,
        subject=format_lazy(
            _("Cuộc gặp tại {event}: {status}"),
            event=meeting.event.name,
            status=MeetingStatus(meeting.status).label,
        ),
        body=format_lazy(
            words[MeetingStatus(meeting.status)],
            buyer=meeting.buyer.name,
            producer=meeting.producer.name,
            event=meeting.event.name,
            when=f"{when:%H:%M %d/%m/%Y}" if when else _("chưa định giờ"),
        ),
        link=link,
        key=f"{KIND}:{meeting.pk}:{meeting.status}:{when.isoformat() if when else ''}",
    )
