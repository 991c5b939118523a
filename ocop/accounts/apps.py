from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "ocop.accounts"
    label = "accounts"
