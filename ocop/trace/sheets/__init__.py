"""Printable sheets of traceability stamps: each label the QR code of its GS1 Digital Link URI, the product
name, its OCOP rank, lot and serial (what a person reads when the code is damaged).

``sheet_svg`` draws pages for a preview, ``sheet_pdf`` the file to print. No database here: the caller
passes ``Label`` items built from its batch and stamps.

Measurements (2 CPUs shared with other work, load average 2 to 4; ``benchmarks_sheets.bench_sheet_pdf``):

- segno alone, choosing the mask as the standard asks: 6.4 to 9.4 ms a code, so 64 s or more for
  10,000 labels before any drawing; with the mask scored by numpy (``qr.py``): 1.6 to 2.2 ms.
- WeasyPrint was not measured on 10,000 labels: its layout of inline SVG is seconds for one certificate
  page with one code.
- 2,000 labels (A4 3 × 8): 6.9 to 7.3 s for the PDF, of which segno's encoding is about half.
- 10,000 labels, load average 4 to 5 on the 2 CPUs: PDF 94 s (6.1 MB), SVG pages 71 s (53 MB).
- Then the codewords placed by numpy without segno's mask-0 pass, and the QR codes made in a process pool
  (one process a CPU, 1,000 labels a task) while this process writes the pages: 3,000 labels, load 7 to
  7.5, 36 to 43 s before, 24 to 25 s after; 10,000 labels (``manage.py bench``): 50.5 s at load 7,
  21.1 s at load 4.4, 18.6 s at load 3.0, 10.3 to 11.1 s at load 2.6 to 3.4. What remains is segno's
  data encoding and Reed-Solomon codewords in Python (about three quarters of a code's time) and the
  formatting of the rectangles.
"""

import multiprocessing
import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor

from .fonts import stamp_font
from .layouts import LABEL_SIZES, Label, LabelDrawing, LabelSize, LabelTooSmallError, label_drawing
from .pdf import PdfWriter
from .qr import Matrix, qr_matrices
from .svg import page_svg

__all__ = ["LABEL_SIZES", "Label", "LabelSize", "LabelTooSmallError", "sheet_pdf", "sheet_svg"]


def sheet_svg(labels: Sequence[Label], size: LabelSize) -> list[str]:
    """One SVG document per page of ``size`` holding ``labels`` in order."""
    return [page_svg(size, placed) for placed in _pages(labels, size)]


def sheet_pdf(
    labels: Sequence[Label], size: LabelSize, progress: Callable[[int, int], None] | None = None
) -> bytes:
    """A PDF of the pages of ``size`` holding ``labels`` in order; ``progress(done, total)`` is called
    after every page (and once at the start), for a background job's progress bar."""
    writer = PdfWriter(stamp_font())
    total = len(labels)
    done = 0
    if progress is not None:
        progress(0, total)
    for placed in _pages(labels, size):
        writer.add_page(size, placed)
        done += len(placed)
        if progress is not None:
            progress(done, total)
    return writer.finish()


Placed = list[tuple[float, float, LabelDrawing]]
# QR codes are made a thousand or so at a time: the numpy scoring of masks wants batches (see ``qr.py``),
# memory stays bounded however many labels there are, and a long run keeps every CPU busy.
LABELS_PER_CHUNK = 1000


def _pages(labels: Sequence[Label], size: LabelSize) -> Iterator[Placed]:
    """Each page's labels with their top left corner on the page, in order."""
    font = stamp_font()
    per_page = size.labels_per_page
    chunk = max(1, LABELS_PER_CHUNK // per_page) * per_page  # whole pages only
    starts = range(0, len(labels), chunk)
    uri_chunks = [[label.uri for label in labels[start : start + chunk]] for start in starts]
    for chunk_start, matrices in zip(starts, _matrices(uri_chunks), strict=True):
        chunk_labels = labels[chunk_start : chunk_start + chunk]
        for page_start in range(0, len(chunk_labels), per_page):
            placed: Placed = []
            for index in range(page_start, min(page_start + per_page, len(chunk_labels))):
                left, top = size.label_origin(index - page_start)
                placed.append((left, top, label_drawing(chunk_labels[index], matrices[index], size, font)))
            yield placed


def _matrices(uri_chunks: list[list[str]]) -> Iterator[list[Matrix]]:
    """The QR codes of each chunk, in order: in a pool of processes, one a CPU, when there is more than one
    chunk, while this process writes the pages of the chunks already done. Encoding is pure Python (the
    Reed-Solomon codewords, segno's) and holds the interpreter's lock, so threads would take turns.

    The pool's processes come from a fork server: a clean process of its own that imports only the QR
    module, rather than a fork of a web server's worker with its threads and database connections.
    """
    workers = min(len(uri_chunks), os.cpu_count() or 1)
    if workers < 2:
        yield from map(qr_matrices, uri_chunks)
        return
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["ocop.trace.sheets.qr"])
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        yield from pool.map(qr_matrices, uri_chunks)
