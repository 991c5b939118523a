"""The GS1 resolver at the site root (contract §1): ``/01/{gtin}``, ``/01/{gtin}/10/{lot}``, ``/p/{code}``,
``/p/{code}/10/{lot}`` and ``/.well-known/gs1resolver``. A stamp URI with a serial never gets here: the
scan middleware answers it first (``ocop.trace.middleware``). A trailing slash is tolerated, as the
resolver standard asks."""

from django.urls import path, re_path

from ocop.trace import resolver_views

app_name = "resolver"
# The GTIN is checked by the view (a wrong one is a 400, not an unknown address); the lot is at most 20
# characters, which the path carries decoded.
_GTIN = r"(?P<gtin>[0-9]{1,20})"
_CODE = r"(?P<code>[^/]{1,40})"
_LOT = r"(?P<lot>[^/]{1,20})"
urlpatterns = [
    re_path(rf"^01/{_GTIN}/?$", resolver_views.product_by_gtin, name="product_by_gtin"),
    re_path(rf"^01/{_GTIN}/10/{_LOT}/?$", resolver_views.batch_by_gtin, name="batch_by_gtin"),
    re_path(rf"^p/{_CODE}/?$", resolver_views.product_by_code, name="product_by_code"),
    re_path(rf"^p/{_CODE}/10/{_LOT}/?$", resolver_views.batch_by_code, name="batch_by_code"),
    path(".well-known/gs1resolver", resolver_views.description, name="description"),
]
