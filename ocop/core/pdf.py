"""WeasyPrint for every app that writes PDF documents (certificates, the provincial report)."""

from typing import Any

from PIL import ImageFile


def weasyprint_html() -> Any:
    """WeasyPrint's ``HTML``, imported on first use. Importing WeasyPrint sets Pillow's process-wide
    ``ImageFile.LOAD_TRUNCATED_IMAGES``, after which every upload check of the worker (product images,
    dossier evidence) would take a cut-off image for a whole one: the flag is put back as it was. The
    documents hold no raster image for WeasyPrint to need it."""
    truncated_allowed = ImageFile.LOAD_TRUNCATED_IMAGES
    from weasyprint import HTML

    ImageFile.LOAD_TRUNCATED_IMAGES = truncated_allowed
    return HTML
