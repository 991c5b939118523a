"""Fixed-window counters shared by every worker process and thread of this machine.

They live in a small SQLite database of their own (``RATELIMIT_DATABASE``), not in the main database,
whose single writer lock an import holds for seconds, and not in the cache: the file cache's ``incr`` is
a read and a write, so concurrent hits read the same count and about twice the limit got through. Here
each hit is one statement, an upsert that starts a new window when the old one has ended and returns the
new count, so no two hits can ever see the same count. Several machines behind a balancer each count
their own.

When the store cannot be opened, read or written (a full disk, a broken file, a lock held past
``BUSY_TIMEOUT_SECONDS``), the error is logged and the caller's ``fail_open`` decides. By default a
counter fails closed (the hit is refused, the count reads as past any limit): sign-in throttling is
what keeps passwords from being guessed, and an attacker who could break or flood the store must not
switch it off; officers then wait for the store to come back, and the log says why. The public API's
rate limit fails open (``ocop.core.throttling``): it protects workers from bursts, and refusing every
caller of the open data because of a broken counter would be an outage of our own making.
"""

import contextlib
import logging
import os
import sqlite3
import sys
import threading
import time
from pathlib import Path

from django.conf import settings
from django.http import HttpRequest

logger = logging.getLogger(__name__)


BUSY_TIMEOUT_SECONDS = 2.0
# Ended windows are deleted at most this often per process: one scan of a table as large as the number
# of clients seen in the last window.
PRUNE_EVERY_SECONDS = 60.0

_SCHEMA = """
CREATE TABLE IF NOT EXISTS counter (
    key TEXT PRIMARY KEY,
    window_ends REAL NOT NULL,
    count INTEGER NOT NULL
) WITHOUT ROWID
"""
# Every right-hand side reads the row as it was before this update, so both columns see the old window.
_HIT = """
INSERT INTO counter (key, window_ends, count) VALUES (:key, :now + :window_seconds, 1)
ON CONFLICT (key) DO UPDATE SET
    count = CASE WHEN window_ends <= :now THEN 1 ELSE count + 1 END,
    window_ends = CASE WHEN window_ends <= :now THEN :now + :window_seconds ELSE window_ends END
RETURNING count
"""
_COUNT = "SELECT count, window_ends FROM counter WHERE key = :key AND window_ends > :now"
_RESET = "DELETE FROM counter WHERE key = :key"
_PRUNE = "DELETE FROM counter WHERE window_ends <= :now"

# One connection per thread of each process: sqlite3 connections must not cross threads, and one opened
# before gunicorn forks must not be used by the children.
_connections = threading.local()
_preparing = threading.Lock()
_next_prune = 0.0


def clock() -> float:
    """What time it is, in seconds; tests replace it to move through windows without sleeping."""
    return time.time()


class _StoreError(Exception):
    pass


def _connection() -> sqlite3.Connection:
    path = str(settings.RATELIMIT_DATABASE)
    opened = getattr(_connections, "opened", None)
    if opened is not None:
        if opened[0] == (path, os.getpid()):
            return opened[1]
        if opened[0][1] == os.getpid():  # another file (tests); a parent's connection is left alone
            opened[1].close()
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    connection = sqlite3.connect(
        path, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None, check_same_thread=True
    )
    try:
        _prepare(connection)
    except sqlite3.Error:
        connection.close()
        raise
    _connections.opened = ((path, os.getpid()), connection)
    return connection


def _prepare(connection: sqlite3.Connection) -> None:
    """WAL, then the table. Switching a new file to WAL needs it to itself and does not wait for it, so
    connections opened at once (a server's first requests) would fail: the threads of a process take
    turns, and a process retries while another one holds the file, for up to ``BUSY_TIMEOUT_SECONDS``."""
    deadline = time.monotonic() + BUSY_TIMEOUT_SECONDS
    with _preparing:
        while True:
            try:
                if connection.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                    connection.execute("PRAGMA journal_mode=WAL")
                break
            except sqlite3.OperationalError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.01)
    # Losing the last hits on a power cut is harmless; waiting for the disk on every request is not.
    connection.execute("PRAGMA synchronous=NORMAL")
    connection.execute(_SCHEMA)


def _execute(statement: str, parameters: dict[str, object]) -> list[tuple]:
    try:
        return _connection().execute(statement, parameters).fetchall()
    except (sqlite3.Error, OSError) as error:
        _connections.opened = None  # a new connection next time, in case this one is what broke
        logger.error("rate-limit store %s unavailable: %s", settings.RATELIMIT_DATABASE, error)
        raise _StoreError from error


def _prune(now: float) -> None:
    global _next_prune
    if now < _next_prune:
        return
    _next_prune = now + PRUNE_EVERY_SECONDS
    with contextlib.suppress(_StoreError):  # logged; the next prune deletes these rows too
        _execute(_PRUNE, {"now": now})


def hit(key: str, *, limit: int, window_seconds: int, fail_open: bool = False) -> bool:
    """Count one hit on ``key``; ``True`` while the window holds at most ``limit`` hits.

    The window starts at the first hit and lasts ``window_seconds``; the first hit after it ends starts
    the next one. When the store is unavailable: ``fail_open`` (module docstring).
    """
    now = clock()
    try:
        [(hits,)] = _execute(_HIT, {"key": key, "now": now, "window_seconds": window_seconds})
    except _StoreError:
        return fail_open
    _prune(now)
    return hits <= limit


def count(key: str, *, fail_open: bool = False) -> int:
    """The hits on ``key`` in its current window (0 when it has ended); past any limit when failing closed."""
    try:
        rows = _execute(_COUNT, {"key": key, "now": clock()})
    except _StoreError:
        return 0 if fail_open else sys.maxsize
    return rows[0][0] if rows else 0


def seconds_left(key: str) -> float:
    """How long until the current window of ``key`` ends (0 when there is none, or the store is down)."""
    now = clock()
    try:
        rows = _execute(_COUNT, {"key": key, "now": now})
    except _StoreError:
        return 0.0
    return rows[0][1] - now if rows else 0.0


def reset(key: str) -> None:
    with contextlib.suppress(_StoreError):  # logged; the window ends by itself
        _execute(_RESET, {"key": key})


def client_address(request: HttpRequest) -> str:
    """The client's address: ``REMOTE_ADDR``, or behind ``NUM_PROXIES`` trusted proxies, the address the
    outermost of them appended to ``X-Forwarded-For``.

    Each trusted proxy appends the address it received the request from, so the entry ``NUM_PROXIES``
    from the right is the client as the outermost proxy saw it; anything to its left was sent by the
    client and may be forged. With ``NUM_PROXIES`` at 0 the header is ignored (as django-ninja's
    ``get_ident`` does, whose rule this is).
    """
    remote_address = str(request.META.get("REMOTE_ADDR") or "unknown")
    proxies = settings.NINJA_NUM_PROXIES
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies <= 0 or not forwarded.strip():
        return remote_address
    hops = [hop.strip() for hop in forwarded.split(",")]
    return hops[-min(proxies, len(hops))] or remote_address
