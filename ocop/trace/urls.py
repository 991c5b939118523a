"""The traceability screens of producers and officers: batches, stamp runs, sheets, alerts."""

from django.urls import path  # noqa: F401 (the screens add their paths here)

app_name = "trace"
urlpatterns: list = []
