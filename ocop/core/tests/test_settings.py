"""What config/settings.py promises, each checked in a fresh process with its own environment.

Settings are read once per process, so the environment under test goes to a subprocess.
"""

import os
import secrets
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

from django.conf import settings

# Variables the settings read that the caller's shell might have set.
SETTINGS_VARIABLES = {"SECRET_KEY", "DEBUG", "HTTPS", "ALLOWED_HOSTS", "CSRF_TRUSTED_ORIGINS", "BEHIND_PROXY"}


def run_in_project(*arguments: str, environment: dict[str, str], unset: tuple[str, ...] = ()) -> str:
    """Runs Python with these arguments in the project directory and environment; returns its output."""
    left_out = SETTINGS_VARIABLES.union(unset)
    env = {name: value for name, value in os.environ.items() if name not in left_out}
    env |= {"DJANGO_SETTINGS_MODULE": "config.settings"} | environment
    command = [sys.executable, *arguments]
    result = subprocess.run(  # noqa: S603 (our own interpreter and arguments)
        command, cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def test_production_settings_pass_the_deployment_checks(tmp_path: Path) -> None:
    production = {
        "DEBUG": "0",
        "HTTPS": "1",
        "SECRET_KEY": secrets.token_urlsafe(60),
        "ALLOWED_HOSTS": "ocop.example.vn",
        "OCOP_VAR_DIR": str(tmp_path),
    }
    check_deploy = ("manage.py", "check", "--deploy", "--fail-level", "WARNING")
    output = run_in_project(*check_deploy, environment=production)

    assert output == "System check identified no issues (0 silenced).\n"


def test_a_missing_secret_key_is_generated_once_and_kept(tmp_path: Path) -> None:
    print_secret = "from django.conf import settings; print(settings.SECRET_KEY)"

    first = run_in_project("-c", print_secret, environment={"OCOP_VAR_DIR": str(tmp_path)}).strip()
    second = run_in_project("-c", print_secret, environment={"OCOP_VAR_DIR": str(tmp_path)}).strip()

    secret_file = tmp_path / "secret_key"
    assert first == second == secret_file.read_text()
    assert len(first) >= 50  # Django's deployment check asks for at least 50 characters
    assert secret_file.stat().st_mode & 0o777 == 0o600


def test_sqlite_runs_in_wal_mode(tmp_path: Path) -> None:
    # The default database, not the in-memory test one: a file database under OCOP_VAR_DIR.
    journal_mode = run_in_project(
        "-c",
        "import django; django.setup(); from django.db import connection; "
        "cursor = connection.cursor(); cursor.execute('PRAGMA journal_mode'); print(cursor.fetchone()[0])",
        environment={"OCOP_VAR_DIR": str(tmp_path)},
        unset=("DATABASE_URL",),
    )

    assert journal_mode == "wal\n"
    # WAL is a property of the file: a plain connection that sets nothing finds it too.
    with closing(sqlite3.connect(tmp_path / "ocop.sqlite3")) as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone() == ("wal",)
