"""What happened to OCOP recognitions between two days: ``GET /api/v1/stats/flow`` (contract ``targets.md``
§1), nationally or for one province, in either unit scheme.

A product's certificates are taken in the order of their decision dates, and on one date in the order they
were recorded (the registry snapshot's order); the *previous* certificate of one is the product's
certificate just before it in that order, whatever became of it (revoked, expired, still valid). The
period runs from ``date_from`` to ``date_to``, both included. In plain words (§1):

- ``new``: products whose first certificate was decided in the period, counted by that certificate's rank
  (``"3"``, ``"4"``, ``"5_potential"``, ``"5"``);
- ``upgraded``, ``renewed``, ``downgraded``: certificates decided in the period that are not their
  product's first, with more, as many or fewer stars than the previous one; a potential 5★ counts as 4
  stars (the mark is not a star). ``by_step`` counts upgrades by the two star counts: ``"3→4"``,
  ``"3→5"``, ``"4→5"``;
- ``revoked``: certificates revoked on a day in the period, whatever their standing then;
- ``lapsed``: certificates whose last valid day is followed by a day in the period on which the product had
  no valid certificate: no later certificate of the product decided by that day, and this one not revoked
  by then. By the status rule that is: on the day after its last valid day the certificate is *expired*
  (not superseded, not revoked);
- ``by_year``: the same counts for each calendar year the period touches, the year cut to the period; the
  totals are their sums;
- a product is in a province's scope by its unit in that province's scheme (contract ``recognitions.md``
  §2): the current province of its record, or the legacy province its unit lay in before 1 July 2025
  (mapped from the current unit for a record made in current units), whenever its certificates were
  decided: a legacy province's 2021–2025 reads the same before and after the reform. A product whose
  current commune came from several legacy provinces has no legacy province and counts in the national
  figures only. Nationally every product counts, in either scheme.

"Decided by", "revoked by" and "expired" are ``ocop.registry.status``'s rule, read from its conditions
(``RULE``) and applied over the registry snapshot's arrays (``status_array``): a certificate is decided in
the period when it is issued by its last day and was not yet issued on the eve of its first; revoked in it
when revoked by its last day and not by that eve; its last valid day is the eve of the first day on which
the expiry condition holds.
"""

import datetime
import threading
from dataclasses import dataclass
from typing import Any

import numpy as np
from django.core.cache import cache

from ocop.registry import snapshot
from ocop.registry.status import CODES, RULE, CertificateStatus, Condition, status_array
from ocop.reports.selectors import CACHE_SECONDS, RANKS, StatisticsQueryError, StatisticsScope

STEPS = ("3→4", "3→5", "4→5")
COUNTS = ("new", "upgraded", "renewed", "downgraded", "revoked", "lapsed")
# Rank digits of the snapshot, in the order of RANKS.
_RANK_DIGITS = (3, 4, snapshot.POTENTIAL_FIVE_STAR, 5)
# The star counts of each step, "3→4" → (3, 4).
_STEP_STARS = {step: (int(step[0]), int(step[-1])) for step in STEPS}


def _condition(which: CertificateStatus) -> Condition:
    return next(condition for condition in RULE if condition.status is which)


_NOT_YET_ISSUED = _condition(CertificateStatus.NOT_YET_ISSUED)
_REVOKED = _condition(CertificateStatus.REVOKED)
_EXPIRED = _condition(CertificateStatus.EXPIRED)


def recognition_flows(
    *, date_from: datetime.date, date_to: datetime.date, scope: StatisticsScope
) -> dict[str, Any]:
    """The flows of contract §1 for ``scope`` from ``date_from`` to ``date_to`` (both included), as the JSON
    object the API returns. Refused with ``StatisticsQueryError`` naming ``to`` for a period that ends
    before it starts.

    Kept in the cache for as long as the registry stays the same (``snapshot.registry_version``), at most
    ``CACHE_SECONDS``, as the statistics of a day are.
    """
    if date_to < date_from:
        raise StatisticsQueryError("to", f"the period ends ({date_to}) before it starts ({date_from})")
    province = scope.province.code if scope.province else ""
    version = snapshot.registry_version()
    key = (
        f"reports:flows:{date_from.isoformat()}:{date_to.isoformat()}:{scope.scheme}:{province}:"
        + ":".join(map(str, version))
    )
    flows: dict[str, Any] | None = cache.get(key)
    if flows is None:
        flows = _compute(date_from=date_from, date_to=date_to, scope=scope, version=version)
        cache.set(key, flows, CACHE_SECONDS)
    return flows


@dataclass(frozen=True)
class _Certificates:
    """Certificates of the snapshot, each with what every period asks of it; in the snapshot's order."""

    at: np.ndarray  # positions in the snapshot
    product: np.ndarray
    decided: np.ndarray
    revoked: np.ndarray
    rank_digit: np.ndarray
    first: np.ndarray  # the product's first certificate
    stars: np.ndarray  # a potential 5★ is 4 stars
    previous_stars: np.ndarray  # of the product's certificate just before; 0 for a first one
    lapse_day: np.ndarray  # the day after the last valid day
    lapses: np.ndarray  # expired on that day: none later decided by then, not revoked by then

    @classmethod
    def of(cls, registry: snapshot.RegistrySnapshot, scope: StatisticsScope) -> "_Certificates":
        """The certificates of the products in ``scope``."""
        columns = registry.columns
        if scope.province is None:
            at = np.arange(len(columns["product"]))
        else:
            place = "province" if scope.scheme == "current" else "legacy_province"
            at = np.flatnonzero(columns[place] == scope.province.code)  # each product's all or none
        product, decided, revoked = columns["product"][at], columns["decided"][at], columns["revoked"][at]
        rank_digit = columns["rank_digit"][at]
        # The first of each product's run of entries is its first certificate; the entry before any other
        # is its previous one.
        first = np.ones(len(at), dtype=bool)
        first[1:] = product[1:] != product[:-1]
        stars = np.where(rank_digit == snapshot.POTENTIAL_FIVE_STAR, 4, rank_digit)
        # "The day after its last valid day": the first day on which the rule's expiry condition holds
        # (as the rule stands, the day after ``valid_until``, the last day covered). Then whether the
        # certificate is expired on that day by the rule, hence the product without a valid certificate:
        # none later decided by then, this one not revoked.
        valid_until = columns["valid_until"][at]
        lapse_day = np.where(_EXPIRED.holds(valid_until, valid_until), valid_until, valid_until + 1)
        rule_columns = {
            "decision_date": decided,
            "valid_until": valid_until,
            "revoked_on": revoked,
            "superseded_on": columns["superseded"][at],
        }
        return cls(
            at=at,
            product=product,
            decided=decided,
            revoked=revoked,
            rank_digit=rank_digit,
            first=first,
            stars=stars,
            previous_stars=np.concatenate(([0], stars[:-1])),
            lapse_day=lapse_day,
            lapses=status_array(rule_columns, lapse_day) == CODES[CertificateStatus.EXPIRED],
        )

    def events(self, first_day: int, last_day: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Which certificates were decided, revoked and lapsed from day number ``first_day`` to ``last_day``,
        both included: issued (revoked) by the last day and not yet on the eve of the first."""
        eve = first_day - 1
        decided = ~_NOT_YET_ISSUED.holds(self.decided, last_day) & _NOT_YET_ISSUED.holds(self.decided, eve)
        revoked = _REVOKED.holds(self.revoked, last_day) & ~_REVOKED.holds(self.revoked, eve)
        lapsed = self.lapses & (self.lapse_day >= first_day) & (self.lapse_day <= last_day)
        return decided, revoked, lapsed

    def only(self, positions: np.ndarray) -> "_Certificates":
        """These certificates at ``positions``, each keeping what it knows of its product's others."""
        return _Certificates(**{name: getattr(self, name)[positions] for name in self.__dataclass_fields__})

    def counts(self, first_day: int, last_day: int) -> dict[str, Any]:
        """The counts of §1 from day number ``first_day`` to ``last_day``, both included."""
        decided, revoked, lapsed = self.events(first_day, last_day)
        new = decided & self.first
        again = decided & ~self.first
        upgraded = again & (self.stars > self.previous_stars)
        by_rank = np.bincount(self.rank_digit[new], minlength=max(_RANK_DIGITS) + 1)
        steps = {
            step: int(np.count_nonzero(upgraded & (self.previous_stars == before) & (self.stars == after)))
            for step, (before, after) in _STEP_STARS.items()
        }
        return {
            "new": {
                "total": int(np.count_nonzero(new)),
                "by_rank": {
                    rank: int(by_rank[digit]) for rank, digit in zip(RANKS, _RANK_DIGITS, strict=True)
                },
            },
            "upgraded": {"total": int(np.count_nonzero(upgraded)), "by_step": steps},
            "renewed": int(np.count_nonzero(again & (self.stars == self.previous_stars))),
            "downgraded": int(np.count_nonzero(again & (self.stars < self.previous_stars))),
            "revoked": int(np.count_nonzero(revoked)),
            "lapsed": int(np.count_nonzero(lapsed)),
        }


def cohort_kept(
    *, cohort_from: datetime.date, cohort_to: datetime.date, as_of: datetime.date, scope: StatisticsScope
) -> tuple[int, int]:
    """Of the products in ``scope`` whose first certificate was decided from ``cohort_from`` to
    ``cohort_to`` (both included), how many are recognised and valid on ``as_of``, and how many there are:
    ``kept_share`` of contract §2. Decided and valid as the status rule has them."""
    version = snapshot.registry_version()
    certificates = _certificates(scope, version)
    decided, _revoked, _lapsed = certificates.events(
        snapshot.day_number(cohort_from), snapshot.day_number(cohort_to)
    )
    cohort = certificates.product[decided & certificates.first]
    stands, statuses = snapshot.registry_snapshot(version).standing(
        snapshot.day_number(as_of), certificates.at
    )
    valid = certificates.product[stands & (statuses == CODES[CertificateStatus.VALID])]
    return int(np.count_nonzero(np.isin(cohort, valid))), int(cohort.size)


_prepared_lock = threading.Lock()
# The certificates of each scope asked, of one snapshot: (snapshot, {(scheme, province code): certificates}).
_prepared: tuple[snapshot.RegistrySnapshot | None, dict[tuple[str, int | None], _Certificates]] = (None, {})


def _certificates(scope: StatisticsScope, version: tuple[Any, ...]) -> _Certificates:
    """The certificates of ``scope`` at ``version``, prepared once per registry snapshot and scope (the
    country and the provinces of two schemes: a hundred at most)."""
    global _prepared  # one per process, shared by its threads; replaced whole when the snapshot is
    registry = snapshot.registry_snapshot(version)
    key = (scope.scheme, scope.province.code if scope.province else None)
    with _prepared_lock:
        if _prepared[0] is not registry:
            _prepared = (registry, {})
        prepared = _prepared[1]
    certificates = prepared.get(key)
    if certificates is None:
        certificates = prepared[key] = _Certificates.of(registry, scope)
    return certificates


def _years(
    date_from: datetime.date, date_to: datetime.date
) -> list[tuple[int, datetime.date, datetime.date]]:
    """Each calendar year the period touches, with its first and last day cut to the period."""
    return [
        (year, max(date_from, datetime.date(year, 1, 1)), min(date_to, datetime.date(year, 12, 31)))
        for year in range(date_from.year, date_to.year + 1)
    ]


def _compute(
    *, date_from: datetime.date, date_to: datetime.date, scope: StatisticsScope, version: tuple[Any, ...]
) -> dict[str, Any]:
    certificates = _certificates(scope, version)
    first_day, last_day = snapshot.day_number(date_from), snapshot.day_number(date_to)
    total: dict[str, Any] = certificates.counts(first_day, last_day)
    # Each year counts among the certificates something happened to in the whole period only.
    happened = certificates.only(
        np.flatnonzero(np.logical_or.reduce(certificates.events(first_day, last_day)))
    )
    by_year = []
    for year, first, last in _years(date_from, date_to):
        counts = happened.counts(snapshot.day_number(first), snapshot.day_number(last))
        # A year's row gives the totals of ``new`` and ``upgraded`` only.
        by_year.append({"year": year} | {name: _total(counts[name]) for name in COUNTS})
    return {"scope": scope.as_json(), "from": date_from, "to": date_to, **total, "by_year": by_year}


def _total(count: int | dict[str, Any]) -> int:
    return count["total"] if isinstance(count, dict) else count
