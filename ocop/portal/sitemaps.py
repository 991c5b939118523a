"""How search engines find the catalogue: ``robots.txt`` and the sitemaps of product and producer pages.

``/sitemap.xml`` is a sitemap index; each section (products, producers) is one file of at most 50,000
addresses, the protocol's limit, with more pages (``?p=2``…) as the registry grows past that. Every address
and the index itself are absolute at SITE_URL, whatever host the request came by, like the canonical links
of the pages they list. A section is built once per registry version (``ocop.registry.version``) and kept in
the cache; a crawler that sends back the ETag gets 304 without that.
"""

import datetime
import hashlib
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import sitemap as sitemap_view
from django.core.cache import cache
from django.core.paginator import EmptyPage, PageNotAnInteger
from django.db.models import Max, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.views.decorators.http import etag, require_safe

from ocop.registry.selectors import producer_pages_public, product_pages_public, public_slug
from ocop.registry.version import registry_version

# How long a crawler or a proxy may keep robots.txt and the sitemaps without asking again.
MAX_AGE_SECONDS = 60 * 60
# Kept in the cache this long at most; a new registry version makes a new key long before.
CACHE_SECONDS = 24 * 60 * 60
# Under /api/, only the documentation is for people.
DISALLOWED_PREFIXES = (
    "/registry/",
    "/accounts/",
    "/admin/",
    "/audit/",
    "/api/",
    "/i18n/",
    "/jsi18n/",
    "/trang-cua-toi/",
)
ALLOWED_PREFIXES = ("/accounts/login/", "/api/docs")


@dataclass(frozen=True)
class IndexEntry:
    """One line of the index, as ``sitemap_index.xml`` reads it."""

    location: str
    last_mod: datetime.datetime | None


class _PublicPages(Sitemap):
    """Addresses at SITE_URL (the protocol and host of the setting, not of the request)."""

    limit = 50_000
    url_name = ""

    def __init__(self) -> None:
        self.protocol = urlsplit(settings.SITE_URL).scheme or "https"

    def get_domain(self, site: Any = None) -> str:
        return urlsplit(settings.SITE_URL).netloc

    def items(self) -> QuerySet[Any]:
        raise NotImplementedError

    def location(self, item: Any) -> str:
        # The prefix of SITE_URL, if any, comes with reverse() (the script prefix), not with the domain.
        return reverse(self.url_name, args=[item.id, public_slug(item.name)])

    def lastmod(self, item: Any) -> datetime.datetime:
        changed_at: datetime.datetime = item.changed_at
        return changed_at

    def get_latest_lastmod(self) -> datetime.datetime | None:
        """In one query, where the base class reads every item."""
        found = self.items().order_by().aggregate(latest=Max("changed_at"))
        latest: datetime.datetime | None = found["latest"]
        return latest


class ProductPages(_PublicPages):
    url_name = "catalogue:product_detail"

    def items(self) -> QuerySet[Any]:
        return product_pages_public()


class ProducerPages(_PublicPages):
    url_name = "catalogue:producer_detail"

    def items(self) -> QuerySet[Any]:
        return producer_pages_public()


SECTIONS: dict[str, type[_PublicPages]] = {"products": ProductPages, "producers": ProducerPages}


def _version_tag(request: HttpRequest, *args: Any, **kwargs: Any) -> str:
    return hashlib.sha256(repr(registry_version()).encode()).hexdigest()[:32]


def _cacheable(response: HttpResponse) -> HttpResponse:
    patch_cache_control(response, public=True, max_age=MAX_AGE_SECONDS)
    return response


@require_safe
def robots_txt(request: HttpRequest) -> HttpResponse:
    lines = ["User-agent: *"]
    lines += [f"Allow: {prefix}" for prefix in ALLOWED_PREFIXES]
    lines += [f"Disallow: {prefix}" for prefix in DISALLOWED_PREFIXES]
    lines += ["", f"Sitemap: {settings.SITE_URL}{reverse('portal:sitemap_index')}", ""]
    return _cacheable(HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8"))


@require_safe
@etag(_version_tag)
def sitemap_index(request: HttpRequest) -> HttpResponse:
    tag = _version_tag(request)
    key = f"portal:sitemap-index:{tag}"
    content = cache.get(key)
    if content is None:
        items = []
        for section, make in SECTIONS.items():
            pages = make()
            location = settings.SITE_URL + reverse("portal:sitemap_section", kwargs={"section": section})
            last_changed = pages.get_latest_lastmod()
            items.append(IndexEntry(location, last_changed))
            items += [
                IndexEntry(f"{location}?p={page}", last_changed)
                for page in range(2, pages.paginator.num_pages + 1)
            ]
        response = TemplateResponse(request, "sitemap_index.xml", {"sitemaps": items}, "application/xml")
        content = response.render().content
        cache.set(key, content, CACHE_SECONDS)
    return _cacheable(HttpResponse(content, content_type="application/xml"))


@require_safe
@etag(_version_tag)
def sitemap_section(request: HttpRequest, section: str) -> HttpResponse:
    if section not in SECTIONS:
        raise Http404(section)
    page = request.GET.get("p", "1")
    if not page.isdigit():
        raise Http404(page)
    key = f"portal:sitemap:{section}:{int(page)}:{_version_tag(request)}"
    content = cache.get(key)
    if content is None:
        try:
            response = sitemap_view(request, {section: SECTIONS[section]}, section=section)
        except (EmptyPage, PageNotAnInteger) as error:
            raise Http404(page) from error
        content = response.render().content
        cache.set(key, content, CACHE_SECONDS)
    return _cacheable(HttpResponse(content, content_type="application/xml"))
