"""SQLite's write-ahead log folded back into the database by a thread of each server process, not by
whichever request's commit takes it past 1,000 pages.

SQLite checkpoints automatically in the commit that grows the WAL past ``wal_autocheckpoint`` pages: that
commit copies the pages into the database file and syncs it, tens of milliseconds, while its writer still
holds the write lock, so every writer behind it waits too. At a thousand stamp scans a second that was
one scan in two hundred, and the scans' p99 (measured with 10 M stamps: 45 ms with automatic checkpoints,
21 ms without; ``bench/README.md``). In the server's processes (``config/gunicorn.conf.py``) connections
are opened with automatic checkpoints off and a thread checkpoints every ``INTERVAL_SECONDS`` in PASSIVE
mode, which copies what it can without waiting for, or blocking, readers and writers. Commands (imports,
migrations) keep SQLite's own checkpoints: nothing else would fold their log back.
"""

import logging
import sqlite3
import threading
from typing import Any

from django.db import connections
from django.db.backends.signals import connection_created

logger = logging.getLogger(__name__)

INTERVAL_SECONDS = 1.0
_started = threading.Event()


def _automatic_checkpoints_off(sender: Any, connection: Any, **kwargs: Any) -> None:
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA wal_autocheckpoint=0")


def checkpoint(path: str) -> tuple[int, int, int]:
    """One PASSIVE checkpoint of the database at ``path``: (busy, WAL pages, pages checkpointed)."""
    with sqlite3.connect(path, timeout=1.0, isolation_level=None) as store:
        busy, pages, done = store.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
    store.close()
    return busy, pages, done


def _run(path: str, stop: threading.Event) -> None:
    while not stop.wait(INTERVAL_SECONDS):
        try:
            checkpoint(path)
        except sqlite3.Error as error:  # a locked or vanished file: the next turn tries again
            logger.warning("checkpoint of %s failed: %s", path, error)


def start(stop: threading.Event | None = None) -> bool:
    """In a server process on SQLite: automatic checkpoints off for its connections, and the thread that
    checkpoints instead. ``False`` (and nothing done) on another engine, an in-memory database, or twice."""
    settings = connections["default"].settings_dict
    path = str(settings["NAME"])
    if connections["default"].vendor != "sqlite" or path == ":memory:" or "mode=memory" in path:
        return False
    if _started.is_set():
        return False
    _started.set()
    connection_created.connect(_automatic_checkpoints_off, dispatch_uid="ocop-sqlite-checkpoint")
    thread = threading.Thread(
        target=_run, args=(path, stop or threading.Event()), name="sqlite-checkpoint", daemon=True
    )
    thread.start()
    return True
