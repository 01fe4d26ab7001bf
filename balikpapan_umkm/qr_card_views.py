"""The QR cards' addresses (balikpapan_umkm/qr_cards.py draws them).

- /sentra/<slug>/kartu.png and .svg, /tenan/<slug>/kartu.png and .svg: the card as
  a picture. One address each, outside /en/ (like the open data files): the card's
  text is Indonesian, the site's language, and its code opens the Indonesian page.
- /sentra/<slug>/kartu/ and /tenan/<slug>/kartu/ (and under /en/): the A6 print
  page, in the page's language, its code opening the page in that language.
- /sentra/<slug>/papan-proyek.png and .svg: the signboard's code, for a centre
  under construction only. A signboard stands while the works last; an operating
  centre has none to print (404), and codes already printed keep working, since
  they open the centre's page, not this picture.

The centres are those with a page (all of them); the tenants are the listed ones
(approved and active): a closed stall's page stays as a record, but a card
would send visitors to a stall that is gone.

The pictures are drawn on each request: a card takes about 60 ms (PNG) or 3 ms
(SVG), a signboard code less. Anonymous answers are public for a minute, as
pages may be late, so the page cache (balikpapan_umkm/page_cache.py) keeps them
like pages and forgets them when data changes. Queries: one, the object with
its centre and district.
"""

import functools

from django.conf import settings
from django.http import Http404, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.utils.decorators import method_decorator
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe
from django.views.generic import DetailView

from balikpapan_umkm import qr_cards
from produk.models import Tenant
from sentra.models import Sentra

# Browsers and proxies may keep an answer this long (seconds), as long as a kept page may be late.
MAX_AGE = 60
CONTENT_TYPES = {"png": "image/png", "svg": "image/svg+xml"}


def centres():
    """The centres that have a page, with their district (the centre page shows every one)."""
    return Sentra.objects.for_listing()


def tenants():
    """The tenants that get a card: listed ones, with their centre and district."""
    return Tenant.objects.listed().for_listing()


def without_query(view):
    """A picture has one address: a query string is sent to the bare path first.

    Each query string would otherwise be a new page-cache entry and a new drawing
    (a PNG card costs some 50 ms of CPU), which anyone could repeat at will.
    """

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.META.get("QUERY_STRING"):
            response = HttpResponsePermanentRedirect(request.path)
            patch_cache_control(response, public=True, max_age=MAX_AGE)
            return response
        return view(request, *args, **kwargs)

    return wrapped


def _picture(content, format, filename):
    response = HttpResponse(content, content_type=CONTENT_TYPES[format])
    response["Content-Disposition"] = f'inline; filename="{filename}.{format}"'
    patch_cache_control(response, public=True, max_age=MAX_AGE)
    return response


def _card_picture(card, format, filename):
    return _picture(card.png() if format == "png" else card.svg(), format, filename)


@require_safe
@without_query
def centre_card(request, slug, format):
    with translation.override(settings.LANGUAGE_CODE):
        card = qr_cards.for_centre(get_object_or_404(centres(), slug=slug))
        return _card_picture(card, format, f"kartu-{slug}")


@require_safe
@without_query
def tenant_card(request, slug, format):
    with translation.override(settings.LANGUAGE_CODE):
        card = qr_cards.for_tenant(get_object_or_404(tenants(), slug=slug))
        return _card_picture(card, format, f"kartu-{slug}")


@require_safe
@without_query
def signboard(request, slug, format):
    sentra = get_object_or_404(Sentra, slug=slug)
    if not sentra.is_under_construction:
        raise Http404("Only a centre under construction has a signboard")
    with translation.override(settings.LANGUAGE_CODE):
        url = qr_cards.signboard_url(sentra)
        title = _("%(centre)s: construction") % {"centre": qr_cards.drawable(sentra.name)}
        if format == "png":
            content = qr_cards.signboard_png(url)
        else:
            content = qr_cards.signboard_svg(url, title)
    return _picture(content, format, f"papan-proyek-{slug}")


@method_decorator(cache_control(public=True, max_age=MAX_AGE), name="get")
class CardPageView(DetailView):
    """The A6 print page of one card, in the page's language."""

    template_name = "portal/qr_card.html"
    picture_url_name = None

    def get_context_data(self, **kwargs):
        card = self.make_card(self.object)
        slug = {"slug": self.object.slug}
        return super().get_context_data(
            card=card,
            # segno's own markup: the URL is in the drawn modules, no text of ours is in it.
            qr_svg=mark_safe(card.qr_svg(css_class="qr-card__code")),
            png_url=reverse(self.picture_url_name, kwargs={**slug, "format": "png"}),
            svg_url=reverse(self.picture_url_name, kwargs={**slug, "format": "svg"}),
            **kwargs,
        )


class CentreCardView(CardPageView):
    context_object_name = "sentra"
    picture_url_name = "sentra-card-picture"

    def get_queryset(self):
        return centres()

    def make_card(self, sentra):
        return qr_cards.for_centre(sentra)


class TenantCardView(CardPageView):
    context_object_name = "tenant"
    picture_url_name = "tenant-card-picture"

    def get_queryset(self):
        return tenants()

    def make_card(self, tenant):
        return qr_cards.for_tenant(tenant)
