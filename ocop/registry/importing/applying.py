"""Matching checked rows to the registry and writing the difference in bulk.

``plan_changes`` loads, in a few queries, the producers, products and certificates the file can refer to
(as plain values: most are only compared), matches each row to them by the identities of the contract,
and works out what to create and what to change field by field; ``apply_plan`` writes exactly that. A
record whose fields already hold the file's values is not written at all, so importing a file twice
leaves every row and timestamp as it was.

An empty optional cell (product_set, producer_tax_code, score, valid_until, revoked_on, gtin,
producer_certifications) leaves what the registry holds alone; for a new record it takes the default
(validity: the rule set's 36 months). The derived fields follow the same rules as
``ocop.registry.services``: ``search_name`` by ``fold``, location by ``location_fields``, rule set, issuing
level and default validity by ``ocop.registry.rules``, the standing certificate as
``refresh_latest_certificate`` (``status.standing_certificate``: the newest issued by today, by decision
date, then id; ``ocop.registry.standing`` moves it when a later one's day comes). Models are not
``full_clean``-ed one by one: every value was checked in ``validation`` and the constraints hold in the
database.
"""

import datetime
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import chain
from typing import Any

from django.db.models import Model
from django.utils import timezone

from ocop.registry import rules
from ocop.registry.certificates import numbering
from ocop.registry.importing.validation import ErrorList, ProducerKey, ProductKey, RecognitionRow
from ocop.registry.importing.writing import insert_rows, reserve_ids, set_ids, update_rows
from ocop.registry.models import Certificate, Producer, Product, RuleSet
from ocop.registry.services import location_fields
from ocop.registry.status import standing_certificate

LOCATION_FIELDS = [
    "unit_scheme",
    "unit_id",
    "province_code",
    "commune_code",
    "legacy_province_code",
    "legacy_district_code",
    "legacy_commune_code",
]
PRODUCER_FIELDS = [
    "name",
    "search_name",
    "producer_type",
    "tax_code",
    "management_certifications",
    *LOCATION_FIELDS,
]
PRODUCT_FIELDS = [
    "code",
    "name",
    "search_name",
    "producer_id",
    "sector",
    "product_set_id",
    "gtin",
    *LOCATION_FIELDS,
]
CERTIFICATE_FIELDS = [
    "stars",
    "potential_five_star",
    "score",
    "valid_until",
    "revoked_on",
    "rule_set_id",
    "issuing_level",
]
SAMPLES_PER_KIND = 10
QUERY_CHUNK = 900  # under SQLite's old limit of 999 parameters per statement

type Progress = Callable[[int, int], None]


@dataclass(slots=True, eq=False)
class Record:
    """A producer, product or certificate to write: its field values by attname (``id`` once it exists)."""

    values: dict[str, Any]
    line: int
    # The record this one belongs to, whose id is known only once it is written.
    parent: "Record | None" = None

    @property
    def pk(self) -> int | None:
        return self.values.get("id")


@dataclass
class KindChanges:
    """What happens to one kind of record: new ones, changed ones, and samples of each for the preview."""

    new: list[Record] = field(default_factory=list)
    changed: list[Record] = field(default_factory=list)
    unchanged: int = 0
    samples: dict[str, list[dict[str, Any]]] = field(default_factory=lambda: {"created": [], "updated": []})

    def add(
        self,
        record: Record,
        *,
        found: dict[str, Any] | None,
        row: RecognitionRow,
        label: Callable[[RecognitionRow], str],
    ) -> None:
        """Count ``record`` as new, changed or unchanged; ``label(row)`` names it in the first samples."""
        if found is None:
            self.new.append(record)
            changes: list[str] = []
        else:
            changes = [
                attname.removesuffix("_id")
                for attname, value in record.values.items()
                if found.get(attname, value) != value
            ]
            if not changes:
                self.unchanged += 1
                return
            # What the file leaves empty keeps its recorded value when the record is written.
            record.values = found | record.values
            self.changed.append(record)
        samples = self.samples["updated" if found else "created"]
        if len(samples) < SAMPLES_PER_KIND:
            samples.append({"line": record.line, "label": label(row), "changes": changes})

    def counts(self) -> dict[str, int]:
        return {"created": len(self.new), "updated": len(self.changed), "unchanged": self.unchanged}


@dataclass
class Plan:
    rows: int
    producers: KindChanges
    products: KindChanges
    certificates: KindChanges
    # Every product the file touches, and the (decision_date, id) of the certificates it already has.
    touched_products: list[Record]
    existing_certificates: dict[int, list[tuple[datetime.date, int]]]
    errors: ErrorList

    def summary(self) -> dict[str, Any]:
        return {
            "rows": self.rows,
            "producers": self.producers.counts(),
            "products": self.products.counts(),
            "certificates": self.certificates.counts(),
        }

    def preview(self) -> dict[str, dict[str, list[dict[str, Any]]]]:
        return {
            "producers": self.producers.samples,
            "products": self.products.samples,
            "certificates": self.certificates.samples,
        }


def plan_changes(
    rows: list[RecognitionRow], *, in_scope: Callable[[int], bool] | None = None, lock: bool = False
) -> Plan:
    """What writing ``rows`` would change; records outside ``in_scope`` provinces become row errors.

    With ``lock`` (inside the writing transaction) the existing producers and products are read
    ``FOR UPDATE``, as the services do, so nobody changes them, or adds a certificate, until the import
    commits: what the plan read stays true while it is written.
    """
    errors = ErrorList()
    producers, producer_changes = _plan_producers(rows, in_scope, errors, lock)
    products, product_changes = _plan_products(rows, producers, in_scope, errors, lock)
    certificate_changes, existing_dates = _plan_certificates(rows, products)
    return Plan(
        rows=len(rows),
        producers=producer_changes,
        products=product_changes,
        certificates=certificate_changes,
        touched_products=list(products.values()),
        existing_certificates=existing_dates,
        errors=errors,
    )


def _plan_producers(
    rows: list[RecognitionRow], in_scope: Callable[[int], bool] | None, errors: ErrorList, lock: bool
) -> tuple[dict[ProducerKey, Record], KindChanges]:
    first_rows: dict[ProducerKey, RecognitionRow] = {}
    # A non-empty cell replaces the producer's list (contract §1): in the file's order, the last one stays.
    certifications: dict[ProducerKey, list[str]] = {}
    for row in rows:
        first_rows.setdefault(row.producer_key, row)
        if row.producer_certifications is not None:
            certifications[row.producer_key] = row.producer_certifications
    tax_codes = [key[1] for key in first_rows if key[0] == "tax"]
    names = {row.producer_search_name for row in first_rows.values()}
    loaded = _values(Producer, PRODUCER_FIELDS, "tax_code", tax_codes, lock=lock) | _values(
        Producer, PRODUCER_FIELDS, "search_name", names, lock=lock
    )
    by_tax = {values["tax_code"]: values for values in loaded.values() if values["tax_code"]}
    by_name_and_unit = _oldest_by(loaded, "search_name", "unit_id")
    claimed: set[int] = set()
    changes = KindChanges()
    producers: dict[ProducerKey, Record] = {}
    for key, row in first_rows.items():
        name_key = (row.producer_search_name, row.unit.pk)
        if key[0] == "tax":
            found = by_tax.get(row.producer_tax_code)
            if found is None and ("name", *name_key) not in first_rows:
                # A producer first recorded without its tax code gains it, rather than a twin.
                candidate = by_name_and_unit.get(name_key)
                if candidate is not None and not candidate["tax_code"] and candidate["id"] not in claimed:
                    found = candidate
        else:
            found = by_name_and_unit.get(name_key)
        if found is not None:
            claimed.add(found["id"])
            if in_scope is not None and not in_scope(found["province_code"]):
                errors.add(
                    row.line,
                    "producer_tax_code" if key[0] == "tax" else "producer_name",
                    "chủ thể này đã được ghi nhận ở tỉnh khác, ngoài phạm vi của bạn "
                    "(this producer is recorded in another province, outside your scope)",
                )
                continue
        values = {
            "name": row.producer_name,
            "search_name": row.producer_search_name,
            "producer_type": row.producer_type,
            **_location(row),
        }
        if row.producer_tax_code:
            values["tax_code"] = row.producer_tax_code
        if key in certifications:
            listed = certifications[key]
            # The same certifications in another order (a list kept by other means) are no change.
            recorded = found["management_certifications"] if found is not None else None
            same = recorded is not None and set(recorded) == set(listed)
            values["management_certifications"] = recorded if same else listed
        record = Record(values | {"id": found["id"]} if found else values, row.line)
        producers[key] = record
        changes.add(record, found=found, row=row, label=_producer_label)
    return producers, changes


def _plan_products(
    rows: list[RecognitionRow],
    producers: dict[ProducerKey, Record],
    in_scope: Callable[[int], bool] | None,
    errors: ErrorList,
    lock: bool,
) -> tuple[dict[ProductKey, Record], KindChanges]:
    # The product's own fields come from its newest row: the latest decision says what it is now.
    newest: dict[ProductKey, RecognitionRow] = {}
    # Its place in the other scheme may be told more precisely by its other rows, newest first.
    others: dict[ProductKey, list[RecognitionRow]] = defaultdict(list)
    for row in rows:
        current = newest.get(row.product_key)
        if current is None or (row.decision_date, row.line) > (current.decision_date, current.line):
            newest[row.product_key] = row
        others[row.product_key].append(row)
    codes = [key[1] for key in newest if key[0] == "code"]
    producer_ids = [producer.pk for producer in producers.values() if producer.pk]
    fields = [*PRODUCT_FIELDS, "latest_certificate_id"]
    loaded = _values(Product, fields, "code", codes, lock=lock) | _values(
        Product, fields, "producer_id", producer_ids, lock=lock
    )
    by_code = {values["code"]: values for values in loaded.values() if values["code"]}
    by_producer_and_name = _oldest_by(loaded, "producer_id", "search_name")
    classification_id = None
    claimed: set[int] = set()
    changes = KindChanges()
    products: dict[ProductKey, Record] = {}
    for key, row in newest.items():
        producer = producers.get(row.producer_key)
        if producer is None:  # refused above: outside the actor's scope
            continue
        name_key = (producer.pk, row.product_search_name)
        found = None
        if key[0] == "code":
            found = by_code.get(row.product_code)
            if found is None and ("name", row.producer_key, row.product_search_name) not in newest:
                # A product first recorded without its code gains it, rather than a twin.
                candidate = by_producer_and_name.get(name_key)
                if candidate is not None and not candidate["code"] and candidate["id"] not in claimed:
                    found = candidate
        else:
            found = by_producer_and_name.get(name_key)
        if found is not None:
            claimed.add(found["id"])
            if in_scope is not None and not in_scope(found["province_code"]):
                errors.add(
                    row.line,
                    "product_code" if key[0] == "code" else "product_name",
                    "sản phẩm này đã được ghi nhận ở tỉnh khác, ngoài phạm vi của bạn "
                    "(this product is recorded in another province, outside your scope)",
                )
                continue
        location = _location(row)
        by_date_newest_first = sorted(
            others[key], key=lambda other: (other.decision_date, other.line), reverse=True
        )
        for other in by_date_newest_first:
            _refine(location, _location(other))
        if found is not None:
            _refine(location, found)
        values: dict[str, Any] = {
            "name": row.product_name,
            "search_name": row.product_search_name,
            "producer_id": producer.pk,  # None for a new producer: filled in once it is written
            "sector": row.sector,
            **location,
        }
        if row.product_code:
            values["code"] = row.product_code
        if row.product_set is not None:
            values["product_set_id"] = row.product_set.pk
        # Like the product's other fields, its GTIN as the newest row that gives one says.
        gtin = next((other.gtin for other in by_date_newest_first if other.gtin), "")
        if gtin:
            values["gtin"] = gtin
        if found is None:
            classification_id = classification_id or rules.current_classification().pk
            values["classification_id"] = classification_id
        else:
            values |= {"id": found["id"], "latest_certificate_id": found["latest_certificate_id"]}
        record = Record(values, row.line, parent=producer)
        products[key] = record
        changes.add(record, found=found, row=row, label=_product_label)
    return products, changes


def _plan_certificates(
    rows: list[RecognitionRow], products: dict[ProductKey, Record]
) -> tuple[KindChanges, dict[int, list[tuple[datetime.date, int]]]]:
    product_ids = [product.pk for product in products.values() if product.pk]
    fields = ["product_id", "decision_no", "decision_date", *CERTIFICATE_FIELDS]
    loaded = _values(Certificate, fields, "product_id", product_ids)
    existing = {(c["product_id"], c["decision_no"], c["decision_date"]): c for c in loaded.values()}
    existing_dates: dict[int, list[tuple[datetime.date, int]]] = defaultdict(list)
    for certificate in loaded.values():
        existing_dates[certificate["product_id"]].append((certificate["decision_date"], certificate["id"]))
    rule_sets: dict[datetime.date, RuleSet] = {}
    changes = KindChanges()
    for row in rows:
        product = products.get(row.product_key)
        if product is None:  # refused above: outside the actor's scope
            continue
        found = existing.get((product.pk, row.decision_no, row.decision_date)) if product.pk else None
        rule_set = rule_sets.get(row.decision_date)
        if rule_set is None:
            rule_set = rule_sets[row.decision_date] = rules.rule_set_on(row.decision_date)
        values: dict[str, Any] = {
            "product_id": product.pk,  # None for a new product: filled in once it is written
            "decision_no": row.decision_no,
            "decision_date": row.decision_date,
            "stars": row.stars,
            "potential_five_star": row.potential_five_star,
            "rule_set_id": rule_set.pk,
            "issuing_level": rules.issuing_level(rule_set, row.stars),
        }
        if row.score is not None:
            values["score"] = row.score
        if row.valid_until is not None:
            values["valid_until"] = row.valid_until
        elif found is None:
            values["valid_until"] = rules.default_valid_until(row.decision_date, rule_set)
        if row.revoked_on is not None:
            values["revoked_on"] = row.revoked_on
        if found is not None:
            values["id"] = found["id"]
        record = Record(values, row.line, parent=product)
        changes.add(record, found=found, row=row, label=_certificate_label)
    return changes, existing_dates


def _producer_label(row: RecognitionRow) -> str:
    return row.producer_name


def _product_label(row: RecognitionRow) -> str:
    return row.product_name


def _certificate_label(row: RecognitionRow) -> str:
    return f"{row.product_name} — {row.stars}★, {row.decision_no} ({row.decision_date:%d/%m/%Y})"


def apply_plan(plan: Plan, *, progress: Progress | None = None, batch_id: int | None = None) -> None:
    """Write the plan; the caller holds the transaction. ``progress(done, total)`` counts rows written.

    Every product and certificate written points at ``batch_id``, the import that last wrote it, so a
    product's page finds the imports that touched it with the rows it reads anyway: no row is written
    for that beyond those the import writes.

    New products take their ids first and are written last: their certificates point at them (the
    foreign keys are checked at commit), and each is inserted already pointing at its standing certificate.
    Its search document is then made by one insert, instead of an insert and an update of every product.
    """
    now = timezone.now()
    report = progress or (lambda done, total: None)
    for record in chain(
        plan.products.new, plan.products.changed, plan.certificates.new, plan.certificates.changed
    ):
        record.values["import_batch_id"] = batch_id
    _insert(Producer, plan.producers.new, now)
    _update(Producer, plan.producers.changed, PRODUCER_FIELDS, now)
    for record, pk in zip(plan.products.new, reserve_ids(Product, len(plan.products.new)), strict=True):
        record.values["id"] = pk
    _update(Product, plan.products.changed, [*PRODUCT_FIELDS, "import_batch_id"], now, "producer_id")
    # New certificates take their numbers in the file's order, one locked sequence row per province and year.
    new = plan.certificates.new
    keys = [(_parent(record).values["province_code"], record.values["decision_date"]) for record in new]
    for record, number in zip(new, numbering.certificate_numbers(keys), strict=True):
        record.values["number"] = number
    # Certificates are one per row: they carry the progress.
    done, total = plan.certificates.unchanged, plan.rows
    report(done, total)
    for batch in _batches(plan.certificates.new, 2_000):
        _insert(Certificate, batch, now, parent_field="product_id")
        done += len(batch)
        report(done, total)
    for batch in _batches(plan.certificates.changed, 2_000):
        _update(Certificate, batch, [*CERTIFICATE_FIELDS, "import_batch_id"], now)
        done += len(batch)
        report(done, total)
    moved = _latest_certificates(plan)
    for record in plan.products.new:
        record.values["latest_certificate_id"] = moved.pop(record.values["id"], None)
    _insert(Product, plan.products.new, now, parent_field="producer_id", given_ids=True)
    set_ids(Product, "latest_certificate_id", {pk: to for pk, to in moved.items() if to is not None})
    # A product recorded before the standing rule may have pointed at a certificate dated after today.
    unrecognised = [pk for pk, to in moved.items() if to is None]
    Product.objects.filter(pk__in=unrecognised).update(latest_certificate=None)


def _insert(
    model: type[Model],
    records: Sequence[Record],
    now: datetime.datetime,
    parent_field: str = "",
    *,
    given_ids: bool = False,
) -> None:
    _link_parents(records, parent_field)
    ids = insert_rows(model, [record.values for record in records], now=now, given_ids=given_ids)
    for record, pk in zip(records, ids, strict=True):
        record.values["id"] = pk


def _update(
    model: type[Model],
    records: Sequence[Record],
    fields: list[str],
    now: datetime.datetime,
    parent_field: str = "",
) -> None:
    _link_parents(records, parent_field)
    update_rows(model, [record.values for record in records], fields, now=now)


def _parent(record: Record) -> Record:
    if record.parent is None:
        raise ValueError(f"line {record.line} has no record to point to")
    return record.parent


def _link_parents(records: Sequence[Record], parent_field: str) -> None:
    """Fill in the id of each record's producer or product, written (or given its id) just before."""
    if parent_field:
        for record in records:
            if record.parent is None:
                raise ValueError(f"{parent_field} of line {record.line} has no record to point to")
            record.values[parent_field] = record.parent.pk


def _latest_certificates(plan: Plan) -> dict[int, int | None]:
    """Each touched product whose standing certificate today changed, by id: that certificate's id (``None``
    for a product whose certificates are all dated after today: it is not recognised yet).

    The history is known here (the certificates the products had, read after locking them, and those just
    written), so no query has to find it: a correlated subquery right after a bulk insert meets stale
    planner statistics on PostgreSQL and scans the whole table once per product.
    """
    histories: dict[int, list[tuple[datetime.date, int]]] = defaultdict(list)
    for product_id, dates in plan.existing_certificates.items():
        histories[product_id].extend(dates)
    for certificate in plan.certificates.new:
        histories[certificate.values["product_id"]].append(
            (certificate.values["decision_date"], certificate.values["id"])
        )
    today = timezone.localdate()
    moved: dict[int, int | None] = {}
    for product in plan.touched_products:
        if product.pk not in histories:
            continue
        standing = standing_certificate(histories[product.pk], today)
        if product.values.get("latest_certificate_id") != standing:
            moved[product.pk] = standing
    return moved


def _location(row: RecognitionRow) -> dict[str, Any]:
    fields = location_fields(row.unit, row.coordinates)
    fields["unit_id"] = fields.pop("unit").pk
    return fields


_COMMUNES = ("commune_code", "legacy_commune_code")
_CODES = ("province_code", "legacy_province_code", "legacy_district_code", *_COMMUNES)


def _refine(location: dict[str, Any], other: dict[str, Any]) -> None:
    """Fill in the codes ``location`` lacks from ``other``, the same place recorded in the other scheme.

    A current commune formed from communes of several legacy districts has no legacy district of its own;
    a row (or the record already kept) naming the legacy commune the product lay in says which, and the
    record keeps both schemes (contract §1). Only a place named in the other scheme that shares a commune
    with ``location`` and contradicts none of its codes refines it; a newer row in the same scheme is a move.
    """
    if other.get("unit_scheme") == location["unit_scheme"]:
        return
    shared = any(location[code] is not None and location[code] == other.get(code) for code in _COMMUNES)
    conflict = any(
        location[code] is not None and other.get(code) is not None and location[code] != other[code]
        for code in _CODES
    )
    if shared and not conflict:
        for code in _CODES:
            if location[code] is None:
                location[code] = other.get(code)


_BLANK_NOT_INDEXED = {"code", "tax_code"}


def _values(
    model: Any, attnames: list[str], lookup: str, values: Iterable[Any], *, lock: bool = False
) -> dict[int, dict[str, Any]]:
    """Rows of ``model`` whose ``lookup`` is among ``values``, as plain values by id, in a few queries."""
    columns = ["id", *attnames]
    found: dict[int, dict[str, Any]] = {}
    queryset = model.objects.order_by()
    if lookup in _BLANK_NOT_INDEXED:
        # Product codes and tax codes are unique through partial indexes that leave out blank values; the
        # database uses such an index only when the query itself leaves blanks out (else: a full scan).
        queryset = queryset.exclude(**{lookup: ""})
    if lock:
        queryset = queryset.select_for_update()
    values = list(values)
    for start in range(0, len(values), QUERY_CHUNK):
        chunk = values[start : start + QUERY_CHUNK]
        for row in queryset.filter(**{f"{lookup}__in": chunk}).values_list(*columns):
            found[row[0]] = dict(zip(columns, row, strict=True))
    return found


def _oldest_by(loaded: dict[int, dict[str, Any]], *attnames: str) -> dict[tuple[Any, ...], dict[str, Any]]:
    index: dict[tuple[Any, ...], dict[str, Any]] = {}
    for pk in sorted(loaded, reverse=True):  # the oldest, written last, wins
        values = loaded[pk]
        index[tuple(values[attname] for attname in attnames)] = values
    return index


def _batches[T](items: Sequence[T], size: int) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
