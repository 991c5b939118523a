"""Traceability in the menu: batches and stamps for producers and the officers who issue for them."""

from ocop.accounts.navigation import Entry, Landing

ENTRIES: tuple[Entry, ...] = ()
LANDINGS: tuple[Landing, ...] = ()
