from django.apps import AppConfig
from django.core import checks


class AccountsConfig(AppConfig):
    name = "ocop.accounts"
    label = "accounts"

    def ready(self) -> None:
        from ocop.accounts.checks import check_backends_are_throttled

        checks.register(check_backends_are_throttled, checks.Tags.security)
