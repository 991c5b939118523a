"""The certificate-status rule: one table of cases, asked of every form of the rule and of every reader.

Each case is one product's certificate history, dated in days from today, with where the product stands
today: the status of its latest certificate issued by today (``None``: nothing issued yet), and that
certificate's rank. The forms (Python, SQL, ORM, NumPy) and the readers (statistics, catalogue page and
API, officials' list, export) must all give it: those that read ``Product.latest_certificate`` read the
certificate the product stands on today, so a renewal dated tomorrow changes nothing for them until then.
"""

import datetime
import itertools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from ocop.accounts.models import Role
from ocop.accounts.tests.factories import UserFactory
from ocop.registry import snapshot, status
from ocop.registry.exporting import products_for_export
from ocop.registry.models import Certificate, CertificateStatus, Product
from ocop.registry.status import CODES, STATUS_BY_CODE, Rank
from ocop.registry.tests.factories import make_certificate, make_product
from ocop.registry.version import registry_version

pytestmark = pytest.mark.django_db

VALID, EXPIRED, REVOKED = CertificateStatus.VALID, CertificateStatus.EXPIRED, CertificateStatus.REVOKED
NOT_YET_ISSUED, SUPERSEDED = CertificateStatus.NOT_YET_ISSUED, CertificateStatus.SUPERSEDED


@dataclass(frozen=True)
class Issued:
    """One certificate, its days counted from today: decided, last valid day, revoked (or None)."""

    decided: int
    valid_until: int
    revoked: int | None = None
    stars: int = 3
    potential: bool = False


@dataclass(frozen=True)
class Case:
    name: str
    history: tuple[Issued, ...]
    expected: CertificateStatus | None  # the product's status today; None: no certificate issued yet
    rank: Rank | None  # the rank of the certificate it stands on


CASES = (
    Case("hết hạn hôm nay", (Issued(-1095, 0),), VALID, Rank.THREE),  # the last valid day counts
    Case("hết hạn hôm qua", (Issued(-1096, -1),), EXPIRED, Rank.THREE),
    Case("thu hồi hôm nay", (Issued(-300, 800, revoked=0),), REVOKED, Rank.THREE),
    Case("thu hồi ngày mai", (Issued(-300, 800, revoked=1),), VALID, Rank.THREE),
    # Revoking the newest does not revive an older one still in date (contract §2).
    Case(
        "mới nhất bị thu hồi",
        (Issued(-700, 400), Issued(-100, 1000, revoked=-10, stars=4)),
        REVOKED,
        Rank.FOUR,
    ),
    Case(
        "thu hồi rồi công nhận lại",
        (Issued(-700, 400, revoked=-400), Issued(-100, 1000, stars=4)),
        VALID,
        Rank.FOUR,
    ),
    # Recognised from tomorrow: not yet a recognised product (not public until its day).
    Case("ban hành ngày mai", (Issued(1, 1096),), None, None),
    Case("công nhận lại", (Issued(-1200, -105), Issued(-100, 996)), VALID, Rank.THREE),
    Case("nâng hạng", (Issued(-500, 596), Issued(-100, 996, stars=4)), VALID, Rank.FOUR),
    # An older certificate still in date does not stand for a newer one that has expired.
    Case("nâng hạng rồi hết hạn", (Issued(-1200, 100), Issued(-1000, -1, stars=4)), EXPIRED, Rank.FOUR),
    Case("tiềm năng 5 sao", (Issued(-10, 1086, stars=4, potential=True),), VALID, Rank.FIVE_POTENTIAL),
    Case("5 sao", (Issued(-10, 1086, stars=5),), VALID, Rank.FIVE),
    # Two decisions on one day: the later record is the newer.
    Case("cùng ngày", (Issued(-50, 1000), Issued(-50, -1, stars=4)), EXPIRED, Rank.FOUR),
    Case("thu hồi trước khi hết hạn", (Issued(-1500, -400, revoked=-600),), REVOKED, Rank.THREE),
    # An upgrade dated tomorrow: today the product stands on its current certificate, everywhere.
    Case("nâng hạng ngày mai", (Issued(-500, 596), Issued(1, 1097, stars=4)), VALID, Rank.THREE),
)


def today() -> datetime.date:
    return timezone.localdate()


def on(offset: int) -> datetime.date:
    return today() + datetime.timedelta(days=offset)


@pytest.fixture
def products() -> dict[str, Product]:
    made = {}
    for case in CASES:
        product = make_product(name=f"Sản phẩm {case.name}")
        for issued in case.history:
            make_certificate(
                product,
                stars=issued.stars,
                potential_five_star=issued.potential,
                decision_date=on(issued.decided),
                valid_until=on(issued.valid_until),
                revoked_on=None if issued.revoked is None else on(issued.revoked),
            )
        made[case.name] = product
    snapshot.forget()
    return made


def history(product: Product) -> list[Certificate]:
    return list(product.certificates.order_by("decision_date", "id"))


# --- The forms of the rule


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_python_form(products: dict[str, Product], case: Case) -> None:
    assert status.product_status(history(products[case.name]), today()) == case.expected


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_the_certificate_method_reads_the_python_form(products: dict[str, Product], case: Case) -> None:
    certificates = history(products[case.name])
    newest = certificates[-1]
    dated_later = newest.decision_date > today()
    assert newest.status_on(today()) == (NOT_YET_ISSUED if dated_later else case.expected)
    # An older certificate is replaced from its successor's day on: superseded, or revoked when it was
    # revoked first; until then it is the one the product stands on.
    for older, newer in itertools.pairwise(certificates):
        revoked = older.revoked_on is not None and older.revoked_on <= today()
        replaced = REVOKED if revoked else SUPERSEDED
        expected = replaced if newer.decision_date <= today() else case.expected
        assert older.status_on(today(), superseded_by=newer) == expected


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_each_product_keeps_the_certificate_it_stands_on(products: dict[str, Product], case: Case) -> None:
    """``Product.latest_certificate``: the newest issued by today, whatever its status; before any, none."""
    product = Product.objects.select_related("latest_certificate").get(pk=products[case.name].pk)
    issued = [certificate for certificate in history(product) if certificate.decision_date <= today()]
    assert product.latest_certificate == (issued[-1] if issued else None)
    assert (product.latest_certificate.rank if product.latest_certificate else None) == case.rank


def _python_statuses() -> dict[int, CertificateStatus]:
    """Every certificate's status today, with its successor, by the Python form."""
    statuses = {}
    for product in Product.objects.all():
        certificates = history(product)
        for certificate, newer in zip(certificates, [*certificates[1:], None], strict=True):
            statuses[certificate.pk] = certificate.status_on(today(), superseded_by=newer)
    return statuses


def test_sql_form_gives_every_certificate_the_python_status(products: dict[str, Product]) -> None:
    table = Certificate._meta.db_table
    # The successor: the next certificate of the product by decision date, then record.
    successor = (
        f"(SELECT MIN(n.decision_date) FROM {table} n WHERE n.product_id = c.product_id "  # noqa: S608
        "AND (n.decision_date > c.decision_date OR (n.decision_date = c.decision_date AND n.id > c.id)))"
    )
    sql, days = status.status_sql(
        {
            "decision_date": "c.decision_date",
            "revoked_on": "c.revoked_on",
            "superseded_on": successor,
            "valid_until": "c.valid_until",
        }
    )
    day = connection.ops.adapt_datefield_value(today())
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT c.id, {sql} FROM {table} c", [day] * days)  # noqa: S608
        found = {pk: STATUS_BY_CODE[code] for pk, code in cursor.fetchall()}
    assert found == _python_statuses()
    assert len(found) == sum(len(case.history) for case in CASES)


def test_orm_form_gives_every_newest_certificate_the_python_status(products: dict[str, Product]) -> None:
    found = dict(
        Product.objects.annotate(today=status.status_expression("latest_certificate__", today())).values_list(
            "name", "today"
        )
    )
    assert found == {f"Sản phẩm {case.name}": case.expected for case in CASES}


def test_numpy_form_stands_each_product_where_the_table_says(products: dict[str, Product]) -> None:
    registry = snapshot.read_snapshot(registry_version())
    stands, codes = registry.standing(snapshot.day_number(today()))

    by_certificate = dict(zip(registry.record.tolist(), codes.tolist(), strict=True))
    assert {pk: STATUS_BY_CODE[code] for pk, code in by_certificate.items()} == _python_statuses()
    standing = dict(zip(registry.product[stands].tolist(), codes[stands].tolist(), strict=True))
    assert {
        case.name: (
            STATUS_BY_CODE[standing[products[case.name].pk]] if products[case.name].pk in standing else None
        )
        for case in CASES
    } == {case.name: case.expected for case in CASES}
    assert np.count_nonzero(stands) == sum(case.expected is not None for case in CASES)


def test_the_rule_has_one_written_form() -> None:
    """The copies the rule replaced are gone: nothing outside ``status.py`` compares a certificate's
    revocation or last valid day with a day."""
    root = Path(__file__).resolve().parents[2]
    copies = []
    for path in root.rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts or path.name == "status.py":
            continue
        for line_number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if _A_COPY_OF_THE_RULE.search(line):
                copies.append(f"{path.relative_to(root)}:{line_number}: {line.strip()}")
    assert copies == []


# A date of a certificate compared with the day asked, in Python, SQL, an ORM lookup or arrays.
_A_COPY_OF_THE_RULE = re.compile(
    r"(revoked|valid_until|decided|decision_date)\w*\s*(<=|<|>=|>)\s*(%s|today|day|as_of)\b"
    r"|(revoked_on|valid_until|decision_date)__(lte|lt|gte|gt)=(today|day)"
)


# --- The readers


def _valid() -> set[str]:
    """The products valid today."""
    return {f"Sản phẩm {case.name}" for case in CASES if case.expected == VALID}


def _public() -> dict[str, CertificateStatus | None]:
    """The products the public catalogue lists (those recognised by today), with their status today."""
    return {f"Sản phẩm {case.name}": case.expected for case in CASES if case.expected is not None}


def test_statistics_count_what_the_table_says(client: Client, products: dict[str, Product]) -> None:
    body = client.get("/api/v1/stats", {"as_of": today().isoformat()}).json()["products"]

    recognised = [case for case in CASES if case.expected in (VALID, EXPIRED)]
    valid = [case for case in CASES if case.expected == VALID]
    assert body["recognized"] == len(recognised) == 11
    assert body["valid"] == len(valid) == 8
    assert body["by_rank"] == {rank: sum(case.rank == rank for case in recognised) for rank in Rank.values}
    assert body["valid_by_rank"] == {rank: sum(case.rank == rank for case in valid) for rank in Rank.values}
    assert body["valid_by_rank"] == {"3": 4, "4": 2, "5_potential": 1, "5": 1}


def test_the_catalogue_api_says_each_status(client: Client, products: dict[str, Product]) -> None:
    items = client.get("/api/v1/products", {"page_size": "100"}).json()["items"]
    assert {item["name"]: item["status"] for item in items} == _public()
    assert len(items) == len(CASES) - 1 == 14
    valid = client.get("/api/v1/products", {"valid": "true", "page_size": "100"}).json()
    assert {item["name"] for item in valid["items"]} == _valid()
    assert valid["count"] == 8
    not_valid = client.get("/api/v1/products", {"valid": "false", "page_size": "100"}).json()
    assert not_valid["count"] == 14 - 8


def test_the_catalogue_page_says_each_status(client: Client, products: dict[str, Product]) -> None:
    everything = client.get(reverse("catalogue:product_list"))
    entries = everything.context["page"].entries
    assert {entry.product.name: entry.standing.status for entry in entries} == _public()
    valid = client.get(reverse("catalogue:product_list"), {"status": "valid"})
    assert {entry.product.name for entry in valid.context["page"].entries} == _valid()
    # The searched path (words) reads the status from the index too.
    searched = client.get(reverse("catalogue:product_list"), {"q": "san pham"})
    assert {entry.product.name: entry.standing.status for entry in searched.context["page"].entries} == (
        _public()
    )
    expired = client.get(reverse("catalogue:product_list"), {"q": "san pham", "status": "expired"})
    assert {entry.product.name for entry in expired.context["page"].entries} == {
        f"Sản phẩm {case.name}" for case in CASES if case.expected == EXPIRED
    }


def test_the_officials_list_says_each_status(client: Client, products: dict[str, Product]) -> None:
    client.force_login(UserFactory(role=Role.PROVINCE_OFFICER))  # Quảng Ngãi, where the products lie
    listed = client.get(reverse("registry:product_list"))
    assert {product.name: product.status_today for product in listed.context["page"].object_list} == {
        f"Sản phẩm {case.name}": case.expected for case in CASES
    }
    valid = client.get(reverse("registry:product_list"), {"status": "valid"})
    assert {product.name for product in valid.context["page"].object_list} == _valid()


@pytest.mark.parametrize("rank", Rank.values)
def test_the_export_filters_by_the_rank_the_product_stands_on(
    products: dict[str, Product], rank: str
) -> None:
    exported = set(products_for_export(None, rank=rank).values_list("name", flat=True))
    assert exported == {f"Sản phẩm {case.name}" for case in CASES if case.rank == rank}


def test_the_table_covers_every_status_a_product_can_stand_on() -> None:
    seen: set[Any] = {case.expected for case in CASES}
    assert seen == {VALID, EXPIRED, REVOKED, None}
    assert set(CODES) == set(CertificateStatus)


def test_a_product_recognised_from_tomorrow_is_announced_to_officers_not_shown_to_the_public(
    client: Client, products: dict[str, Product]
) -> None:
    product = products["ban hành ngày mai"]
    public_page = client.get(reverse("catalogue:product_detail", kwargs={"product_id": product.pk}))
    searched = client.get(reverse("catalogue:product_list"), {"q": "ban hanh ngay mai"})
    listed = client.get("/api/v1/products", {"q": "ban hanh ngay mai"}).json()
    client.force_login(UserFactory(role=Role.PROVINCE_OFFICER))
    officers = client.get(
        reverse("registry:product_detail", kwargs={"product_id": product.pk})
    ).content.decode()

    assert public_page.status_code == 404
    assert [entry.product.name for entry in searched.context["page"].entries] == []
    assert (listed["count"], listed["items"]) == (0, [])
    announced = f"Công nhận từ ngày {on(1):%d/%m/%Y}"
    assert announced in _heading(officers)  # the product's status
    assert officers.count(announced) == 2  # and its certificate's
    assert "Chưa ban hành" not in officers
    assert "Đã thu hồi" not in officers

    # The officers' list and the producer's page announce it alike, rather than "no certificate".
    row = _row(client.get(reverse("registry:product_list"), {"q": "ban hanh ngay mai"}).content.decode())
    producer_page = client.get(
        reverse("registry:producer_detail", kwargs={"producer_id": product.producer_id})
    )
    assert announced in row
    assert "Chưa có giấy chứng nhận" not in row
    assert announced in producer_page.content.decode()
    assert "Chưa có giấy chứng nhận" not in producer_page.content.decode()
    # A product upgraded from tomorrow stands on its 3★ today there: nothing to announce.
    upgraded = _row(
        client.get(reverse("registry:product_list"), {"q": "nang hang ngay mai"}).content.decode()
    )
    assert "✓ Còn hiệu lực" in upgraded
    assert "Công nhận từ ngày" not in upgraded


def _row(page: str) -> str:
    """The only row of an officers' list."""
    body = page.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    assert body.count("<tr") == 1
    return body


def _heading(page: str) -> str:
    """The heading of an officers' record page: name, status, rank."""
    return page.split('<div class="page-heading">', 1)[1].split("</div>", 1)[0]


def test_a_product_page_announces_the_certificate_that_replaces_the_standing_one(
    client: Client, products: dict[str, Product]
) -> None:
    product = products["nâng hạng ngày mai"]
    page = client.get(reverse("catalogue:product_detail", kwargs={"product_id": product.pk})).content.decode()

    standing_until = f"Còn hiệu lực đến {on(596):%d/%m/%Y}"
    assert standing_until in page
    assert f"Giấy chứng nhận mới (4 sao) có hiệu lực từ {on(1):%d/%m/%Y}." in page
    client.force_login(UserFactory(role=Role.PROVINCE_OFFICER))
    officers = client.get(reverse("registry:product_detail", kwargs={"product_id": product.pk})).content
    assert "✓ Còn hiệu lực" in _heading(officers.decode())  # it stands on its 3★ today
    assert "3★" in _heading(officers.decode())
    assert f"Công nhận từ ngày {on(1):%d/%m/%Y}" in officers.decode()  # the upgrade, in the history
    upgraded = products["nâng hạng"]  # its upgrade's day has come: nothing pending
    upgraded_page = client.get(reverse("catalogue:product_detail", kwargs={"product_id": upgraded.pk}))
    assert "Giấy chứng nhận mới" not in upgraded_page.content.decode()
