"""Cross-check: ``GET /api/v1/stats/flow`` against a reading of contract ``targets.md`` §1, product by
product, over a generated registry.

A seeded generator writes a few hundred products through the registry's services (the factories): first
recognitions at every rank, upgrades 3→4, 3→5 and 4→5, renewals before expiry, downgrades, revocations on
the decision day and later (before and after expiry), lapses, gaps and re-recognition after a lapse (some
decided on the lapse day itself, some on the last valid day), several certificates of one product on one day,
certificates with a shorter validity than the default. The products lie in legacy Hà Nam, Nam Định and
Ninh Bình (all now in Ninh Bình), recorded in legacy units or in the current ones, and in two other
provinces, so that a current province, the legacy provinces it came from and the country all differ.

The reference below reads the contract's sentences one product at a time in plain Python. The only thing it
takes from the platform is the validity of a certificate on a day (``ocop.registry.status.
certificate_status``), to find each certificate's last valid day; it is asked of scopes and periods chosen
for their edges: single days on the eve and the day of decisions, expiries and revocations, a year, five
years, and the legacy-province period 2021–2025 read after the reform of 1 July 2025.
"""

import datetime
import functools
import random
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.test import Client

from ocop.geo.models import AdministrativeUnit
from ocop.registry import services, status
from ocop.registry.models import Product
from ocop.registry.tests.factories import make_certificate, make_producer, make_product

pytestmark = pytest.mark.django_db

PRODUCTS, SEED = 360, 13
ONE_DAY = datetime.timedelta(days=1)
REFORM = datetime.date(2025, 7, 1)
FIRST_DECISIONS = (datetime.date(2019, 1, 1), datetime.date(2025, 9, 30))
NINH_BINH = 37  # current Ninh Bình: legacy Hà Nam (35), Nam Định (36) and Ninh Bình (37)
LEGACY_PROVINCES = (35, 36, 37)
ELSEWHERE = ((29236, "legacy"), (21025, "current"))  # legacy Trà Vinh; current Quảng Ngãi
RANKS = ("3", "4", "5_potential", "5")
STEPS = {(3, 4): "3→4", (3, 5): "3→5", (4, 5): "4→5"}
COUNTS = ("new", "upgraded", "renewed", "downgraded", "revoked", "lapsed")


# --- The reference: contract §1 read one product at a time


@dataclass(frozen=True)
class Recognition:
    record: int
    decision_date: datetime.date
    valid_until: datetime.date
    revoked_on: datetime.date | None
    stars: int
    potential: bool

    @property
    def rank(self) -> str:
        return "5_potential" if self.potential else str(self.stars)

    def last_valid_day(self) -> datetime.date:
        return last_valid_day(self.decision_date, self.valid_until)


@functools.cache
def last_valid_day(decision_date: datetime.date, valid_until: datetime.date) -> datetime.date:
    """The last day ``certificate_status`` calls a certificate valid, taken alone (nothing replaces or
    revokes it): by bisection between its decision day, on which it is valid, and a day long after."""

    def valid(day: datetime.date) -> bool:
        said = status.certificate_status(
            decision_date=decision_date, valid_until=valid_until, revoked_on=None, day=day
        )
        return said == status.CertificateStatus.VALID

    assert valid(decision_date)
    low, high = decision_date, valid_until + datetime.timedelta(days=400)
    while (high - low).days > 1:
        middle = low + (high - low) / 2
        low, high = (middle, high) if valid(middle) else (low, middle)
    return low


@dataclass
class History:
    province: int  # current
    legacy_province: int | None
    recognitions: list[Recognition] = field(default_factory=list)

    def in_scope(self, scope: dict[str, Any]) -> bool:
        if "province" in scope:
            return self.province == int(scope["province"])
        if "legacy_province" in scope:
            return self.legacy_province == int(scope["legacy_province"])
        return True


def zero_counts() -> dict[str, Any]:
    return {
        "new": {"total": 0, "by_rank": dict.fromkeys(RANKS, 0)},
        "upgraded": {"total": 0, "by_step": dict.fromkeys(STEPS.values(), 0)},
        "renewed": 0,
        "downgraded": 0,
        "revoked": 0,
        "lapsed": 0,
    }


def reference_counts(histories: list[History], first: datetime.date, last: datetime.date) -> dict[str, Any]:
    counts = zero_counts()

    def within(day: datetime.date | None) -> bool:
        return day is not None and first <= day <= last

    for history in histories:
        # "A product's certificates are taken in the order of their decision dates" (then as recorded).
        ordered = sorted(history.recognitions, key=lambda r: (r.decision_date, r.record))
        for position, recognition in enumerate(ordered):
            # "the previous certificate of one is the product's certificate decided just before it,
            # whatever became of it"
            previous = ordered[position - 1] if position else None
            if within(recognition.decision_date):
                if previous is None:
                    # "new: products whose first certificate was decided in the period, counted by that
                    # certificate's rank"
                    counts["new"]["total"] += 1
                    counts["new"]["by_rank"][recognition.rank] += 1
                elif recognition.stars > previous.stars:
                    # "more, as many, or fewer stars than the previous one (the potential-5★ mark does not
                    # count as a star)": ``stars`` is 4 for a potential 5★.
                    counts["upgraded"]["total"] += 1
                    counts["upgraded"]["by_step"][STEPS[(previous.stars, recognition.stars)]] += 1
                elif recognition.stars == previous.stars:
                    counts["renewed"] += 1
                else:
                    counts["downgraded"] += 1
            # "revoked: certificates revoked on a day in the period"
            if within(recognition.revoked_on):
                counts["revoked"] += 1
            # "lapsed: certificates whose last valid day is followed by a day in the period on which the
            # product had no valid certificate: no later certificate decided by that day, and this one not
            # revoked by then"
            after = recognition.last_valid_day() + ONE_DAY
            later_decided = any(other.decision_date <= after for other in ordered[position + 1 :])
            revoked = recognition.revoked_on is not None and recognition.revoked_on <= after
            if within(after) and not later_decided and not revoked:
                counts["lapsed"] += 1
    return counts


def expected_flows(
    histories: list[History], scope: dict[str, Any], first: datetime.date, last: datetime.date
) -> dict[str, Any]:
    inside = [history for history in histories if history.in_scope(scope)]
    by_year = []
    for year in range(first.year, last.year + 1):
        # "the same counts for each calendar year the period touches, cut to the period"
        counts = reference_counts(
            inside, max(first, datetime.date(year, 1, 1)), min(last, datetime.date(year, 12, 31))
        )
        by_year.append(
            {"year": year}
            | {
                name: counts[name]["total"] if isinstance(counts[name], dict) else counts[name]
                for name in COUNTS
            }
        )
    return {
        "from": first.isoformat(),
        "to": last.isoformat(),
        **reference_counts(inside, first, last),
        "by_year": by_year,
    }


# --- The generated registry


def communes() -> list[AdministrativeUnit]:
    """A few communes of each legacy province of current Ninh Bình, in legacy units and in current ones, and
    one commune in each of two other provinces."""
    chosen = []
    for province in LEGACY_PROVINCES:
        legacy = AdministrativeUnit.objects.filter(scheme="legacy", level="commune", province_code=province)
        chosen += list(legacy.order_by("code")[:: max(1, legacy.count() // 4)][:4])
    current = AdministrativeUnit.objects.filter(scheme="current", level="commune", province_code=NINH_BINH)
    chosen += list(current.order_by("code")[:: max(1, current.count() // 8)][:8])
    chosen += [
        AdministrativeUnit.objects.get(scheme=scheme, level="commune", code=code)
        for code, scheme in ELSEWHERE
    ]
    return chosen


def random_day(generator: random.Random, start: datetime.date, end: datetime.date) -> datetime.date:
    return start + datetime.timedelta(days=generator.randint(0, max(0, (end - start).days)))


def next_rank(generator: random.Random, stars: int, kind: str) -> tuple[int, bool]:
    """Stars and the potential mark of the next certificate, after one of ``stars``."""
    if kind == "upgrade" and stars < 5:
        stars = generator.choice([s for s in (4, 5) if s > stars])
    elif kind == "downgrade" and stars > 3:
        stars = generator.choice([s for s in (3, 4) if s < stars])
    return stars, stars == 4 and generator.random() < 0.25


def generate(units: list[AdministrativeUnit]) -> list[History]:
    """Each product's history, written through the services; the same histories for the reference."""
    generator = random.Random(SEED)
    histories = []
    for _ in range(PRODUCTS):
        unit = generator.choice(units)
        product = make_product(producer=make_producer(unit=unit))
        history = History(province=product.province_code, legacy_province=product.legacy_province_code)
        histories.append(history)
        decided = random_day(generator, *FIRST_DECISIONS)
        stars = generator.choice((3, 3, 3, 4, 4, 5))
        potential = stars == 4 and generator.random() < 0.25
        for _round in range(generator.randint(1, 5)):
            shorter = generator.random() < 0.08
            certificate = make_certificate(
                product,
                stars=stars,
                potential_five_star=potential,
                decision_date=decided,
                valid_until=random_day(generator, decided, decided + datetime.timedelta(days=500))
                if shorter
                else None,
            )
            revoked_on = None
            chance = generator.random()
            if chance < 0.05:
                revoked_on = decided  # on the decision day
            elif chance < 0.15:
                revoked_on = random_day(
                    generator, decided, certificate.valid_until + datetime.timedelta(days=60)
                )
            if revoked_on is not None:
                services.certificate_revoke(
                    acting_user=None, certificate=certificate, revoked_on=revoked_on, reason="Thử nghiệm"
                )
            history.recognitions.append(
                Recognition(
                    record=certificate.pk,
                    decision_date=decided,
                    valid_until=certificate.valid_until,
                    revoked_on=revoked_on,
                    stars=stars,
                    potential=potential,
                )
            )
            # What comes next: on the same day, during validity, on the last valid day, on the lapse day,
            # after a gap; as an upgrade, a renewal or a downgrade.
            when = generator.random()
            end = certificate.valid_until
            if when < 0.08:
                following = decided
            elif when < 0.45:
                following = random_day(generator, decided + ONE_DAY, end)
            elif when < 0.55:
                following = end
            elif when < 0.65:
                following = end + ONE_DAY
            else:
                following = random_day(generator, end + 2 * ONE_DAY, end + datetime.timedelta(days=500))
            if following > datetime.date(2027, 6, 30):
                break
            kind = generator.choice(("upgrade", "upgrade", "renewal", "renewal", "downgrade"))
            decided = following
            stars, potential = next_rank(generator, stars, kind)
    return histories


# --- The questions


def scopes() -> list[dict[str, Any]]:
    return [
        {},
        {"scheme": "legacy"},
        {"province": NINH_BINH},
        *({"legacy_province": province} for province in LEGACY_PROVINCES),
    ]


def edge_days(histories: list[History]) -> list[datetime.date]:
    """Decision, last valid, lapse and revocation days of a sample of certificates, each with its eve."""
    days: set[datetime.date] = set()
    recognitions = [recognition for history in histories for recognition in history.recognitions]
    for recognition in recognitions[::11]:
        days |= {recognition.decision_date, recognition.last_valid_day() + ONE_DAY}
        if recognition.revoked_on is not None:
            days.add(recognition.revoked_on)
    return sorted(days | {day - ONE_DAY for day in days})


def periods(histories: list[History]) -> list[tuple[datetime.date, datetime.date]]:
    day = datetime.date
    found = [
        (day(2021, 1, 1), day(2025, 12, 31)),  # a legacy plan's five years, read after the reform
        (day(2020, 1, 1), day(2024, 12, 31)),
        (day(2023, 1, 1), day(2023, 12, 31)),
        (day(2025, 1, 1), day(2025, 6, 30)),
        (REFORM, day(2026, 6, 30)),
        (day(2019, 1, 1), day(2027, 12, 31)),
    ]
    edges = edge_days(histories)
    found += [(one, one) for one in edges[::3]]  # single days
    # Periods that start and end on edges (the eve or the day of a decision, an expiry, a revocation).
    found += [(start, end) for start, end in zip(edges[::7], edges[5::7], strict=False) if start <= end]
    return found


def differences(expected: Any, actual: Any, path: str = "") -> list[str]:
    if isinstance(expected, dict) and isinstance(actual, dict):
        found = [f"{path}.{key}: unexpected" for key in actual if key not in expected]
        return found + [
            line for key in expected for line in differences(expected[key], actual.get(key), f"{path}.{key}")
        ]
    if isinstance(expected, list) and isinstance(actual, list) and len(expected) == len(actual):
        return [
            line
            for i, pair in enumerate(zip(expected, actual, strict=True))
            for line in differences(*pair, f"{path}[{i}]")
        ]
    return [] if expected == actual else [f"{path}: expected {expected!r}, got {actual!r}"]


def test_every_flow_matches_the_contract_read_product_by_product(client: Client, settings: Any) -> None:
    # Hundreds of questions from one client: above the public rate, which is tested on its own.
    settings.NINJA_DEFAULT_THROTTLE_RATES = {**settings.NINJA_DEFAULT_THROTTLE_RATES, "anon": "100000/min"}
    histories = generate(communes())
    assert Product.objects.count() == PRODUCTS

    # The registry holds what the flows must get right.
    recognitions = [r for history in histories for r in history.recognitions]
    assert len(recognitions) > 2 * PRODUCTS
    nationally = expected_flows(histories, {}, datetime.date(2019, 1, 1), datetime.date(2027, 12, 31))
    assert nationally["new"]["total"] == PRODUCTS
    assert all(count >= 10 for count in nationally["new"]["by_rank"].values()), nationally["new"]
    assert all(count >= 10 for count in nationally["upgraded"]["by_step"].values()), nationally["upgraded"]
    assert min(nationally[name] for name in ("renewed", "downgraded", "revoked", "lapsed")) >= 20, nationally
    assert sum(r.revoked_on == r.decision_date for r in recognitions) >= 10
    assert (
        sum(
            len({r.decision_date for r in history.recognitions}) < len(history.recognitions)
            for history in histories
        )
        >= 10
    )
    assert len({(h.province, h.legacy_province) for h in histories if h.province == NINH_BINH}) >= 3

    failures, compared = [], 0
    for first, last in periods(histories):
        for scope in scopes():
            params = {**scope, "from": first.isoformat(), "to": last.isoformat()}
            response = client.get("/api/v1/stats/flow", params)
            assert response.status_code == 200, response.content
            body = response.json()
            del body["scope"]
            found = differences(expected_flows(histories, scope, first, last), body)
            if found:
                failures.append(f"{params}:\n  " + "\n  ".join(found[:12]))
            compared += 1
    assert compared > 200, compared
    assert not failures, f"{len(failures)} of {compared} answers differ:\n" + "\n".join(failures[:10])
