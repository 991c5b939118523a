from functools import partial

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.urls import include, path
from django.views import defaults
from django.views.i18n import JavaScriptCatalog
from ninja.openapi.views import openapi_json, openapi_view

from config.api import BAD_REQUEST, FORBIDDEN, NOT_FOUND, SERVER_ERROR, api, api_urls, error_answer
from ocop.registry.views.images import product_image_file

urlpatterns = [
    path("api/v1/", api_urls()),
    # The current version's description and docs also at version-free addresses, for people and tools.
    path("api/openapi.json", partial(openapi_json, api=api), name="openapi_json"),
    path("api/docs", partial(openapi_view, api=api), name="openapi_docs"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("admin/", admin.site.urls),
    path("accounts/", include("ocop.accounts.urls")),
    path("", include("ocop.accounts.audit_urls")),
    path("registry/", include("ocop.registry.urls")),
    path("thong-ke/", include("ocop.reports.urls")),
    path("ket-noi/", include("ocop.trade.agreements.urls")),
    path("", include("ocop.evaluation.urls")),
    path("truy-xuat/canh-bao/", include("ocop.trace.alert_urls")),
    path("truy-xuat/quet/", include("ocop.trace.place_urls")),
    path("truy-xuat/", include("ocop.trace.urls")),
    path("giao-thuong/", include("ocop.trade.urls")),
    path("diem-ban/", include("ocop.outlets.urls")),
    path("", include("ocop.trace.resolver_urls")),
    path("", include("ocop.notifications.urls")),
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


# What Django answers itself (an unknown address, a malformed request, a crash outside an endpoint) is JSON
# under /api/, like every answer of the API, and the site's pages elsewhere.
def _is_api(request: HttpRequest) -> bool:
    return request.path_info.startswith("/api/")


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    return (
        error_answer(request, 400, BAD_REQUEST)
        if _is_api(request)
        else defaults.bad_request(request, exception)
    )


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    if _is_api(request):
        return error_answer(request, 403, FORBIDDEN)
    return defaults.permission_denied(request, exception)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return (
        error_answer(request, 404, NOT_FOUND)
        if _is_api(request)
        else defaults.page_not_found(request, exception)
    )


def server_error(request: HttpRequest) -> HttpResponse:
    return error_answer(request, 500, SERVER_ERROR) if _is_api(request) else defaults.server_error(request)


handler400 = bad_request
handler403 = permission_denied
handler404 = page_not_found
handler500 = server_error

__all__ = ["handler400", "handler403", "handler404", "handler500", "i18n_patterns", "urlpatterns"]
