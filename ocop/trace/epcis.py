"""A batch's history as an EPCIS 2.0 JSON-LD document (GS1 EPCIS 2.0, CBV 2.0), for the national
traceability portal and any partner's EPCIS repository. Pure: the caller passes the batch, its stamps and
its recorded movements; no database here.

- Commissioning: one ``ObjectEvent`` ADD, bizStep ``commissioning``, disposition ``active``, the stamps'
  GS1 Digital Link URIs in ``epcList`` (EPCIS 2.0 accepts DL URIs) when all are given, and the batch as a
  lot class in ``quantityList``: ``https://id.gs1.org/01/{gtin14}/10/{lot}`` with a GTIN, else the
  platform's own ``https://{domain}/p/{code}/10/{lot}`` (the stamp contract's form, minus the serial).
- Shipping (OBSERVE, ``shipping``, ``in_transit``) and receiving (OBSERVE, ``receiving``,
  ``in_progress``), one per recorded movement, with ``sourceList`` / ``destinationList`` when the party has
  an identifier (a URI); a party known only by name is named in an ``ocop:`` extension field instead.
- ``ilmd`` carries ``cbvmda:lotNumber`` and ``cbvmda:itemExpirationDate`` (CBV 2.0 master data). CBV 2.0
  has no production date attribute that could be confirmed offline (the gs1/EPCIS repository's context and
  examples list none), so the production date and origin notes are ``ocop:`` extensions, namespaced under
  the platform's domain as EPCIS 2.0 §9 asks of extensions.

Times are written in Vietnam's offset, +07:00, whatever zone they come in.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from enum import StrEnum
from typing import Any
from urllib.parse import quote

EPCIS_CONTEXT = "https://ref.gs1.org/standards/epcis/epcis-context.jsonld"
VIETNAM = timezone(timedelta(hours=7))
VIETNAM_OFFSET = "+07:00"


@dataclass(frozen=True)
class Party:
    name: str
    identifier: str | None = None  # a URI (a GLN Digital Link, or a page of the platform); None: only a name


@dataclass(frozen=True)
class Batch:
    product_code: str
    gtin: str | None  # 14 digits, already checked; None for the many OCOP products without one
    lot: str
    produced_on: date
    expires_on: date | None
    quantity: Decimal
    unit_code: str | None  # UN/ECE Recommendation 20 (KGM, LTR); None when counted in pieces
    origin_notes: str
    commissioned_at: datetime  # when the stamps were issued: the batch entered the platform's record


class MovementKind(StrEnum):
    SHIPPING = "shipping"
    RECEIVING = "receiving"


@dataclass(frozen=True)
class Movement:
    kind: MovementKind
    occurred_at: datetime
    from_party: Party | None
    to_party: Party | None
    quantity: Decimal | None


DISPOSITION_BY_KIND = {MovementKind.SHIPPING: "in_transit", MovementKind.RECEIVING: "in_progress"}


def lot_class_uri(batch: Batch, *, domain: str, scheme: str = "https") -> str:
    """The identifier of the batch as a class of items: GS1's LGTIN, or the platform's equivalent."""
    lot = quote(batch.lot, safe="")
    if batch.gtin:
        return f"https://id.gs1.org/01/{batch.gtin}/10/{lot}"
    return f"{scheme}://{domain}/p/{quote(batch.product_code, safe='')}/10/{lot}"


def batch_epcis_document(
    *,
    batch: Batch,
    producer: Party,
    stamp_uris: Sequence[str],
    stamp_count: int,
    movements: Sequence[Movement],
    domain: str,
    created_at: datetime,
    scheme: str = "https",
) -> dict[str, Any]:
    """The EPCIS document of ``batch``: its commissioning, then its movements in time order.

    ``stamp_uris`` may be a sample of the ``stamp_count`` stamps: the ``epcList`` is written only when it
    holds them all, since a partial list would say the others were never commissioned.
    """
    class_uri = lot_class_uri(batch, domain=domain, scheme=scheme)
    events = [_commissioning(batch, producer, stamp_uris, stamp_count, class_uri)]
    for movement in sorted(movements, key=lambda movement: movement.occurred_at):
        events.append(_movement_event(movement, class_uri, batch.unit_code))
    return {
        "@context": [EPCIS_CONTEXT, {"ocop": f"{scheme}://{domain}/ns/epcis/"}],
        "type": "EPCISDocument",
        "schemaVersion": "2.0",
        "creationDate": _timestamp(created_at),
        "epcisBody": {"eventList": events},
    }


def _commissioning(
    batch: Batch, producer: Party, stamp_uris: Sequence[str], stamp_count: int, class_uri: str
) -> dict[str, Any]:
    event: dict[str, Any] = {
        "type": "ObjectEvent",
        "eventTime": _timestamp(batch.commissioned_at),
        "eventTimeZoneOffset": VIETNAM_OFFSET,
        "action": "ADD",
        "bizStep": "commissioning",
        "disposition": "active",
    }
    if stamp_uris and len(stamp_uris) == stamp_count:
        event["epcList"] = list(stamp_uris)
    event["quantityList"] = [_quantity(class_uri, batch.quantity, batch.unit_code)]
    if producer.identifier:
        event["bizLocation"] = {"id": producer.identifier}
    ilmd: dict[str, Any] = {
        "cbvmda:lotNumber": batch.lot,
        "ocop:productionDate": batch.produced_on.isoformat(),
    }
    if batch.expires_on is not None:
        ilmd["cbvmda:itemExpirationDate"] = batch.expires_on.isoformat()
    if batch.origin_notes:
        ilmd["ocop:originNotes"] = batch.origin_notes
    event["ilmd"] = ilmd
    event["ocop:producerName"] = producer.name
    event["ocop:stampCount"] = stamp_count
    return event


def _movement_event(movement: Movement, class_uri: str, unit_code: str | None) -> dict[str, Any]:
    quantity = _quantity(class_uri, movement.quantity, unit_code)
    event: dict[str, Any] = {
        "type": "ObjectEvent",
        "eventTime": _timestamp(movement.occurred_at),
        "eventTimeZoneOffset": VIETNAM_OFFSET,
        "action": "OBSERVE",
        "bizStep": movement.kind.value,
        "disposition": DISPOSITION_BY_KIND[movement.kind],
        "quantityList": [quantity],
    }
    # CBV 2.0 source/destination type "owning_party": who holds the goods before and after.
    if movement.from_party and movement.from_party.identifier:
        event["sourceList"] = [{"type": "owning_party", "source": movement.from_party.identifier}]
    if movement.to_party and movement.to_party.identifier:
        event["destinationList"] = [{"type": "owning_party", "destination": movement.to_party.identifier}]
    if movement.from_party:
        event["ocop:fromPartyName"] = movement.from_party.name
    if movement.to_party:
        event["ocop:toPartyName"] = movement.to_party.name
    return event


def _quantity(class_uri: str, quantity: Decimal | None, unit_code: str | None) -> dict[str, Any]:
    element: dict[str, Any] = {"epcClass": class_uri}
    if quantity is not None:
        element["quantity"] = int(quantity) if quantity == quantity.to_integral_value() else float(quantity)
        if unit_code:
            element["uom"] = unit_code
    return element


def _timestamp(moment: datetime) -> str:
    if moment.tzinfo is None:
        raise ValueError("EPCIS times need their offset: pass an aware datetime")
    return moment.astimezone(VIETNAM).isoformat(timespec="seconds")
