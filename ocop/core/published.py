"""Costly public answers built once per version of what they show, kept as files and served as files.

An answer made from the whole registry (the open-data exports: about 2 s of a worker and 5 MB for the
national registry) would let a few anonymous clients occupy every worker if it were built per request.
Instead it is written once under ``VAR_DIR/exports/``, named after a digest of everything it depends on
(the registry's version, the day, the site's address), with a gzip twin; until that changes every request
is one ``stat`` and a ``FileResponse``, which hands the bytes to the server's ``sendfile`` instead of
spending worker time on them, with an ``ETag``, ``Last-Modified`` and a 304 to a client that has it.

One build at a time, across threads and processes: the builder holds an exclusive ``flock`` on the
answer's lock file, so concurrent first requests wait for one build and then serve its file. Files are
written under a temporary name and renamed into place, so a reader never sees half of one, and the older
files of the same answer are deleted, under the same lock, once a newer one is in place.
"""

import fcntl
import gzip
import hashlib
import os
import re
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, BinaryIO, cast

from django.conf import settings
from django.http import FileResponse, HttpRequest, HttpResponseBase
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date

# As django.middleware.gzip does: a client that names gzip in Accept-Encoding gets it.
_ACCEPTS_GZIP = re.compile(r"\bgzip\b")
GZIP_LEVEL = 6  # zlib's default: nearly the smallest file at a fraction of level 9's time


@dataclass(frozen=True)
class PublishedFile:
    """An open file of an answer (plain or its gzip twin), its digest and when it was written."""

    file: BinaryIO
    digest: str
    compressed: bool
    modified: float

    @property
    def etag(self) -> str:
        # The two encodings are different representations, so each has its own tag (RFC 9110 §8.8.3).
        return f'"{self.digest}-gzip"' if self.compressed else f'"{self.digest}"'


def directory() -> Path:
    return Path(settings.VAR_DIR) / "exports"


def open_published(
    name: str, *, suffix: str, key: object, write: Callable[[IO[bytes]], object], compressed: bool
) -> PublishedFile:
    """The file of answer ``name`` for ``key`` (gzip if ``compressed``), built by ``write`` if absent.

    ``key`` is everything the content depends on (its ``repr`` is digested); ``write`` writes the plain
    content to the stream it is given.
    """
    digest = hashlib.sha256(repr(key).encode()).hexdigest()[:24]
    path = directory() / f"{name}-{digest}.{suffix}"
    wanted = _twin(path) if compressed else path
    try:
        return _opened(wanted, digest, compressed)  # built already: no lock, one open
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    with _locked(path.parent / f"{name}.lock"):
        # Another process may have built it while this one waited; then it is served as it is.
        if not _twin(path).exists():
            _build(path, write)
            _remove_older(path.parent, name, suffix, keep=path)
        return _opened(wanted, digest, compressed)


def published_response(
    request: HttpRequest,
    name: str,
    *,
    suffix: str,
    key: object,
    write: Callable[[IO[bytes]], object],
    content_type: str,
    file_name: str,
    max_age: int,
) -> HttpResponseBase:
    """The answer as a download named ``file_name``, gzip if the client accepts it, or a 304 if it has it."""
    compressed = bool(_ACCEPTS_GZIP.search(request.headers.get("Accept-Encoding", "")))
    published = open_published(name, suffix=suffix, key=key, write=write, compressed=compressed)
    response = FileResponse(published.file, content_type=content_type, as_attachment=True, filename=file_name)
    if compressed:
        response["Content-Encoding"] = "gzip"
    response["ETag"] = published.etag
    response["Last-Modified"] = http_date(published.modified)
    patch_cache_control(response, public=True, max_age=max_age)
    patch_vary_headers(response, ("Accept-Encoding",))
    # django-stubs type the response as HttpResponse; any response works, and is returned when no 304 is due.
    conditional = get_conditional_response(
        request, etag=published.etag, last_modified=int(published.modified), response=cast(Any, response)
    )
    if conditional is None or conditional is response:
        return response
    # Not response.close(): that sends request_finished, which would close the database connections.
    published.file.close()  # the file is not sent
    return conditional


def _twin(path: Path) -> Path:
    return path.with_name(path.name + ".gz")


def _opened(path: Path, digest: str, compressed: bool) -> PublishedFile:
    file = path.open("rb")
    return PublishedFile(file, digest, compressed, os.fstat(file.fileno()).st_mtime)


@contextmanager
def _locked(lock_path: Path) -> Iterator[None]:
    with lock_path.open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _build(path: Path, write: Callable[[IO[bytes]], object]) -> None:
    """The plain file, then its gzip twin, each renamed into place whole: the twin says both are there."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with temporary.open("wb") as stream:
            write(stream)
        os.replace(temporary, path)
        with path.open("rb") as plain, gzip.open(temporary, "wb", compresslevel=GZIP_LEVEL) as packed:
            shutil.copyfileobj(plain, packed, length=1024 * 1024)
        os.replace(temporary, _twin(path))
    finally:
        temporary.unlink(missing_ok=True)


def _remove_older(folder: Path, name: str, suffix: str, *, keep: Path) -> None:
    """Every other file of answer ``name``: readers that opened one keep reading it (POSIX unlink).

    Temporary files go too: under the lock, none is being written, so any left was a builder that died.
    """
    older = (f"{name}-*.{suffix}", f"{name}-*.{suffix}.gz", f".{name}-*.{suffix}.*.tmp")
    for path in (path for pattern in older for path in folder.glob(pattern)):
        if path not in (keep, _twin(keep)):
            path.unlink(missing_ok=True)
