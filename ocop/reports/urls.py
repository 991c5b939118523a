from django.urls import path

from ocop.reports import views, views_provincial

app_name = "reports"
urlpatterns = [
    path("", views.statistics_page, name="statistics"),
    path("bao-cao/", views_provincial.provincial_report_page, name="provincial_report"),
]
