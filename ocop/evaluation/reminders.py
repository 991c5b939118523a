"""Reminders before and at a certificate's expiry (issue #10 point 7), sent each day by ``ocop_daily``.

Under Decision 26/2026/QĐ-TTg a re-evaluation dossier (hồ sơ đánh giá lại) is filed between 180 and 120
days before the certificate runs out. The platform tells the producer's members when that window opens,
when it closes, and, with the province's officers, the day the certificate has expired. The days are the
rule set's (``RuleSet.reevaluation_opens_days``, ``reevaluation_closes_days``), never constants here, and
like the officers' dashboard (``ocop.registry.dashboards``) they are read from the rule set in force on
the day the reminders go out (``rules.rule_set_on``): the filing window is a rule of procedure, so it is
the one in force when the producer files, also for certificates issued under 148/2023 or 1489/2025. A rule
set without a window sends only the expiry reminder.

"N days before expiry" counts from the certificate's last valid day (``valid_until``), as the dashboard's
horizon does; expiry is the day after it, when the status rule (``ocop.registry.status``) says expired.

Only a product's standing certificate is reminded of, and only while it is valid or expired: a revoked
one sends nothing, nor one already replaced by a newer certificate (an upgrade or renewal decided for a
later day included: the product is re-evaluated already). Each reminder is keyed by (certificate,
milestone), and ``ocop.notifications.services.notify`` sends each key once per person, so the command is
idempotent. After missed days only the latest milestone reached goes out, never a burst of stale ones;
and an expiry more than ``EXPIRED_CATCH_UP_DAYS`` old is no longer news (the dashboard lists it).
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from urllib.parse import urlencode

from django.db.models import F, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from ocop.accounts.models import Role, User
from ocop.evaluation.models import DossierKind
from ocop.geo.models import Level, Scheme
from ocop.notifications.models import Notification
from ocop.notifications.services import notify
from ocop.registry import rules
from ocop.registry.models import Certificate, Producer, RuleSet
from ocop.registry.status import CertificateStatus, renewal_decided, status_expression

KIND = "certificate_reminder"
# Not law: how long after a certificate has expired a missed expiry reminder still goes out. Longer ago,
# the platform was not running yet, and a sudden burst about old expiries would bury today's news.
EXPIRED_CATCH_UP_DAYS = 30


class Milestone(StrEnum):
    OPENS = "opens"  # the re-evaluation window opens
    CLOSES = "closes"  # its last day
    EXPIRED = "expired"  # the day after the last valid day


def milestones(rule_set: RuleSet) -> list[tuple[Milestone, int | None]]:
    """The milestones ``rule_set`` sets, in order, each with the days before ``valid_until`` it is reached
    (``None``: when the status rule says expired)."""
    window: list[tuple[Milestone, int | None]] = []
    if rule_set.reevaluation_opens_days is not None and rule_set.reevaluation_closes_days is not None:
        window = [
            (Milestone.OPENS, rule_set.reevaluation_opens_days),
            (Milestone.CLOSES, rule_set.reevaluation_closes_days),
        ]
    return [*window, (Milestone.EXPIRED, None)]


def due_milestone(
    *, valid_until: datetime.date, status: str, today: datetime.date, rule_set: RuleSet
) -> Milestone | None:
    """The latest milestone the certificate has reached by ``today``, if it is still worth telling."""
    days_left = (valid_until - today).days
    if status == CertificateStatus.EXPIRED:
        return Milestone.EXPIRED if -days_left - 1 <= EXPIRED_CATCH_UP_DAYS else None
    reached = [
        milestone for milestone, days in milestones(rule_set) if days is not None and days_left <= days
    ]
    return reached[-1] if reached else None


def reminder_key(certificate: Certificate, milestone: Milestone) -> str:
    return f"certificate:{certificate.pk}:{milestone}"


def reevaluation_link(certificate: Certificate) -> str:
    """Where a producer starts the re-evaluation of ``certificate``: the one place that says so. The
    dossier's start with the product and the re-evaluation chosen: the new dossier is a copy of the
    product's last one (or of its registry record), and the producer changes only what changed."""
    query = urlencode({"product": certificate.product_id, "kind": DossierKind.REEVALUATION.value})
    return f"{reverse('evaluation:dossier_start')}?{query}"


@dataclass
class Tally:
    due: int = 0  # certificates whose latest milestone reached is this one
    notified: int = 0  # of them, those for whom someone was told now
    notifications: int = 0  # notifications written now
    nobody_to_tell: int = 0  # of them, those with no active member (and no officer at expiry)


@dataclass
class Report:
    today: datetime.date
    rule_set: RuleSet
    tallies: dict[Milestone, Tally] = field(
        default_factory=lambda: {milestone: Tally() for milestone in Milestone}
    )

    @property
    def has_window(self) -> bool:
        return len(milestones(self.rule_set)) > 1


def standing_certificates_near_expiry(today: datetime.date, rule_set: RuleSet) -> QuerySet[Certificate]:
    """Every product's standing certificate between the first milestone and the end of the catch-up,
    valid or expired, with no newer certificate: one query over the registry."""
    ahead = max((days for _milestone, days in milestones(rule_set) if days is not None), default=0)
    first_last_day = today - datetime.timedelta(days=EXPIRED_CATCH_UP_DAYS + 1)
    last_last_day = today + datetime.timedelta(days=ahead)
    return (
        Certificate.objects.filter(
            pk=F("product__latest_certificate_id"), valid_until__range=(first_last_day, last_last_day)
        )
        .annotate(status=status_expression("", today))
        .filter(status__in=[CertificateStatus.VALID, CertificateStatus.EXPIRED])
        .exclude(renewal_decided(today))
        .select_related("product")
        .only(
            "pk",
            "stars",
            "decision_no",
            "valid_until",
            "product__name",
            "product__product_set_id",
            "product__province_code",
            "product__producer_id",
        )
        .order_by("valid_until", "pk")
    )


def send_reminders(*, today: datetime.date | None = None) -> Report:
    """Send every reminder due ``today`` (default: the local date) not sent before; what was sent."""
    today = today or timezone.localdate()
    rule_set = rules.rule_set_on(today)
    report = Report(today=today, rule_set=rule_set)
    due = []
    for certificate in standing_certificates_near_expiry(today, rule_set):
        status: str = certificate.status  # type: ignore[attr-defined]  # annotated by the query
        milestone = due_milestone(
            valid_until=certificate.valid_until, status=status, today=today, rule_set=rule_set
        )
        if milestone is not None:
            due.append((certificate, milestone))
    if not due:
        return report
    members = _members_by_producer({certificate.product.producer_id for certificate, _ in due})
    officers = _province_officers({certificate.product.province_code for certificate, _ in due})
    already = _already_told(today, rule_set)
    for certificate, milestone in due:
        tally = report.tallies[milestone]
        tally.due += 1
        told = [(members.get(certificate.product.producer_id, []), reevaluation_link(certificate))]
        if milestone is Milestone.EXPIRED:
            product_page = reverse("registry:product_detail", kwargs={"product_id": certificate.product_id})
            told.append((officers.get(certificate.product.province_code, []), product_page))
        if not any(recipients for recipients, _link in told):
            tally.nobody_to_tell += 1
            continue
        key = reminder_key(certificate, milestone)
        subject, body = _message(certificate, milestone, rule_set)
        written = 0
        for recipients, link in told:
            pending = [user for user in recipients if (user.pk, key) not in already]
            if pending:
                written += len(
                    notify(recipients=pending, kind=KIND, subject=subject, body=body, link=link, key=key)
                )
        tally.notified += 1 if written else 0
        tally.notifications += written
    return report


def _members_by_producer(producer_ids: Iterable[int]) -> dict[int, list[User]]:
    memberships = Producer.members.through.objects.filter(
        producer_id__in=sorted(producer_ids), user__is_active=True
    ).select_related("user")
    members: dict[int, list[User]] = defaultdict(list)
    for membership in memberships.order_by("user__email"):
        members[membership.producer_id].append(membership.user)
    return members


def _province_officers(province_codes: Iterable[int]) -> dict[int, list[User]]:
    officers = User.objects.filter(
        role=Role.PROVINCE_OFFICER,
        is_active=True,
        unit__scheme=Scheme.CURRENT,
        unit__level=Level.PROVINCE,
        unit__code__in=sorted(province_codes),
    ).select_related("unit")
    by_province: dict[int, list[User]] = defaultdict(list)
    for officer in officers.order_by("email"):
        by_province[officer.unit.code].append(officer)  # type: ignore[union-attr]
    return by_province


def _already_told(today: datetime.date, rule_set: RuleSet) -> set[tuple[int, str]]:
    """(recipient, key) of the reminders sent in the span a due one can have been sent in: so that a
    daily run calls ``notify`` only for what is new (``notify`` would skip the rest, one call each)."""
    ahead = max((days for _milestone, days in milestones(rule_set) if days is not None), default=0)
    since = timezone.now() - datetime.timedelta(days=ahead + EXPIRED_CATCH_UP_DAYS + 2)
    sent = Notification.objects.filter(kind=KIND, created_at__gte=since).order_by()
    return set(sent.values_list("recipient_id", "key"))


def _message(certificate: Certificate, milestone: Milestone, rule_set: RuleSet) -> tuple[Promise, Promise]:
    product = certificate.product.name
    valid_until = f"{certificate.valid_until:%d/%m/%Y}"
    if milestone is Milestone.EXPIRED:
        expired_on = f"{certificate.valid_until + datetime.timedelta(days=1):%d/%m/%Y}"
        return (
            format_lazy(_("Giấy chứng nhận OCOP đã hết hiệu lực: {product}"), product=product),
            format_lazy(
                _(
                    "Giấy chứng nhận OCOP {stars} sao của sản phẩm {product} (quyết định số {decision}) "
                    "đã hết hiệu lực từ ngày {expired_on}. Sản phẩm không còn được dùng hạng sao OCOP cho "
                    "đến khi được đánh giá và công nhận lại."
                ),
                stars=certificate.stars,
                product=product,
                decision=certificate.decision_no,
                expired_on=expired_on,
            ),
        )
    opens_days = rule_set.reevaluation_opens_days or 0
    closes_days = rule_set.reevaluation_closes_days or 0
    opens_on = f"{certificate.valid_until - datetime.timedelta(days=opens_days):%d/%m/%Y}"
    closes_on = f"{certificate.valid_until - datetime.timedelta(days=closes_days):%d/%m/%Y}"
    if milestone is Milestone.OPENS:
        subject = format_lazy(_("Đã đến thời gian nộp hồ sơ đánh giá lại: {product}"), product=product)
    else:
        subject = format_lazy(_("Hạn cuối nộp hồ sơ đánh giá lại: {product}"), product=product)
    body = format_lazy(
        _(
            "Giấy chứng nhận OCOP {stars} sao của sản phẩm {product} (quyết định số {decision}) còn hiệu lực "
            "đến hết ngày {valid_until}. Theo Quyết định {rule_set}, hồ sơ đánh giá lại được nộp từ ngày "
            "{opens_on} đến ngày {closes_on}. Lập hồ sơ đánh giá lại tại liên kết dưới đây: hồ sơ mới được "
            "sao từ hồ sơ trước, chỉ cần sửa những gì đã thay đổi."
        ),
        stars=certificate.stars,
        product=product,
        decision=certificate.decision_no,
        valid_until=valid_until,
        rule_set=rule_set.decision,
        opens_on=opens_on,
        closes_on=closes_on,
    )
    return subject, body
