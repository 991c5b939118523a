"""Answers built once per version and served as files: one build however many ask, never half a file."""

import gzip
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import IO

import pytest

from ocop.core.published import open_published

CLIENTS = 6


def test_concurrent_first_requests_wait_for_one_build(settings):
    builds = []
    start = threading.Barrier(CLIENTS)

    def write(stream: IO[bytes]) -> None:
        builds.append(threading.get_ident())
        time.sleep(0.2)  # long enough for every other client to arrive while this one builds
        stream.write("Chè Shan tuyết\n".encode() * 1000)

    def ask(compressed: bool) -> bytes:
        start.wait()
        published = open_published("answer", suffix="csv", key=("v1",), write=write, compressed=compressed)
        with published.file:
            content = published.file.read()
        return gzip.decompress(content) if compressed else content

    with ThreadPoolExecutor(CLIENTS) as pool:
        answers = list(pool.map(ask, [index % 2 == 0 for index in range(CLIENTS)]))

    assert len(builds) == 1
    assert set(answers) == {"Chè Shan tuyết\n".encode() * 1000}


def test_a_failed_build_leaves_no_file_and_the_next_request_builds_it(settings):
    def broken(stream: IO[bytes]) -> None:
        stream.write(b"half of it")
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        open_published("answer", suffix="json", key=1, write=broken, compressed=False)
    assert sorted(path.name for path in (Path(settings.VAR_DIR) / "exports").iterdir()) == ["answer.lock"]

    published = open_published(
        "answer", suffix="json", key=1, write=lambda s: s.write(b"{}"), compressed=False
    )
    with published.file:
        assert published.file.read() == b"{}"


def test_a_newer_file_replaces_the_older_while_a_reader_of_the_older_keeps_reading(settings):
    old = open_published("answer", suffix="csv", key=1, write=lambda s: s.write(b"old"), compressed=False)
    new = open_published("answer", suffix="csv", key=2, write=lambda s: s.write(b"new"), compressed=True)

    with old.file, new.file:
        assert (old.file.read(), gzip.decompress(new.file.read())) == (b"old", b"new")
    assert sorted(path.name for path in (Path(settings.VAR_DIR) / "exports").iterdir()) == [
        f"answer-{new.digest}.csv",
        f"answer-{new.digest}.csv.gz",
        "answer.lock",
    ]
    assert (new.etag, old.etag) == (f'"{new.digest}-gzip"', f'"{old.digest}"')
