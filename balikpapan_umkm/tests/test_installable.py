"""The city's portal, installable on a phone: its mark, footer, web app manifest and service worker.

The footer says who keeps the data, where it comes from, when it last changed and how
to reach the people behind it; the manifest and the service worker (balikpapan_umkm/pwa.py)
make the site installable and keep the pages a visitor opened readable offline
(the browser test is browser/test_offline.py).
"""

import datetime
import json
import re
import zoneinfo
from unittest import mock

import pytest
from django.contrib.staticfiles import finders
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from PIL import Image

from balikpapan_umkm import pwa
from balikpapan_umkm.freshness import last_public_change
from produk.curation import Curation
from produk.models import Tenant
from produk.tests.factories import TenantFactory
from sentra.models import Sentra

pytestmark = pytest.mark.django_db
WITA = zoneinfo.ZoneInfo("Asia/Makassar")
LATER = datetime.datetime(2031, 3, 5, 10, 0, tzinfo=WITA)  # after anything the demo holds
TENANT = "kepiting-saus-klandasan"


def at(moment):
    """Saves made inside get `moment` as their auto_now time."""
    return mock.patch("django.utils.timezone.now", return_value=moment)


def footer(response):
    assert response.status_code == 200, response.status_code
    page = response.content.decode()
    return page.split('<footer class="site-footer">')[1].split("</footer>")[0]


def static_file(url):
    """The source file behind a /static/ URL (tests serve static files unhashed)."""
    assert url.startswith("/static/"), url
    found = finders.find(url.removeprefix("/static/"))
    assert found, f"{url} names no static file"
    return found


def worker_settings(response):
    body = response.content.decode()
    version = re.search(r'^const VERSION = "([0-9a-f]{12})";$', body, re.M).group(1)
    config = re.search(r"^const SETTINGS = (\{.*?^\});$", body, re.M | re.S).group(1)
    return version, json.loads(config)


# --- The mark -------------------------------------------------------------------


def test_the_header_shows_the_mark_as_a_picture_beside_the_name(client, db):
    page = client.get("/en/").content.decode()
    header = page.split('<header class="site-header">')[1].split("</header>")[0]
    assert re.search(
        r'<img class="brand__mark" src="/static/img/mark\.svg" alt="" width="36" height="36">',
        header,
    )
    assert "Sentra UMKM <strong>Balikpapan</strong>" in header  # the text is the link's name
    assert ">SU<" not in header


@pytest.mark.parametrize("name", ["img/mark.svg", "img/favicon.svg"])
def test_the_mark_and_favicon_are_small_drawings_without_text(name):
    with open(finders.find(name), encoding="utf-8") as file:
        drawing = file.read()
    assert len(drawing.encode()) < 2_000
    assert "<text" not in drawing
    assert "<script" not in drawing


# --- The footer -----------------------------------------------------------------


def test_the_footer_says_who_keeps_the_data_and_where_it_comes_from(client, demo_data):
    text = footer(client.get("/en/kuliner/"))
    assert "Maintained by Komisi II DPRD Kota Balikpapan with the city's UMKM office." in text
    assert "Construction facts about each centre come from the city council" in text
    assert "checked by the UMKM office's curators" in text
    assert "“Report a problem” on its page" in text
    assert 'href="/admin/"' in text


def test_the_indonesian_footer_has_the_same_facts(client, demo_data):
    text = footer(client.get("/kuliner/"))
    assert "Komisi II DPRD Kota Balikpapan" in text
    assert text.count('<h2 class="site-footer__title"') == 3
    assert re.search(r'<time datetime="\d{4}-\d{2}-\d{2}">', text)


def test_the_footer_shows_no_contact_that_is_not_configured(client, demo_data, settings):
    settings.SITE_CONTACT_EMAIL = ""
    settings.SITE_CONTACT_PHONE = ""
    text = footer(client.get("/en/"))
    assert "mailto:" not in text
    assert "tel:" not in text
    assert "Report a problem" in text  # the one way to reach the office there always is


def test_the_configured_contact_is_shown_with_working_links(client, demo_data, settings):
    settings.SITE_CONTACT_EMAIL = "umkm@example.id"
    settings.SITE_CONTACT_PHONE = "0542 123 456"
    text = footer(client.get("/en/"))
    assert '<a href="mailto:umkm@example.id">umkm@example.id</a>' in text
    assert '<a href="tel:0542123456">0542 123 456</a>' in text


def test_a_contact_with_markup_is_shown_as_text(client, demo_data, settings):
    settings.SITE_CONTACT_EMAIL = '"><script>alert(1)</script>'
    text = footer(client.get("/en/"))
    assert "<script>" not in text
    assert "&lt;script&gt;" in text


# --- Last updated ---------------------------------------------------------------


def test_the_footer_dates_the_latest_change_of_public_data(client, demo_data):
    with at(LATER):
        Tenant.objects.get(slug=TENANT).save()
    assert '<time datetime="2031-03-05">5 March 2031</time>' in footer(client.get("/en/"))
    assert '<time datetime="2031-03-05">' in footer(client.get("/"))


def test_recording_progress_moves_the_date(demo_data):
    centre = Sentra.objects.get(slug="sentra-umkm-balikpapan-barat")
    with at(LATER):  # its `created_at` default is bound to the real clock: given here
        centre.record_progress(physical_percent=55, created_at=LATER)
    assert last_public_change() == LATER


def test_approving_and_unpublishing_a_listing_move_the_date(demo_data, kurator):
    with at(LATER - datetime.timedelta(days=30)):
        tenant = TenantFactory(curation_status=Curation.DRAFT)
    before = last_public_change()
    with at(LATER):
        tenant.approve(by=kurator)
    assert last_public_change() == LATER
    with at(LATER + datetime.timedelta(days=1)):
        tenant.unpublish(by=kurator, note="Tutup")
    assert last_public_change() == LATER + datetime.timedelta(days=1)
    assert before < LATER


def test_a_draft_nobody_sees_does_not_move_the_date(demo_data):
    centre = Sentra.objects.get(slug="pujasera-contoh-klandasan")
    before = last_public_change()
    with at(LATER):
        TenantFactory(sentra=centre, curation_status=Curation.DRAFT)
    assert last_public_change() == before


def test_an_empty_site_shows_no_date(client, db):
    assert last_public_change() is None
    assert "<time" not in footer(client.get("/en/"))


def test_the_date_costs_one_query_without_the_page_cache(demo_data, django_assert_num_queries):
    with django_assert_num_queries(1):
        last_public_change()


def test_with_the_page_cache_the_date_is_computed_once_until_data_changes(
    client, demo_data, settings, django_capture_on_commit_callbacks
):
    settings.PAGE_CACHE = True
    cache.clear()
    client.get("/en/")  # computes and keeps it

    with CaptureQueriesContext(connection) as queries:
        text = footer(client.get("/en/kuliner/"))  # another page: rendered, the date is kept
    assert not [q for q in queries if "MAX((SELECT MAX(" in q["sql"]]
    assert "5 March 2031" not in text

    with at(LATER), django_capture_on_commit_callbacks(execute=True):
        Tenant.objects.get(slug=TENANT).save()
    assert "5 March 2031" in footer(client.get("/en/kuliner/"))
    assert "5 March 2031" in footer(client.get("/en/"))


# --- The web app manifest -------------------------------------------------------


def manifest(client, path="/manifest.webmanifest"):
    response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    return json.loads(response.content)


def test_the_manifest_describes_an_installable_app(client, db):
    data = manifest(client)
    assert data["name"] == "Sentra UMKM Balikpapan"
    assert data["short_name"]
    assert len(data["short_name"]) <= 12  # fits under an icon on a phone
    assert (data["id"], data["start_url"], data["scope"]) == ("/", "/", "/")
    assert data["display"] == "standalone"
    assert data["lang"] == "id"
    assert data["theme_color"] == pwa.THEME_COLOUR
    assert re.fullmatch(r"#[0-9a-f]{6}", data["background_color"])
    purposes = {(icon["sizes"], icon["purpose"]) for icon in data["icons"]}
    assert {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")} <= purposes


def test_the_english_manifest_opens_the_english_site_as_the_same_app(client, db):
    data = manifest(client, "/en/manifest.webmanifest")
    assert (data["id"], data["start_url"], data["scope"], data["lang"]) == ("/", "/en/", "/", "en")
    assert [shortcut["url"] for shortcut in data["shortcuts"]] == ["/en/kuliner/", "/en/produk/"]


def test_every_icon_of_the_manifest_exists_at_its_declared_size(client, db):
    for icon in manifest(client)["icons"]:
        assert icon["type"] == "image/png"
        with Image.open(static_file(icon["src"])) as picture:
            assert picture.format == "PNG"
            assert "{}x{}".format(*picture.size) == icon["sizes"], icon["src"]
        if icon["purpose"] == "maskable":
            with Image.open(static_file(icon["src"])) as picture:
                corner = picture.convert("RGBA").getpixel((0, 0))
            assert corner[3] == 255, "a maskable icon fills its square: the phone cuts it"


def test_pages_link_the_manifest_theme_colour_and_touch_icon(client, db):
    page = client.get("/en/kuliner/").content.decode()
    assert '<link rel="manifest" href="/en/manifest.webmanifest">' in page
    assert f'<meta name="theme-color" content="{pwa.THEME_COLOUR}">' in page
    touch_icon = re.search(r'<link rel="apple-touch-icon" href="([^"]+)">', page).group(1)
    with Image.open(static_file(touch_icon)) as picture:
        assert picture.size == (180, 180)
    assert '<link rel="manifest" href="/manifest.webmanifest">' in client.get("/").content.decode()


def test_the_icons_stay_small(client, db):
    for icon in manifest(client)["icons"]:
        with open(static_file(icon["src"]), "rb") as file:
            assert len(file.read()) < 12_000, icon["src"]


# --- The service worker ---------------------------------------------------------


def test_the_service_worker_is_served_at_the_root_and_never_cached(client, db, settings):
    settings.PAGE_CACHE = True
    cache.clear()
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/javascript; charset=utf-8"
    assert response["Service-Worker-Allowed"] == "/"
    assert "no-cache" in response["Cache-Control"]
    assert "max-age=0" in response["Cache-Control"]
    assert not response.cookies
    assert not response.has_header("Vary")
    assert not client.get("/sw.js").has_header("X-Page-Cache")  # nor kept by the page cache


def test_registration_is_a_deferred_static_script(client, db):
    page = client.get("/en/").content.decode()
    assert re.search(
        r'<script src="/static/js/pwa\.js" data-service-worker="/sw\.js" defer></script>', page
    )


def test_the_worker_keeps_only_existing_files_and_the_offline_pages(client, db):
    _version, config = worker_settings(client.get("/sw.js"))
    static_urls = [url for url in config["precache"] if url.startswith("/static/")]
    assert "/static/css/portal.css" in static_urls
    assert "/static/img/mark.svg" in static_urls
    for url in static_urls:
        static_file(url)
    assert sorted(url for url in config["precache"] if url not in static_urls) == [
        "/en/luring/",
        "/luring/",
    ]
    # A path in /en/ gets the English offline page, any other the Indonesian one.
    assert config["offlinePages"] == [["/en/", "/en/luring/"], ["/", "/luring/"]]
    assert "/admin/" in config["neverCached"]


def test_the_workers_code_follows_its_settings(client, db):
    body = client.get("/sw.js").content.decode()
    assert body.startswith('"use strict";\n')
    with open(finders.find("js/sw.js"), encoding="utf-8") as file:
        assert body.endswith(file.read())
    assert 'request.method !== "GET"' in body  # nothing but GET is ever answered from a cache


def test_a_changed_file_gives_the_worker_a_new_version(client, db, monkeypatch):
    first, _config = worker_settings(client.get("/sw.js"))
    assert worker_settings(client.get("/sw.js"))[0] == first  # the same files: the same version
    monkeypatch.setattr(pwa, "static", lambda name: f"/static/{name}?v=2")
    assert worker_settings(client.get("/sw.js"))[0] != first


def test_with_collected_files_the_worker_and_manifest_name_the_hashed_files(
    client, db, settings, tmp_path
):
    """As in production: collectstatic's content-hashed names, which are cached for a year."""
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    }
    call_command("collectstatic", interactive=False, verbosity=0)

    _version, config = worker_settings(client.get("/sw.js"))
    icons = [icon["src"] for icon in manifest(client)["icons"]]
    static_urls = [url for url in config["precache"] if url.startswith("/static/")]
    assert len(static_urls) == len(pwa.PRECACHED_STATIC)
    for url in [*static_urls, *icons]:
        assert re.search(r"\.[0-9a-f]{12}\.(css|js|svg|png)$", url), url
        assert (tmp_path / url.removeprefix("/static/")).is_file(), url


# --- The offline page -----------------------------------------------------------


@pytest.mark.parametrize(("path", "language"), [("/luring/", "id"), ("/en/luring/", "en")])
def test_the_offline_page_is_a_page_of_the_site_in_both_languages(client, db, path, language):
    response = client.get(path)
    page = response.content.decode()
    assert response.status_code == 200
    assert f'<html lang="{language}">' in page
    assert '<header class="site-header">' in page
    assert '<meta name="robots" content="noindex">' in page
    assert 'href="/en/kuliner/"' in page if language == "en" else 'href="/kuliner/"' in page


def test_the_english_offline_page_says_what_happened(client, db):
    page = client.get("/en/luring/").content.decode()
    assert "<h1>You are offline</h1>" in page


@pytest.mark.parametrize(
    "path", ["/manifest.webmanifest", "/en/manifest.webmanifest", "/sw.js", "/luring/"]
)
def test_the_new_addresses_set_no_cookie_and_vary_on_nothing(client, db, path):
    response = client.get(path)
    assert response.status_code == 200
    assert not response.cookies
    assert not response.has_header("Vary")


def test_the_policy_allows_our_own_manifest_and_worker_only(client, db):
    policy = client.get("/").headers["Content-Security-Policy"]
    directives = {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}
    assert directives["manifest-src"] == ["'self'"]
    assert directives["worker-src"] == ["'self'"]
    assert directives["script-src"] == ["'self'"]
