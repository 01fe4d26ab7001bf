"""What detail pages give search engines and social networks: share cards and structured data.

Centre, tenant and product pages point og:image at their share card
(balikpapan_umkm.share_cards): /og/<kind>/<slug>/<key>.jpg, where the key is a
digest of what the card shows. Rendering a page only computes that key from
the rows the page has already read; the card is drawn on the first request of
its URL (`card_image`), which reads the object once, as its page would find it.
"""

from django.conf import settings
from django.core.files.storage import default_storage
from django.http import Http404
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.views.decorators.http import require_safe

from balikpapan_umkm import site, thumbnails
from balikpapan_umkm.share_cards import Card, card_response
from produk.models import Event, Product, Tenant
from sentra.models import Sentra


def _district(sentra):
    return f"Kecamatan {sentra.kecamatan.name}"


def card_for_sentra(sentra):
    """Needs `kecamatan` loaded."""
    return Card(
        title=sentra.name,
        lines=(_district(sentra),),
        picture=sentra.cover_photo.name or "",
        tag="DEMO" if sentra.is_fictional else "",
    )


def card_for_tenant(tenant):
    """Needs `sentra__kecamatan` loaded."""
    return Card(
        title=tenant.name,
        lines=(tenant.sentra.name, _district(tenant.sentra)),
        picture=tenant.photo.name or "",
        tag="DEMO" if tenant.is_fictional else "",
    )


def card_for_product(product):
    """Needs `tenant__sentra__kecamatan` loaded."""
    tenant = product.tenant
    # The price as its page shows it, a price of 0 included; written as Indonesians write
    # it whatever the page's language: one card serves both.
    with translation.override(settings.LANGUAGE_CODE):
        price = product.price_text
    return Card(
        title=product.name,
        lines=(tenant.name, tenant.sentra.name, _district(tenant.sentra)),
        picture=product.photo.name or "",
        badge=price,
        badge_note=product.unit,
        tag="DEMO" if tenant.is_fictional else "",
    )


def event_dates(event):
    """When, in WITA, as Indonesians write it: "12 Des 2026, 16:00", or the first and last day."""
    starts, ends = timezone.localtime(event.starts_at), timezone.localtime(event.ends_at)
    with translation.override(settings.LANGUAGE_CODE):
        if event.is_one_day:
            return formats.date_format(starts, "j M Y, H:i") + " WITA"
        if event.daily:
            first = "j M" if starts.year == ends.year else "j M Y"
            days = f"{formats.date_format(starts, first)}\u2013{formats.date_format(ends, 'j M Y')}"
            return f"{days}, {starts:%H:%M}\u2013{ends:%H:%M} WITA"
        first = "j M" if starts.year == ends.year else "j M Y"
        return f"{formats.date_format(starts, first)}\u2013{formats.date_format(ends, 'j M Y')}"


def card_for_event(event):
    """Needs its place loaded (Event.objects.for_listing())."""
    lines = [event_dates(event), event.place.name]
    if event.district is not None:
        lines.append(
            _district(event.place) if event.sentra_id else f"Kecamatan {event.district.name}"
        )
    return Card(
        title=event.title,
        lines=tuple(lines),
        picture=event.poster.name or "",
        tag="DEMO" if event.is_fictional else "",
    )


# kind in the URL: (model, the rows its page shows with what the card needs, the card)
CARD_KINDS = {
    "sentra": (Sentra, lambda: Sentra.objects.select_related("kecamatan"), card_for_sentra),
    "tenan": (
        Tenant,
        lambda: Tenant.objects.public().select_related("sentra__kecamatan"),
        card_for_tenant,
    ),
    "produk": (
        Product,
        lambda: Product.objects.findable().select_related("tenant__sentra__kecamatan"),
        card_for_product,
    ),
    "acara": (Event, lambda: Event.objects.for_listing(), card_for_event),
}
_KIND_OF_MODEL = {model: kind for kind, (model, _rows, _card) in CARD_KINDS.items()}


def card_of(obj):
    """The share card of a centre, tenant, product or event."""
    return CARD_KINDS[_KIND_OF_MODEL[type(obj)]][2](obj)


def card_path(obj, card=None):
    """The path of `obj`'s current share card (the same in both languages)."""
    card = card or card_of(obj)
    return reverse(
        "share-card",
        kwargs={"kind": _KIND_OF_MODEL[type(obj)], "slug": obj.slug, "key": card.key},
    )


@require_safe
def card_image(request, kind, slug, key):
    """The share card of one object: drawn and kept on the first request, then served."""
    _model, rows, make_card = CARD_KINDS[kind]
    obj = rows().filter(slug=slug).first()
    if obj is None:
        raise Http404("No such page.")
    card = make_card(obj)
    return card_response(card, key, site.absolute(card_path(obj, card)))


class SharedPageMixin:
    """For the DetailViews of centres, tenants, products and events.

    Puts in the context `share_image` (the absolute URL of the object's share
    card), `share_image_alt` (its text), and `structured_data`, the schema.org
    dict each view builds in `get_structured_data(image_url)` with the URL of
    the photo itself (named by `share_image_field`): search engines want the
    photo of a product, not a card with its name on it.
    """

    share_image_field = None

    def get_photo_url(self):
        """The absolute URL of a 1200 x 630 crop of the object's photo, or ""."""
        field_file = getattr(self.object, self.share_image_field or "", None)
        if not field_file:
            return ""
        name = thumbnails.share_image_name(field_file.name)
        return site.absolute(default_storage.url(name)) if name else ""

    def get_structured_data(self, image_url):
        return None

    def get_context_data(self, **kwargs):
        card = card_of(self.object)
        return super().get_context_data(
            share_image=site.absolute(card_path(self.object, card)),
            share_image_alt=card.alt,
            structured_data=self.get_structured_data(self.get_photo_url()),
            **kwargs,
        )
