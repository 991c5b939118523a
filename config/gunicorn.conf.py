# ruff: noqa: N999 (gunicorn looks for a file of this name)
"""Gunicorn settings for `make run` and `make serve`.

Loopback only by default: in production a TLS-terminating proxy sits in front (set BEHIND_PROXY=1 and
HTTPS=1 for Django). Threads let one slow request not hold a whole worker; SQLite in WAL mode with
IMMEDIATE transactions queues concurrent writers instead of failing them.
"""

import os

bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
timeout = 60
accesslog = "-"
errorlog = "-"
# The runtime control socket defaults to one path per user, which a second server on another port would
# fight over; nothing here uses it.
control_socket_disable = True


def post_worker_init(worker: object) -> None:
    """Read the registry snapshot of the statistics before the first request, not during it."""
    from django.db import connections

    from ocop.reports.snapshot import warm

    warm()
    connections.close_all()  # requests open their own
