"""What a server worker does before its first request (config/gunicorn.conf.py), in a fresh process."""

import subprocess
import sys
from pathlib import Path

from django.conf import settings

# A worker imports the application (config/wsgi.py), then gunicorn calls post_worker_init.
WORKER = """
import runpy, sys
from config.wsgi import application
from gunicorn.workers import gthread
conf = runpy.run_path("config/gunicorn.conf.py")
print("ocop.registry.api.products" in sys.modules, "config.urls" in sys.modules)
print(gthread.DEFAULT_WORKER_DATA_TIMEOUT)
conf["post_worker_init"](None)
print("ocop.registry.api.products" in sys.modules, "config.urls" in sys.modules)
print(gthread.DEFAULT_WORKER_DATA_TIMEOUT)
"""


def test_a_worker_imports_every_view_before_its_first_request(tmp_path: Path) -> None:
    # The first search request of each worker used to import the URL configuration, the API and
    # openpyxl: 0.3 to 0.5 s, the slowest request of `make bench` whatever its words. And gunicorn's own
    # 5 s wait for a new connection's first bytes held a one-thread worker whenever a browser left a
    # connection opened ahead idle (gunicorn.conf.py); that name is gunicorn's, not a setting, so this
    # fails if an upgrade drops it rather than the worker quietly setting an unused one.
    result = subprocess.run(  # noqa: S603 (our own interpreter and script)
        [sys.executable, "-c", WORKER],
        cwd=settings.BASE_DIR,
        env={
            "PATH": "/usr/bin:/bin",
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "OCOP_VAR_DIR": str(tmp_path),
        },
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["False False", "5.0", "True True", "0.01"]
