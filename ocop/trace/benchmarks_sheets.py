"""How long a print run of stamps takes to become a PDF (issue #11: 10,000 labels within 30 s)."""

import secrets
import string
import time

from ocop.trace.sheets import LABEL_SIZES, Label, sheet_pdf, sheet_svg

SERIAL_ALPHABET = string.ascii_letters + string.digits + "-_"


def realistic_labels(count: int) -> list[Label]:
    """Labels as the platform issues them: one product and lot, a random 16-character serial each."""
    labels = []
    for _ in range(count):
        serial = "".join(secrets.choice(SERIAL_ALPHABET) for _ in range(16))
        labels.append(
            Label(
                uri=f"https://ocop.gov.vn/p/51-21400-901-2025/10/L2026-01/21/{serial}",
                product_name="Nước mắm Sa Huỳnh truyền thống 40 độ đạm",
                stars=4,
                potential_five_star=True,
                lot="L2026-01",
                serial=serial,
            )
        )
    return labels


def bench_sheet_pdf(
    count: int = 10_000, size_name: str = "a4-3x8", *, with_svg: bool = True
) -> dict[str, float]:
    """Seconds to build the PDF (and, for comparison, the SVG pages) of ``count`` labels, and its bytes."""
    labels = realistic_labels(count)
    size = LABEL_SIZES[size_name]
    started = time.perf_counter()
    document = sheet_pdf(labels, size)
    pdf_seconds = time.perf_counter() - started
    figures = {
        "labels": float(count),
        "pdf_seconds": round(pdf_seconds, 2),
        "pdf_bytes": float(len(document)),
    }
    if not with_svg:
        return figures
    started = time.perf_counter()
    pages = sheet_svg(labels, size)
    svg_seconds = time.perf_counter() - started
    return {
        **figures,
        "svg_seconds": round(svg_seconds, 2),
        "svg_bytes": float(sum(len(page.encode()) for page in pages)),
    }
