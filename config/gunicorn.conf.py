# ruff: noqa: N999 (gunicorn looks for a file of this name)
"""Gunicorn settings for `make run` and `make serve`.

Loopback only by default: in production a TLS-terminating proxy sits in front (set BEHIND_PROXY=1 and
HTTPS=1 for Django). SQLite in WAL mode with IMMEDIATE transactions queues concurrent writers instead of
failing them.

Workers: two processes per CPU, one thread each (``WEB_CONCURRENCY``, ``GUNICORN_THREADS``). A request is
Python most of its time (the ORM, the JSON), and Python runs one thread per process at a time: two
requests in threads of one process take turns every 5 ms (the interpreter's switch interval), while the
database work of either (PostgreSQL's process, or SQLite inside ours) leaves the CPU to the other. With
4 connections at once on 2 CPUs and PostgreSQL, 2 workers of 4 threads answered about 100 searches a
second at p95 170-180 ms where 4 workers of one thread answered 125-140 at p95 75-100 ms, for the same
CPU per request (wrk over the bench's requests; when other work fills the CPUs, the two come out alike).
gthread rather than sync: it keeps connections alive between requests and reads a slow client's request
without taking a thread; a slow request (an export being built) holds one worker of four. Set
``GUNICORN_THREADS`` above 1 when requests wait on something other than the CPU.

One catch of gthread (gunicorn 27): a new connection goes straight to a thread, which waits up to 5 s
for its first bytes before handing it back to the poller. Browsers open connections ahead of need and
may leave one idle; with one thread, its worker then answered nothing for 5 s (the map page's p95 went
from about 1.1 s to 5.6 s in ``make bench --only outlets``, and a Lighthouse run lost its 100). So a
worker waits ``IDLE_CONNECTION_WAIT`` instead: a request arrives right after its connection opens; an idle
connection is handed to the poller, which reads it without a thread when its request comes. At 0.1 s the
page's other requests still queued behind each idle connection (first byte 0.20 s); at 0.01 s, 0.12 s.
"""

import os

bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", str(2 * (os.cpu_count() or 1))))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
timeout = 60
# A proxy in front usually logs every request already; there, ACCESS_LOG=0 spares each worker formatting a
# line per request (about 5% of a search request's Python time; "-" still formats it, even to /dev/null).
accesslog = None if os.environ.get("ACCESS_LOG", "").strip().lower() in {"0", "false", "no", "off"} else "-"
errorlog = "-"
# The runtime control socket defaults to one path per user, which a second server on another port would
# fight over; nothing here uses it.
control_socket_disable = True
IDLE_CONNECTION_WAIT = 0.01  # seconds; gunicorn's own is 5 (see above)


def post_worker_init(worker: object) -> None:
    """Do before the first request what the first request would otherwise wait for.

    Django imports the URL configuration, and with it every view, the API and what they import
    (openpyxl among them), at the first request that needs it: 0.3 to 0.5 s, which the first search
    request of each worker paid (``make bench``'s slowest request, whatever its words). The translation
    catalogues load at the first request in each language, and the statistics read the registry snapshot.
    """
    from django.conf import settings
    from django.db import connections
    from django.urls import get_resolver
    from django.utils import translation

    from ocop.registry.snapshot import warm

    get_resolver().url_patterns  # noqa: B018 (the import is the point)
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            translation.gettext("Tiếng Việt")
    warm()
    connections.close_all()  # requests open their own
    from gunicorn.workers import gthread

    # Not a setting of gunicorn's; test_worker_start fails if the name goes, rather than this line
    # quietly adding an unused one.
    gthread.DEFAULT_WORKER_DATA_TIMEOUT = IDLE_CONNECTION_WAIT
    from ocop.core import sqlite_checkpoint

    sqlite_checkpoint.start()  # on SQLite: the WAL checkpointed by a thread, not in a request's commit
