"""Counterfeit signals raise one alert each, tell the producer and the province officers once, and show on
the alert list of those whose scope holds the product."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from ocop.accounts.models import Role
from ocop.accounts.tests.factories import DAK_LAK, QUANG_NGAI, UserFactory, province
from ocop.core.models import AuditEvent
from ocop.notifications.models import Notification
from ocop.registry.tests.factories import make_producer, make_product
from ocop.trace import services, signals
from ocop.trace.models import Alert, Scan
from ocop.trace.place import place_token

JSON = {"HTTP_ACCEPT": "application/json"}
STAMP = "/p/51-21400-901-2025/10/L2026-01/21/"


@pytest.fixture
def owner(product):
    user = UserFactory(role=Role.PRODUCER)
    product.producer.members.add(user)
    return user


@pytest.fixture
def officer(db):
    return UserFactory(role=Role.PROVINCE_OFFICER, unit=province(QUANG_NGAI))


@pytest.fixture
def serial(batch):
    return services.stamps_issue(acting_user=None, batch=batch, count=1).stamps.get().serial


def _scan(client, serial: str, times: int) -> None:
    for _index in range(times):
        client.get(STAMP + serial, **JSON)


def test_many_scans_raises_once_on_the_crossing_and_tells_each_once(client, serial, owner, officer):
    _scan(client, serial, signals.COPIED_AFTER_SCANS)
    assert Alert.objects.count() == 0

    _scan(client, serial, 3)

    alert = Alert.objects.get()
    assert (alert.kind, alert.stamp_id, alert.details) == (
        "many_scans",
        Scan.objects.filter(stamp__serial=serial).values_list("stamp_id", flat=True)[0],
        {"scans": 21, "threshold": 20},
    )
    assert alert.key == f"many_scans:stamp-{alert.stamp_id}:{timezone.localdate().isoformat()}"
    told = Notification.objects.filter(key=alert.key)
    assert sorted(told.values_list("recipient_id", flat=True)) == sorted([owner.pk, officer.pk])
    assert set(told.values_list("link", flat=True)) == {"/truy-xuat/canh-bao/"}


def test_unknown_serials_raise_past_the_threshold_once(client, batch, owner, officer):
    for index in range(signals.UNKNOWN_BURST_SCANS):
        client.get(f"{STAMP}fake{index}", **JSON)
    assert Alert.objects.count() == 0

    for index in range(3):
        client.get(f"{STAMP}more{index}", **JSON)

    alert = Alert.objects.get()
    assert (alert.kind, alert.batch_id, alert.stamp_id) == ("unknown_burst", batch.pk, None)
    assert alert.details == {"scans": 11, "threshold": 10, "lots": {"L2026-01": 11}}
    assert Notification.objects.filter(key=alert.key).count() == 2


def _placed(client, serial: str, latitude: str, longitude: str) -> Scan:
    client.get(STAMP + serial, **JSON)
    scan = Scan.objects.filter(stamp__serial=serial).latest("pk")
    token = place_token(scan.pk)
    response = client.post(
        f"/truy-xuat/quet/{scan.pk}/khu-vuc", {"token": token, "latitude": latitude, "longitude": longitude}
    )
    assert response.status_code == 204
    return scan


def test_far_apart_raises_once_for_places_far_within_hours(client, serial, owner, officer):
    _placed(client, serial, "15.1", "108.8")  # Quảng Ngãi
    _placed(client, serial, "16.0", "108.2")  # Đà Nẵng, about 120 km away: neighbours
    assert Alert.objects.count() == 0

    _placed(client, serial, "10.8", "106.7")  # Hồ Chí Minh, about 600 km away
    _placed(client, serial, "21.0", "105.8")  # Hà Nội

    alert = Alert.objects.get()
    assert (alert.kind, alert.province_code) == ("far_apart", 79)
    # The farthest of the earlier places within the hours: Đà Nẵng.
    assert (alert.details["provinces"], alert.details["distance_km"]) == ([48, 79], 609)
    assert Notification.objects.filter(key=alert.key).count() == 2


def test_far_apart_is_not_raised_past_the_hours(client, serial):
    first = _placed(client, serial, "15.1", "108.8")
    Scan.objects.filter(pk=first.pk).update(
        scanned_at=timezone.now() - datetime.timedelta(hours=signals.FAR_APART_WITHIN_HOURS, minutes=1)
    )

    _placed(client, serial, "10.8", "106.7")

    assert Alert.objects.count() == 0
    assert Scan.objects.get(pk=first.pk).latitude == Decimal("15.1")


# --- The list and its scope


@pytest.fixture
def alert(client, batch):
    for index in range(signals.UNKNOWN_BURST_SCANS + 1):
        client.get(f"{STAMP}fake{index}", **JSON)
    return Alert.objects.get()


def test_the_owner_sees_the_alert_and_the_counts(client, alert, owner):
    client.force_login(owner)

    response = client.get("/truy-xuat/canh-bao/")

    assert response.status_code == 200
    assert list(response.context["alerts"]) == [alert]
    assert response.context["counts"] == [
        ("many_scans", "Một tem bị quét quá nhiều lần", 0),
        ("far_apart", "Một tem được quét ở hai nơi cách xa nhau", 0),
        ("unknown_burst", "Nhiều lượt quét mã không do nền tảng phát hành", 1),
    ]
    assert response.context["may_resolve"] is False


def test_the_province_officer_sees_it_and_marks_it_handled(client, alert, officer):
    client.force_login(officer)

    listed = client.get("/truy-xuat/canh-bao/")
    response = client.post(f"/truy-xuat/canh-bao/{alert.pk}/da-xu-ly")

    assert list(listed.context["alerts"]) == [alert]
    assert response.status_code == 302
    alert.refresh_from_db()
    assert (alert.resolved_by, alert.resolved_at is not None) == (officer, True)
    event = AuditEvent.objects.get(action="alert.resolve")
    assert (event.actor, event.object_id, event.province_code) == (officer, str(alert.pk), QUANG_NGAI)


def test_another_producer_sees_nothing_and_cannot_resolve(client, alert, db):
    other = UserFactory(role=Role.PRODUCER)
    make_product(producer=make_producer()).producer.members.add(other)
    client.force_login(other)

    listed = client.get("/truy-xuat/canh-bao/")
    response = client.post(f"/truy-xuat/canh-bao/{alert.pk}/da-xu-ly")

    assert list(listed.context["alerts"]) == []
    assert response.status_code == 404
    alert.refresh_from_db()
    assert (alert.resolved_at, AuditEvent.objects.filter(action="alert.resolve").count()) == (None, 0)


def test_the_owner_cannot_resolve(client, alert, owner):
    client.force_login(owner)

    response = client.post(f"/truy-xuat/canh-bao/{alert.pk}/da-xu-ly")

    alert.refresh_from_db()
    assert (response.status_code, alert.resolved_at) == (404, None)


def test_another_provinces_officer_sees_nothing_and_cannot_resolve(client, alert):
    other = UserFactory(role=Role.PROVINCE_OFFICER, unit=province(DAK_LAK))
    client.force_login(other)

    listed = client.get("/truy-xuat/canh-bao/")
    response = client.post(f"/truy-xuat/canh-bao/{alert.pk}/da-xu-ly")

    alert.refresh_from_db()
    assert list(listed.context["alerts"]) == []
    assert (response.status_code, alert.resolved_at) == (404, None)


def test_anonymous_goes_to_sign_in_and_changes_nothing(client, alert):
    listed = client.get("/truy-xuat/canh-bao/")
    response = client.post(f"/truy-xuat/canh-bao/{alert.pk}/da-xu-ly")

    alert.refresh_from_db()
    assert listed.status_code == 302
    assert listed["Location"].startswith("/accounts/login/")
    assert response.status_code == 404
    assert alert.resolved_at is None


def test_a_buyer_gets_a_404(client, alert):
    client.force_login(UserFactory(role=Role.BUYER))

    assert client.get("/truy-xuat/canh-bao/").status_code == 404


def test_the_traceability_page_links_the_alerts_waiting(client, alert, owner, officer):
    client.force_login(owner)

    html = client.get("/truy-xuat/").content.decode()

    assert (
        '<a href="/truy-xuat/canh-bao/">Cảnh báo hàng giả</a> · <strong>1 cảnh báo chưa xử lý</strong>'
        in html
    )
    client.force_login(officer)
    client.post(f"/truy-xuat/canh-bao/{alert.pk}/da-xu-ly")
    html = client.get("/truy-xuat/").content.decode()
    assert '<a href="/truy-xuat/canh-bao/">Cảnh báo hàng giả</a></p>' in html
