"""Installable on a phone: the web app manifest, the service worker and the offline page.

- /manifest.webmanifest (and /en/manifest.webmanifest): name, colours and icons, in
  the page's language; both describe the same app (`id` "/"), whose scope is the
  whole site.
- /sw.js: the service worker, at the site's root so that it may serve every page. Its
  code is static/js/sw.js; this view puts in front of it what only the server knows:
  the hashed URLs of the files to keep at installation (static() gives the names
  collectstatic wrote) and the offline page of each language. Its version is a digest
  of all that, so a deploy that changes a file or the worker replaces the old caches.
  It is never cached (no-cache), nor kept by the page cache, so browsers see a new
  version at their next check.
- /luring/ (and /en/luring/): the page a visitor gets for a page they never opened
  while offline.
"""

import hashlib
import json
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import HttpResponse, JsonResponse
from django.templatetags.static import static
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from django.views.generic import TemplateView

THEME_COLOUR = "#0b5d6b"  # --brand in static/css/portal.css, and <meta name="theme-color">
BACKGROUND_COLOUR = "#f7f5f0"  # --paper: the splash screen while the first page loads
# Drawn from static/img/mark.svg by scripts/make_icons.py: (file, side in px, purpose).
ICONS = [
    ("img/icon-192.png", 192, "any"),
    ("img/icon-512.png", 512, "any"),
    ("img/icon-maskable-192.png", 192, "maskable"),
    ("img/icon-maskable-512.png", 512, "maskable"),
]
# Kept by the service worker at installation: what every page (and so the offline page)
# needs to look right. Map scripts and pictures are kept once a visitor's page used them.
PRECACHED_STATIC = ["css/portal.css", "img/mark.svg", "img/favicon.svg", "js/pwa.js"]
SERVICE_WORKER_CODE = "js/sw.js"


@require_safe
def manifest(request):
    """The web app manifest, in the language of its URL."""
    icons = [
        {"src": static(name), "sizes": f"{side}x{side}", "type": "image/png", "purpose": purpose}
        for name, side, purpose in ICONS
    ]
    data = {
        "id": "/",
        "name": _("Sentra UMKM Balikpapan"),
        "short_name": _("Sentra UMKM"),
        "description": _(
            "Local products, culinary destinations and the construction progress of "
            "Balikpapan's UMKM centres."
        ),
        "lang": translation.get_language(),
        "dir": "ltr",
        "start_url": reverse("portal:home"),
        "scope": "/",
        "display": "standalone",
        "theme_color": THEME_COLOUR,
        "background_color": BACKGROUND_COLOUR,
        "categories": ["shopping", "food", "government"],
        "icons": icons,
        "shortcuts": [
            {"name": _("Culinary"), "url": reverse("portal:kuliner"), "icons": icons[:1]},
            {"name": _("Products"), "url": reverse("produk:list"), "icons": icons[:1]},
        ],
    }
    return JsonResponse(data, content_type="application/manifest+json")


def service_worker_settings():
    """What the worker's code needs from the server: files to keep and the offline pages."""
    offline_pages = []
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            offline_pages.append([reverse("portal:home"), reverse("portal:offline")])
    # The longest language prefix first: "/en/" before the default language's "/".
    offline_pages.sort(key=lambda pair: len(pair[0]), reverse=True)
    return {
        "precache": [static(name) for name in PRECACHED_STATIC] + [p for _h, p in offline_pages],
        "offlinePages": offline_pages,
        "staticPrefix": settings.STATIC_URL,
        # The back office and its files, the health check and the worker itself.
        "neverCached": [
            reverse("admin:index"),
            settings.STATIC_URL + "admin/",
            reverse("healthz"),
            reverse("service-worker"),
        ],
    }


@require_safe
def service_worker(request):
    """static/js/sw.js, with its settings and version in front, served at the site's root."""
    code = Path(finders.find(SERVICE_WORKER_CODE)).read_text(encoding="utf-8")
    config = json.dumps(service_worker_settings(), indent=1, sort_keys=True)
    version = hashlib.sha256((config + code).encode()).hexdigest()[:12]
    body = (
        '"use strict";\n'
        "// Written by balikpapan_umkm/pwa.py in front of static/js/sw.js.\n"
        f'const VERSION = "{version}";\n'
        f"const SETTINGS = {config};\n\n{code}"
    )
    response = HttpResponse(body, content_type="text/javascript; charset=utf-8")
    # The worker's scope is the site; browsers must check for a new version every time.
    response["Service-Worker-Allowed"] = "/"
    patch_cache_control(response, no_cache=True, max_age=0)
    return response


class OfflineView(TemplateView):
    """Shown by the service worker, offline, for a page the visitor never opened."""

    template_name = "portal/offline.html"
