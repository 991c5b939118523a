"""``manage.py ocop_daily``: the standing refresh, then the reminders before and at each certificate's expiry.

One producer (two active members and a former one) holds a product at each distance from its certificate's
last valid day; Quảng Ngãi's province officer hears of the expiry, Đắk Lắk's and the commune officer never.
Days count from ``valid_until`` (the last valid day), under the rule set in force today (26/2026: the
re-evaluation window opens 180 and closes 120 days before expiry).
"""

import datetime
import io
from types import SimpleNamespace
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from ocop.accounts.models import Role
from ocop.accounts.tests.factories import DAK_LAK, UserFactory, province
from ocop.evaluation import reminders
from ocop.notifications.models import Notification
from ocop.registry import rules
from ocop.registry.models import Product, RuleSet
from ocop.registry.standing import refresh_standing
from ocop.registry.tests.factories import make_certificate, make_producer, make_product

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)
LONG_AGO = TODAY - 700 * DAY


def product_at(producer, days_left: int, name: str | None = None, **certificate: Any) -> Product:
    """A product whose standing certificate's last valid day is ``days_left`` days from today."""
    product = make_product(producer=producer, name=name or f"Còn {days_left} ngày")
    make_certificate(product, decision_date=LONG_AGO, valid_until=TODAY + days_left * DAY, **certificate)
    return product


@pytest.fixture
def rule_set_in_force(db):
    rules.clear_caches()
    yield RuleSet.objects.filter(pk=rules.rule_set_on(TODAY).pk)
    rules.clear_caches()


@pytest.fixture
def registry(db, sheet_i3c, rule_set_in_force):
    producer = make_producer(name="HTX Mật ong Ba Tơ")
    alice = UserFactory(email="alice@example.test", role=Role.PRODUCER)
    bob = UserFactory(email="bob@example.test", role=Role.PRODUCER)
    former = UserFactory(email="former@example.test", role=Role.PRODUCER, is_active=False)
    producer.members.add(alice, bob, former)
    UserFactory(email="tinh51@example.test", role=Role.PROVINCE_OFFICER)
    UserFactory(email="tinh66@example.test", role=Role.PROVINCE_OFFICER, unit=province(DAK_LAK))
    UserFactory(email="xa@example.test", role=Role.COMMUNE_OFFICER)
    for days_left in (181, 180, 179, 121, 120, 0, -1):
        product_at(producer, days_left)
    product_at(producer, 150, "Đã thu hồi", revoked_on=TODAY - 5 * DAY)
    superseded = product_at(producer, 150, "Đã nâng hạng")
    make_certificate(superseded, stars=4, decision_date=TODAY - 10 * DAY, valid_until=TODAY + 1085 * DAY)
    renewing = product_at(producer, 100, "Công nhận lại từ tháng sau")
    make_certificate(renewing, decision_date=TODAY + 20 * DAY, valid_until=TODAY + 1115 * DAY)
    product_at(producer, -40, "Hết hạn từ lâu")
    product_at(make_producer(name="Cơ sở chưa có tài khoản"), 180, "Không ai để báo")
    return SimpleNamespace(producer=producer, sheet=sheet_i3c)


def told() -> list[tuple[str, str, str, str]]:
    """(recipient, product, milestone, link) of every notification, in a fixed order."""
    rows = []
    for notification in Notification.objects.select_related("recipient"):
        _prefix, certificate_id, milestone = notification.key.split(":")
        product = Product.objects.get(certificates__pk=certificate_id)
        rows.append((notification.recipient.email, product.name, milestone, notification.link))
    return sorted(rows)


def start(name: str) -> str:
    """The dossier start with the product named and the re-evaluation chosen."""
    return f"/ho-so/moi/?product={Product.objects.get(name=name).pk}&kind=reevaluation"


def run_daily() -> str:
    out = io.StringIO()
    call_command("ocop_daily", stdout=out)
    return out.getvalue()


def test_each_reminder_goes_once_to_whom_it_concerns(registry, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        output = run_daily()

    expired = Product.objects.get(name="Còn -1 ngày")
    assert told() == [
        ("alice@example.test", "Còn -1 ngày", "expired", start("Còn -1 ngày")),
        ("alice@example.test", "Còn 0 ngày", "closes", start("Còn 0 ngày")),
        ("alice@example.test", "Còn 120 ngày", "closes", start("Còn 120 ngày")),
        ("alice@example.test", "Còn 121 ngày", "opens", start("Còn 121 ngày")),
        ("alice@example.test", "Còn 179 ngày", "opens", start("Còn 179 ngày")),
        ("alice@example.test", "Còn 180 ngày", "opens", start("Còn 180 ngày")),
        ("bob@example.test", "Còn -1 ngày", "expired", start("Còn -1 ngày")),
        ("bob@example.test", "Còn 0 ngày", "closes", start("Còn 0 ngày")),
        ("bob@example.test", "Còn 120 ngày", "closes", start("Còn 120 ngày")),
        ("bob@example.test", "Còn 121 ngày", "opens", start("Còn 121 ngày")),
        ("bob@example.test", "Còn 179 ngày", "opens", start("Còn 179 ngày")),
        ("bob@example.test", "Còn 180 ngày", "opens", start("Còn 180 ngày")),
        ("tinh51@example.test", "Còn -1 ngày", "expired", f"/registry/products/{expired.pk}/"),
    ]
    assert len(mail.outbox) == 13
    assert output == (
        f"{TODAY:%d/%m/%Y}: 0 products moved to the certificate they stand on today\n"
        "Reminders under 26/2026/QĐ-TTg: re-evaluation dossiers filed 180 to 120 days before expiry\n"
        "  re-evaluation window opens (180 days before expiry): 4 certificates due, 3 reminded now "
        "(6 notifications), 1 with nobody to tell\n"
        "  re-evaluation window closes (120 days before expiry): 2 certificates due, 2 reminded now "
        "(4 notifications), 0 with nobody to tell\n"
        "  expired (within 30 days): 1 certificates due, 1 reminded now (3 notifications), "
        "0 with nobody to tell\n"
        "Sales points: 0 carried products without a valid certificate, 0 notifications now\n"
        "Sales points: 0 carried products whose certificate expires within 30 days, 0 notifications now\n"
    )


def test_the_messages_say_what_and_until_when_in_vietnamese(registry, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        run_daily()

    opens = Notification.objects.get(recipient__email="alice@example.test", subject__endswith="Còn 180 ngày")
    last_day = TODAY + 180 * DAY
    decision = opens.body.split("quyết định số ")[1].split(")")[0]
    assert (opens.subject, opens.body) == (
        "Đã đến thời gian nộp hồ sơ đánh giá lại: Còn 180 ngày",
        f"Giấy chứng nhận OCOP 3 sao của sản phẩm Còn 180 ngày (quyết định số {decision}) còn hiệu lực đến "
        f"hết ngày {last_day:%d/%m/%Y}. Theo Quyết định 26/2026/QĐ-TTg, hồ sơ đánh giá lại được nộp từ ngày "
        f"{TODAY:%d/%m/%Y} đến ngày {TODAY + 60 * DAY:%d/%m/%Y}. Lập hồ sơ đánh giá lại tại liên kết dưới "
        "đây: hồ sơ mới được sao từ hồ sơ trước, chỉ cần sửa những gì đã thay đổi.",
    )
    expired = Notification.objects.get(recipient__email="tinh51@example.test")
    assert expired.subject == "Giấy chứng nhận OCOP đã hết hiệu lực: Còn -1 ngày"
    assert expired.body.endswith(
        f"đã hết hiệu lực từ ngày {TODAY:%d/%m/%Y}. Sản phẩm không còn được dùng hạng sao OCOP cho đến khi "
        "được đánh giá và công nhận lại."
    )
    [message] = [
        message for message in mail.outbox if message.subject == opens.subject and "alice" in message.to[0]
    ]
    assert message.body == f"{opens.body}\n\nhttp://127.0.0.1:8000{start('Còn 180 ngày')}\n"


def test_a_second_run_the_same_day_sends_nothing(registry, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        run_daily()
    before, mails = told(), len(mail.outbox)

    with django_capture_on_commit_callbacks(execute=True):
        output = run_daily()

    assert (told(), len(mail.outbox)) == (before, mails)
    assert output.splitlines()[2:] == [
        "  re-evaluation window opens (180 days before expiry): 4 certificates due, 0 reminded now "
        "(0 notifications), 1 with nobody to tell",
        "  re-evaluation window closes (120 days before expiry): 2 certificates due, 0 reminded now "
        "(0 notifications), 0 with nobody to tell",
        "  expired (within 30 days): 1 certificates due, 0 reminded now (0 notifications), "
        "0 with nobody to tell",
        "Sales points: 0 carried products without a valid certificate, 0 notifications now",
        "Sales points: 0 carried products whose certificate expires within 30 days, 0 notifications now",
    ]


def test_the_registry_is_read_in_a_fixed_number_of_queries(registry, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        reminders.send_reminders(today=TODAY)
    for days_left in (170, 160, 110):  # three more due, all told now
        product_at(registry.producer, days_left)
    reminders.send_reminders(today=TODAY)

    with CaptureQueriesContext(connection) as queries:
        report = reminders.send_reminders(today=TODAY)

    # The certificates, the members, the province officers, what was sent.
    assert len(queries.captured_queries) == 4
    assert report.tallies[reminders.Milestone.OPENS].due == 6


def test_after_ten_missed_days_only_the_latest_milestone_goes_out(
    db, sheet_i3c, rule_set_in_force, django_capture_on_commit_callbacks
):
    producer = make_producer(name="HTX Tỏi Lý Sơn")
    producer.members.add(UserFactory(email="alice@example.test", role=Role.PRODUCER))
    product_at(producer, 185, "Mở đợt nộp khi vắng")
    product_at(producer, 5, "Hết hạn khi vắng")
    with django_capture_on_commit_callbacks(execute=True):
        reminders.send_reminders(today=TODAY)
    assert [(name, milestone) for _to, name, milestone, _link in told()] == [("Hết hạn khi vắng", "closes")]
    # Recorded while nobody ran the command: its window opened and closed since.
    product_at(producer, 115, "Nhập khi vắng")

    with django_capture_on_commit_callbacks(execute=True):
        report = reminders.send_reminders(today=TODAY + 10 * DAY)

    assert [(name, milestone) for _to, name, milestone, _link in told()] == [
        ("Hết hạn khi vắng", "closes"),
        ("Hết hạn khi vắng", "expired"),
        ("Mở đợt nộp khi vắng", "opens"),
        ("Nhập khi vắng", "closes"),
    ]
    assert [(tally.due, tally.notifications) for tally in report.tallies.values()] == [(1, 1), (1, 1), (1, 1)]
    assert len(mail.outbox) == 4


def test_a_rule_set_without_a_window_sends_only_expiries_and_says_so(
    registry, rule_set_in_force, django_capture_on_commit_callbacks
):
    rule_set_in_force.update(reevaluation_opens_days=None, reevaluation_closes_days=None)
    rules.clear_caches()

    with django_capture_on_commit_callbacks(execute=True):
        output = run_daily()

    assert [(to, name, milestone) for to, name, milestone, _link in told()] == [
        ("alice@example.test", "Còn -1 ngày", "expired"),
        ("bob@example.test", "Còn -1 ngày", "expired"),
        ("tinh51@example.test", "Còn -1 ngày", "expired"),
    ]
    assert output.splitlines()[1:] == [
        "Reminders under 26/2026/QĐ-TTg: it sets no re-evaluation window, so no reminder before expiry; "
        "only expiries",
        "  expired (within 30 days): 1 certificates due, 1 reminded now (3 notifications), "
        "0 with nobody to tell",
        "Sales points: 0 carried products without a valid certificate, 0 notifications now",
        "Sales points: 0 carried products whose certificate expires within 30 days, 0 notifications now",
    ]


def test_the_standing_refresh_runs_first_and_a_product_renewed_today_is_not_reminded(
    db, sheet_i3c, rule_set_in_force, django_capture_on_commit_callbacks
):
    producer = make_producer(name="HTX Cà phê Mộ Đức")
    producer.members.add(UserFactory(email="alice@example.test", role=Role.PRODUCER))
    renewed = product_at(producer, 150, "Công nhận lại hôm nay")
    renewal = make_certificate(renewed, decision_date=TODAY, valid_until=TODAY + 1095 * DAY)
    # As yesterday's round left it: the renewal was still to come, the product stood on the old one.
    refresh_standing(today=TODAY - DAY)
    renewed.refresh_from_db()
    assert renewed.latest_certificate_id != renewal.pk

    with django_capture_on_commit_callbacks(execute=True):
        output = run_daily()

    renewed.refresh_from_db()
    assert renewed.latest_certificate_id == renewal.pk
    assert (
        output.splitlines()[0] == f"{TODAY:%d/%m/%Y}: 1 products moved to the certificate they stand on today"
    )
    assert (told(), mail.outbox) == ([], [])


def test_the_link_starts_the_products_re_evaluation_dossier(db, rule_set_in_force):
    product = make_product(name="Bộ chưa có phiếu", product_set="I.1.a")
    certificate = make_certificate(product, decision_date=LONG_AGO, valid_until=TODAY + 100 * DAY)

    assert reminders.reevaluation_link(certificate) == f"/ho-so/moi/?product={product.pk}&kind=reevaluation"
