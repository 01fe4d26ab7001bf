from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProdukConfig(AppConfig):
    name = "produk"
    verbose_name = _("Products")
