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
- 10,000 labels, load average 4 to 5 on the 2 CPUs: PDF 94 s (6.1 MB), SVG pages 71 s (53 MB). The
  30 s target is NOT met yet; what is left: encode without segno's Python mask-0 pass (a third of its
  time), format the rectangles with numpy, and split the QR work over a process pool.
"""

from collections.abc import Callable, Iterator, Sequence

from .fonts import stamp_font
from .layouts import LABEL_SIZES, Label, LabelDrawing, LabelSize, LabelTooSmallError, label_drawing
from .pdf import PdfWriter
from .qr import qr_matrices
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
# QR codes are made a few thousand at a time: the numpy scoring of masks wants batches (see ``qr.py``),
# and memory stays bounded however many labels there are.
LABELS_PER_CHUNK = 2000


def _pages(labels: Sequence[Label], size: LabelSize) -> Iterator[Placed]:
    """Each page's labels with their top left corner on the page, in order."""
    font = stamp_font()
    per_page = size.labels_per_page
    chunk = max(1, LABELS_PER_CHUNK // per_page) * per_page  # whole pages only
    for chunk_start in range(0, len(labels), chunk):
        chunk_labels = labels[chunk_start : chunk_start + chunk]
        matrices = qr_matrices([label.uri for label in chunk_labels])
        for page_start in range(0, len(chunk_labels), per_page):
            placed: Placed = []
            for index in range(page_start, min(page_start + per_page, len(chunk_labels))):
                left, top = size.label_origin(index - page_start)
                placed.append((left, top, label_drawing(chunk_labels[index], matrices[index], size, font)))
            yield placed
