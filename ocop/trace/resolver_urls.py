"""The GS1 resolver at the site root (contract §1): ``/01/{gtin}``, ``/01/{gtin}/10/{lot}``, ``/p/{code}``,
``/p/{code}/10/{lot}`` and ``/.well-known/gs1resolver``. A stamp URI with a serial never gets here: the
scan middleware answers it first (``ocop.trace.middleware``)."""

from django.urls import path  # noqa: F401 (the resolver adds its paths here)

app_name = "resolver"
urlpatterns: list = []
