from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path, re_path
from django.utils.translation import gettext_lazy as _
from django.views.generic import RedirectView, TemplateView

from . import data_views, health, media, pwa, sitemaps, views
from .admin_tools import view_on_site
from .oc4ids import views as oc4ids_views
from .sitemaps import SITEMAPS

admin.site.site_header = _("Sentra UMKM Balikpapan: back office")
admin.site.site_title = _("Sentra UMKM Balikpapan")
admin.site.index_title = _("Back office")

urlpatterns = [
    # Before the admin's own route of the same path: scoped to what the user may see.
    path(
        "admin/r/<int:content_type_id>/<path:object_id>/",
        admin.site.admin_view(view_on_site),
        name="admin-view-on-site",
    ),
    # Tenants and permits moved to the listings app: old back-office bookmarks still work.
    re_path(
        r"^admin/sentra/(?P<model>tenant|permit)/(?P<rest>.*)$",
        RedirectView.as_view(url="/admin/produk/%(model)s/%(rest)s", query_string=True),
    ),
    path("admin/", admin.site.urls),
    path("healthz", health.healthz, name="healthz"),
    # At the root, so that it may serve every page of the site (balikpapan_umkm/pwa.py).
    path("sw.js", pwa.service_worker, name="service-worker"),
    path(
        "robots.txt",
        TemplateView.as_view(template_name="robots.txt", content_type="text/plain"),
        name="robots",
    ),
    path(
        "sitemap.xml",
        sitemaps.index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap-section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": SITEMAPS},
        name="sitemap-section",
    ),
    # Open data downloads: the same file in both languages, so one address each.
    re_path(
        r"^data/(?P<dataset>[a-z]+)\.(?P<format>csv|json)$",
        data_views.download,
        name="data-download",
    ),
    # The centres as OC4IDS infrastructure projects (balikpapan_umkm/oc4ids), likewise.
    path("data/oc4ids.json", oc4ids_views.package, name="oc4ids-package"),
    path("data/oc4ids/<slug:slug>.json", oc4ids_views.project, name="oc4ids-project"),
]
# Pages that join places and listings (the apps stay apart; see views.py).
portal_patterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("kecamatan/", views.KecamatanListView.as_view(), name="kecamatan-list"),
    path("kecamatan/<slug:slug>/", views.KecamatanDetailView.as_view(), name="kecamatan"),
    path("sentra/<slug:slug>/", views.SentraDetailView.as_view(), name="sentra"),
    path("kuliner/", views.CulinaryGuideView.as_view(), name="kuliner"),
    path("cari/", views.SiteSearchView.as_view(), name="search"),
    path("data/", data_views.OpenDataView.as_view(), name="data"),
    path("manifest.webmanifest", pwa.manifest, name="manifest"),
    path("luring/", pwa.OfflineView.as_view(), name="offline"),
]

# Indonesian at the bare paths, English under /en/.
urlpatterns += i18n_patterns(
    path("", include((portal_patterns, "portal"))),
    path("", include("sentra.urls")),
    path("", include("produk.urls")),
    prefix_default_language=False,
)
if settings.SERVE_MEDIA:
    urlpatterns.append(path("media/<path:path>", media.serve_media, name="media"))
elif settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

handler500 = "balikpapan_umkm.errors.server_error"
