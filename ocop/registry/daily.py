"""The registry's part of the daily round (``ocop.portal.daily``): products onto the certificate they stand
on today (``ocop.registry.standing``), first, because every notice after it reads that certificate."""

import datetime

from ocop.registry.standing import refresh_standing


def standing(today: datetime.date) -> list[str]:
    moved = refresh_standing(today=today)
    return [f"{today:%d/%m/%Y}: {moved} products moved to the certificate they stand on today"]
