from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutletsConfig(AppConfig):
    name = "ocop.outlets"
    label = "outlets"
    verbose_name = _("Điểm giới thiệu và bán sản phẩm OCOP")
