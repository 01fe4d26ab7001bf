"""sitemap.xml: an index of every public page, one set of sections per language.

Django's own i18n sitemaps build the full item list in memory for every
page request; per-language sections over querysets let the paginator use
COUNT and LIMIT instead, which matters at 30,000 products. The pages
themselves carry the hreflang links between languages.
"""

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import reverse
from django.utils import translation

from produk.models import Product, Tenant
from sentra.models import Kecamatan, Sentra


class _InLanguage(Sitemap):
    limit = 5000

    def __init__(self, language):
        self.language = language

    def path_for(self, item):
        return item.get_absolute_url()

    def location(self, item):
        with translation.override(self.language):
            return self.path_for(item)

    def get_latest_lastmod(self):
        """For the index: one MAX() query, instead of Django's default loop over every item."""
        if not hasattr(self, "lastmod"):
            return None
        return self.items().order_by().aggregate(latest=Max("updated_at"))["latest"]


class PagesSitemap(_InLanguage):
    changefreq = "daily"

    def items(self):
        return [
            "portal:home",
            "sentra:kecamatan-list",
            "produk:list",
            "portal:kuliner",
            "sentra:progres",
        ]

    def path_for(self, item):
        return reverse(item)


class KecamatanSitemap(_InLanguage):
    def items(self):
        return Kecamatan.objects.order_by("pk")


class SentraSitemap(_InLanguage):
    def items(self):
        return Sentra.objects.order_by("pk")

    def lastmod(self, sentra):
        return sentra.updated_at


class TenantSitemap(_InLanguage):
    def items(self):
        return Tenant.objects.listed().order_by("pk").only("slug", "updated_at")

    def lastmod(self, tenant):
        return tenant.updated_at


class ProductSitemap(_InLanguage):
    def items(self):
        return Product.objects.public().order_by("pk").only("slug", "updated_at")

    def lastmod(self, product):
        return product.updated_at


SECTIONS = {
    "halaman": PagesSitemap,
    "kecamatan": KecamatanSitemap,
    "sentra": SentraSitemap,
    "tenan": TenantSitemap,
    "produk": ProductSitemap,
}
SITEMAPS = {
    f"{name}-{code}": section(code)
    for name, section in SECTIONS.items()
    for code, _ in settings.LANGUAGES
}
