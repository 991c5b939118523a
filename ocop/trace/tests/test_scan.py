"""The scan of ``../shared/contracts/stamps.md`` §3, through HTTP as a phone or an app makes it."""

import datetime
import secrets

import pytest
from django.utils import timezone

from ocop.registry.services import certificate_revoke
from ocop.trace import links, services
from ocop.trace.models import Scan, Stamp, UnknownScan
from ocop.trace.scan import scan_record

JSON = {"HTTP_ACCEPT": "application/json"}


@pytest.fixture
def stamps(batch):
    run = services.stamps_issue(acting_user=None, batch=batch, count=3)
    return list(run.stamps.order_by("pk"))


def path_of(stamp: Stamp) -> str:
    product = stamp.batch.product
    return links.stamp_path(gtin=product.gtin, code=product.code, lot=stamp.batch.lot, serial=stamp.serial)


def test_a_genuine_stamp_of_a_valid_product_answers_the_contract(client, stamps, product):
    stamp = stamps[0]
    valid_until = product.latest_certificate.valid_until

    first = client.get(path_of(stamp), **JSON)
    second = client.get(path_of(stamp), **JSON)

    assert first.status_code == 200
    assert first["Content-Type"] == "application/json; charset=utf-8"
    answer = second.json()
    first_scan = Scan.objects.filter(stamp=stamp).order_by("pk")[0].scanned_at
    assert answer == {
        "genuine": True,
        "verdict": "valid",
        "message": f"Tem chính hãng. Sản phẩm OCOP 4★, chứng nhận còn hiệu lực đến {valid_until:%d/%m/%Y}.",
        "product": {
            "code": "51-21400-901-2025",
            "name": "Cà phê rang xay Mộ Đức",
            "url": f"http://127.0.0.1:8000/san-pham/{product.pk}/",
        },
        "producer": {"name": "Hợp tác xã Cà phê Mộ Đức"},
        "batch": {"lot": "L2026-01", "produced_on": "2026-11-30", "expires_on": None},
        "certificate": {
            "stars": 4,
            "potential_five_star": False,
            "status": "valid",
            "valid_until": valid_until.isoformat(),
            "revoked_on": None,
        },
        "scans": 2,
        "first_scan": timezone.localtime(first_scan).isoformat(timespec="seconds"),
        "warning": None,
    }
    assert answer["first_scan"].endswith("+07:00")
    stamp.refresh_from_db()
    assert (stamp.scan_count, Scan.objects.filter(stamp=stamp).count()) == (2, 2)


def test_the_page_says_genuine_and_valid_in_words(client, stamps, product):
    response = client.get(path_of(stamps[0]))

    html = response.content.decode()
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert '<h1 id="verdict-heading">Chính hãng, còn hiệu lực</h1>' in html
    valid_until = product.latest_certificate.valid_until
    assert f"Tem chính hãng. Sản phẩm OCOP 4★, chứng nhận còn hiệu lực đến {valid_until:%d/%m/%Y}." in html
    assert "Xã Mộ Đức, Tỉnh Quảng Ngãi" in html
    assert "1 lần, lần đầu ngày" in html


def test_a_revocation_shows_on_the_next_scan(client, stamps, product):
    assert client.get(path_of(stamps[0]), **JSON).json()["verdict"] == "valid"
    today = timezone.localdate()
    certificate_revoke(
        acting_user=None, certificate=product.latest_certificate, revoked_on=today, reason="Vi phạm"
    )

    answer = client.get(path_of(stamps[0]), **JSON).json()

    assert (answer["verdict"], answer["certificate"]["revoked_on"]) == ("revoked", today.isoformat())
    assert answer["message"] == (
        f"Tem chính hãng, nhưng chứng nhận OCOP 4★ của sản phẩm đã bị thu hồi ngày {today:%d/%m/%Y}."
    )


def test_an_expired_certificate_says_so(client, batch, product):
    certificate = product.latest_certificate
    certificate.valid_until = timezone.localdate() - datetime.timedelta(days=1)
    certificate.save(update_fields=["valid_until"])
    run = services.stamps_issue(acting_user=None, batch=batch, count=1, force=True)

    answer = client.get(path_of(run.stamps.get()), **JSON).json()

    assert answer["verdict"] == "expired"
    assert answer["message"] == (
        "Tem chính hãng, nhưng chứng nhận OCOP 4★ của sản phẩm đã hết hạn ngày "
        f"{certificate.valid_until:%d/%m/%Y}."
    )


@pytest.mark.parametrize("change", ["serial", "lot", "product"])
def test_an_altered_character_is_not_genuine_and_counts_nothing(client, stamps, change):
    stamp = stamps[0]
    product = stamp.batch.product
    parts = {"gtin": "", "code": product.code, "lot": stamp.batch.lot, "serial": stamp.serial}
    key = {"serial": "serial", "lot": "lot", "product": "code"}[change]
    value = parts[key]
    parts[key] = value[:-1] + ("B" if value[-1] != "B" else "C")

    response = client.get(links.stamp_path(**parts), **JSON)

    assert response.status_code == 404
    assert response.json() == {
        "genuine": False,
        "verdict": "not_genuine",
        "message": "Không phải tem OCOP chính hãng: nền tảng chưa từng phát hành tem này.",
    }
    assert Stamp.objects.filter(scan_count__gt=0).count() == 0
    assert Scan.objects.count() == 0
    expected_unknown = 0 if change == "product" else 1
    assert UnknownScan.objects.count() == expected_unknown


def test_a_head_request_reads_without_counting(client, stamps):
    assert client.head(path_of(stamps[0])).status_code == 200
    assert Scan.objects.count() == 0


def test_a_malformed_uri_answers_a_human_404_page(client, db):
    response = client.get("/01/123/10/L1/21/abc")

    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


def test_past_the_rate_the_scan_answers_429(client, stamps, settings):
    settings.SCAN_RATE = 3
    codes = [client.get(path_of(stamps[0]), **JSON).status_code for _index in range(5)]

    assert codes == [200, 200, 200, 429, 429]
    refused = client.get(path_of(stamps[0]), **JSON)
    assert int(refused["Retry-After"]) > 0
    assert Scan.objects.count() == 3


def test_a_million_random_serials_are_never_genuine(batch):
    """Contract §3: no serial the platform did not issue is ever answered genuine. A scan finds a stamp
    by its serial alone (then checks product and lot), so a million random serials of every length the
    contract allows are looked up the way the scan looks them up, in chunks; a thousand go the whole way
    through ``scan_record``."""
    issued = set(
        services.stamps_issue(acting_user=None, batch=batch, count=10_000).stamps.values_list(
            "serial", flat=True
        )
    )
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    accepted = 0
    for start in range(0, 1_000_000, 20_000):
        guesses = [
            "".join(secrets.choice(alphabet) for _index in range(1 + (start + offset) % 20))
            if offset % 50 == 0
            else links.new_serial()
            for offset in range(20_000)
        ]
        accepted += Stamp.objects.filter(serial__in=guesses).count()
    assert accepted == 0
    now = timezone.now()
    whole_way = [
        scan_record(
            links.StampPath(gtin="", code=batch.product.code, lot=batch.lot, serial=links.new_serial()),
            now=now,
        )
        for _index in range(1_000)
    ]
    assert whole_way == [None] * 1_000
    assert len(issued) == 10_000


def test_a_scan_inside_a_callers_transaction_leaves_its_durability_alone(stamps, product):
    """On PostgreSQL the scan's own transaction commits without waiting for the disk; inside a caller's
    transaction (a demo loader, a test) the caller's commit keeps the server's setting."""
    from django.db import connection, transaction

    if connection.vendor != "postgresql":
        pytest.skip("synchronous_commit is PostgreSQL's")
    with transaction.atomic(), connection.cursor() as cursor:
        # A value of the caller's own, whatever the test server's setting is.
        cursor.execute("SET LOCAL synchronous_commit TO remote_write")
        result = scan_record(_stamp_path(stamps[0]), now=timezone.now())
        cursor.execute("SHOW synchronous_commit")
        (after,) = cursor.fetchone()
    assert result is not None
    assert (result.scans, result.product_name, after) == (1, "Cà phê rang xay Mộ Đức", "remote_write")


def test_the_scan_counts_records_and_answers_in_one_statement_or_three(batch, product):
    """The count, the record and the answer are one statement on PostgreSQL and three on SQLite: the
    same answer and the same rows on both."""
    stamp = services.stamps_issue(acting_user=None, batch=batch, count=1).stamps.get()
    now = timezone.now()

    first = scan_record(_stamp_path(stamp), now=now)
    second = scan_record(_stamp_path(stamp), now=now + datetime.timedelta(minutes=5))
    assert first is not None
    assert second is not None
    assert second.certificate is not None

    assert (first.scans, second.scans, second.first_scan, second.lot, second.certificate.status) == (
        1,
        2,
        now,
        "L2026-01",
        "valid",
    )
    assert list(Scan.objects.filter(stamp=stamp).order_by("pk").values_list("pk", flat=True)) == [
        first.scan_id,
        second.scan_id,
    ]
    stamp.refresh_from_db()
    assert (stamp.scan_count, stamp.last_scanned_at) == (2, now + datetime.timedelta(minutes=5))


def _stamp_path(stamp: Stamp) -> links.StampPath:
    product = stamp.batch.product
    return links.StampPath(gtin=product.gtin, code=product.code, lot=stamp.batch.lot, serial=stamp.serial)
