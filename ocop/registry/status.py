"""The status of a certificate, and of a product, on a day: one rule, written once, read in every form.

The rule (DOMAIN.md, "Dossier, certificate, renewal, revocation"; ``contracts/recognitions.md`` §2):

- a certificate is valid up to and including its ``valid_until``, which is its decision date plus the
  months of the rule set in force then (36 under 1048/2019, 148/2023, 1489/2025 and 26/2026:
  ``rules.default_valid_until``);
- it is revoked (thu hồi) from its ``revoked_on`` on, whatever its dates;
- a newer certificate of the same product replaces it from the newer one's decision date on, an upgrade as
  much as a renewal; when two share a decision date, the later record is the newer;
- a product stands on a day where its latest certificate issued by that day stands (§2): revoking the
  newest does not revive an older one still in date, and an older one in date does not stand for a newer
  one that has expired.

``RULE`` says it once: the first of its conditions that holds on the day gives the status, ``VALID``
when none does. From it are built the Python function (``certificate_status``), the SQL expression
(``status_sql``: one expression serves SQLite and PostgreSQL, both comparing dates as dates), the ORM
expression (``status_expression``) and the vectorised NumPy form of the statistics (``status_array``);
``tests/test_status.py`` checks all of them, and every reader, against one table of cases.
The conditions are data (``Condition``: a status, a date, a comparison); each form only translates them.

A product's status is that of the certificate that stands on the day (``stands_on``): issued by then and
not yet replaced. ``Product.latest_certificate`` keeps the one that stands today (``standing_certificate``,
kept by ``ocop.registry.standing`` as the days turn), so the readers of that one alone (catalogue, API,
search index, officials' lists, exports) ask the rule of it and agree with the statistics, which read the
whole history.
"""

import datetime
import operator
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
from django.db import models
from django.db.models import Case, CharField, Exists, OuterRef, Q, Value, When
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from ocop.registry.models import Certificate


class CertificateStatus(models.TextChoices):
    VALID = "valid", _("Còn hiệu lực")
    EXPIRED = "expired", _("Hết hiệu lực")
    REVOKED = "revoked", _("Đã thu hồi")
    SUPERSEDED = "superseded", _("Đã được thay thế")
    NOT_YET_ISSUED = "not_yet_issued", _("Chưa ban hành")


class Rank(models.TextChoices):
    """The rank vocabulary of statistics, filters and the API: a potential 5★ is a 4★ marked so."""

    THREE = "3", _("3 sao")
    FOUR = "4", _("4 sao")
    FIVE_POTENTIAL = "5_potential", _("Tiềm năng 5 sao")
    FIVE = "5", _("5 sao")

    @classmethod
    def of(cls, *, stars: int, potential_five_star: bool) -> "Rank":
        return cls.FIVE_POTENTIAL if potential_five_star else cls(str(stars))


Status = CertificateStatus
# How a date of the certificate compares with the day asked: in Python and over NumPy arrays (the same
# operator), in SQL, and as an ORM lookup.
Comparison = Literal["after", "on_or_before", "before"]
_COMPARISONS: dict[str, tuple[Callable[[Any, Any], Any], str, str]] = {
    "after": (operator.gt, ">", "gt"),  # the date is still to come
    "on_or_before": (operator.le, "<=", "lte"),  # the date has come
    "before": (operator.lt, "<", "lt"),  # the date has passed
}


@dataclass(frozen=True)
class Condition:
    """``date <comparison> day`` for one date of a certificate; a missing date (NULL) never holds."""

    status: CertificateStatus
    field: str  # a date of the certificate, or "superseded_on": the next certificate's decision date
    comparison: Comparison

    def holds(self, value: Any, day: Any) -> Any:
        """On dates, a bool (``False`` for a missing date); on arrays of day numbers, an array of them."""
        if value is None:
            return False
        return _COMPARISONS[self.comparison][0](value, day)

    @property
    def sql_operator(self) -> str:
        return _COMPARISONS[self.comparison][1]

    @property
    def lookup(self) -> str:
        return _COMPARISONS[self.comparison][2]


RULE: tuple[Condition, ...] = (
    Condition(Status.NOT_YET_ISSUED, "decision_date", "after"),
    Condition(Status.REVOKED, "revoked_on", "on_or_before"),
    Condition(Status.SUPERSEDED, "superseded_on", "on_or_before"),
    Condition(Status.EXPIRED, "valid_until", "before"),
)
OTHERWISE = Status.VALID
# Statuses as small numbers, for SQL sorting and for arrays: valid < expired < revoked < not yet issued,
# the order in which the catalogue lists them; superseded never stands, so it comes last.
CODES: dict[CertificateStatus, int] = {
    Status.VALID: 0,
    Status.EXPIRED: 1,
    Status.REVOKED: 2,
    Status.NOT_YET_ISSUED: 3,
    Status.SUPERSEDED: 4,
}
STATUS_BY_CODE = {code: status for status, code in CODES.items()}
# What a product's standing certificate can say, in the catalogue's order.
STANDING_STATUSES = (Status.VALID, Status.EXPIRED, Status.REVOKED)


def certificate_status(
    *,
    decision_date: datetime.date,
    valid_until: datetime.date,
    revoked_on: datetime.date | None,
    day: datetime.date,
    superseded_on: datetime.date | None = None,
) -> CertificateStatus:
    """The rule in Python. ``superseded_on``: the decision date of the product's next certificate."""
    values = {
        "decision_date": decision_date,
        "valid_until": valid_until,
        "revoked_on": revoked_on,
        "superseded_on": superseded_on,
    }
    for condition in RULE:
        if condition.holds(values[condition.field], day):
            return condition.status
    return OTHERWISE


# A certificate stands for its product on a day unless it is still to come or already replaced then.
_NOT_STANDING = tuple(
    condition for condition in RULE if condition.status in (Status.NOT_YET_ISSUED, Status.SUPERSEDED)
)


_NOT_YET_ISSUED = next(condition for condition in RULE if condition.status is Status.NOT_YET_ISSUED)


def issued_by(decision_date: datetime.date, day: datetime.date) -> bool:
    """Whether a certificate decided on ``decision_date`` is issued by ``day``: not "not yet issued"."""
    return not _NOT_YET_ISSUED.holds(decision_date, day)


def standing_certificate(history: Iterable[tuple[datetime.date, int]], day: datetime.date) -> int | None:
    """Of a product's certificates as (decision date, id), the id of the one it stands on ``day``.

    The newest issued by then, a later record the newer on one date: whatever its status, it replaces
    every older one (§2). ``None``: none issued yet. ``Product.latest_certificate`` keeps this one
    (``ocop.registry.standing``).
    """
    issued = [entry for entry in history if issued_by(entry[0], day)]
    return max(issued)[1] if issued else None


def stands_on(
    *, decision_date: datetime.date, superseded_on: datetime.date | None, day: datetime.date
) -> bool:
    """Whether this certificate is the one its product stands on that day: issued, not yet replaced."""
    values = {"decision_date": decision_date, "superseded_on": superseded_on}
    return not any(condition.holds(values[condition.field], day) for condition in _NOT_STANDING)


def standing_q(day: datetime.date) -> Q:
    """``standing_certificate`` in SQL, over certificate rows: the one each product stands on ``day``, the
    newest issued by then (a later record the newer on one date). Today ``Product.latest_certificate``
    keeps it; this is for other days."""
    from django.db.models import Exists, OuterRef

    from ocop.registry.models import Certificate

    issued = ~Q(**{f"{_NOT_YET_ISSUED.field}__{_NOT_YET_ISSUED.lookup}": day})
    newer = Certificate.objects.filter(issued, product=OuterRef("product")).filter(
        Q(decision_date__gt=OuterRef("decision_date"))
        | Q(decision_date=OuterRef("decision_date"), pk__gt=OuterRef("pk"))
    )
    return issued & Q(~Exists(newer))


def renewal_decided(day: datetime.date, *, product: str = "product_id") -> Exists:
    """Whether the product at ``product`` (an ``OuterRef`` name) has a certificate decided for a day after
    ``day``: by the rule, one not yet issued then. A renewal or upgrade decided ahead replaces the standing
    certificate on its day, so the product is not about to lose its rank, whatever the standing one's
    ``valid_until`` says."""
    from ocop.registry.models import Certificate

    return Exists(
        Certificate.objects.filter(product_id=OuterRef(product))
        .annotate(status=status_expression("", day))
        .filter(status=Status.NOT_YET_ISSUED)
    )


def standing_array(columns: Mapping[str, np.ndarray], day: int) -> np.ndarray:
    """``stands_on`` over arrays of day numbers: at most one true per product."""
    return ~np.logical_or.reduce(
        [condition.holds(columns[condition.field], day) for condition in _NOT_STANDING]
    )


def product_status(certificates: Sequence["Certificate"], day: datetime.date) -> CertificateStatus | None:
    """A product's status on ``day`` from its certificates in any order; ``None``: none issued by then."""
    history = sorted(certificates, key=lambda certificate: (certificate.decision_date, certificate.pk or 0))
    for certificate, newer in zip(history, [*history[1:], None], strict=True):
        superseded_on = newer.decision_date if newer is not None else None
        if stands_on(decision_date=certificate.decision_date, superseded_on=superseded_on, day=day):
            return certificate_status(
                decision_date=certificate.decision_date,
                valid_until=certificate.valid_until,
                revoked_on=certificate.revoked_on,
                superseded_on=superseded_on,
                day=day,
            )
    return None


def status_sql(columns: Mapping[str, str]) -> tuple[str, int]:
    """The rule as a SQL ``CASE`` giving ``CODES``, over ``columns`` (field → SQL expression).

    A field left out of ``columns`` is one the reader does not have (the search index keeps only the
    certificate a product stands on today: nothing supersedes it), and its condition never holds. Returns
    the SQL and how many times it takes the day as a parameter, in order.
    """
    whens = [
        f"WHEN {columns[condition.field]} {condition.sql_operator} %s THEN {CODES[condition.status]}"
        for condition in RULE
        if condition.field in columns
    ]
    return f"CASE {' '.join(whens)} ELSE {CODES[OTHERWISE]} END", len(whens)


def status_expression(prefix: str, day: datetime.date) -> Case:
    """The rule as an ORM expression giving the status's value, over the certificate at ``prefix``
    (``"latest_certificate__"`` from a product); ``None`` when there is no certificate there."""
    whens = [When(**{f"{prefix}isnull": True}, then=Value(None))] if prefix else []
    whens += [
        When(Q(**{f"{prefix}{condition.field}__{condition.lookup}": day}), then=Value(condition.status.value))
        for condition in RULE
        if condition.field != "superseded_on"  # a certificate row does not know its successor
    ]
    return Case(*whens, default=Value(OTHERWISE.value), output_field=CharField())


def status_array(columns: Mapping[str, np.ndarray], day: int | np.ndarray) -> np.ndarray:
    """The rule over arrays of day numbers (a missing date is a day number no day reaches), as ``CODES``;
    ``day`` is one day for all, or an array of one day per certificate."""
    conditions = [condition.holds(columns[condition.field], day) for condition in RULE]
    return np.select(conditions, [CODES[condition.status] for condition in RULE], default=CODES[OTHERWISE])


def rank_q(rank: str, prefix: str = "latest_certificate__") -> Q:
    """Certificates (at ``prefix``) of ``rank``: a potential 5★ is a 4★ certificate marked so."""
    if rank == Rank.FIVE_POTENTIAL:
        return Q(**{f"{prefix}potential_five_star": True})
    return Q(**{f"{prefix}stars": int(rank), f"{prefix}potential_five_star": False})
