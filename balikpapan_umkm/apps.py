from django.apps import AppConfig


class PortalConfig(AppConfig):
    """The project package as an app: site-wide commands, template tags and checks."""

    name = "balikpapan_umkm"
    verbose_name = "Portal Sentra UMKM Balikpapan"
