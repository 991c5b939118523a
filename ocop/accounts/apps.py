from django.apps import AppConfig
from django.core import checks
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "ocop.accounts"
    label = "accounts"
    verbose_name = _("Tài khoản")

    def ready(self) -> None:
        from ocop.accounts.checks import check_backends_are_throttled

        checks.register(check_backends_are_throttled, checks.Tags.security)
