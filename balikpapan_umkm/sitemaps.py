"""sitemap.xml: an index of every public page, one set of sections per language.

Django's own i18n sitemaps build the full item list in memory for every
page request; per-language sections over querysets let the paginator use
COUNT and LIMIT instead, which matters at 30,000 products. The pages
themselves carry the hreflang links between languages.
"""

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import SitemapIndexItem, x_robots_tag
from django.db.models import Max
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import translation

from balikpapan_umkm import site
from produk.models import Event, Product, Tenant
from sentra.models import Kecamatan, Sentra


class _InLanguage(Sitemap):
    # 1,000 addresses (about 100 KB) per page: search engines fetch more, smaller pages as
    # readily, and a cached page of 5,000 took a fifth of the server's time to send.
    limit = 1000

    def __init__(self, language):
        self.language = language

    def get_protocol(self, protocol=None):
        return site.scheme()

    def get_domain(self, site_object=None):
        """The configured SITE_URL's host, whatever the request's Host header said."""
        return site.domain()

    # The page of each item, reversed once per section with a placeholder slug and
    # filled in per item: reversing 5,000 URLs one by one took a second per page.
    url_name = None
    _SLUG = "00slug00"

    def path_for(self, item):
        if self.url_name is None:
            return item.get_absolute_url()
        if not hasattr(self, "_pattern"):
            self._pattern = reverse(self.url_name, kwargs={"slug": self._SLUG})
        return self._pattern.replace(self._SLUG, item.slug)

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
            "portal:kecamatan-list",
            "produk:list",
            "portal:kuliner",
            "sentra:progres",
            "portal:media-kit",
            "events:list",
        ]

    def path_for(self, item):
        return reverse(item)


class KecamatanSitemap(_InLanguage):
    url_name = "portal:kecamatan"

    def items(self):
        return Kecamatan.objects.order_by("pk")


class SentraSitemap(_InLanguage):
    url_name = "portal:sentra"

    def items(self):
        return Sentra.objects.order_by("pk")

    def lastmod(self, sentra):
        return sentra.updated_at


class TenantSitemap(_InLanguage):
    url_name = "produk:tenant"

    def items(self):
        return Tenant.objects.listed().order_by("pk").only("slug", "updated_at")

    def lastmod(self, tenant):
        return tenant.updated_at


class ProductSitemap(_InLanguage):
    url_name = "produk:detail"

    def items(self):
        return Product.objects.public().order_by("pk").only("slug", "updated_at")

    def lastmod(self, product):
        return product.updated_at


class EventSitemap(_InLanguage):
    url_name = "events:detail"

    def items(self):
        return Event.objects.order_by("pk").only("slug", "updated_at")

    def lastmod(self, event):
        return event.updated_at


SECTIONS = {
    "halaman": PagesSitemap,
    "kecamatan": KecamatanSitemap,
    "sentra": SentraSitemap,
    "tenan": TenantSitemap,
    "produk": ProductSitemap,
    "acara": EventSitemap,
}
SITEMAPS = {
    f"{name}-{code}": section(code)
    for name, section in SECTIONS.items()
    for code, _ in settings.LANGUAGES
}


@x_robots_tag
def index(request, sitemaps, sitemap_url_name):
    """The sitemap index, like Django's but with section addresses on SITE_URL."""
    items = []
    for section, sitemap in sitemaps.items():
        location = site.absolute(reverse(sitemap_url_name, kwargs={"section": section}))
        lastmod = sitemap.get_latest_lastmod()
        items.append(SitemapIndexItem(location, lastmod))
        items.extend(
            SitemapIndexItem(f"{location}?p={page}", lastmod)
            for page in range(2, sitemap.paginator.num_pages + 1)
        )
    return TemplateResponse(
        request, "sitemap_index.xml", {"sitemaps": items}, content_type="application/xml"
    )
