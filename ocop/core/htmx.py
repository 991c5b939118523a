"""Whether a request came from htmx for part of a page, which views then answer with a fragment."""

from django.http import HttpRequest


def is_htmx(request: HttpRequest) -> bool:
    """htmx asked, and not to restore a page from its history (that asks for the whole page)."""
    return request.headers.get("HX-Request") == "true" and not request.headers.get(
        "HX-History-Restore-Request"
    )
