from django.urls import path

from ocop.reports import views

app_name = "reports"
urlpatterns = [
    path("", views.statistics_page, name="statistics"),
]
