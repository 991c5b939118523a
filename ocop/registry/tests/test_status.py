"""The certificate-status rule: one table of cases, asked of every form of the rule and of every reader.

Each case is one product's certificate history, dated in days from today, with where the product stands
today: the status of its latest certificate issued by today (``None``: nothing issued yet), and that
certificate's rank. The forms (Python, SQL, ORM, NumPy) and the readers (statistics, catalogue page and
API, officials' list, export) must all give it. Readers that keep only a product's newest certificate
(catalogue, API, officials' list) say "not yet issued" where the newest is dated after today: ``newest``.
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
from ocop.registry import status
from ocop.registry.exporting import products_for_export
from ocop.registry.models import Certificate, CertificateStatus, Product
from ocop.registry.status import CODES, STATUS_BY_CODE, Rank
from ocop.registry.tests.factories import make_certificate, make_product
from ocop.registry.version import registry_version
from ocop.reports import snapshot

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
    newest: CertificateStatus | None = None  # what readers of the newest certificate say, when different

    @property
    def newest_status(self) -> CertificateStatus | None:
        return self.newest or self.expected


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
    Case("ban hành ngày mai", (Issued(1, 1096),), None, None, newest=NOT_YET_ISSUED),
    Case("công nhận lại", (Issued(-1200, -105), Issued(-100, 996)), VALID, Rank.THREE),
    Case("nâng hạng", (Issued(-500, 596), Issued(-100, 996, stars=4)), VALID, Rank.FOUR),
    # An older certificate still in date does not stand for a newer one that has expired.
    Case("nâng hạng rồi hết hạn", (Issued(-1200, 100), Issued(-1000, -1, stars=4)), EXPIRED, Rank.FOUR),
    Case("tiềm năng 5 sao", (Issued(-10, 1086, stars=4, potential=True),), VALID, Rank.FIVE_POTENTIAL),
    Case("5 sao", (Issued(-10, 1086, stars=5),), VALID, Rank.FIVE),
    # Two decisions on one day: the later record is the newer.
    Case("cùng ngày", (Issued(-50, 1000), Issued(-50, -1, stars=4)), EXPIRED, Rank.FOUR),
    Case("thu hồi trước khi hết hạn", (Issued(-1500, -400, revoked=-600),), REVOKED, Rank.THREE),
    # A renewal dated tomorrow: today the product stands on the current certificate. Readers of the newest
    # certificate only (``Product.latest_certificate``, the search index) cannot see that one: they say
    # "not yet issued" until tomorrow, and the statistics count one valid product more than they do.
    Case(
        "nâng hạng ngày mai",
        (Issued(-500, 596), Issued(1, 1097, stars=4)),
        VALID,
        Rank.THREE,
        newest=NOT_YET_ISSUED,
    ),
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
    assert newest.status_on(today()) == case.newest_status
    # An older certificate is replaced from its successor's day on: superseded, or revoked when it was
    # revoked first; until then it is the one the product stands on.
    for older, newer in itertools.pairwise(certificates):
        revoked = older.revoked_on is not None and older.revoked_on <= today()
        replaced = REVOKED if revoked else SUPERSEDED
        expected = replaced if newer.decision_date <= today() else case.expected
        assert older.status_on(today(), superseded_by=newer) == expected


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
    assert found == {f"Sản phẩm {case.name}": case.newest_status for case in CASES}


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


def _newest_valid() -> set[str]:
    """The products the readers of the newest certificate list as valid today."""
    return {f"Sản phẩm {case.name}" for case in CASES if case.newest_status == VALID}


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
    assert {item["name"]: item["status"] for item in items} == {
        f"Sản phẩm {case.name}": case.newest_status for case in CASES
    }
    valid = client.get("/api/v1/products", {"valid": "true", "page_size": "100"}).json()
    assert {item["name"] for item in valid["items"]} == _newest_valid()
    assert valid["count"] == 7
    not_valid = client.get("/api/v1/products", {"valid": "false", "page_size": "100"}).json()
    assert not_valid["count"] == len(CASES) - 7


def test_the_catalogue_page_says_each_status(client: Client, products: dict[str, Product]) -> None:
    everything = client.get(reverse("catalogue:product_list"))
    entries = everything.context["page"].entries
    assert {entry.product.name: entry.standing.status for entry in entries} == {
        f"Sản phẩm {case.name}": case.newest_status for case in CASES
    }
    valid = client.get(reverse("catalogue:product_list"), {"status": "valid"})
    assert {entry.product.name for entry in valid.context["page"].entries} == _newest_valid()
    # The searched path (words) reads the status from the index too.
    searched = client.get(reverse("catalogue:product_list"), {"q": "san pham", "status": "expired"})
    assert {entry.product.name for entry in searched.context["page"].entries} == {
        f"Sản phẩm {case.name}" for case in CASES if case.newest_status == EXPIRED
    }


def test_the_officials_list_says_each_status(client: Client, products: dict[str, Product]) -> None:
    client.force_login(UserFactory(role=Role.PROVINCE_OFFICER))  # Quảng Ngãi, where the products lie
    listed = client.get(reverse("registry:product_list"))
    assert {product.name: product.status_today for product in listed.context["page"].object_list} == {
        f"Sản phẩm {case.name}": case.newest_status for case in CASES
    }
    valid = client.get(reverse("registry:product_list"), {"status": "valid"})
    assert {product.name for product in valid.context["page"].object_list} == _newest_valid()


@pytest.mark.parametrize("rank", Rank.values)
def test_the_export_filters_by_the_rank_of_the_newest_certificate(
    products: dict[str, Product], rank: str
) -> None:
    exported = set(products_for_export(None, rank=rank).values_list("name", flat=True))
    newest_rank = {case.name: _newest_rank(case) for case in CASES}
    assert exported == {f"Sản phẩm {name}" for name, found in newest_rank.items() if found == rank}


def _newest_rank(case: Case) -> str:
    newest = case.history[-1]
    return Rank.of(stars=newest.stars, potential_five_star=newest.potential).value


def test_the_table_covers_every_status_a_product_can_stand_on() -> None:
    seen: set[Any] = {case.expected for case in CASES}
    assert seen == {VALID, EXPIRED, REVOKED, None}
    assert set(CODES) == set(CertificateStatus)


def test_a_certificate_dated_tomorrow_is_announced_not_shown_revoked(
    client: Client, products: dict[str, Product]
) -> None:
    product = products["ban hành ngày mai"]
    page = client.get(reverse("catalogue:product_detail", kwargs={"product_id": product.pk})).content.decode()
    listed = client.get(reverse("catalogue:product_list"), {"q": "ban hanh ngay mai"}).content.decode()

    announced = f"Công nhận từ ngày {on(1):%d/%m/%Y}"
    assert announced in page
    assert announced in listed
    assert "thu hồi" not in page
    assert "không còn giá trị" not in page
