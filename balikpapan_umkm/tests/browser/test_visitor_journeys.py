"""A tourist deciding where to eat, and a resident reaching a seller, on a phone and a desktop.

What each came for must be on the first screen, and no page may scroll sideways.
"""

import datetime
import re
import zoneinfo
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from produk.models import Tenant
from sentra.models import DataSource, Sentra

from .conftest import DESKTOP, MOBILE, assert_no_sideways_scroll

WITA = zoneinfo.ZoneInfo("Asia/Makassar")
VIEWPORTS = {"phone": MOBILE, "desktop": DESKTOP}


def on_first_screen(page, locator):
    """The element is in view without scrolling, in either direction."""
    size = page.viewport_size
    box = locator.bounding_box()
    assert box is not None
    assert box["x"] >= 0, box
    assert box["x"] + box["width"] <= size["width"], box
    assert box["y"] >= 0, box
    assert box["y"] + box["height"] <= size["height"], box


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_a_tourist_picks_a_place_for_tonight_in_one_glance(reading_page, monkeypatch, viewport):
    # A Friday morning: nothing to eat is open yet, the night market opens at 16:00.
    friday_morning = datetime.datetime(2025, 6, 6, 10, 0, tzinfo=WITA)
    monkeypatch.setattr("django.utils.timezone.now", lambda: friday_morning)
    pujasera = Sentra.objects.get(slug="pujasera-contoh-klandasan")
    page = reading_page(viewport=VIEWPORTS[viewport])

    page.goto("/en/")
    page.locator("nav.site-nav").get_by_role("link", name="Culinary", exact=True).click()
    page.get_by_label("Tonight").check()
    page.get_by_role("button", name="Show", exact=True).click()
    expect(page).to_have_url(re.compile(r"/en/kuliner/\?.*buka=malam-ini"))

    card = page.locator("article.destination").filter(has_text=pujasera.name)
    expect(card).to_have_count(1)
    # What decides the visit, at a glance: when, what, how much, and the way there.
    expect(card.locator(".destination__state")).to_contain_text("opens today at 16:00")
    expect(card.locator(".destination__today")).to_contain_text("Today 16:00")
    on_first_screen(page, card.locator(".card__title"))
    on_first_screen(page, card.locator(".destination__state"))
    expect(card.locator(".dish")).to_have_count(3)
    expect(card.locator(".destination__facts")).to_contain_text("Dishes Rp")
    directions = card.get_by_role("link", name="Get directions")
    assert directions.get_attribute("href").startswith("https://www.google.com/maps/dir/")
    # The whole week is one tap away, not in the way.
    week = card.locator("details.week")
    expect(week.locator(".hours")).to_be_hidden()
    week.locator("summary").click()
    expect(week.locator(".hours li")).to_have_count(7)
    # The map's buttons speak English too.
    expect(page.locator(".leaflet-control-zoom-in")).to_have_attribute("title", "Zoom in")
    assert_no_sideways_scroll(page)

    # A dish leads to its page, and the stall's page says where and when.
    card.locator(".dish a").first.click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    page.locator("main a[href^='/en/tenan/']").first.click()
    visit = page.locator(".visit")
    expect(visit).to_contain_text("Today 16:00")
    on_first_screen(page, visit.get_by_role("link", name="Get directions"))
    assert_no_sideways_scroll(page)


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_a_resident_finds_a_product_and_reaches_its_seller_in_one_tap(
    new_page, demo_data, viewport
):
    # A real seller among the fictional ones: only real sellers have a number to chat with.
    Tenant.objects.filter(slug="kepiting-saus-klandasan").update(
        data_source=DataSource.SELF_ENTERED, whatsapp="+6281254000107"
    )
    page = new_page(viewport=VIEWPORTS[viewport])

    page.goto("/")
    box = page.get_by_role("searchbox")
    box.fill("kepiting padang")
    box.press("Enter")
    expect(page).to_have_url(re.compile(r"/cari/\?q=kepiting\+padang"))
    page.locator("main article.product-card").first.get_by_role(
        "link", name="Kepiting saus padang", exact=True
    ).click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Kepiting saus padang")
    chat = page.locator("main a.button--whatsapp").first
    on_first_screen(page, chat)
    link = urlsplit(chat.get_attribute("href"))
    assert (link.scheme, link.netloc) == ("https", "wa.me")
    assert "Kepiting saus padang" in parse_qs(link.query)["text"][0]
    assert_no_sideways_scroll(page)
