"""Demo producer accounts join their producer in the demo registry, whichever was loaded first.

``make run`` loads the demo accounts (``load_demo_users``, in accounts) before the demo registry
(``load_demo``), and accounts cannot look up at the registry; so ``load_demo`` makes the link, on every
run, for the demo producer accounts that have none yet.
"""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count

from ocop.accounts.models import Role, User
from ocop.core.services import audit_record
from ocop.geo.models import Level, Scheme
from ocop.registry.models import Producer

DEMO_EMAIL_DOMAIN = "@demo.ocop.vn"


@dataclass(frozen=True)
class DemoMembership:
    user: User
    producer: Producer


def _producer_for(user: User) -> Producer | None:
    """The producer of the account's commune named as its organisation, else that commune's largest."""
    unit = user.unit
    if unit is None or unit.scheme != Scheme.CURRENT or unit.level != Level.COMMUNE:
        return None
    there = Producer.objects.filter(commune_code=unit.code)
    named = there.filter(name=user.organisation_name).order_by("pk").first()
    if named is not None:
        return named
    return there.annotate(product_count=Count("products")).order_by("-product_count", "pk").first()


@transaction.atomic
def demo_producer_members_link() -> list[DemoMembership]:
    """Make each active demo producer account without a producer a member of its producer (see above).

    Demo accounts only, recognised by their address: a real account is linked by an officer, never by a
    demo loader. Trusted like ``load_demo``: no acting user; one audit event per link.
    """
    accounts = User.objects.filter(
        role=Role.PRODUCER, is_active=True, email__endswith=DEMO_EMAIL_DOMAIN, producers__isnull=True
    ).select_related("unit")
    linked = []
    for user in accounts.order_by("email"):
        producer = _producer_for(user)
        if producer is None:
            continue
        producer.members.add(user)
        audit_record(
            actor=None,
            action="producer.member_add",
            target=producer,
            details={"user": user.email},
            province_code=producer.province_code,
        )
        linked.append(DemoMembership(user=user, producer=producer))
    return linked
