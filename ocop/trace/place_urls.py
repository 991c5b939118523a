"""The place of a scan, posted from the scan page with consent: ``/truy-xuat/quet/{scan_id}/khu-vuc``."""

from django.urls import path

from ocop.trace import place_views

app_name = "place"
urlpatterns = [path("<int:scan_id>/khu-vuc", place_views.scan_place, name="scan_place")]
