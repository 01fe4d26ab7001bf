"""The share block of detail pages: links that share the page, and its address to copy."""

from urllib.parse import quote, urlencode

from django import template
from django.utils.translation import gettext

from balikpapan_umkm import site

register = template.Library()


def _query(**params):
    """A query string with every reserved character encoded, spaces as %20."""
    return urlencode(params, quote_via=quote, safe="")


def share_links(url, title):
    """{network: link} sharing the page at absolute `url`, with text in the page's language.

    Plain links, which work without JavaScript and set no cookie here: each
    network opens its own page to write the post.
    """
    text = gettext("%(title)s on Sentra UMKM Balikpapan") % {"title": title}
    return {
        "WhatsApp": "https://wa.me/?" + _query(text=f"{text} {url}"),
        "Facebook": "https://www.facebook.com/sharer/sharer.php?" + _query(u=url),
        "X": "https://x.com/intent/post?" + _query(text=text, url=url),
    }


@register.inclusion_tag("includes/share_block.html", takes_context=True)
def share_block(context, title):
    """Share links for this page (its address without the query string) and a copy field."""
    url = site.absolute(context["request"].path)
    return {"url": url, "links": share_links(url, title)}
