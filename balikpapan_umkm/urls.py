from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path, re_path
from django.utils.translation import gettext_lazy as _
from django.views.generic import RedirectView, TemplateView

from produk import event_views

from . import data_views, health, media, media_kit, pwa, qr_card_views, sharing, sitemaps, views
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
    # Printable QR cards as pictures, and a centre's signboard code (balikpapan_umkm/qr_cards.py):
    # Indonesian, the site's language, so one address each; the print pages are in portal_patterns.
    re_path(
        r"^sentra/(?P<slug>[-a-zA-Z0-9_]+)/kartu\.(?P<format>png|svg)$",
        qr_card_views.centre_card,
        name="sentra-card-picture",
    ),
    re_path(
        r"^sentra/(?P<slug>[-a-zA-Z0-9_]+)/papan-proyek\.(?P<format>png|svg)$",
        qr_card_views.signboard,
        name="sentra-signboard",
    ),
    re_path(
        r"^tenan/(?P<slug>[-a-zA-Z0-9_]+)/kartu\.(?P<format>png|svg)$",
        qr_card_views.tenant_card,
        name="tenant-card-picture",
    ),
    # Share cards (og:image) of centres, tenants and products, one for both languages; the key
    # names what the card shows (balikpapan_umkm/share_cards.py).
    re_path(
        r"^og/(?P<kind>sentra|tenan|produk|acara)/(?P<slug>[-a-zA-Z0-9_]+)/(?P<key>[0-9a-f]{16})\.jpg$",
        sharing.card_image,
        name="share-card",
    ),
    # Events as iCalendar files (produk.ical): the same in both languages, likewise.
    path("acara.ics", event_views.calendar_feed, name="events-calendar"),
    path("acara/<slug:slug>.ics", event_views.event_calendar, name="event-calendar"),
]
# Pages that join places and listings (the apps stay apart; see views.py).
portal_patterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("kecamatan/", views.KecamatanListView.as_view(), name="kecamatan-list"),
    path("kecamatan/<slug:slug>/", views.KecamatanDetailView.as_view(), name="kecamatan"),
    path("sentra/<slug:slug>/", views.SentraDetailView.as_view(), name="sentra"),
    path("sentra/<slug:slug>/kartu/", qr_card_views.CentreCardView.as_view(), name="sentra-card"),
    path("tenan/<slug:slug>/kartu/", qr_card_views.TenantCardView.as_view(), name="tenant-card"),
    path("kuliner/", views.CulinaryGuideView.as_view(), name="kuliner"),
    path("cari/", views.SiteSearchView.as_view(), name="search"),
    path("data/", data_views.OpenDataView.as_view(), name="data"),
    path("untuk-media/", media_kit.MediaKitView.as_view(), name="media-kit"),
    path("manifest.webmanifest", pwa.manifest, name="manifest"),
    path("luring/", pwa.OfflineView.as_view(), name="offline"),
]

# Indonesian at the bare paths, English under /en/.
urlpatterns += i18n_patterns(
    path("", include((portal_patterns, "portal"))),
    path("", include("sentra.urls")),
    path("", include("produk.urls")),
    path("", include("produk.event_urls")),
    prefix_default_language=False,
)
if settings.SERVE_MEDIA:
    urlpatterns.append(path("media/<path:path>", media.serve_media, name="media"))
elif settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

handler500 = "balikpapan_umkm.errors.server_error"
