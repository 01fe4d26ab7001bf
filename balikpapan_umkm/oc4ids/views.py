"""The OC4IDS files: /data/oc4ids.json (every centre) and /data/oc4ids/<slug>.json (one).

Served inline as application/json: the address is the package's `uri`, which OC4IDS
asks to be dereferenceable, so a browser shows the file and a tool reads it from the
same address; the Content-Disposition still names a dated file for "save as", as the
other downloads do. Public and cacheable for a minute, as they are, and set no cookie.
Unlike the streamed downloads the page cache may keep these (they are complete pages,
forgotten at every change of a centre), so a package is built once per change.

Queries: five, however many centres (balikpapan_umkm.oc4ids.centres()).
"""

import json

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from balikpapan_umkm import oc4ids, site
from balikpapan_umkm.data_views import MAX_AGE


@require_safe
def package(request):
    """Every centre as one project package; 404 while there is no centre to publish."""
    centres = list(oc4ids.centres())
    if not centres:
        raise Http404("No centre has been published yet.")
    data = oc4ids.package(centres, uri=site.absolute(reverse("oc4ids-package")))
    return _json_file(data, "oc4ids")


@require_safe
def project(request, slug):
    """One centre as a package of its one project; 404 for an unknown centre."""
    centre = get_object_or_404(oc4ids.centres(), slug=slug)
    uri = site.absolute(reverse("oc4ids-project", kwargs={"slug": centre.slug}))
    return _json_file(oc4ids.package([centre], uri=uri), f"oc4ids-{centre.slug}")


def _json_file(data, name):
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2) + "\n", content_type="application/json"
    )
    filename = f"sentra-umkm-balikpapan-{name}-{timezone.localdate():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    patch_cache_control(response, public=True, max_age=MAX_AGE)
    return response
