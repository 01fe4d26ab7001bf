"""Anonymous pages are kept in the shared cache, and a staff change shows on every page at once.

The rest of the suite renders pages afresh (PAGE_CACHE off in conftest.py),
because its changes happen in transactions that never commit. Here the cache
is on, and the changes' commit callbacks run, as in production.
"""

import re
from unittest import mock

import pytest
from django.core.cache import cache

from balikpapan_umkm import page_cache
from produk.curation import Curation
from produk.models import Product, Tenant
from produk.tests.factories import ProductFactory
from sentra.models import Sentra

CENTRE = "pujasera-contoh-klandasan"
TENANT = "kepiting-saus-klandasan"
PRODUCT = "kepiting-saus-padang-kepiting-saus-klandasan"
BUILDING = "sentra-umkm-balikpapan-barat"  # under construction in the demo

# Every kind of public page a visitor can land on that has no form of its own.
CACHEABLE = [
    "/",
    "/en/",
    "/kecamatan/",
    "/kecamatan/balikpapan-kota/",
    f"/sentra/{CENTRE}/",
    "/kuliner/",
    "/progres/",
    "/produk/",
    "/produk/?page=999",  # past the end: says so on the page, not in a message cookie
    f"/produk/{PRODUCT}/",
    f"/tenan/{TENANT}/",
    "/sitemap.xml",
    "/sitemap-produk-id.xml",
    "/robots.txt",
    "/data/",  # the downloads are streams, never kept: test_open_data.py
]


@pytest.fixture
def cached(settings, demo_data):
    settings.PAGE_CACHE = True
    cache.clear()


@pytest.mark.parametrize("path", CACHEABLE)
def test_an_anonymous_page_sets_no_cookie_and_varies_on_nothing(client, cached, path):
    response = client.get(path)
    assert response.status_code == 200
    assert not response.cookies, path
    assert not response.has_header("Vary"), response.get("Vary")


@pytest.mark.parametrize("path", [*CACHEABLE, "/en/produk/", "/produk/?kategori=makanan"])
def test_the_second_visit_is_served_from_the_cache(client, cached, path, django_assert_num_queries):
    first = client.get(path)
    assert first["X-Page-Cache"] == "miss"
    with django_assert_num_queries(1):  # the database cache: one SELECT for page and generation
        second = client.get(path)
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]
    assert second["Content-Security-Policy"] == first["Content-Security-Policy"]
    assert second["X-Frame-Options"] == "DENY"
    assert second["X-Request-ID"] != first["X-Request-ID"]


def test_a_head_request_is_answered_from_the_cache_without_a_body(client, cached):
    client.get("/kuliner/")
    response = client.head("/kuliner/")
    assert (response["X-Page-Cache"], response.content) == ("hit", b"")


def test_signed_in_staff_and_form_pages_are_never_kept(client, cached, kurator):
    report_form = f"/tenan/{TENANT}/laporkan/"
    client.get(report_form)
    assert not client.get(report_form).has_header("X-Page-Cache")  # its CSRF and form tokens

    client.force_login(kurator)
    assert not client.get("/kuliner/").has_header("X-Page-Cache")
    assert not client.get("/admin/").has_header("X-Page-Cache")


def test_a_kept_page_lasts_until_the_next_full_minute():
    with mock.patch("django.utils.timezone.localtime") as now:
        now.return_value.second = 45
        assert page_cache._seconds_to_next_minute() == 15
        now.return_value.second = 0
        assert page_cache._seconds_to_next_minute() == 60


# --- A staff change shows on every page that displays it, at once -------------


def _prime(client, pages):
    for path in pages:
        client.get(path)
        assert client.get(path)["X-Page-Cache"] == "hit", path


def _assert_shown(client, pages, pattern):
    for path in pages:
        response = client.get(path)
        assert response["X-Page-Cache"] == "miss", path
        assert re.search(pattern, response.content.decode()), f"{pattern!r} is not on {path}"


PROGRESS_PAGES = [
    "/",
    "/kecamatan/",
    "/kecamatan/balikpapan-barat/",
    f"/sentra/{BUILDING}/",
    "/progres/",
    "/en/progres/",
]


def test_recorded_progress_shows_at_once_on_every_page(
    client, cached, staf_dprd, django_capture_on_commit_callbacks
):
    _prime(client, PROGRESS_PAGES)
    centre = Sentra.objects.get(slug=BUILDING)
    with django_capture_on_commit_callbacks(execute=True):
        centre.record_progress(physical_percent=centre.progress + 9, recorded_by=staf_dprd)
    _assert_shown(client, PROGRESS_PAGES, f'value="{centre.progress}"')


PRODUCT_PAGES = [
    f"/produk/{PRODUCT}/",
    f"/tenan/{TENANT}/",
    f"/sentra/{CENTRE}/",
    f"/produk/?sentra={CENTRE}",
    "/produk/?q=kepiting",
    f"/en/produk/{PRODUCT}/",
]


def test_an_edited_price_shows_at_once_on_every_page(
    client, cached, django_capture_on_commit_callbacks
):
    _prime(client, PRODUCT_PAGES)
    product = Product.objects.get(slug=PRODUCT)
    product.price, product.price_max = 123_000, None
    with django_capture_on_commit_callbacks(execute=True):
        product.save()
    _assert_shown(client, PRODUCT_PAGES, r"Rp123[.,]000")  # Indonesian and English digits


def test_a_listing_approved_by_a_curator_shows_at_once_on_every_page(
    client, cached, kurator, django_capture_on_commit_callbacks
):
    tenant = Tenant.objects.get(slug=TENANT)
    draft = ProductFactory(
        tenant=tenant, name="Kerupuk kepiting renyah", curation_status=Curation.DRAFT
    )
    pages = [f"/tenan/{TENANT}/", f"/sentra/{CENTRE}/", "/produk/?q=kepiting"]
    _prime(client, pages)
    assert "Kerupuk kepiting renyah" not in client.get(pages[0]).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        draft.approve(by=kurator)  # a queryset update: no signal, its own forget
    _assert_shown(client, [*pages, f"/produk/{draft.slug}/"], "Kerupuk kepiting renyah")


def test_a_change_is_forgotten_only_once_it_is_committed(
    client, cached, django_capture_on_commit_callbacks
):
    """Before the commit other visitors still see the old data: keeping it then is right."""
    client.get(f"/produk/{PRODUCT}/")
    product = Product.objects.get(slug=PRODUCT)
    product.price = 99_000
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        product.save()
        assert client.get(f"/produk/{PRODUCT}/")["X-Page-Cache"] == "hit"
    assert callbacks
    for callback in callbacks:
        callback()
    assert client.get(f"/produk/{PRODUCT}/")["X-Page-Cache"] == "miss"


def test_a_report_from_a_visitor_keeps_the_pages(
    client, cached, django_capture_on_commit_callbacks
):
    """Reports are never shown publicly, so a flood of them cannot empty the cache."""
    _prime(client, [f"/produk/{PRODUCT}/"])
    form = client.get(f"/produk/{PRODUCT}/laporkan/").content.decode()
    token = re.search(r'name="token" value="([^"]+)"', form).group(1)
    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post(
            f"/produk/{PRODUCT}/laporkan/",
            {"kind": "closed", "message": "Tutup terus.", "token": token},
        )
    assert sent.status_code == 302
    client.cookies.clear()  # the thank-you message cookie is read on the next page only
    assert client.get(f"/produk/{PRODUCT}/")["X-Page-Cache"] == "hit"


def test_any_write_by_signed_in_staff_forgets_the_pages(client, cached, kurator):
    """A queryset update in an admin action sends no signal; the staff request itself counts."""
    _prime(client, ["/kuliner/"])
    staff = client.__class__()
    staff.force_login(kurator)
    staff.post("/admin/produk/product/", {"action": "", "index": 0})
    assert client.get("/kuliner/")["X-Page-Cache"] == "miss"


def test_when_the_cache_is_down_pages_are_served_without_it(client, cached, caplog):
    with mock.patch.object(cache, "get_many", side_effect=ConnectionError("cache down")):
        response = client.get("/kuliner/")
    assert response.status_code == 200
    assert not response.has_header("X-Page-Cache")
    assert "the cache does not answer" in caplog.text
