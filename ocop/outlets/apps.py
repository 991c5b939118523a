from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutletsConfig(AppConfig):
    name = "ocop.outlets"
    label = "outlets"
    verbose_name = _("Điểm giới thiệu và bán sản phẩm OCOP")

    def ready(self) -> None:
        from ocop.core.daily import NOTICES, daily_job
        from ocop.outlets import daily

        # After the producers' reminders; the lapses before the expiries, as the round printed them first.
        daily_job(name="outlets.lapses", order=NOTICES + 10, run=daily.lapses)
        daily_job(name="outlets.expiring", order=NOTICES + 20, run=daily.expiring)
