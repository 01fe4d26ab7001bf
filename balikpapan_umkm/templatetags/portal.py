"""Template tags for the public pages: responsive pictures, JSON-LD, absolute URLs."""

import json

from django import template
from django.conf import settings
from django.contrib.humanize.templatetags.humanize import intcomma
from django.core.serializers.json import DjangoJSONEncoder
from django.urls import translate_url
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from balikpapan_umkm import site, thumbnails

register = template.Library()

_JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.simple_tag
def picture(field_file, alt="", sizes="100vw", kind="card", width=320, height=240, lazy=True):
    """An <img> with srcset thumbnails of an image field; nothing when there is no picture."""
    widths = thumbnails.CARD_WIDTHS if kind == "card" else thumbnails.DETAIL_WIDTHS
    src, srcset = thumbnails.srcset(field_file, widths)
    if not src:
        return ""
    return format_html(
        '<img src="{}" srcset="{}" sizes="{}" alt="{}" width="{}" height="{}"{}>',
        src,
        srcset,
        sizes,
        alt,
        width,
        height,
        mark_safe(' loading="lazy" decoding="async"') if lazy else "",
    )


@register.filter
def rupiah(amount):
    """An amount of rupiah as people write it: "Rp15.000" (grouped as the language groups)."""
    return f"Rp{intcomma(amount)}"


@register.simple_tag
def absolute_url(path):
    """`path` on the configured SITE_URL (see balikpapan_umkm.site)."""
    return site.absolute(path)


@register.filter
def jsonld(data):
    """Render a dict as a schema.org JSON-LD block, escaped like json_script.

    A data block is not executed, so a strict Content-Security-Policy allows it.
    """
    payload = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_JSON_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(payload))


@register.simple_tag(takes_context=True)
def language_alternates(context):
    """[(language code, absolute URL of this page in that language)] for hreflang links."""
    request = context["request"]
    return [
        (code, site.absolute(translate_url(request.get_full_path(), code)))
        for code, _name in settings.LANGUAGES
    ]


@register.simple_tag
def map_points(places, *, open_flags=False):
    """Plain data for the map script: one point per place with coordinates."""
    points = []
    for place in places:
        if not getattr(place, "has_location", False):
            continue
        point = {
            "name": place.name,
            "lat": float(place.latitude),
            "lng": float(place.longitude),
            "url": place.get_absolute_url(),
            "address": place.full_address,
        }
        if open_flags:
            point["open"] = bool(getattr(place, "is_open", False))
        points.append(point)
    return points


@register.filter
def web_link(url):
    """`url` if it is an http(s) address, else "": a stored value never becomes a script link."""
    url = (url or "").strip()
    return url if url.lower().startswith(("https://", "http://")) else ""


@register.filter
def directions_url(place):
    """A directions link any phone can open (Google Maps' public URL scheme)."""
    return f"https://www.google.com/maps/dir/?api=1&destination={place.latitude},{place.longitude}"


@register.simple_tag(takes_context=True)
def path_in_language(context, language):
    """This page's path in `language`, for the language switch's links."""
    # translate_url resolves in the page's own language and reverses in `language`.
    return translate_url(context["request"].get_full_path(), language)
