"""Offline reading in a real browser: the pages a visitor opened stay readable without network.

The service worker (static/js/sw.js, served at /sw.js) needs a secure context:
the live server answers on http://localhost, which browsers count as one. Going
offline is Playwright's network emulation, which also covers the worker's own
requests, so nothing below can reach the server once offline.
"""

import pytest
from playwright.sync_api import Error as PlaywrightError

from .conftest import MOBILE

CENTRE = "/sentra/pujasera-contoh-klandasan/"
BRAND = "rgb(11, 93, 107)"  # --brand: the header's colour, so the kept stylesheet applies


def wait_until_controlled(page):
    """The worker is installed, has kept the open page, and now answers this page's requests."""
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")


def header_colour(page):
    return page.eval_on_selector(".site-header", "e => getComputedStyle(e).backgroundColor")


def kept_urls(page):
    return page.evaluate(
        """async () => {
            const urls = [];
            for (const name of await caches.keys()) {
                const cache = await caches.open(name);
                for (const request of await cache.keys()) {
                    urls.push(new URL(request.url).pathname);
                }
            }
            return urls;
        }"""
    )


def test_the_culinary_guide_and_pages_opened_before_stay_readable_offline(reading_page):
    page = reading_page(viewport=MOBILE, service_workers="allow")
    page.goto("/kuliner/")
    wait_until_controlled(page)  # the guide was loaded before the worker: it kept it anyway
    guide = page.locator("main h1").inner_text()
    destinations = page.locator("main").inner_text()
    page.goto(CENTRE)
    centre = page.locator("main h1").inner_text()
    page.goto("/en/kuliner/")
    english_guide = page.locator("main h1").inner_text()

    page.context.set_offline(True)

    page.goto("/kuliner/")
    assert page.locator("main h1").inner_text() == guide
    assert page.locator("main").inner_text() == destinations
    assert header_colour(page) == BRAND
    page.reload()
    assert page.locator("main h1").inner_text() == guide
    page.goto(CENTRE)
    assert page.locator("main h1").inner_text() == centre
    page.goto("/en/kuliner/")
    assert page.locator("main h1").inner_text() == english_guide


@pytest.mark.parametrize(
    ("never_opened", "language", "heading"),
    [("/en/produk/", "en", "You are offline"), ("/progres/", "id", None)],
)
def test_a_page_never_opened_shows_the_offline_page_in_its_language(
    reading_page, never_opened, language, heading
):
    page = reading_page(viewport=MOBILE, service_workers="allow")
    page.goto("/kuliner/")
    wait_until_controlled(page)

    page.context.set_offline(True)
    page.goto(never_opened)

    assert page.url.endswith(never_opened)  # the address stays: back online, a reload works
    assert page.locator("html").get_attribute("lang") == language
    assert page.locator('meta[name="robots"]').get_attribute("content") == "noindex"
    prefix = "/en" if language == "en" else ""
    assert page.locator(f'main a[href="{prefix}/kuliner/"]').count() == 1
    if heading:
        assert page.locator("main h1").inner_text() == heading
    assert header_colour(page) == BRAND


def test_the_admin_and_forms_are_never_kept(reading_page):
    page = reading_page(viewport=MOBILE, service_workers="allow")
    page.goto("/")
    wait_until_controlled(page)
    page.goto("/tenan/kepiting-saus-klandasan/laporkan/")  # a form with a CSRF token
    page.goto("/admin/login/")
    page.goto("/kuliner/")

    kept = kept_urls(page)
    assert "/kuliner/" in kept
    assert "/" in kept
    assert not [url for url in kept if "admin/" in url or url.endswith("/laporkan/")], kept

    page.context.set_offline(True)
    with pytest.raises(PlaywrightError, match="ERR_INTERNET_DISCONNECTED"):
        page.goto("/admin/login/")
