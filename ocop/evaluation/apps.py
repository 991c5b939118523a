from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationConfig(AppConfig):
    name = "ocop.evaluation"
    label = "evaluation"
    verbose_name = _("Đánh giá, phân hạng")

    def ready(self) -> None:
        from ocop.core.daily import NOTICES, daily_job
        from ocop.evaluation import daily

        daily_job(name="evaluation.reminders", order=NOTICES, run=daily.reminders)
