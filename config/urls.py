from functools import partial

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog
from ninja.openapi.views import openapi_json, openapi_view

from config.api import api
from ocop.registry.views.images import product_image_file

urlpatterns = [
    path("api/v1/", api.urls),
    # The current version's description and docs also at version-free addresses, for people and tools.
    path("api/openapi.json", partial(openapi_json, api=api), name="openapi_json"),
    path("api/docs", partial(openapi_view, api=api), name="openapi_docs"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("admin/", admin.site.urls),
    path("accounts/", include("ocop.accounts.urls")),
    path("", include("ocop.core.urls")),
    path("registry/", include("ocop.registry.urls")),
    path("thong-ke/", include("ocop.reports.urls")),
    path("", include("ocop.portal.catalogue_urls")),
    path("", include("ocop.portal.urls")),
]

if settings.MEDIA_URL.startswith("/"):
    # Product images, served by the application unless SERVE_MEDIA is off (see the view).
    urlpatterns.insert(
        0,
        path(f"{settings.MEDIA_URL[1:]}products/<path:path>", product_image_file, name="product_image_file"),
    )

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

__all__ = ["i18n_patterns", "urlpatterns"]
