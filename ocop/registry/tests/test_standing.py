"""A product stands on its latest certificate issued by the day, and moves onto a later one on its day.

``Product.latest_certificate`` is that certificate. The services and the import set it when they write;
``ocop.registry.standing`` moves it when a certificate's day comes, with nobody writing to the registry.
The day's turn is shown without moving the clock: the registry is first brought to yesterday
(``refresh_standing_once_a_day(today=yesterday)``, as the process's last request of yesterday left it),
then the catalogue and the API are asked with today's clock, as its first visitor of the day would.
"""

import datetime
import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from ocop.core.models import AuditEvent
from ocop.registry import standing
from ocop.registry.importing import service
from ocop.registry.models import Certificate, Product, StandingDay
from ocop.registry.selectors import product_list_public, public_filters
from ocop.registry.tests.factories import make_certificate, make_product
from ocop.registry.tests.files import csv_bytes, tra_vinh_rows
from ocop.registry.version import registry_version

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)
YESTERDAY, TOMORROW = TODAY - DAY, TODAY + DAY


@pytest.fixture
def process_of_yesterday():
    """This process as its last request of yesterday left it; as today's requests leave it afterwards."""
    standing.refresh_standing_once_a_day(today=YESTERDAY)
    yield
    standing.refresh_standing_once_a_day(today=TODAY)


def stands_on(product: Product) -> Certificate | None:
    return Product.objects.select_related("latest_certificate").get(pk=product.pk).latest_certificate


def decision_stood_on(product: Product) -> str | None:
    certificate = stands_on(product)
    return certificate.decision_no if certificate else None


def test_at_midnight_a_product_moves_onto_its_upgrade_and_a_new_one_is_recognised_without_a_write(
    client: Client, request: pytest.FixtureRequest
) -> None:
    upgraded = make_product(name="Mật ong nâng hạng")
    current = make_certificate(
        upgraded, stars=3, decision_date=TODAY - 500 * DAY, valid_until=TODAY + 596 * DAY
    )
    upgrade = make_certificate(upgraded, stars=4, decision_date=TODAY, valid_until=TODAY + 1095 * DAY)
    newcomer = make_product(name="Mật ong mới công nhận")
    first = make_certificate(newcomer, stars=3, decision_date=TODAY, valid_until=TODAY + 1095 * DAY)
    # The registry as yesterday's last request left it: today's certificates were still to come.
    request.getfixturevalue("process_of_yesterday")
    yesterday = product_list_public(q="mat ong", today=YESTERDAY)
    assert [(entry.product.name, entry.standing.rank) for entry in yesterday.entries] == [
        ("Mật ong nâng hạng", "3")
    ]
    assert product_list_public(q="mat ong", filters=public_filters(rank="4"), today=YESTERDAY).entries == []
    assert (stands_on(upgraded), stands_on(newcomer)) == (current, None)
    version, events, certificates = (
        registry_version(),
        AuditEvent.objects.count(),
        Certificate.objects.count(),
    )
    turned = timezone.now()

    # Today's first visitor: the catalogue (searched, so through the search index) and the API.
    page = client.get(reverse("catalogue:product_list"), {"q": "mat ong", "rank": "4"})
    api = client.get("/api/v1/products", {"q": "mat ong"}).json()

    assert [(entry.product.name, entry.standing.status) for entry in page.context["page"].entries] == [
        ("Mật ong nâng hạng", "valid")
    ]
    assert {item["name"]: (item["rank"], item["status"]) for item in api["items"]} == {
        "Mật ong nâng hạng": ("4", "valid"),
        "Mật ong mới công nhận": ("3", "valid"),
    }
    assert (stands_on(upgraded), stands_on(newcomer)) == (upgrade, first)
    newcomer_page = client.get(reverse("catalogue:product_detail", kwargs={"product_id": newcomer.pk}))
    assert newcomer_page.status_code == 200
    # Search engines hear of the newcomer's page, and of both pages' change (the sitemap's lastmod).
    sitemap = client.get(reverse("portal:sitemap_section", kwargs={"section": "products"})).content.decode()
    assert f"/san-pham/{newcomer.pk}/mat-ong-moi-cong-nhan/</loc>" in sitemap
    assert all(Product.objects.get(pk=product.pk).updated_at >= turned for product in (upgraded, newcomer))
    # Nobody wrote a decision; the registry's version moved, so what is built from it is built again.
    assert (AuditEvent.objects.count(), Certificate.objects.count()) == (events, certificates)
    assert registry_version() != version
    assert StandingDay.objects.get().day == TODAY


def test_a_second_refresh_the_same_day_moves_nothing_and_leaves_the_version_alone() -> None:
    product = make_product()
    make_certificate(product, decision_date=TODAY - 10 * DAY)
    make_certificate(product, stars=4, decision_date=TOMORROW)
    standing.refresh_standing(today=TODAY)
    version = registry_version()

    moved = standing.refresh_standing(today=TODAY)

    assert (moved, registry_version()) == (0, version)
    assert StandingDay.objects.get().day == TODAY


def test_tomorrow_the_upgrade_stands_and_a_clock_set_back_puts_the_product_back() -> None:
    product = make_product()
    current = make_certificate(product, decision_date=TODAY - 10 * DAY)
    upgrade = make_certificate(product, stars=4, decision_date=TOMORROW)
    assert stands_on(product) == current

    assert standing.refresh_standing(today=TOMORROW) == 1
    assert stands_on(product) == upgrade
    assert standing.refresh_standing(today=TODAY) == 1
    assert stands_on(product) == current


def test_the_first_refresh_mends_a_registry_kept_by_the_newest_certificate_overall() -> None:
    """A database from before this rule pointed products at certificates dated after today."""
    renewed, announced, settled = make_product(), make_product(), make_product()
    current = make_certificate(renewed, decision_date=TODAY - 400 * DAY)
    renewal = make_certificate(renewed, decision_date=TODAY + 5 * DAY)
    future_only = make_certificate(announced, decision_date=TODAY + 5 * DAY)
    settled_certificate = make_certificate(settled, decision_date=TODAY - 3 * DAY)
    Product.objects.filter(pk=renewed.pk).update(latest_certificate=renewal)
    Product.objects.filter(pk=announced.pk).update(latest_certificate=future_only)
    StandingDay.objects.all().delete()

    assert standing.refresh_standing(today=TODAY) == 2

    assert (stands_on(renewed), stands_on(announced), stands_on(settled)) == (
        current,
        None,
        settled_certificate,
    )
    assert StandingDay.objects.get().moves == 1


def test_a_write_that_straddled_midnight_is_mended_by_the_next_days_refresh() -> None:
    """A certificate for today written by a transaction that computed the standing yesterday."""
    product = make_product()
    current = make_certificate(product, decision_date=TODAY - 400 * DAY)
    standing.refresh_standing(today=TODAY)
    late = make_certificate(product, decision_date=TODAY)
    Product.objects.filter(pk=product.pk).update(latest_certificate=current)  # as yesterday computed it

    assert standing.refresh_standing(today=TODAY) == 0  # today is done
    assert standing.refresh_standing(today=TOMORROW) == 1

    assert stands_on(product) == late


def test_the_import_points_products_at_the_certificate_they_stand_on_today() -> None:
    template = tra_vinh_rows()[0]
    rows = [
        template
        | {"product_code": "84-1-1-2024", "product_name": "Trà nâng hạng", "decision_no": "1/QĐ"}
        | {"decision_date": (TODAY - 300 * DAY).isoformat(), "stars": "3"},
        template
        | {"product_code": "84-1-1-2024", "product_name": "Trà nâng hạng", "decision_no": "2/QĐ"}
        | {"decision_date": TOMORROW.isoformat(), "stars": "4"},
        template
        | {"product_code": "84-1-2-2024", "product_name": "Trà mới", "decision_no": "3/QĐ"}
        | {"decision_date": TOMORROW.strftime("%d/%m/%Y"), "stars": "3"},
    ]
    result = service.recognitions_import(acting_user=None, file_name="tra.csv", content=csv_bytes(rows))
    assert result.ok, result.errors

    upgraded, newcomer = Product.objects.get(code="84-1-1-2024"), Product.objects.get(code="84-1-2-2024")
    assert (decision_stood_on(upgraded), decision_stood_on(newcomer)) == ("1/QĐ", None)
    assert standing.refresh_standing(today=TOMORROW) == 2
    assert (decision_stood_on(upgraded), decision_stood_on(newcomer)) == ("2/QĐ", "3/QĐ")


def test_the_command_for_cron_refreshes_once_a_day() -> None:
    product = make_product()
    current = make_certificate(product, decision_date=TODAY - 10 * DAY)
    upgrade = make_certificate(product, stars=4, decision_date=TODAY)
    # As yesterday left it.
    Product.objects.filter(pk=product.pk).update(latest_certificate=current)
    StandingDay.objects.update_or_create(pk=1, defaults={"day": YESTERDAY})
    first, second = io.StringIO(), io.StringIO()

    call_command("refresh_standing", stdout=first)
    call_command("refresh_standing", stdout=second)

    assert stands_on(product) == upgrade
    day = f"{TODAY:%d/%m/%Y}"
    assert first.getvalue() == f"{day}: 1 products moved to the certificate they stand on today\n"
    assert second.getvalue() == f"{day}: 0 products moved to the certificate they stand on today\n"


def test_importing_again_takes_a_product_off_a_certificate_dated_after_today() -> None:
    """A product recorded under the newest-overall rule pointed at its certificate dated tomorrow."""
    row = tra_vinh_rows()[0] | {
        "product_code": "84-1-3-2024",
        "product_name": "Trà công nhận ngày mai",
        "decision_no": "4/QĐ",
        "decision_date": TOMORROW.isoformat(),
    }
    content = csv_bytes([row])
    assert service.recognitions_import(acting_user=None, file_name="tra.csv", content=content).ok
    product = Product.objects.get(code="84-1-3-2024")
    Product.objects.filter(pk=product.pk).update(latest_certificate=product.certificates.get())

    again = service.recognitions_import(acting_user=None, file_name="tra.csv", content=content)

    assert again.ok, again.errors
    assert stands_on(product) is None


def test_a_refresh_the_database_refuses_is_logged_the_page_served_and_the_next_request_tries_again(
    client: Client, caplog: pytest.LogCaptureFixture, process_of_yesterday: None
) -> None:
    with connection.cursor() as cursor:  # rolled back with the test
        cursor.execute(f"DROP TABLE {StandingDay._meta.db_table}")

    answers = [client.get(reverse("portal:robots_txt")).status_code for _ in range(2)]

    assert answers == [200, 200]
    failures = [record for record in caplog.records if record.name == "ocop.registry.standing"]
    assert [record.getMessage() for record in failures] == [
        f"could not refresh the standing certificates for {TODAY}"
    ] * 2
