"""sitemap.xml: every public page, in both languages (hreflang alternates)."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from produk.models import Product
from sentra.models import Kecamatan, Sentra, Tenant


class _Bilingual(Sitemap):
    i18n = True
    alternates = True
    x_default = True
    limit = 20000  # x2 languages stays under the protocol's 50,000 URLs per file


class StaticSitemap(_Bilingual):
    changefreq = "daily"

    def items(self):
        return [
            "sentra:home",
            "sentra:kecamatan-list",
            "produk:list",
            "sentra:kuliner",
            "sentra:progres",
        ]

    def location(self, item):
        return reverse(item)


class KecamatanSitemap(_Bilingual):
    def items(self):
        return Kecamatan.objects.order_by("pk")


class SentraSitemap(_Bilingual):
    def items(self):
        return Sentra.objects.order_by("pk")

    def lastmod(self, sentra):
        return sentra.updated_at


class TenantSitemap(_Bilingual):
    def items(self):
        return Tenant.objects.active().order_by("pk")

    def lastmod(self, tenant):
        return tenant.updated_at


class ProductSitemap(_Bilingual):
    def items(self):
        return Product.objects.public().order_by("pk").only("slug", "updated_at")

    def lastmod(self, product):
        return product.updated_at


SITEMAPS = {
    "halaman": StaticSitemap,
    "kecamatan": KecamatanSitemap,
    "sentra": SentraSitemap,
    "tenan": TenantSitemap,
    "produk": ProductSitemap,
}
