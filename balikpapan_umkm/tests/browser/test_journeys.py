"""What residents and visitors do on the portal, in a real browser.

Each test is one journey through the live site with the demo data, written as
the person would describe it. The browser reaches no host but the live server:
map tiles are aborted, so these tests also prove the pages cope without them.
"""

import datetime
import re
import zoneinfo
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from produk.models import Product, Tenant
from sentra.models import DataSource, Sentra

from .conftest import SMALLEST_PHONE, assert_no_sideways_scroll

WITA = zoneinfo.ZoneInfo("Asia/Makassar")

TENANT = "Kepiting Saus Klandasan"


def _submit_filters(page, kecamatan, kategori):
    page.locator("select[name=kecamatan]").select_option(kecamatan)
    page.locator("select[name=kategori]").select_option(kategori)
    page.locator("form.filters__form button.button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/produk/\?.*kategori="))


def _expected_product_names(kecamatan, kategori):
    return set(
        Product.objects.public()
        .filter(tenant__sentra__kecamatan__slug=kecamatan, category__slug=kategori)
        .values_list("name", flat=True)
    )


def _card_names(page):
    return set(page.locator("article.product-card .card__title").all_inner_texts())


def test_a_resident_filters_the_catalogue_by_district_and_category_then_contacts_the_seller(
    page, demo_data
):
    # A real seller among the fictional ones: only real sellers have a number to chat with.
    Tenant.objects.filter(slug="kepiting-saus-klandasan").update(
        data_source=DataSource.SELF_ENTERED, whatsapp="+6281254000107"
    )
    page.goto("/produk/")
    everything = page.locator("article.product-card").count()

    _submit_filters(page, "balikpapan-kota", "makanan")

    query = parse_qs(urlsplit(page.url).query)
    assert query["kecamatan"] == ["balikpapan-kota"]
    assert query["kategori"] == ["makanan"]
    expected = _expected_product_names("balikpapan-kota", "makanan")
    assert expected, "the demo data should have food in Balikpapan Kota"
    expect(page.locator("article.product-card")).to_have_count(len(expected))
    assert _card_names(page) == expected
    assert len(expected) < everything
    for district in page.locator("article.product-card .muted").all_inner_texts():
        assert district.endswith("Balikpapan Kota")
    # The form shows the filters that were applied.
    expect(page.locator("select[name=kecamatan]")).to_have_value("balikpapan-kota")
    expect(page.locator("select[name=kategori]")).to_have_value("makanan")

    card = page.locator("article.product-card").filter(has_text="Kepiting saus padang")
    # A resident can reach the seller from the card in one tap...
    card_chat = urlsplit(card.locator("a.button--whatsapp").get_attribute("href"))
    assert (card_chat.scheme, card_chat.netloc) == ("https", "wa.me")
    # ...or read more first.
    card.get_by_role("link", name="Kepiting saus padang", exact=True).click()
    expect(page).to_have_url(re.compile(r"/produk/kepiting-saus-padang-kepiting-saus-klandasan/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Kepiting saus padang")
    # One tap from the product: a chat that names it.
    chat = urlsplit(page.locator("main a.button--whatsapp").first.get_attribute("href"))
    assert (chat.scheme, chat.netloc) == ("https", "wa.me")
    assert "Kepiting saus padang" in parse_qs(chat.query)["text"][0]

    page.locator('main a[href="/tenan/kepiting-saus-klandasan/"]', has_text=TENANT).click()
    expect(page).to_have_url(re.compile(r"/tenan/kepiting-saus-klandasan/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(TENANT)

    whatsapp = page.locator("a.button--whatsapp:not(.button--small)")  # the tenant's own chat
    expect(whatsapp).to_be_visible()
    link = urlsplit(whatsapp.get_attribute("href"))
    assert (link.scheme, link.netloc) == ("https", "wa.me")
    assert re.fullmatch(r"/62\d{8,13}", link.path), link.path
    greeting = parse_qs(link.query)["text"][0]
    assert greeting.startswith("Halo")
    assert TENANT in greeting


def test_a_tourist_finds_a_culinary_centre_open_now_and_sees_it_on_the_map(
    reading_page, monkeypatch
):
    # "Now" is a Friday evening in Balikpapan, when the Pujasera is open (16:00-01:00).
    # The live server runs in this process, so it sees the same clock.
    friday_evening = datetime.datetime(2025, 6, 6, 20, 0, tzinfo=WITA)
    page = reading_page()
    pujasera = Sentra.objects.get(slug="pujasera-contoh-klandasan")
    assert pujasera.is_open_at(friday_evening)
    monkeypatch.setattr("django.utils.timezone.now", lambda: friday_evening)

    page.goto("/en/kuliner/")

    expect(page.locator("html")).to_have_attribute("lang", "en")
    destinations = page.locator("article.destination")
    expect(destinations.first.locator(".badge--open")).to_have_text("Open now")
    pujasera_card = destinations.filter(has=page.get_by_role("link", name=pujasera.name))
    expect(pujasera_card).to_have_count(1)
    expect(pujasera_card.locator(".badge--open")).to_have_text("Open now")

    # The map draws itself from the page's data even though no tile can load.
    map_element = page.locator("div.map[data-map]")
    expect(map_element).to_have_class(re.compile(r"\bmap--ready\b"))
    expect(map_element.locator("path.leaflet-interactive").first).to_be_visible()
    assert map_element.locator("path.leaflet-interactive").count() >= 1


def test_a_visitor_switches_to_english_and_back(reading_page):
    page = reading_page()
    html = page.locator("html")
    main_nav = page.locator("nav.site-nav")

    page.goto("/")
    expect(html).to_have_attribute("lang", "id")
    expect(main_nav.get_by_role("link", name="Produk", exact=True)).to_be_visible()

    page.locator(".language-switch").get_by_role("link", name="English").click()
    expect(page).to_have_url(re.compile(r"^https?://[^/]+/en/$"))
    expect(html).to_have_attribute("lang", "en")
    expect(main_nav.get_by_role("link", name="Products", exact=True)).to_be_visible()
    expect(page.get_by_text("Under construction").first).to_be_visible()

    page.locator(".language-switch").get_by_role("link", name="Bahasa Indonesia").click()
    expect(page).to_have_url(re.compile(r"^https?://[^/]+/$"))
    expect(html).to_have_attribute("lang", "id")
    expect(main_nav.get_by_role("link", name="Produk", exact=True)).to_be_visible()


@pytest.mark.parametrize("path", ["/cari/?q=kepiting", "/en/produk/"])
def test_on_a_320_px_phone_the_page_does_not_scroll_sideways(reading_page, path):
    """The smallest phones still sold (320 px wide); wider ones have more room. The main
    pages are checked at 320 px on their accessibility visit (test_accessibility.py)."""
    page = reading_page(viewport=SMALLEST_PHONE)
    page.goto(path)

    assert_no_sideways_scroll(page)


def test_without_javascript_the_catalogue_filters_still_work(reading_page):
    page = reading_page(java_script_enabled=False)
    page.goto("/produk/")

    _submit_filters(page, "balikpapan-timur", "oleh-oleh")

    query = parse_qs(urlsplit(page.url).query)
    assert query["kecamatan"] == ["balikpapan-timur"]
    assert query["kategori"] == ["oleh-oleh"]
    expected = _expected_product_names("balikpapan-timur", "oleh-oleh")
    assert expected
    assert _card_names(page) == expected


def test_without_javascript_kuliner_lists_every_centre_with_directions(reading_page):
    page = reading_page(java_script_enabled=False)
    page.goto("/kuliner/")

    destinations = page.locator("article.destination")
    expect(destinations.first).to_be_visible()
    assert destinations.count() >= 1
    for destination in destinations.all():
        expect(destination.locator("h2 a")).not_to_be_empty()
        directions = destination.locator('a[href^="https://www.google.com/maps/dir/"]')
        expect(directions).to_have_text("Petunjuk arah")
    # The map's place is taken by a note that points to the list.
    expect(page.locator("div.map .map__fallback")).to_be_visible()


def test_a_visitor_on_a_phone_searches_from_the_header(reading_page):
    """Typed into the header's box and sent with the keyboard, as on a phone."""
    page = reading_page(viewport=SMALLEST_PHONE)
    page.goto("/kuliner/")
    box = page.get_by_role("searchbox", name="Cari sentra, tenan, dan produk")
    box.fill("ampelang")
    box.press("Enter")
    expect(page).to_have_url(re.compile(r"/cari/\?q=ampelang$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Cari")
    expect(page.locator("article.product-card").first).to_contain_text("Amplang")
    assert_no_sideways_scroll(page)
