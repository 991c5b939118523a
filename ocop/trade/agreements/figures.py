"""Trade's figures on the officers' dashboard (``ocop.reports``): memoranda and contracts in scope.

The documents are those ``access.agreements_in_scope`` shows the officer (the agreement list's own scope),
counted by the rules of the trade statistics (``statistics``): only trusted documents
(``Agreement.objects.trusted()``), cancelled ones left out of counts and values; beside them, how many a
buyer recorded that wait for the producer's confirmation. ``province_code`` narrows to one current province,
for a central officer. Two queries, summed in the database.
"""

from dataclasses import dataclass

from django.db.models import Count

from ocop.accounts.access import Actor
from ocop.trade.agreements.access import agreements_in_scope
from ocop.trade.agreements.statistics import _CONTRACT, _MEMORANDUM, _STANDING, _money
from ocop.trade.models import ProducerAnswer
from ocop.trade.models_agreements import TRUSTED


@dataclass(frozen=True)
class TradeFigures:
    memoranda: int
    memoranda_value_vnd: int
    contracts: int
    contracts_value_vnd: int
    contracts_delivered_vnd: int
    awaiting_confirmation: int  # recorded by a buyer, not cancelled, not yet confirmed: counted nowhere above


def dashboard_figures(actor: Actor, *, province_code: int | None = None) -> TradeFigures:
    agreements = agreements_in_scope(actor)
    if province_code is not None:
        agreements = agreements.filter(province_code=province_code)
    # ``TRUSTED`` is what ``Agreement.objects.trusted()`` filters on; the scope's queryset is typed plain.
    totals = (
        agreements.filter(TRUSTED)
        .order_by()
        .aggregate(
            memoranda=Count("pk", filter=_MEMORANDUM),
            memoranda_value=_money("value_vnd", _MEMORANDUM),
            contracts=Count("pk", filter=_CONTRACT),
            contracts_value=_money("value_vnd", _CONTRACT),
            contracts_delivered=_money("delivered_vnd", _CONTRACT),
        )
    )
    awaiting = agreements.filter(_STANDING, producer_answer=ProducerAnswer.PENDING).order_by().count()
    return TradeFigures(
        memoranda=totals["memoranda"],
        memoranda_value_vnd=int(totals["memoranda_value"]),
        contracts=totals["contracts"],
        contracts_value_vnd=int(totals["contracts_value"]),
        contracts_delivered_vnd=int(totals["contracts_delivered"]),
        awaiting_confirmation=awaiting,
    )
