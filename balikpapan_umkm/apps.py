from django.apps import AppConfig
from django.db.models import signals


class PortalConfig(AppConfig):
    """The project package as an app: site-wide commands, template tags and checks."""

    name = "balikpapan_umkm"
    verbose_name = "Portal Sentra UMKM Balikpapan"

    def ready(self):
        from . import checks  # noqa: F401 (registers the deployment checks)
        from .page_cache import forget_pages_after_commit

        # Any save or delete of a shown model makes kept public pages stale (page_cache.py).
        for signal in (signals.post_save, signals.post_delete, signals.m2m_changed):
            signal.connect(forget_pages_after_commit, dispatch_uid=f"page-cache-{signal!r}")
