"""The portal's own address: absolute URLs come from SITE_URL, never from a request's Host.

Sitemaps, robots.txt, share cards and structured data are read by crawlers and
cached by networks; a Host header an attacker sends must not end up in them.
"""

from urllib.parse import urlsplit

from django.conf import settings


def absolute(path):
    """The absolute URL of a site path ("/produk/"), on the configured SITE_URL."""
    return settings.SITE_URL.rstrip("/") + "/" + path.lstrip("/")


def scheme():
    return urlsplit(settings.SITE_URL).scheme


def domain():
    return urlsplit(settings.SITE_URL).netloc
