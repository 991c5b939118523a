"""The issue's acceptance: the full-size attacks, through ``manage.py import_recognitions``, under 300 MB.

Each test builds its file under ``tmp_path`` (never committed) and runs the command in a fresh process,
whose peak resident memory a small parent process reads from ``getrusage`` once it has ended. The
command checks the file as a dry run: it reads exactly as an import does, and writes nothing into a
database that the test's transaction could not roll back. It is given the test database: on SQLite a copy
in a file (the test's own is in memory), on PostgreSQL the test database itself.

About 4 s each on this machine: the files take under a second to build, the rest is the command.
"""

import csv
import io
import os
import random
import sqlite3
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any, cast
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.db import connection

from ocop.registry.tests.files import tra_vinh_rows
from ocop.registry.tests.files.workbooks import Padding, write_shared_strings_xlsx

pytestmark = pytest.mark.django_db

MAX_RESIDENT_BYTES = 300 * 1024 * 1024
# Runs its arguments as a child and prints the child's peak resident memory (KiB on Linux) last.
MEASURED = (
    "import resource, subprocess, sys; done = subprocess.run(sys.argv[1:]); "
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss); sys.exit(done.returncode)"
)


@pytest.fixture(scope="module")
def database_url(
    tmp_path_factory: pytest.TempPathFactory, django_db_setup: None, django_db_blocker: Any
) -> str:
    """The test database for another process; copied outside any test, whose transaction would lock it."""
    with django_db_blocker.unblock():
        if connection.vendor != "sqlite":
            name = connection.settings_dict["NAME"]
            return urlsplit(os.environ["DATABASE_URL"])._replace(path=f"/{name}").geturl()
        copy = tmp_path_factory.mktemp("database") / "test.sqlite3"
        connection.ensure_connection()
        target = sqlite3.connect(copy)
        cast(Any, connection.connection).backup(target)
        target.close()
        return f"sqlite:///{copy}"


def import_measured(path: Path, database_url: str) -> tuple[int, str, int]:
    """The command's exit status, what it wrote to stderr, and its peak resident memory in bytes."""
    command = [sys.executable, "manage.py", "import_recognitions", str(path), "--dry-run"]
    done = subprocess.run(  # noqa: S603 (our own interpreter and arguments)
        [sys.executable, "-c", MEASURED, *command],
        cwd=settings.BASE_DIR,
        env={**os.environ, "DATABASE_URL": database_url},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    return done.returncode, done.stderr, int(done.stdout.splitlines()[-1]) * 1024


def test_an_xlsx_whose_shared_strings_inflate_to_409_mb_is_refused_in_bounded_memory(tmp_path, database_url):
    # 1 MiB of <si> elements, varied just enough to compress 24:1 (real sheets: 5–20:1; the limit: 100:1).
    numbers = random.Random(8)
    block = io.BytesIO()
    while block.tell() < 1024 * 1024:
        block.write(f"<si><t>Sản phẩm OCOP {numbers.randrange(50)}</t></si>".encode())
    path = tmp_path / "shared-strings.xlsx"
    with path.open("wb") as out:
        write_shared_strings_xlsx(
            out, [["product_name"], ["Chè"]], padding=Padding(block=block.getvalue(), times=390)
        )
    with zipfile.ZipFile(path) as archive:
        table = archive.getinfo("xl/sharedStrings.xml")
    assert 400_000_000 < table.file_size < 410_000_000  # under the 400 MiB limit on what a file inflates to
    assert 16_000_000 < path.stat().st_size < 17_000_000
    assert 20 < table.file_size / table.compress_size < 30

    status, errors, resident = import_measured(path, database_url)

    assert status == 1
    assert errors.splitlines() == [
        "Tệp: tệp XLSX có hơn 2000000 chuỗi dùng chung (more than 2000000 shared strings); "
        "hãy chia thành nhiều tệp",
        "CommandError: 1 lỗi, không nhập gì (errors found, nothing imported)",
    ]
    print(f"peak resident memory: {resident / 1024 / 1024:.0f} MB")
    assert resident < MAX_RESIDENT_BYTES


def test_a_49_mb_csv_of_100_001_rows_is_refused_in_bounded_memory(tmp_path, database_url):
    # Distinct texts in every row, so that none is kept once for many rows: the table at its costliest.
    rows = tra_vinh_rows()
    path = tmp_path / "rows.csv"
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=[*rows[0], "ghi_chu"], lineterminator="\r\n")
        writer.writeheader()
        for number in range(100_001):
            row = rows[number % len(rows)]
            writer.writerow(
                dict(
                    row,
                    product_name=f"{row['product_name']} {number}",
                    producer_name=f"{row['producer_name']} {number}",
                    decision_no=f"{number}/QĐ-UBND",
                    ghi_chu=f"Ghi chú {number} " + "x" * 300,
                )
            )
    assert 48_000_000 < path.stat().st_size < 50 * 1024 * 1024

    status, errors, resident = import_measured(path, database_url)

    assert status == 1
    assert errors.splitlines() == [
        "Dòng 100002: tệp có hơn 100000 dòng dữ liệu (more than 100000 data rows); hãy chia thành nhiều tệp",
        "CommandError: 1 lỗi, không nhập gì (errors found, nothing imported)",
    ]
    print(f"peak resident memory: {resident / 1024 / 1024:.0f} MB")
    assert resident < MAX_RESIDENT_BYTES
