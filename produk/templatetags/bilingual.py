"""Template tags for English pages: glosses of local food words beside product names.

    {% load bilingual %}
    {% gloss product.name %}            every term of the glossary found in the name
    {% gloss product.name limit=1 %}    the first only (product cards)

On Indonesian pages the tag gives nothing and reads nothing. On English
pages the whole glossary is read once per request (remembered with the
pages, see balikpapan_umkm.page_cache.remembered) and matched in Python, so
a page of 24 cards costs one query, not 24.
"""

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.translation import get_language

from balikpapan_umkm.page_cache import remembered

from ..models import Gloss

register = template.Library()

_MEMO = "_produk_glossary"


def glossary_for(request):
    """The glossary for this request: read (or taken from the cache) once, then reused."""
    glossary = getattr(request, _MEMO, None)
    if glossary is None:
        glossary = remembered("produk:glossary", Gloss.objects.glossary)
        if request is not None:
            setattr(request, _MEMO, glossary)
    return glossary


@register.simple_tag(takes_context=True)
def gloss(context, name, limit=None):
    """<p class="gloss"> with the English glosses of the local words in `name`, or ""."""
    if get_language() != "en":
        return ""
    found = glossary_for(context.get("request")).glosses_in(name)[:limit]
    if not found:
        return ""
    return format_html(
        '<p class="gloss">{}</p>',
        format_html_join("; ", '<i lang="id">{}</i>: {}', found),
    )
