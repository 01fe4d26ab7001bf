"""Anonymous public pages kept in the shared cache, and forgotten at once when data changes.

What is kept: the answer to an anonymous GET or HEAD (the request carries no
session, CSRF or message cookie) that is a 200, sets no cookie, varies on
nothing (no `Vary` header) and does not forbid caching (`private`,
`no-cache`, `no-store`). The admin, forms with a CSRF token and /healthz
therefore never are.

The key is the path with its query string, as sent. Beside the pages the
cache holds a generation number; a page is served only if it was kept under
the current one. The generation moves on:
- after every committed save or delete of a model the public pages show
  (signals, connected in balikpapan_umkm.apps), and
- after every write request of a signed-in staff member, which also covers
  queryset updates and bulk writes that send no signal.
So a staff change shows on every page at once, on every app server.

A page is kept at most until the next full minute (WITA): pages say what is
open now, and the minute is the smallest step of opening hours.

When the cache does not answer, pages are served as if there were no cache
(and /healthz says so); a change made during the outage shows at the latest
a minute after the cache is back.

Why not Django's per-site cache middleware: it can forget pages only by
their timeout, and it also sends `Expires`/`max-age` to browsers, so a
price edit would stay invisible for that long. Why not per-view caching
with keys per object: a product's price shows on its page, its tenant's,
its centre's, the catalogue, the district and the home page; one
generation is simpler and cannot miss a page.
"""

import hashlib
import logging
import zlib

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.utils import timezone

logger = logging.getLogger(__name__)

GENERATION_KEY = "page-cache:generation"
PAGE_KEY = "page-cache:page:{digest}"
# Models whose rows no public page shows: their changes keep the pages.
NOT_SHOWN = {"produk.report", "sessions.session"}
WATCHED_APPS = {"sentra", "produk"}
NOT_CACHEABLE = ("private", "no-cache", "no-store")


def forget_all_pages():
    """Move the generation on: every kept page is stale from now on."""
    if not settings.PAGE_CACHE:
        # Nothing is kept or remembered (tests, or a site run without it). A site that
        # turns it back on should clear the cache: remembered counts live 10 minutes.
        return
    try:
        cache.add(GENERATION_KEY, 0, timeout=None)
        cache.incr(GENERATION_KEY)
    except ValueError:  # evicted between add and incr: a new number does the same
        cache.set(GENERATION_KEY, timezone.now().timestamp(), timeout=None)
    except Exception:  # the cache is down: nothing is served from it; pages expire in a minute
        logger.warning("Page cache: could not forget the kept pages", exc_info=True)


def forget_all_pages_after_commit():
    """For writes that send no signal (queryset updates): forget pages once they are visible."""
    transaction.on_commit(forget_all_pages)


def forget_pages_after_commit(sender, **kwargs):
    """Signal receiver: a shown model changed; forget pages once the change is visible."""
    label = sender._meta.label_lower
    if sender._meta.app_label in WATCHED_APPS and label not in NOT_SHOWN:
        # Before the commit, a page rendered now would still show the old data and
        # be kept under the new generation; after it, never.
        forget_all_pages_after_commit()


class CacheDown(Exception):
    """The shared cache did not answer; the caller goes on without it."""


def _look_up(key):
    """(current generation, value kept under it or None). Raises CacheDown."""
    try:
        found = cache.get_many([GENERATION_KEY, key])
    except Exception as error:  # any backend's failure (database, Redis) means the same here
        logger.warning("Page cache: the cache does not answer", exc_info=True)
        raise CacheDown from error
    generation = found.get(GENERATION_KEY, 0)
    kept = found.get(key)
    return generation, (kept[1] if kept is not None and kept[0] == generation else None)


def _keep(key, generation, value, timeout):
    """Keep `value` under `generation`; True if the cache took it."""
    try:
        cache.set(key, (generation, value), timeout)
    except Exception:
        logger.warning("Page cache: could not keep %s", key, exc_info=True)
        return False
    return True


def remembered(key, compute, timeout=600):
    """compute(), kept in the shared cache until data changes (as pages are), or `timeout` s.

    For figures that cost a scan, such as the catalogue's result counts: a page
    renders afresh each minute, but its count is the same until a change.
    With PAGE_CACHE off (tests), or the cache down, computed every time.
    """
    if not settings.PAGE_CACHE:
        return compute()
    key = f"page-cache:value:{hashlib.sha256(key.encode()).hexdigest()}"
    try:
        generation, value = _look_up(key)
    except CacheDown:
        return compute()
    if value is None:
        value = compute()
        _keep(key, generation, value, timeout)
    return value


def _seconds_to_next_minute():
    return 60 - timezone.localtime().second


def _private_cookies():
    return {settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME, "messages"}


class PageCacheMiddleware:
    """Serves kept pages before sessions, languages or views are touched; keeps new ones."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not self._may_serve_from_cache(request):
            response = self.get_response(request)
            if request.method not in ("GET", "HEAD", "OPTIONS") and _is_staff(request):
                forget_all_pages()
            return response

        request.get_host()  # a disallowed Host is a 400, as without the cache
        key = PAGE_KEY.format(digest=hashlib.sha256(request.get_full_path().encode()).hexdigest())
        try:
            generation, kept = _look_up(key)
        except CacheDown:  # serve the page as if there were no cache
            return self.get_response(request)
        if kept is not None:
            headers, compressed = kept
            response = HttpResponse(zlib.decompress(compressed), headers=headers)
            response["X-Page-Cache"] = "hit"
            return response

        response = self.get_response(request)
        if self._may_keep(response):
            # Compressed (fast level): a page or sitemap shrinks 4-12 times, and so does what
            # every hit reads from the cache (a database row or a Redis value) and unpickles.
            page = (dict(response.headers.items()), zlib.compress(response.content, 1))
            if _keep(key, generation, page, _seconds_to_next_minute()):
                response["X-Page-Cache"] = "miss"
        return response

    @staticmethod
    def _may_serve_from_cache(request):
        return (
            settings.PAGE_CACHE
            and request.method in ("GET", "HEAD")
            and not _private_cookies() & request.COOKIES.keys()
            and not request.path.startswith("/admin/")
        )

    @staticmethod
    def _may_keep(response):
        cache_control = response.get("Cache-Control", "")
        return (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and not response.has_header("Vary")
            and not any(word in cache_control for word in NOT_CACHEABLE)
        )


def _is_staff(request):
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated and user.is_staff)
