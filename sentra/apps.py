from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SentraConfig(AppConfig):
    name = "sentra"
    verbose_name = _("UMKM centres")
