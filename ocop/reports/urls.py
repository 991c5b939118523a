from django.urls import path

from ocop.reports import views, views_dashboard

app_name = "reports"
urlpatterns = [
    path("", views.statistics_page, name="statistics"),
    path("bang-dieu-khien/", views_dashboard.dashboard_page, name="dashboard"),
]
