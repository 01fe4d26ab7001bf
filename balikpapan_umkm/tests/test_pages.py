"""The public pages: what residents, tourists and the media see, in both languages."""

import datetime
import json
import re
import zoneinfo
from unittest import mock
from urllib.parse import unquote

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from produk.models import Permit, Product, Tenant
from produk.synthetic import generate
from produk.tests.factories import TenantFactory
from sentra.models import DataSource, OpeningHours, Sentra

pytestmark = pytest.mark.django_db
WITA = zoneinfo.ZoneInfo("Asia/Makassar")

# Every public page with its query budget. The budgets hold at any data size;
# test_query_counts_stay_fixed_as_the_data_grows checks them at two sizes.
# Each budget lists the page's own queries; every page makes FOOTER_QUERIES more.
PAGES = {
    # kecamatan, their centres, culinary open now, flagship products, upcoming events
    # (the events: issue 13)
    "/": 5,
    # kecamatan, their centres
    "/kecamatan/": 2,
    # kecamatan, kelurahan, centres with their counts, products, tenants
    "/kecamatan/balikpapan-kota/": 5,
    # centre with its counts, planned curve, updates, hours, budget lines, milestones,
    # open problems, tenants, products (issue 12 added the curve, milestones and problems),
    # its upcoming events (issue 13)
    "/sentra/pujasera-contoh-klandasan/": 10,
    # the same for a (fictional) centre under construction with an open problem
    "/sentra/sentra-contoh-karang-rejo/": 10,
    # tenant, permits, centre hours, products
    "/tenan/kepiting-saus-klandasan/": 4,
    # product with tenant, related products
    "/produk/kepiting-saus-padang-kepiting-saus-klandasan/": 2,
    # district options, centres with open flag and counts, hours, dishes with price ranges
    "/kuliner/": 4,
    # the same: the chosen district is checked against the options already read
    "/kuliner/?buka=malam-ini&kecamatan=balikpapan-kota": 4,
    # district options, centres with their districts, planned curves, updates, budget
    # totals by source (issue 12: the curves and the totals; the flags, filters, sorting
    # and latest updates are worked out from these rows)
    "/progres/": 5,
    # the same: filters and sorting work on the rows already read
    "/progres/?kecamatan=balikpapan-tengah&status=building&jadwal=behind&urut=-progres": 5,
    # count, page, kecamatan / sentra / category choices
    "/produk/": 5,
    # centres, tenants, products, the product count
    "/cari/?q=kepiting": 4,
    # for the media: public flagship products with their tenants, centres and districts;
    # the centres with their districts
    "/untuk-media/": 2,
    # the same: chosen values are checked against the choices already read
    "/produk/?kecamatan=balikpapan-kota&kategori=makanan&halal=1&urut=-harga&q=kepiting": 5,
}


def html(response):
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def json_ld(page):
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    return [json.loads(block) for block in blocks]


def at_wita(*args):
    return mock.patch(
        "django.utils.timezone.now", return_value=datetime.datetime(*args, tzinfo=WITA)
    )


@pytest.mark.parametrize("path", PAGES)
@pytest.mark.parametrize("prefix", ["", "/en"])
def test_every_page_answers_in_both_languages(client, demo_data, path, prefix):
    page = html(client.get(prefix + path))
    assert f'<html lang="{"en" if prefix else "id"}">' in page
    assert 'hreflang="en"' in page
    assert 'hreflang="id"' in page


# The footer's "last updated" date (balikpapan_umkm/freshness.py): one query, which the
# site makes once per page cache generation; with the page cache off, as here, on every page.
FOOTER_QUERIES = 1


def test_query_counts_stay_fixed_as_the_data_grows(client, demo_data):
    """Every page's exact query count, on the demo data and again with 1,500 more products.

    At a fixed moment: "open tonight" finds no centre late at night, and an empty list
    fetches nothing more (a run after 23:00 WITA once failed on that)."""
    budgets = {path: own + FOOTER_QUERIES for path, own in PAGES.items()}

    def counts():
        measured = {}
        for path in PAGES:
            with at_wita(2025, 6, 6, 18, 0), CaptureQueriesContext(connection) as queries:
                assert client.get(path).status_code == 200, path
            measured[path] = len(queries)
        return measured

    assert counts() == budgets
    generate(products=1500)
    assert counts() == budgets


@pytest.mark.parametrize(
    "path",
    [
        "/kecamatan/tidak-ada/",
        "/sentra/tidak-ada/",
        "/tenan/tidak-ada/",
        "/produk/tidak-ada/",
        "/en/sentra/tidak-ada/",
        "/sentra/%F0%9F%98%80/",
        "/sentra/a..b/",
    ],
)
def test_unknown_pages_are_404_in_the_sites_style(client, db, path):
    response = client.get(path)
    assert response.status_code == 404
    assert "site-header" in response.content.decode()


class TestSentraPage:
    def test_a_centre_under_construction_shows_progress_timeline_and_funding(
        self, client, demo_data
    ):
        page = html(client.get("/sentra/sentra-umkm-balikpapan-barat/"))
        assert '<progress max="100" value="40"' in page
        assert "31 Jan 2025" in page
        assert "BorneoFlash" in page
        assert "APBD Kota" in page
        assert "Dana aspirasi DPRD" in page
        english = html(client.get("/en/sentra/sentra-umkm-balikpapan-barat/"))
        assert "not published yet" in english

    def test_an_operating_centre_shows_occupancy_hours_map_and_directions(self, client, demo_data):
        page = html(client.get("/sentra/pujasera-contoh-klandasan/"))
        assert "6 dari 12 lapak terisi (50%)" in page
        assert 'Jumat</span> <span class="hours__spans">16:00&ndash;01:00</span>' in page
        assert 'data-map="map-points"' in page
        assert "google.com/maps/dir/?api=1&amp;destination=-1.276400,116.823900" in page
        assert '<script src="/static/leaflet/leaflet.js" defer></script>' in page

    def test_open_now_follows_balikpapan_time(self, client, demo_data):
        with at_wita(2025, 6, 6, 23, 30):  # a Friday night: open until 01:00
            assert "Sedang buka" in html(client.get("/sentra/pujasera-contoh-klandasan/"))
        with at_wita(2025, 6, 2, 12, 0):  # Monday noon: closed
            assert "Sedang tutup" in html(client.get("/sentra/pujasera-contoh-klandasan/"))

    def test_it_describes_itself_for_search_engines_and_share_cards(self, client, demo_data):
        page = html(client.get("/sentra/pujasera-contoh-klandasan/"))
        (place,) = json_ld(page)
        assert place["@type"] == "Place"
        assert place["geo"]["latitude"] == "-1.276400"
        assert place["openingHoursSpecification"][0]["dayOfWeek"] == "https://schema.org/Monday"
        assert '<meta property="og:title" content="Pujasera Contoh Klandasan">' in page
        # The share card, drawn on its first request (balikpapan_umkm/share_cards.py); the
        # structured data names the photo itself.
        assert re.search(
            r'<meta property="og:image" content="http://testserver/og/sentra/'
            r'pujasera-contoh-klandasan/[0-9a-f]{16}\.jpg">',
            page,
        )
        assert place["image"].startswith("http://testserver/media/thumbs/og/")
        assert '<meta name="twitter:card" content="summary_large_image">' in page

    def test_a_planned_centre_without_a_location_has_no_map(self, client, demo_data):
        page = html(client.get("/sentra/sentra-umkm-wonorejo/"))
        assert "data-map" not in page
        assert "leaflet.js" not in page


def a_real_seller(slug="kepiting-saus-klandasan", whatsapp="+6281254000107"):
    """A demo tenant turned into a real (non-fictional) one with a WhatsApp number."""
    Tenant.objects.filter(slug=slug).update(
        data_source=DataSource.SELF_ENTERED, whatsapp=whatsapp, instagram="kepitingklandasan"
    )
    return Tenant.objects.get(slug=slug)


class TestWhatsAppFromProducts:
    """The button that looks like WhatsApp is WhatsApp, with a greeting naming the product."""

    def whatsapp_links(self, page):
        return re.findall(r'<a class="button button--whatsapp[^"]*" href="([^"]+)"', page)

    def test_the_product_page_opens_a_chat_about_the_product(self, client, demo_data):
        a_real_seller()
        page = html(client.get("/produk/kepiting-saus-padang-kepiting-saus-klandasan/"))
        # Related products below have buttons of their own; every one is a chat.
        assert all(link.startswith("https://wa.me/") for link in self.whatsapp_links(page))
        (link,) = re.findall(r'<a class="button button--whatsapp" href="([^"]+)"', page)
        assert link.startswith("https://wa.me/6281254000107?text=")
        greeting = unquote(link.split("?text=")[1])
        assert greeting.startswith("Halo Kepiting Saus Klandasan")
        assert "Kepiting saus padang" in greeting

    def test_product_cards_of_real_sellers_offer_the_chat(self, client, demo_data):
        a_real_seller()
        page = html(client.get("/en/produk/", {"sentra": "pujasera-contoh-klandasan"}))
        links = self.whatsapp_links(page)
        real = Product.objects.public().filter(tenant__slug="kepiting-saus-klandasan")
        assert len(links) == real.count() > 0
        assert all(link.startswith("https://wa.me/6281254000107?text=Hello") for link in links)
        assert {unquote(link).split("ask about ")[1].split(", which")[0] for link in links} == set(
            real.values_list("name", flat=True)
        )

    def test_fictional_and_closed_sellers_offer_no_chat(self, client, demo_data):
        assert self.whatsapp_links(html(client.get("/produk/"))) == []
        tenant = a_real_seller()
        tenant.status = Tenant.Status.CLOSED
        tenant.save()
        product = tenant.products.first()
        assert product.whatsapp_chat_url == ""


class TestTenantPage:
    def test_it_offers_a_whatsapp_chat_with_a_ready_greeting(self, client, demo_data):
        a_real_seller()
        page = html(client.get("/tenan/kepiting-saus-klandasan/"))
        link = re.search(r'href="(https://wa\.me/[^"]+)"', page).group(1)
        assert link.startswith(
            "https://wa.me/6281254000107?text=Halo%20Kepiting%20Saus%20Klandasan"
        )
        assert "instagram.com/kepitingklandasan/" in page

    def test_it_shows_badges_only_for_valid_permits(self, client, demo_data):
        tenant = Tenant.objects.get(slug="kepiting-saus-klandasan")
        tenant.permits.filter(kind=Permit.Kind.HALAL).update(valid_until=datetime.date(2020, 1, 1))
        Permit.objects.create(tenant=tenant, kind=Permit.Kind.PIRT, number="2056471010123-29")
        page = html(client.get(tenant.get_absolute_url()))
        assert "P-IRT" in page
        assert "NIB (Nomor Induk Berusaha)" in page
        assert "Sertifikat halal" not in page

    def test_permit_numbers_and_expiry_are_text_on_the_page_with_their_issuer(
        self, client, demo_data
    ):
        """On a phone there is no hover: the number is printed, not hidden in a tooltip."""
        tenant = Tenant.objects.get(slug="kepiting-saus-klandasan")
        tenant.permits.all().delete()
        Permit.objects.create(
            tenant=tenant,
            kind=Permit.Kind.BPOM,
            number="MD 224131001234",
            valid_until=datetime.date(2030, 6, 30),
        )
        Permit.objects.create(tenant=tenant, kind=Permit.Kind.NIB, number="1234567890123")
        page = html(client.get("/en" + tenant.get_absolute_url()))
        permits = page.split('<dl class="permits">')[1].split("</dl>")[0]
        assert "<dt>BPOM registration</dt>" in permits
        assert "MD224131001234" in permits
        assert "valid until 30 June 2030" in permits
        assert "Issued by BPOM" in permits
        assert "1234567890123" in permits
        assert "does not expire" in permits
        assert 'title="' not in permits

    def test_a_closed_tenant_says_so_plainly_and_offers_no_chat(self, client, demo_data):
        tenant = Tenant.objects.get(slug="kepiting-saus-klandasan")
        tenant.status = Tenant.Status.CLOSED
        tenant.closed_on = datetime.date(2025, 3, 1)
        tenant.save()
        page = html(client.get(tenant.get_absolute_url()))
        assert "Tenan ini tutup sejak 1 Maret 2025." in page
        # No chat with a number (wa.me/62...); sharing the page (wa.me/?text=) reaches no one.
        assert not re.search(r"wa\.me/\d", page)

    def test_a_fictional_tenant_offers_no_number_that_could_reach_a_real_phone(
        self, client, demo_data
    ):
        page = html(client.get("/tenan/kepiting-saus-klandasan/"))
        assert not re.search(r"wa\.me/\d", page)  # no chat; the share link names no number
        assert "instagram.com" not in page
        assert "WhatsApp: tidak ada, tenan ini fiktif" in page
        assert "Data contoh: usaha ini fiktif." in page
        assert not Tenant.objects.filter(data_source=DataSource.DEMO).exclude(whatsapp="")

    def test_it_is_a_local_business_for_search_engines(self, client, demo_data):
        a_real_seller()
        (business,) = json_ld(html(client.get("/tenan/kepiting-saus-klandasan/")))
        assert business["@type"] == "FoodEstablishment"
        assert business["telephone"] == "+6281254000107"
        assert business["containedInPlace"]["name"] == "Pujasera Contoh Klandasan"

    @pytest.mark.parametrize(
        ("category", "schema_type"),
        [
            (Tenant.Category.PACKAGED_FOOD, "Store"),
            (Tenant.Category.FASHION, "ClothingStore"),
            (Tenant.Category.SERVICES, "LocalBusiness"),
        ],
    )
    def test_its_kind_decides_its_schema_type(self, client, db, category, schema_type):
        tenant = TenantFactory(category=category)
        (business,) = json_ld(html(client.get(tenant.get_absolute_url())))
        assert business["@type"] == schema_type


def test_a_product_page_links_its_tenant_and_centre_and_related_products(client, demo_data):
    page = html(client.get("/produk/kepiting-saus-padang-kepiting-saus-klandasan/"))
    assert 'href="/tenan/kepiting-saus-klandasan/"' in page
    assert 'href="/sentra/pujasera-contoh-klandasan/"' in page
    assert "Produk terkait" in page
    (product,) = json_ld(page)
    assert product["@type"] == "Product"
    assert product["offers"] == {
        "@type": "AggregateOffer",
        "priceCurrency": "IDR",
        "availability": "https://schema.org/InStock",
        "seller": {"@type": "LocalBusiness", "name": "Kepiting Saus Klandasan"},
        "lowPrice": 120000,
        "highPrice": 250000,
    }
    assert 'srcset="/media/thumbs/640/' in page


def test_the_culinary_guide_lists_open_centres_first(client, demo_data):
    # Teritip, as if it were a market with a food stall (08-16) beside the night market.
    Sentra.objects.filter(slug="sentra-ikm-teritip").update(kind=Sentra.Kind.MARKET)
    Tenant.objects.filter(slug="abon-kepiting-pesisir").update(category=Tenant.Category.CULINARY)
    teritip = Sentra.objects.get(slug="sentra-ikm-teritip")
    with at_wita(2025, 6, 2, 9, 0):  # Monday 09:00: Teritip (08-16) open, the night market not
        page = html(client.get("/kuliner/"))
    assert page.index("Sentra IKM Teritip") < page.index("Pujasera Contoh Klandasan")
    with at_wita(2025, 6, 2, 19, 0):  # Monday 19:00: the other way round
        page = html(client.get("/kuliner/"))
    assert page.index("Pujasera Contoh Klandasan") < page.index("Sentra IKM Teritip")
    assert teritip.get_absolute_url() in page
    assert "Kepiting Saus Klandasan" in page  # food tenants are listed
    assert "Batik Beruang Madu" not in page  # other tenants are not


def test_the_culinary_guide_leaves_out_centres_that_are_not_operating(client, demo_data):
    page = html(client.get("/kuliner/"))
    assert "Sentra UMKM Balikpapan Barat" not in page


def test_the_progress_dashboard_shows_every_centre_by_district(client, demo_data):
    page = html(client.get("/progres/"))
    for sentra in Sentra.objects.all():
        assert sentra.get_absolute_url() in page
    barat = Sentra.objects.get(slug="sentra-umkm-balikpapan-barat")
    latest = barat.progress_updates.latest_first().first()
    assert f'<progress max="100" value="{latest.physical_percent}"' in page
    # The history and its notes are on the centre's page; the dashboard names the source.
    assert latest.source_publisher in page


def test_sitemap_lists_pages_in_both_languages(client, demo_data):
    index = html(client.get("/sitemap.xml"))
    assert "sitemap-produk-id.xml" in index
    assert "sitemap-produk-en.xml" in index
    indonesian = html(client.get(reverse("sitemap-section", kwargs={"section": "produk-id"})))
    english = html(client.get(reverse("sitemap-section", kwargs={"section": "produk-en"})))
    assert "<loc>http://testserver/produk/abon-kepiting-abon-kepiting-pesisir/</loc>" in indonesian
    assert "<loc>http://testserver/en/produk/abon-kepiting-abon-kepiting-pesisir/</loc>" in english


@pytest.mark.parametrize("name", ["kecamatan", "sentra", "tenan", "produk", "acara"])
@pytest.mark.parametrize("language", ["id", "en"])
def test_every_sitemap_entry_is_the_pages_own_address(client, demo_data, name, language):
    """Addresses are filled into a pattern reversed once: each must be the page's own URL."""
    from balikpapan_umkm.sitemaps import SITEMAPS

    section = SITEMAPS[f"{name}-{language}"]
    page = html(client.get(reverse("sitemap-section", kwargs={"section": f"{name}-{language}"})))
    listed = re.findall(r"<loc>http://testserver([^<]+)</loc>", page)
    with translation.override(language):
        expected = [item.get_absolute_url() for item in section.items()]
    assert listed == expected
    assert all(client.get(path).status_code == 200 for path in listed[:3])


def test_sitemap_queries_stay_fixed_as_the_data_grows(client, demo_data, django_assert_num_queries):
    url = reverse("sitemap-section", kwargs={"section": "produk-id"})
    for grow in (lambda: None, lambda: generate(products=1500)):  # the demo, then 1,500 more
        grow()
        # index: a COUNT and a MAX per section in each language (events' since issue 13);
        # a section: COUNT and one page
        with django_assert_num_queries(18):
            client.get("/sitemap.xml")
        with django_assert_num_queries(2):
            client.get(url)


def test_robots_txt_points_at_the_sitemap_and_keeps_out_of_the_admin(client, db):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    body = response.content.decode()
    assert "Disallow: /admin/" in body
    assert "Sitemap: http://testserver/sitemap.xml" in body


def test_opening_hours_on_every_day_make_a_centre_open_at_any_time(demo_data):
    pujasera = Sentra.objects.get(slug="pujasera-contoh-klandasan")
    for day in range(7):
        OpeningHours.objects.create(sentra=pujasera, weekday=day, opens="00:00", closes="23:59")
    assert pujasera in Sentra.objects.open_at(datetime.datetime(2025, 6, 3, 3, 0, tzinfo=WITA))


@pytest.mark.parametrize("path", PAGES)
def test_pages_hold_no_inline_script_or_event_handler(client, demo_data, path):
    """A strict Content-Security-Policy (script-src 'self') must not break any page."""
    page = html(client.get(path))
    for tag in re.findall(r"<script\b[^>]*>", page):
        assert "src=" in tag or re.search(r'type="application/(ld\+)?json"', tag), tag
    assert not re.search(r"\son[a-z]+\s*=", page, re.I)
    assert "javascript:" not in page


@pytest.mark.parametrize(
    ("start", "language", "landing"),
    [
        ("/", "en", "/en/"),
        ("/en/", "id", "/"),
        ("/en/produk/?kategori=makanan", "id", "/produk/?kategori=makanan"),
    ],
)
def test_the_language_switch_links_to_the_same_page_in_the_other_language(
    client, demo_data, start, language, landing
):
    """A plain link (no form, no token, no cookie), so that pages can be cached."""
    page = html(client.get(start))
    switch = re.search(r'<nav class="language-switch"[^>]*>(.*?)</nav>', page, re.S).group(1)
    link = re.search(rf'<a href="([^"]*)" hreflang="{language}"', switch).group(1)
    assert link.replace("&amp;", "&") == landing
    assert "<form" not in switch
    assert f'<html lang="{language}">' in html(client.get(landing))


def test_the_home_page_lists_culinary_centres_open_now(client, demo_data):
    with at_wita(2025, 6, 6, 20, 0):
        page = html(client.get("/"))
    assert "Destinasi kuliner yang sedang buka" in page
    assert "/sentra/pujasera-contoh-klandasan/" in page


def test_district_and_centre_totals_are_the_public_counts(client, demo_data):
    """The totals are sums of each centre's own counts: they must match a direct count."""
    from produk.curation import Curation
    from produk.models import Product

    generate(products=300)
    centre = Sentra.objects.get(slug="pujasera-contoh-klandasan")
    hidden = Product.objects.filter(tenant__sentra=centre).first()
    hidden.curation_status = Curation.DRAFT  # not public: not counted
    hidden.save()
    TenantFactory(sentra=centre, curation_status=Curation.DRAFT)  # not listed: not counted

    kota = centre.kecamatan
    district = client.get(f"/kecamatan/{kota.slug}/").context
    assert district["product_count"] == Product.objects.public().in_kecamatan(kota).count()
    assert (
        district["tenant_count"] == Tenant.objects.listed().filter(sentra__kecamatan=kota).count()
    )
    page = client.get(f"/sentra/{centre.slug}/").context
    assert page["product_count"] == Product.objects.public().in_sentra(centre).count()
