from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "ocop.reports"
    label = "reports"
