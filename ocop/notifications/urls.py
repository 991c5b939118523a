"""The inbox at /thong-bao/."""

from django.urls import path

from ocop.notifications import views

app_name = "notifications"
urlpatterns = [
    path("thong-bao/", views.inbox, name="inbox"),
    path("thong-bao/<int:notification_id>/mo", views.notification_open, name="open"),
    path("thong-bao/doc-het", views.mark_all_read, name="mark_all_read"),
]
