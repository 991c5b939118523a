"""Counterfeit alerts, at ``/truy-xuat/canh-bao/``."""

from django.urls import path

from ocop.trace import alert_views

app_name = "alerts"
urlpatterns = [
    path("", alert_views.alert_list, name="list"),
    path("<int:alert_id>/da-xu-ly", alert_views.alert_resolve, name="resolve"),
]
