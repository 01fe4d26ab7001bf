"""The page for journalists and content creators (/untuk-media/, /en/untuk-media/).

For each public flagship product and each centre: its picture with a link to the
full-size file, its share card, and descriptions ready to paste, in Indonesian
and in English whatever the page's language (a short caption and a longer
paragraph, written from the data and the object's own description). Then what
may be reused and how to credit it, and whom to ask.

Queries: the flagship products with their tenants, centres and districts; the
centres with their districts. Pictures and cards cost no query (their URLs come
from stored names).
"""

import dataclasses

from django.conf import settings
from django.db.models.fields.files import FieldFile
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from balikpapan_umkm import site
from balikpapan_umkm.bilingual import in_page_language
from balikpapan_umkm.sharing import card_path
from produk.models import Product
from sentra.models import Sentra

# Flagship products are a curated few; a page of hundreds would help nobody.
FLAGSHIP_SHOWN = 48
LANGUAGES = (("id", _("Indonesian")), ("en", _("English")))


@dataclasses.dataclass(frozen=True)
class Texts:
    """Ready-to-use texts in one language."""

    language: str
    language_name: str  # lazy: shown in the page's language
    caption: str
    paragraph: str


@dataclasses.dataclass(frozen=True)
class MediaItem:
    """A product or a centre as the media page shows it."""

    name: str
    page_url: str
    picture: FieldFile
    card_url: str
    texts: list
    fictional: bool
    # "produk-<slug>" or "sentra-<slug>": ids of the item's fields on the page.
    anchor: str


def _in_both_languages(write):
    """[Texts] from `write()` -> (caption, paragraph), called in each language."""
    texts = []
    for code, name in LANGUAGES:
        with translation.override(code):
            caption, paragraph = write()
        texts.append(Texts(code, name, caption, paragraph))
    return texts


def _described(description, description_en):
    """The object's own description in the active language, or "" when it has none."""
    page_text = in_page_language(description, description_en)
    return "" if page_text.untranslated else " ".join(page_text.text.split())


def _paragraph(*sentences):
    return " ".join(sentence for sentence in sentences if sentence)


def _more(obj):
    url = site.absolute(obj.get_absolute_url())  # in the active language
    return gettext("More on the Sentra UMKM Balikpapan portal: %(url)s") % {"url": url}


def product_item(product):
    """Needs `tenant__sentra__kecamatan` loaded."""
    tenant = product.tenant
    centre = tenant.sentra
    names = {
        "product": product.name,
        "tenant": tenant.name,
        "centre": centre.name,
        "district": centre.kecamatan.name,
    }

    def write():
        caption = gettext("%(product)s by %(tenant)s, %(centre)s, Balikpapan.") % names
        sold = gettext(
            "%(product)s is sold by %(tenant)s at %(centre)s, Kecamatan %(district)s, "
            "Balikpapan, for %(price)s."
        ) % {**names, "price": product.price_text}
        paragraph = _paragraph(
            _described(product.description, product.description_en),
            sold,
            gettext("Demo data: this business is fictional.") if tenant.is_fictional else "",
            _more(product),
        )
        return caption, paragraph

    return MediaItem(
        name=product.name,
        page_url=product.get_absolute_url(),
        picture=product.photo,
        card_url=site.absolute(card_path(product)),
        texts=_in_both_languages(write),
        fictional=tenant.is_fictional,
        anchor=f"produk-{product.slug}",
    )


def centre_item(centre):
    """Needs `kecamatan` loaded."""
    names = {"centre": centre.name, "district": centre.kecamatan.name}

    def write():
        caption = gettext("%(centre)s, a UMKM centre in Kecamatan %(district)s, Balikpapan.") % (
            names
        )
        status = {
            Sentra.Status.PLANNED: gettext("%(centre)s is planned; construction has not begun."),
            Sentra.Status.BUILDING: gettext(
                "%(centre)s is under construction: %(percent)s%% built."
            ),
            Sentra.Status.OPERATING: gettext("%(centre)s is open to visitors."),
            Sentra.Status.CLOSED: gettext("%(centre)s has closed."),
        }[centre.status] % {**names, "percent": centre.progress}
        paragraph = _paragraph(
            _described(centre.description, centre.description_en),
            status,
            gettext("Demo data: this centre is fictional.") if centre.is_fictional else "",
            _more(centre),
        )
        return caption, paragraph

    return MediaItem(
        name=centre.name,
        page_url=centre.get_absolute_url(),
        picture=centre.cover_photo,
        card_url=site.absolute(card_path(centre)),
        texts=_in_both_languages(write),
        fictional=centre.is_fictional,
        anchor=f"sentra-{centre.slug}",
    )


class MediaKitView(TemplateView):
    template_name = "portal/media_kit.html"

    def get_context_data(self, **kwargs):
        products = list(
            Product.objects.public()
            .flagship()
            .for_listing()
            .order_by("name", "pk")[: FLAGSHIP_SHOWN + 1]
        )
        centres = Sentra.objects.select_related("kecamatan").in_display_order()
        return super().get_context_data(
            products=[product_item(product) for product in products[:FLAGSHIP_SHOWN]],
            more_products=len(products) > FLAGSHIP_SHOWN,
            centres=[centre_item(centre) for centre in centres],
            licence=settings.OPEN_DATA_LICENCE,
            licence_url=settings.OPEN_DATA_LICENCE_URL,
            **kwargs,
        )
