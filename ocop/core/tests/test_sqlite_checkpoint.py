import sqlite3

import pytest
from django.db import connection

from ocop.core import sqlite_checkpoint


def test_a_passive_checkpoint_folds_the_log_back(tmp_path):
    path = str(tmp_path / "wal.sqlite3")
    with sqlite3.connect(path, isolation_level=None) as store:
        store.execute("PRAGMA journal_mode=WAL")
        store.execute("PRAGMA wal_autocheckpoint=0")
        store.execute("CREATE TABLE row (value TEXT)")
        store.executemany("INSERT INTO row VALUES (?)", [("x" * 500,)] * 200)

        busy, pages, done = sqlite_checkpoint.checkpoint(path)

    store.close()
    assert (busy, pages > 0, done) == (0, True, pages)


@pytest.mark.django_db
def test_server_connections_leave_checkpoints_to_the_thread():
    if connection.vendor != "sqlite":
        pytest.skip("SQLite alone checkpoints in a commit")
    sqlite_checkpoint._automatic_checkpoints_off(sender=None, connection=connection)
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA wal_autocheckpoint")
        assert cursor.fetchone()[0] == 0
        cursor.execute("PRAGMA wal_autocheckpoint=1000")


@pytest.mark.django_db
def test_no_thread_for_a_database_in_memory_or_on_another_engine():
    assert sqlite_checkpoint.start() is False
