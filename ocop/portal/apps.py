from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "ocop.portal"
    label = "portal"
