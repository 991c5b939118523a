from django.urls import path

from ocop.reports import views, views_dashboard, views_provincial

app_name = "reports"
urlpatterns = [
    path("", views.statistics_page, name="statistics"),
    path("bang-dieu-khien/", views_dashboard.dashboard_page, name="dashboard"),
    path("bao-cao/", views_provincial.provincial_report_page, name="provincial_report"),
]
