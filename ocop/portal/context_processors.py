"""What every page's <head> needs from the site: its canonical address."""

from django.conf import settings
from django.http import HttpRequest


def canonical_url(request: HttpRequest) -> dict[str, str]:
    """The page's address at SITE_URL, without its query string.

    Search engines then keep one address per page whatever was appended to it (tracking parameters, a
    language switch's ``next``); a page whose parameters do make another page (the catalogue's filters and
    pages) puts its own ``canonical_url`` in its context, which wins over this one.
    """
    return {"canonical_url": settings.SITE_URL + request.path}
